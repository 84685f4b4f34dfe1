using System.Buffers;
using System.Buffers.Binary;
using Cellgate.Smpp.Protocol;

namespace Cellgate.Smpp.Framing;

/// <summary>What <see cref="SmppCodec.TryRead"/> found at the front of the buffer.</summary>
public enum SmppReadStatus
{
    /// <summary>Not a whole PDU yet; nothing consumed. Read more.</summary>
    Incomplete,
    /// <summary>A PDU was read and consumed.</summary>
    Pdu,
    /// <summary>A whole frame was consumed but could not be read; answer it with <see cref="SmppDecodeError.CreateReply"/>.</summary>
    Invalid,
    /// <summary>command_length is impossible (below 16 or above the guard): the stream cannot be resynchronised. Answer, then close.</summary>
    FramingLost,
}

/// <summary>Why a frame could not be read, with what the header said, so the peer can be answered properly.</summary>
public sealed record SmppDecodeError(uint CommandLength, uint RawCommandId, CommandStatus Status, uint SequenceNumber, string Reason)
{
    public CommandId CommandId => (CommandId)RawCommandId;

    /// <summary>
    /// The PDU to send back: the request's own response carrying <see cref="Status"/> when the command is a known
    /// request whose header was sound (ESME_RINVSRCADR for an over-long source_addr, …); otherwise generic_nack
    /// (ESME_RINVCMDID, ESME_RINVCMDLEN, or a malformed response). Null for requests that are never answered
    /// (a malformed outbind or alert_notification).
    /// </summary>
    public SmppPdu? CreateReply()
    {
        var id = CommandId;
        if (Status is CommandStatus.ESME_RINVCMDID or CommandStatus.ESME_RINVCMDLEN || id.IsResponse() || !id.IsKnown())
            return new GenericNack { CommandStatus = Status, SequenceNumber = SequenceNumber };
        if (id is CommandId.Outbind or CommandId.AlertNotification) return null;
        return SmppPdus.EmptyResponse(id, Status, SequenceNumber);
    }

    public override string ToString() => $"command 0x{RawCommandId:X8} seq {SequenceNumber} length {CommandLength}: {Status.Describe()} ({Reason})";
}

/// <summary>
/// SMPP 3.4 framing: a 16-octet header (command_length, command_id, command_status, sequence_number, big-endian) and
/// a body. Reading never throws for bad input; writing throws <see cref="ArgumentException"/> for a PDU the
/// specification does not allow (an over-long field), which is the caller's bug.
/// </summary>
public static class SmppCodec
{
    /// <summary>
    /// Reads one PDU from the front of <paramref name="buffer"/> (which may span segments and hold several PDUs) and
    /// advances it past what was consumed. Call repeatedly until <see cref="SmppReadStatus.Incomplete"/>.
    /// </summary>
    public static SmppReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out SmppPdu? pdu, out SmppDecodeError? error,
        int maxCommandLength = SmppLimits.DefaultMaxCommandLength)
    {
        pdu = null;
        error = null;
        if (buffer.Length < 4) return SmppReadStatus.Incomplete;

        Span<byte> header = stackalloc byte[SmppLimits.HeaderLength];
        var available = (int)Math.Min(buffer.Length, SmppLimits.HeaderLength);
        buffer.Slice(0, available).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < SmppLimits.HeaderLength || length > (uint)maxCommandLength)
        {
            // The header may be partial; report what is there. Nothing is consumed: the stream is unusable.
            var id = available >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(header[4..]) : 0;
            var seq = available >= 16 ? BinaryPrimitives.ReadUInt32BigEndian(header[12..]) : 0;
            error = new SmppDecodeError(length, id, CommandStatus.ESME_RINVCMDLEN, seq,
                length < SmppLimits.HeaderLength ? $"command_length {length} is shorter than the header" : $"command_length {length} exceeds the limit of {maxCommandLength}");
            return SmppReadStatus.FramingLost;
        }
        if (buffer.Length < length) return SmppReadStatus.Incomplete;

        var frame = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        if (frame.IsSingleSegment)
            return Decode(frame.FirstSpan, out pdu, out error);

        var rented = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            frame.CopyTo(rented);
            return Decode(rented.AsSpan(0, (int)length), out pdu, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes exactly one whole PDU (header included). Never throws for bad input.</summary>
    public static SmppReadStatus Decode(ReadOnlySpan<byte> frame, out SmppPdu? pdu, out SmppDecodeError? error)
    {
        pdu = null;
        error = null;
        if (frame.Length < SmppLimits.HeaderLength)
        {
            error = new SmppDecodeError((uint)frame.Length, 0, CommandStatus.ESME_RINVCMDLEN, 0, "shorter than the header");
            return SmppReadStatus.FramingLost;
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(frame);
        var rawId = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        var status = (CommandStatus)BinaryPrimitives.ReadUInt32BigEndian(frame[8..]);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(frame[12..]);
        if (length != frame.Length)
        {
            error = new SmppDecodeError(length, rawId, CommandStatus.ESME_RINVCMDLEN, sequence, $"command_length {length} but {frame.Length} octets given");
            return SmppReadStatus.FramingLost;
        }

        var empty = SmppPdus.Create((CommandId)rawId, status, sequence);
        if (empty is null)
        {
            error = new SmppDecodeError(length, rawId, CommandStatus.ESME_RINVCMDID, sequence, "unknown command_id");
            return SmppReadStatus.Invalid;
        }

        try
        {
            var reader = new PduReader(frame[SmppLimits.HeaderLength..]);
            pdu = SmppPdus.ReadBody(empty, ref reader);
            return SmppReadStatus.Pdu;
        }
        catch (PduFormatException e)
        {
            error = new SmppDecodeError(length, rawId, e.Status, sequence, e.Message);
            return SmppReadStatus.Invalid;
        }
    }

    /// <summary>The encoded size of <paramref name="pdu"/>, header included (its command_length).</summary>
    public static int GetLength(SmppPdu pdu)
    {
        var measure = PduWriter.Measuring();
        pdu.WriteBody(ref measure);
        return SmppLimits.HeaderLength + measure.Length;
    }

    /// <summary>Writes <paramref name="pdu"/> (header and body) to <paramref name="output"/>; returns the octets written.</summary>
    public static int Write(SmppPdu pdu, IBufferWriter<byte> output)
    {
        var length = GetLength(pdu);
        var span = output.GetSpan(length)[..length];
        WriteTo(pdu, span);
        output.Advance(length);
        return length;
    }

    /// <summary>The encoded PDU as a new array.</summary>
    public static byte[] Encode(SmppPdu pdu)
    {
        var bytes = new byte[GetLength(pdu)];
        WriteTo(pdu, bytes);
        return bytes;
    }

    private static void WriteTo(SmppPdu pdu, Span<byte> span)
    {
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)span.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)pdu.CommandId);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], (uint)pdu.CommandStatus);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], pdu.SequenceNumber);
        var writer = new PduWriter(span[SmppLimits.HeaderLength..]);
        pdu.WriteBody(ref writer);
    }
}
