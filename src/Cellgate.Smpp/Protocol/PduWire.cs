using System.Buffers.Binary;
using System.Text;

namespace Cellgate.Smpp.Protocol;

/// <summary>Raised inside the decoder for malformed input; never escapes <see cref="Framing.SmppCodec"/>.</summary>
internal sealed class PduFormatException(CommandStatus status, string reason) : Exception(reason)
{
    public CommandStatus Status { get; } = status;
}

/// <summary>Reads one PDU body; every failure names the command_status a peer should be answered with.</summary>
internal ref struct PduReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _pos;

    public readonly bool End => _pos >= _body.Length;

    public byte U8(string field, CommandStatus status = CommandStatus.ESME_RINVCMDLEN)
    {
        if (_pos + 1 > _body.Length) throw new PduFormatException(status, $"{field}: body ends early");
        return _body[_pos++];
    }

    public uint U32(string field)
    {
        if (_pos + 4 > _body.Length) throw new PduFormatException(CommandStatus.ESME_RINVCMDLEN, $"{field}: body ends early");
        var v = BinaryPrimitives.ReadUInt32BigEndian(_body[_pos..]);
        _pos += 4;
        return v;
    }

    /// <summary>A NUL-terminated string of at most <paramref name="max"/> octets including the NUL.</summary>
    public string CString(string field, int max, CommandStatus tooLong)
    {
        var rest = _body[_pos..];
        var nul = rest.IndexOf((byte)0);
        if (nul < 0)
            throw rest.Length >= max
                ? new PduFormatException(tooLong, $"{field}: longer than {max - 1} octets")
                : new PduFormatException(CommandStatus.ESME_RINVCMDLEN, $"{field}: no terminating NUL before the end of the PDU");
        if (nul + 1 > max) throw new PduFormatException(tooLong, $"{field}: longer than {max - 1} octets");
        _pos += nul + 1;
        return nul == 0 ? "" : Encoding.Latin1.GetString(rest[..nul]);
    }

    /// <summary>An SMPP time field: empty, or exactly 16 characters.</summary>
    public string Time(string field, CommandStatus invalid)
    {
        var value = CString(field, SmppLimits.Time, invalid);
        if (value.Length is not (0 or 16)) throw new PduFormatException(invalid, $"{field}: {value.Length} characters, expected 0 or 16");
        return value;
    }

    public SmppAddress Address(string field, int max, CommandStatus invalid)
    {
        var ton = (TypeOfNumber)U8(field + "_ton");
        var npi = (NumberingPlan)U8(field + "_npi");
        return new SmppAddress(ton, npi, CString(field, max, invalid));
    }

    public OctetString Octets(string field, int length, CommandStatus status)
    {
        if (_pos + length > _body.Length) throw new PduFormatException(status, $"{field}: {length} octets announced, {_body.Length - _pos} left");
        var value = new OctetString(_body.Slice(_pos, length));
        _pos += length;
        return value;
    }

    /// <summary>sm_length then short_message (at most 254 octets).</summary>
    public OctetString ShortMessage()
    {
        var length = U8("sm_length");
        if (length > SmppLimits.ShortMessage) throw new PduFormatException(CommandStatus.ESME_RINVMSGLEN, $"sm_length {length} exceeds {SmppLimits.ShortMessage}");
        return Octets("short_message", length, CommandStatus.ESME_RINVMSGLEN);
    }

    /// <summary>Everything after the mandatory fields: tag, length, value triples; standard tags checked for length.</summary>
    public TlvList Tlvs()
    {
        if (End) return TlvList.Empty;
        var list = new List<Tlv>(2);
        while (!End)
        {
            if (_pos + 4 > _body.Length) throw new PduFormatException(CommandStatus.ESME_RINVOPTPARSTREAM, $"{_body.Length - _pos} stray octets after the last optional parameter");
            var tag = (TlvTag)BinaryPrimitives.ReadUInt16BigEndian(_body[_pos..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(_body[(_pos + 2)..]);
            _pos += 4;
            if (_pos + length > _body.Length) throw new PduFormatException(CommandStatus.ESME_RINVOPTPARSTREAM, $"TLV 0x{(ushort)tag:X4}: length {length} runs past the PDU");
            if (TlvDefinitions.TryGet(tag, out var def) && (length < def.MinLength || length > def.MaxLength))
                throw new PduFormatException(CommandStatus.ESME_RINVPARLEN, $"TLV {tag}: length {length}, allowed {def.MinLength}..{def.MaxLength}");
            list.Add(new Tlv(tag, new OctetString(_body.Slice(_pos, length))));
            _pos += length;
        }
        return TlvList.Own([.. list]);
    }
}

/// <summary>Writes one PDU body; in measuring mode (no destination) it only counts, so the header can carry the length.</summary>
internal ref struct PduWriter
{
    private readonly Span<byte> _dest;
    private readonly bool _measure;
    private int _pos;

    public PduWriter(Span<byte> dest) { _dest = dest; _measure = false; }
    public static PduWriter Measuring() => new(default, true);
    private PduWriter(Span<byte> dest, bool measure) { _dest = dest; _measure = measure; }

    public readonly int Length => _pos;

    public void U8(byte value)
    {
        if (!_measure) _dest[_pos] = value;
        _pos += 1;
    }

    public void U16(ushort value)
    {
        if (!_measure) BinaryPrimitives.WriteUInt16BigEndian(_dest[_pos..], value);
        _pos += 2;
    }

    public void U32(uint value)
    {
        if (!_measure) BinaryPrimitives.WriteUInt32BigEndian(_dest[_pos..], value);
        _pos += 4;
    }

    public void CString(string field, string? value, int max)
    {
        value ??= "";
        var count = Encoding.Latin1.GetByteCount(value);
        if (count + 1 > max) throw new ArgumentException($"{field} is {count} octets; SMPP allows {max - 1}.", field);
        if (value.AsSpan().IndexOf('\0') >= 0) throw new ArgumentException($"{field} contains a NUL character.", field);
        if (!_measure)
        {
            Encoding.Latin1.GetBytes(value, _dest[_pos..]);
            _dest[_pos + count] = 0;
        }
        _pos += count + 1;
    }

    public void Time(string field, string? value)
    {
        if (!string.IsNullOrEmpty(value) && value.Length != 16) throw new ArgumentException($"{field} must be empty or 16 characters (YYMMDDhhmmsstnnp).", field);
        CString(field, value, SmppLimits.Time);
    }

    public void Address(string field, SmppAddress address, int max)
    {
        U8((byte)address.Ton);
        U8((byte)address.Npi);
        CString(field, address.Address, max);
    }

    public void Octets(ReadOnlySpan<byte> value)
    {
        if (!_measure) value.CopyTo(_dest[_pos..]);
        _pos += value.Length;
    }

    public void ShortMessage(OctetString message)
    {
        if (message.Length > SmppLimits.ShortMessage) throw new ArgumentException($"short_message is {message.Length} octets; SMPP allows {SmppLimits.ShortMessage} (use message_payload).", "short_message");
        U8((byte)message.Length);
        Octets(message.Span);
    }

    public void Tlvs(TlvList? tlvs)
    {
        if (tlvs is null) return;
        foreach (var tlv in tlvs)
        {
            if (tlv.Value.Length > ushort.MaxValue) throw new ArgumentException($"TLV {tlv.Tag} is {tlv.Value.Length} octets; at most 65535.", "tlvs");
            U16((ushort)tlv.Tag);
            U16((ushort)tlv.Value.Length);
            Octets(tlv.Value.Span);
        }
    }
}
