namespace Cellgate.Sms;

/// <summary>A decoded TP-User-Data: the optional header and the payload.</summary>
/// <param name="Header">The user data header, or null when TP-UDHI was not set.</param>
/// <param name="Payload">The payload without header: unpacked septets for GSM 7-bit, octets otherwise.</param>
/// <param name="Text">The payload as text; upper-case hex for 8-bit data.</param>
public sealed record DecodedUserData(Udh? Header, byte[] Payload, string Text);

/// <summary>
/// TP-User-Data as it travels in an SMS TPDU (3GPP TS 23.040 §9.2.3.24): the optional header, then for GSM 7-bit the
/// fill bits that align the text to a septet boundary and the packed septets, otherwise the octets.
/// </summary>
/// <param name="Length">TP-UDL: in septets (header and fill bits included) for GSM 7-bit, in octets otherwise.</param>
/// <param name="Data">The user data octets.</param>
public sealed record TpUserData(int Length, byte[] Data)
{
    /// <summary>Builds TP-User-Data from a header (possibly empty) and a payload.</summary>
    /// <param name="alphabet">The payload's alphabet.</param>
    /// <param name="udh">The header octets including the UDHL octet, or empty.</param>
    /// <param name="payload">Unpacked septets for GSM 7-bit, octets otherwise.</param>
    /// <exception cref="ArgumentException">The result exceeds 140 octets, or a septet is above 0x7F.</exception>
    public static TpUserData Encode(SmsAlphabet alphabet, ReadOnlySpan<byte> udh, ReadOnlySpan<byte> payload)
    {
        byte[] data;
        int length;
        if (alphabet == SmsAlphabet.Gsm7)
        {
            var fill = udh.IsEmpty ? 0 : Gsm7.FillBitsAfterHeader(udh.Length);
            var packed = Gsm7.Pack(payload, fill);
            data = [.. udh, .. packed];
            length = (udh.Length * 8 + fill) / 7 + payload.Length;
        }
        else
        {
            data = [.. udh, .. payload];
            length = data.Length;
        }
        if (data.Length > SmsEncoding.UserDataOctets)
        {
            throw new ArgumentException(
                $"User data is {data.Length} octets; an SMS holds at most {SmsEncoding.UserDataOctets}.", nameof(payload));
        }
        return new TpUserData(length, data);
    }

    /// <summary>Decodes TP-User-Data (e.g. of an MO SMS).</summary>
    /// <param name="alphabet">The alphabet from the data coding scheme.</param>
    /// <param name="hasHeader">TP-UDHI: whether the data starts with a user data header.</param>
    /// <param name="length">TP-UDL: septets for GSM 7-bit (header and fill bits included), octets otherwise.</param>
    /// <param name="data">The user data octets.</param>
    /// <returns>The header and payload, or an error describing the inconsistency.</returns>
    public static SmsResult<DecodedUserData> Decode(SmsAlphabet alphabet, bool hasHeader, int length, ReadOnlySpan<byte> data)
    {
        var octets = alphabet == SmsAlphabet.Gsm7 ? (length * 7 + 7) / 8 : length;
        if (length < 0 || octets > data.Length || octets > SmsEncoding.UserDataOctets)
        {
            return Invalid($"user data length {length} needs {octets} octets; {data.Length} present (at most {SmsEncoding.UserDataOctets}).");
        }

        Udh? header = null;
        var headerOctets = 0;
        if (hasHeader)
        {
            if (octets == 0) return Invalid("user data header indicated but the user data is empty.");
            headerOctets = data[0] + 1;
            if (headerOctets > octets) return Invalid($"user data header of {headerOctets} octets exceeds the user data of {octets} octets.");
            if (!Udh.TryParse(data[..headerOctets], out header, out var udhError))
            {
                return new SmsError(SmsErrorCode.InvalidUdh, "udh", udhError!);
            }
        }

        byte[] payload;
        if (alphabet == SmsAlphabet.Gsm7)
        {
            var fill = hasHeader ? Gsm7.FillBitsAfterHeader(headerOctets) : 0;
            var headerSeptets = (headerOctets * 8 + fill) / 7;
            if (headerSeptets > length) return Invalid($"user data length {length} septets is shorter than the {headerSeptets}-septet header.");
            payload = Gsm7.Unpack(data[headerOctets..octets], length - headerSeptets, fill);
        }
        else
        {
            payload = data[headerOctets..octets].ToArray();
            if (alphabet == SmsAlphabet.Ucs2 && payload.Length % 2 != 0)
            {
                return Invalid($"UCS-2 payload has an odd number of octets ({payload.Length}).");
            }
        }
        return new DecodedUserData(header, payload, SmsEncoding.DecodePayload(alphabet, payload));
    }

    private static SmsError Invalid(string message) => new(SmsErrorCode.MalformedUserData, "payload", message);
}
