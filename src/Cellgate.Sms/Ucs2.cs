namespace Cellgate.Sms;

/// <summary>
/// UCS-2 as SMS uses it (data coding scheme 8): big-endian 16-bit units. Characters outside the Basic Multilingual
/// Plane (emoji) are carried as UTF-16 surrogate pairs, i.e. two units, which is what handsets send and expect.
/// </summary>
/// <remarks>Units are copied verbatim in both directions: nothing is normalised or replaced, not even a lone surrogate.</remarks>
public static class Ucs2
{
    /// <summary>Encodes every UTF-16 unit of <paramref name="text"/> as two big-endian octets.</summary>
    public static byte[] Encode(ReadOnlySpan<char> text)
    {
        var bytes = new byte[text.Length * 2];
        Encode(text, bytes);
        return bytes;
    }

    /// <summary>Writes the big-endian units of <paramref name="text"/> to <paramref name="destination"/>; returns the octets written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than twice the text length.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (destination.Length < text.Length * 2)
        {
            throw new ArgumentException($"{text.Length} units need {text.Length * 2} octets.", nameof(destination));
        }
        for (var i = 0; i < text.Length; i++)
        {
            destination[2 * i] = (byte)(text[i] >> 8);
            destination[2 * i + 1] = (byte)text[i];
        }
        return text.Length * 2;
    }

    /// <summary>Decodes big-endian 16-bit units.</summary>
    /// <exception cref="ArgumentException">The octet count is odd.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (TryDecode(bytes, out var text)) return text;
        throw new ArgumentException($"UCS-2 data must have an even number of octets; got {bytes.Length}.", nameof(bytes));
    }

    /// <summary>Decodes big-endian 16-bit units; false when the octet count is odd.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        if (bytes.Length % 2 != 0)
        {
            text = string.Empty;
            return false;
        }
        var chars = new char[bytes.Length / 2];
        for (var i = 0; i < chars.Length; i++) chars[i] = (char)(bytes[2 * i] << 8 | bytes[2 * i + 1]);
        text = new string(chars);
        return true;
    }
}
