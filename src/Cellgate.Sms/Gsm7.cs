using System.Text;

namespace Cellgate.Sms;

/// <summary>
/// The GSM 03.38 (3GPP TS 23.038 §6.2.1) 7-bit default alphabet and its extension table, as unpacked septets
/// (one septet per byte, the form SMPP <c>data_coding 0</c> carries) and as packed septets (the form of TP-UD).
/// </summary>
/// <remarks>
/// Extension-table characters are encoded as two septets: <see cref="Escape"/> followed by the extension code.
/// The mapping is exact: a character is either in the tables or it is not (no lossy substitution such as
/// 'ç' → 'Ç' or Greek 'Α' → Latin 'A').
/// </remarks>
public static class Gsm7
{
    /// <summary>The escape-to-extension-table septet.</summary>
    public const byte Escape = 0x1B;

    /// <summary>The basic table, indexed by septet. Index 0x1B (the escape) holds a placeholder that never matches input.</summary>
    private const string BasicTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞ\uFFFFÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    /// <summary>Extension table: (code after the escape, character).</summary>
    private static readonly (byte Code, char Char)[] ExtensionTable =
    [
        (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'),
        (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x65, '€'),
    ];

    private const char Euro = '€';
    private const int LookupSize = 0x400; // every table character except '€' is below U+0400
    private const short NotEncodable = -1;
    private const short ExtensionFlag = 0x100;

    /// <summary>char → septet (0..127), ExtensionFlag | code for the extension table, or -1.</summary>
    private static readonly short[] EncodeLookup = BuildEncodeLookup();

    /// <summary>Extension code → character, or '\0' when the code is not in the extension table.</summary>
    private static readonly char[] ExtensionDecode = BuildExtensionDecode();

    private static short[] BuildEncodeLookup()
    {
        var lookup = new short[LookupSize];
        Array.Fill(lookup, NotEncodable);
        if (BasicTable.Length != 128) throw new InvalidOperationException("GSM basic table must have 128 entries.");
        for (var i = 0; i < BasicTable.Length; i++)
        {
            if (i != Escape) lookup[BasicTable[i]] = (short)i;
        }
        foreach (var (code, c) in ExtensionTable)
        {
            if (c < LookupSize) lookup[c] = (short)(ExtensionFlag | code);
        }
        return lookup;
    }

    private static char[] BuildExtensionDecode()
    {
        var table = new char[128];
        foreach (var (code, c) in ExtensionTable) table[code] = c;
        return table;
    }

    /// <summary>The characters of the basic table in septet order (the escape position excluded), for tests and documentation.</summary>
    public static IReadOnlyList<char> BasicCharacters { get; } =
        BasicTable.Where((_, i) => i != Escape).ToArray();

    /// <summary>The characters of the extension table (each costs two septets).</summary>
    public static IReadOnlyList<char> ExtensionCharacters { get; } = ExtensionTable.Select(e => e.Char).ToArray();

    /// <summary>How many septets <paramref name="c"/> needs: 1 (basic table), 2 (extension table) or 0 (not encodable).</summary>
    public static int SeptetsFor(char c)
    {
        if (c == Euro) return 2;
        if (c >= LookupSize) return 0;
        var entry = EncodeLookup[c];
        return entry < 0 ? 0 : (entry & ExtensionFlag) != 0 ? 2 : 1;
    }

    /// <summary>True when <paramref name="c"/> is in the basic or the extension table.</summary>
    public static bool IsEncodable(char c) => SeptetsFor(c) != 0;

    /// <summary>True when every character of <paramref name="text"/> is in the basic or the extension table.</summary>
    public static bool IsEncodable(ReadOnlySpan<char> text) => TryCountSeptets(text, out _, out _);

    /// <summary>Counts the septets <paramref name="text"/> needs.</summary>
    /// <param name="text">The text.</param>
    /// <param name="septets">The septet count (extension characters count two); 0 on failure.</param>
    /// <param name="invalidIndex">The index of the first character that is not in the alphabet, or -1.</param>
    /// <returns>False when some character is not encodable.</returns>
    public static bool TryCountSeptets(ReadOnlySpan<char> text, out int septets, out int invalidIndex)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var n = SeptetsFor(text[i]);
            if (n == 0)
            {
                septets = 0;
                invalidIndex = i;
                return false;
            }
            count += n;
        }
        septets = count;
        invalidIndex = -1;
        return true;
    }

    /// <summary>Encodes <paramref name="text"/> as unpacked septets (one byte per septet, escapes included).</summary>
    /// <param name="text">The text.</param>
    /// <param name="septets">The septets, or an empty array on failure.</param>
    /// <param name="invalidIndex">The index of the first character that is not in the alphabet, or -1.</param>
    /// <returns>False when some character is not encodable.</returns>
    public static bool TryEncode(ReadOnlySpan<char> text, out byte[] septets, out int invalidIndex)
    {
        if (!TryCountSeptets(text, out var count, out invalidIndex))
        {
            septets = [];
            return false;
        }
        septets = new byte[count];
        EncodeUnchecked(text, septets);
        return true;
    }

    /// <summary>Encodes <paramref name="text"/> as unpacked septets (one byte per septet, escapes included).</summary>
    /// <returns>False when some character is not encodable.</returns>
    public static bool TryEncode(ReadOnlySpan<char> text, out byte[] septets) => TryEncode(text, out septets, out _);

    /// <summary>Encodes <paramref name="text"/> as unpacked septets.</summary>
    /// <exception cref="ArgumentException">A character is not in the GSM 7-bit alphabet.</exception>
    public static byte[] Encode(ReadOnlySpan<char> text)
    {
        if (TryEncode(text, out var septets, out var invalidIndex)) return septets;
        throw new ArgumentException(
            $"Character {SmsText.Describe(text[invalidIndex])} at index {invalidIndex} is not in the GSM 7-bit alphabet.",
            nameof(text));
    }

    /// <summary>Writes the septets of an already validated text; returns the number written.</summary>
    internal static int EncodeUnchecked(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var j = 0;
        foreach (var c in text)
        {
            var entry = c == Euro ? (short)(ExtensionFlag | 0x65) : EncodeLookup[c];
            if ((entry & ExtensionFlag) != 0)
            {
                destination[j++] = Escape;
                destination[j++] = (byte)(entry & 0x7F);
            }
            else
            {
                destination[j++] = (byte)entry;
            }
        }
        return j;
    }

    /// <summary>Decodes unpacked septets to text.</summary>
    /// <remarks>
    /// Following TS 23.038: an escape followed by a code that is not in the extension table decodes as the basic-table
    /// character of that code; escape-escape (reserved for a further extension table) decodes as a space; so does a
    /// dangling escape at the very end.
    /// </remarks>
    /// <exception cref="ArgumentException">A byte is greater than 0x7F (not a septet).</exception>
    public static string Decode(ReadOnlySpan<byte> septets)
    {
        if (TryDecode(septets, out var text, out var invalidIndex)) return text;
        throw new ArgumentException(
            $"Byte 0x{septets[invalidIndex]:X2} at index {invalidIndex} is not a septet (greater than 0x7F).", nameof(septets));
    }

    /// <summary>Decodes unpacked septets to text; see <see cref="Decode"/> for the escape rules.</summary>
    /// <param name="septets">One septet per byte.</param>
    /// <param name="text">The text, or an empty string on failure.</param>
    /// <param name="invalidIndex">The index of the first byte greater than 0x7F, or -1.</param>
    /// <returns>False when some byte is not a septet.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> septets, out string text, out int invalidIndex)
    {
        var builder = new StringBuilder(septets.Length);
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i];
            if (s > 0x7F)
            {
                text = string.Empty;
                invalidIndex = i;
                return false;
            }
            if (s != Escape)
            {
                builder.Append(BasicTable[s]);
                continue;
            }
            if (i + 1 == septets.Length)
            {
                builder.Append(' ');
                continue;
            }
            var code = septets[++i];
            if (code > 0x7F)
            {
                text = string.Empty;
                invalidIndex = i;
                return false;
            }
            builder.Append(code == Escape ? ' ' : ExtensionDecode[code] != '\0' ? ExtensionDecode[code] : BasicTable[code]);
        }
        text = builder.ToString();
        invalidIndex = -1;
        return true;
    }

    /// <summary>The number of octets <paramref name="septetCount"/> septets occupy when packed after <paramref name="fillBits"/> fill bits.</summary>
    public static int PackedLength(int septetCount, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        CheckFillBits(fillBits);
        return (septetCount * 7 + fillBits + 7) / 8;
    }

    /// <summary>
    /// The number of fill bits that align septets after a user data header of <paramref name="udhOctets"/> octets
    /// (UDHL included) to a septet boundary (TS 23.040 §9.2.3.24).
    /// </summary>
    public static int FillBitsAfterHeader(int udhOctets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(udhOctets);
        return (7 - udhOctets * 8 % 7) % 7;
    }

    /// <summary>
    /// Packs septets into octets, least significant bit first (TS 23.038 §6.1.2.1.1), after <paramref name="fillBits"/>
    /// zero bits in the first octet (0..6; used after a user data header).
    /// </summary>
    /// <exception cref="ArgumentException">A byte is greater than 0x7F.</exception>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0)
    {
        var packed = new byte[PackedLength(septets.Length, fillBits)];
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i];
            if (s > 0x7F) throw new ArgumentException($"Byte 0x{s:X2} at index {i} is not a septet.", nameof(septets));
            var bit = fillBits + i * 7;
            var octet = bit >> 3;
            var shift = bit & 7;
            packed[octet] |= (byte)(s << shift);
            if (shift > 1) packed[octet + 1] |= (byte)(s >> (8 - shift));
        }
        return packed;
    }

    /// <summary>Unpacks <paramref name="septetCount"/> septets from packed octets that start with <paramref name="fillBits"/> fill bits.</summary>
    /// <exception cref="ArgumentException"><paramref name="packed"/> is too short for <paramref name="septetCount"/> septets.</exception>
    public static byte[] Unpack(ReadOnlySpan<byte> packed, int septetCount, int fillBits = 0)
    {
        var needed = PackedLength(septetCount, fillBits);
        if (packed.Length < needed)
        {
            throw new ArgumentException(
                $"{septetCount} septets after {fillBits} fill bits need {needed} octets; only {packed.Length} given.", nameof(packed));
        }
        var septets = new byte[septetCount];
        for (var i = 0; i < septetCount; i++)
        {
            var bit = fillBits + i * 7;
            var octet = bit >> 3;
            var shift = bit & 7;
            var value = packed[octet] >> shift;
            if (shift > 1) value |= packed[octet + 1] << (8 - shift);
            septets[i] = (byte)(value & 0x7F);
        }
        return septets;
    }

    private static void CheckFillBits(int fillBits)
    {
        if (fillBits is < 0 or > 6) throw new ArgumentOutOfRangeException(nameof(fillBits), fillBits, "Fill bits must be 0..6.");
    }
}
