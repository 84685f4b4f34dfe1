using System.Globalization;

namespace Cellgate.Sms;

/// <summary>Small text helpers shared by the codec (character descriptions for error messages, hex parsing).</summary>
internal static class SmsText
{
    /// <summary>Describes a character for an error message, e.g. <c>'ł' (U+0142)</c>.</summary>
    public static string Describe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c)
            ? $"U+{(int)c:X4}"
            : $"'{c}' (U+{(int)c:X4})";

    /// <summary>Describes the character (or surrogate pair) at <paramref name="index"/>.</summary>
    public static string DescribeAt(string text, int index)
    {
        if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            var scalar = char.ConvertToUtf32(text[index], text[index + 1]);
            return $"'{text.Substring(index, 2)}' (U+{scalar:X})";
        }
        return Describe(text[index]);
    }

    /// <summary>Parses a hex string (either case, no separators) into octets, with a precise error message.</summary>
    public static bool TryParseHex(string hex, string what, out byte[] bytes, out string? error)
    {
        bytes = [];
        if (hex.Length % 2 != 0)
        {
            error = $"{what} must be an even number of hex digits; got {hex.Length}.";
            return false;
        }
        for (var i = 0; i < hex.Length; i++)
        {
            if (!char.IsAsciiHexDigit(hex[i]))
            {
                error = $"{what} contains {Describe(hex[i])} at position {i}, which is not a hex digit.";
                return false;
            }
        }
        bytes = Convert.FromHexString(hex);
        error = null;
        return true;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    public static string Plural(int n, string singular, string plural) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural);
}
