using System.Text;

namespace Cellgate.Smpp.Protocol;

/// <summary>
/// Immutable bytes with value equality (so PDU records compare by content): short_message, TLV values.
/// </summary>
public readonly struct OctetString : IEquatable<OctetString>
{
    private readonly byte[]? _bytes;

    public OctetString(ReadOnlySpan<byte> bytes) => _bytes = bytes.IsEmpty ? null : bytes.ToArray();

    private OctetString(byte[] owned, bool _) => _bytes = owned.Length == 0 ? null : owned;

    public static OctetString Empty => default;

    public int Length => _bytes?.Length ?? 0;
    public bool IsEmpty => Length == 0;
    public ReadOnlySpan<byte> Span => _bytes;
    public ReadOnlyMemory<byte> Memory => _bytes;

    public byte[] ToArray() => Span.ToArray();

    /// <summary>Wraps without copying; the caller gives up the array.</summary>
    internal static OctetString Own(byte[] bytes) => new(bytes, true);

    public static OctetString FromAscii(string text) => Own(Encoding.Latin1.GetBytes(text));

    public static implicit operator OctetString(byte[] bytes) => new(bytes);

    public bool Equals(OctetString other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is OctetString other && Equals(other);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(OctetString left, OctetString right) => left.Equals(right);
    public static bool operator !=(OctetString left, OctetString right) => !left.Equals(right);

    public override string ToString() => Length <= 64 ? Convert.ToHexString(Span) : $"{Convert.ToHexString(Span[..64])}… ({Length} bytes)";
}
