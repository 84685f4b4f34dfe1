namespace Cellgate.Sms;

/// <summary>One information element of a user data header: IEI, then IEDL data octets.</summary>
/// <param name="Identifier">The information element identifier (IEI).</param>
/// <param name="Data">The element's data (IEDL octets).</param>
public sealed record UdhElement(byte Identifier, byte[] Data)
{
    /// <summary>IEI 0x00: concatenated short message, 8-bit reference.</summary>
    public const byte Concatenation8Bit = 0x00;

    /// <summary>IEI 0x08: concatenated short message, 16-bit reference.</summary>
    public const byte Concatenation16Bit = 0x08;
}

/// <summary>"This message is part <see cref="Number"/> of <see cref="Total"/> with reference <see cref="Reference"/>".</summary>
/// <param name="Reference">The concatenation reference (0..255 for 8-bit, 0..65535 for 16-bit).</param>
/// <param name="Total">The total number of parts, 1..255.</param>
/// <param name="Number">This part's sequence number, 1-based.</param>
/// <param name="SixteenBitReference">True for IEI 0x08, false for IEI 0x00.</param>
public sealed record ConcatenationInfo(int Reference, int Total, int Number, bool SixteenBitReference)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"part {Number} of {Total} with {(SixteenBitReference ? "16" : "8")}-bit reference {Reference}";
}

/// <summary>
/// A TP-User-Data-Header (3GPP TS 23.040 §9.2.3.24): the UDHL octet followed by information elements.
/// <see cref="Bytes"/> include the UDHL octet, so <c>Bytes.Length == UDHL + 1</c>.
/// </summary>
public sealed class Udh
{
    /// <summary>The largest header that still fits in the 140-octet user data (UDHL 139).</summary>
    public const int MaxOctets = 140;

    private readonly byte[] _bytes;

    private Udh(byte[] bytes, IReadOnlyList<UdhElement> elements, ConcatenationInfo? concatenation)
    {
        _bytes = bytes;
        Elements = elements;
        Concatenation = concatenation;
    }

    /// <summary>The header octets including the leading UDHL octet (a copy).</summary>
    public byte[] Bytes => (byte[])_bytes.Clone();

    /// <summary>The number of octets the header takes in the user data, UDHL octet included.</summary>
    public int Length => _bytes.Length;

    /// <summary>The information elements in order, known or not.</summary>
    public IReadOnlyList<UdhElement> Elements { get; }

    /// <summary>The concatenation element (IEI 0x00 or 0x08), or null when the header has none.</summary>
    public ConcatenationInfo? Concatenation { get; }

    /// <summary>The header as upper-case hex, e.g. <c>050003CC0201</c>.</summary>
    public string ToHex() => SmsText.Hex(_bytes);

    /// <inheritdoc />
    public override string ToString() => ToHex();

    /// <summary>Builds an 8-bit-reference concatenation header <c>05 00 03 RR NN PP</c>.</summary>
    public static Udh Concatenated8Bit(byte reference, int total, int number) =>
        Parse([0x05, UdhElement.Concatenation8Bit, 0x03, reference, CheckedPart(total, nameof(total)), CheckedNumber(number, total)]);

    /// <summary>Builds a 16-bit-reference concatenation header <c>06 08 04 RRRR NN PP</c>.</summary>
    public static Udh Concatenated16Bit(ushort reference, int total, int number) =>
        Parse([0x06, UdhElement.Concatenation16Bit, 0x04, (byte)(reference >> 8), (byte)reference,
            CheckedPart(total, nameof(total)), CheckedNumber(number, total)]);

    private static byte CheckedPart(int value, string name)
    {
        if (value is < 1 or > 255) throw new ArgumentOutOfRangeException(name, value, "Must be 1..255.");
        return (byte)value;
    }

    private static byte CheckedNumber(int number, int total)
    {
        if (number < 1 || number > total) throw new ArgumentOutOfRangeException(nameof(number), number, $"Must be 1..{total}.");
        return (byte)number;
    }

