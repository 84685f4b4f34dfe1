using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Cellgate.Smpp.Protocol;

/// <summary>One optional parameter: tag and raw value, exactly as on the wire.</summary>
public readonly record struct Tlv(TlvTag Tag, OctetString Value)
{
    public static Tlv UInt8(TlvTag tag, byte value) => new(tag, new[] { value });

    public static Tlv UInt16(TlvTag tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return new(tag, OctetString.Own(bytes));
    }

    public static Tlv UInt32(TlvTag tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new(tag, OctetString.Own(bytes));
    }

    /// <summary>A C-octet string value, NUL-terminated on the wire as the specification requires.</summary>
    public static Tlv CString(TlvTag tag, string value)
    {
        var bytes = new byte[Encoding.Latin1.GetByteCount(value) + 1];
        Encoding.Latin1.GetBytes(value, bytes);
        return new(tag, OctetString.Own(bytes));
    }

    public override string ToString() => $"{Tag}={Value}";
}

/// <summary>network_error_code (§5.3.2.31): network type (1 ANSI-136, 2 IS-95, 3 GSM, …) and the network's error code.</summary>
public readonly record struct NetworkErrorCode(byte NetworkType, ushort ErrorCode)
{
    public const byte Gsm = 3;
}

/// <summary>
/// The optional parameters of a PDU in wire order; unknown and vendor tags are preserved so a PDU re-encodes
/// byte for byte. Immutable; compares by content.
/// </summary>
public sealed class TlvList : IReadOnlyList<Tlv>, IEquatable<TlvList>
{
    private readonly Tlv[] _items;

    public static readonly TlvList Empty = new([]);

    public TlvList(IEnumerable<Tlv> items) => _items = items.ToArray();

    private TlvList(Tlv[] owned, bool _) => _items = owned;

    internal static TlvList Own(Tlv[] items) => items.Length == 0 ? Empty : new(items, true);

    public int Count => _items.Length;
    public Tlv this[int index] => _items[index];
    public IEnumerator<Tlv> GetEnumerator() => ((IEnumerable<Tlv>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Contains(TlvTag tag) => Array.FindIndex(_items, t => t.Tag == tag) >= 0;

    public bool TryGet(TlvTag tag, out OctetString value)
    {
        foreach (var tlv in _items)
            if (tlv.Tag == tag) { value = tlv.Value; return true; }
        value = default;
        return false;
    }

    /// <summary>A copy with <paramref name="tlv"/> replacing any TLV of the same tag (or appended).</summary>
    public TlvList With(Tlv tlv)
    {
        var index = Array.FindIndex(_items, t => t.Tag == tlv.Tag);
        if (index < 0) return Own([.. _items, tlv]);
        var copy = (Tlv[])_items.Clone();
        copy[index] = tlv;
        return Own(copy);
    }

    public TlvList Without(TlvTag tag) => Own(_items.Where(t => t.Tag != tag).ToArray());

    // Integer values are big-endian of the defined width; a value of another width reads as absent.
    public byte? GetUInt8(TlvTag tag) => TryGet(tag, out var v) && v.Length == 1 ? v.Span[0] : null;
    public ushort? GetUInt16(TlvTag tag) => TryGet(tag, out var v) && v.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(v.Span) : null;
    public uint? GetUInt32(TlvTag tag) => TryGet(tag, out var v) && v.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(v.Span) : null;

    /// <summary>A C-octet string value without its terminating NUL (tolerating peers that omit it).</summary>
    public string? GetCString(TlvTag tag)
    {
        if (!TryGet(tag, out var v)) return null;
        var span = v.Span;
        var nul = span.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul >= 0 ? span[..nul] : span);
    }

    // The TLVs a gateway reads most, typed.
    public OctetString? MessagePayload => TryGet(TlvTag.MessagePayload, out var v) ? v : (OctetString?)null;
    public string? ReceiptedMessageId => GetCString(TlvTag.ReceiptedMessageId);
    public Protocol.MessageState? MessageState => GetUInt8(TlvTag.MessageState) is { } s ? (Protocol.MessageState)s : null;
    public ushort? SarMsgRefNum => GetUInt16(TlvTag.SarMsgRefNum);
    public byte? SarTotalSegments => GetUInt8(TlvTag.SarTotalSegments);
    public byte? SarSegmentSeqnum => GetUInt8(TlvTag.SarSegmentSeqnum);
    public ushort? UserMessageReference => GetUInt16(TlvTag.UserMessageReference);
    public ushort? SourcePort => GetUInt16(TlvTag.SourcePort);
    public ushort? DestinationPort => GetUInt16(TlvTag.DestinationPort);
    public byte? MoreMessagesToSend => GetUInt8(TlvTag.MoreMessagesToSend);
    public byte? PayloadType => GetUInt8(TlvTag.PayloadType);
    public byte? ScInterfaceVersion => GetUInt8(TlvTag.ScInterfaceVersion);

    public Protocol.NetworkErrorCode? NetworkErrorCode =>
        TryGet(TlvTag.NetworkErrorCode, out var v) && v.Length == 3
            ? new Protocol.NetworkErrorCode(v.Span[0], BinaryPrimitives.ReadUInt16BigEndian(v.Span[1..]))
            : null;

    public static Tlv NetworkError(Protocol.NetworkErrorCode code) =>
        new(TlvTag.NetworkErrorCode, OctetString.Own([code.NetworkType, (byte)(code.ErrorCode >> 8), (byte)code.ErrorCode]));

    public bool Equals(TlvList? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);
    public override bool Equals(object? obj) => Equals(obj as TlvList);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var t in _items) hash.Add(t);
        return hash.ToHashCode();
    }

    public override string ToString() => _items.Length == 0 ? "[]" : $"[{string.Join(", ", _items)}]";
}
