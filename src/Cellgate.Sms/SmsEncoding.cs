namespace Cellgate.Sms;

/// <summary>The alphabet a text needs and its length in that alphabet's units.</summary>
/// <param name="Alphabet"><see cref="SmsAlphabet.Gsm7"/> when every character is in the GSM tables, otherwise <see cref="SmsAlphabet.Ucs2"/>.</param>
/// <param name="Units">Septets for GSM 7-bit (extension characters count two), UTF-16 units for UCS-2 (emoji count two).</param>
/// <param name="FirstNonGsmIndex">The index of the first character that forced UCS-2, or -1.</param>
public readonly record struct SmsTextAnalysis(SmsAlphabet Alphabet, int Units, int FirstNonGsmIndex);

/// <summary>Alphabet selection, segment capacities and payload encoding/decoding by alphabet.</summary>
public static class SmsEncoding
{
    /// <summary>The user data of one SMS: 140 octets.</summary>
    public const int UserDataOctets = 140;

    /// <summary>Septets in a single, header-less GSM 7-bit SMS.</summary>
    public const int SingleGsm7Septets = 160;

    /// <summary>UCS-2 units in a single, header-less SMS.</summary>
    public const int SingleUcs2Units = 70;

    /// <summary>Septets per part with an 8-bit-reference concatenation header (6 octets).</summary>
    public const int ConcatenatedGsm7Septets = 153;

    /// <summary>UCS-2 units per part with an 8-bit-reference concatenation header (6 octets).</summary>
    public const int ConcatenatedUcs2Units = 67;

    /// <summary>
    /// Chooses GSM 7-bit when every character is in the default alphabet or its extension table, otherwise UCS-2,
    /// and counts the units in the chosen alphabet. The empty text is GSM 7-bit with 0 units.
    /// </summary>
    public static SmsTextAnalysis Analyze(ReadOnlySpan<char> text) =>
        Gsm7.TryCountSeptets(text, out var septets, out var invalidIndex)
            ? new SmsTextAnalysis(SmsAlphabet.Gsm7, septets, -1)
            : new SmsTextAnalysis(SmsAlphabet.Ucs2, text.Length, invalidIndex);

    /// <summary>
    /// How many units (septets, octets or UCS-2 units) fit in one SMS next to a user data header of
    /// <paramref name="udhOctets"/> octets (UDHL octet included; 0 for none). For 7-bit the fill bits are
    /// accounted for: <c>floor((140 - udhOctets) * 8 / 7)</c>.
    /// </summary>
    public static int Capacity(SmsAlphabet alphabet, int udhOctets = 0)
    {
        if (udhOctets is < 0 or > UserDataOctets)
        {
            throw new ArgumentOutOfRangeException(nameof(udhOctets), udhOctets, $"Must be 0..{UserDataOctets}.");
        }
        var room = UserDataOctets - udhOctets;
        return alphabet switch
        {
            SmsAlphabet.Gsm7 => room * 8 / 7,
            SmsAlphabet.EightBit => room,
            SmsAlphabet.Ucs2 => room / 2,
            _ => throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, null),
        };
    }

    /// <summary>
    /// Encodes text for an alphabet in the form SMPP <c>short_message</c> carries it: unpacked septets for GSM 7-bit,
    /// big-endian units for UCS-2. For 8-bit data the text must be hex and the octets are returned.
    /// </summary>
    /// <exception cref="ArgumentException">The text cannot be represented (non-GSM character, or not hex for 8-bit).</exception>
    public static byte[] EncodePayload(SmsAlphabet alphabet, string text) => alphabet switch
    {
        SmsAlphabet.Gsm7 => Gsm7.Encode(text),
        SmsAlphabet.Ucs2 => Ucs2.Encode(text),
        SmsAlphabet.EightBit => SmsText.TryParseHex(text, "8-bit payload", out var bytes, out var error)
            ? bytes
            : throw new ArgumentException(error, nameof(text)),
        _ => throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, null),
    };

    /// <summary>
    /// Decodes a payload (as SMPP <c>short_message</c> carries it, header removed) to the text Cellgate stores:
    /// GSM 7-bit from unpacked septets, UCS-2 from big-endian units, 8-bit data as upper-case hex.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is malformed (a byte above 0x7F for 7-bit, an odd length for UCS-2).</exception>
    public static string DecodePayload(SmsAlphabet alphabet, ReadOnlySpan<byte> payload) => alphabet switch
    {
        SmsAlphabet.Gsm7 => Gsm7.Decode(payload),
        SmsAlphabet.Ucs2 => Ucs2.Decode(payload),
        SmsAlphabet.EightBit => SmsText.Hex(payload),
        _ => throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, null),
    };

    /// <summary>The name used in error messages for an alphabet's units.</summary>
    internal static string UnitName(SmsAlphabet alphabet, int count) => alphabet switch
    {
        SmsAlphabet.Gsm7 => SmsText.Plural(count, "GSM 7-bit septet", "GSM 7-bit septets"),
        SmsAlphabet.Ucs2 => SmsText.Plural(count, "UCS-2 unit", "UCS-2 units"),
        _ => SmsText.Plural(count, "octet", "octets"),
    };
}