    /// <summary>Parses a header given as hex (either case, no separators).</summary>
    /// <param name="hex">The header, UDHL octet included, e.g. <c>050003CC0201</c>.</param>
    /// <param name="udh">The header on success.</param>
    /// <param name="error">A precise message on failure.</param>
    public static bool TryParse(string hex, out Udh? udh, out string? error)
    {
        ArgumentNullException.ThrowIfNull(hex);
        udh = null;
        if (hex.Length == 0)
        {
            error = "udh is empty; it must hold at least the header length octet.";
            return false;
        }
        if (!SmsText.TryParseHex(hex, "udh", out var bytes, out error)) return false;
        return TryParse(bytes, out udh, out error);
    }

    /// <summary>Parses a header given as octets, UDHL octet included.</summary>
    /// <param name="bytes">The header.</param>
    /// <param name="udh">The header on success.</param>
    /// <param name="error">A precise message on failure.</param>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out Udh? udh, out string? error)
    {
        udh = null;
        if (bytes.Length == 0)
        {
            error = "udh is empty; it must hold at least the header length octet.";
            return false;
        }
        var udhl = bytes[0];
        if (udhl + 1 != bytes.Length)
        {
            error = $"udh length octet says {udhl} header octets follow, but {bytes.Length - 1} do (expected {udhl + 1} octets in total, got {bytes.Length}).";
            return false;
        }
        if (bytes.Length > MaxOctets)
        {
            error = $"udh is {bytes.Length} octets; at most {MaxOctets} fit in one SMS.";
            return false;
        }

        var elements = new List<UdhElement>();
        ConcatenationInfo? concatenation = null;
        var position = 1;
        while (position < bytes.Length)
        {
            if (position + 1 >= bytes.Length)
            {
                error = $"udh information element 0x{bytes[position]:X2} at octet {position} has no length octet.";
                return false;
            }
            var iei = bytes[position];
            var iedl = bytes[position + 1];
            var remaining = bytes.Length - position - 2;
            if (iedl > remaining)
            {
                error = $"udh information element 0x{iei:X2} at octet {position} declares {iedl} data octets, but only {remaining} remain.";
                return false;
            }
            var data = bytes.Slice(position + 2, iedl).ToArray();
            if (iei is UdhElement.Concatenation8Bit or UdhElement.Concatenation16Bit)
            {
                if (concatenation is not null)
                {
                    error = $"udh contains more than one concatenation element (second one, 0x{iei:X2}, at octet {position}).";
                    return false;
                }
                if (!TryParseConcatenation(iei, data, position, out concatenation, out error)) return false;
            }
            elements.Add(new UdhElement(iei, data));
            position += 2 + iedl;
        }

        udh = new Udh(bytes.ToArray(), elements, concatenation);
        error = null;
        return true;
    }

    /// <summary>Parses a header, throwing <see cref="FormatException"/> with the precise message on failure.</summary>
    public static Udh Parse(string hex) =>
        TryParse(hex, out var udh, out var error) ? udh! : throw new FormatException(error);

    /// <summary>Parses a header, throwing <see cref="FormatException"/> with the precise message on failure.</summary>
    public static Udh Parse(ReadOnlySpan<byte> bytes) =>
        TryParse(bytes, out var udh, out var error) ? udh! : throw new FormatException(error);

    private static bool TryParseConcatenation(byte iei, byte[] data, int position, out ConcatenationInfo? info, out string? error)
    {
        info = null;
        var sixteen = iei == UdhElement.Concatenation16Bit;
        var expected = sixteen ? 4 : 3;
        if (data.Length != expected)
        {
            error = $"udh concatenation element 0x{iei:X2} at octet {position} must have {expected} data octets; it has {data.Length}.";
            return false;
        }
        var reference = sixteen ? data[0] << 8 | data[1] : data[0];
        int total = data[expected - 2], number = data[expected - 1];
        if (total == 0)
        {
            error = $"udh concatenation element at octet {position} says the message has 0 parts; it must be 1..255.";
            return false;
        }
        if (number == 0 || number > total)
        {
            error = $"udh concatenation element at octet {position} says part {number} of {total}; the part number must be 1..{total}.";
            return false;
        }
        info = new ConcatenationInfo(reference, total, number, sixteen);
        error = null;
        return true;
    }
}
