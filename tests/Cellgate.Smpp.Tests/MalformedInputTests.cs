using System.Buffers;
using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Tests.Support;

namespace Cellgate.Smpp.Tests;

/// <summary>Bad input from a peer gives the right command_status and reply, never an exception.</summary>
public class MalformedInputTests
{
    /// <summary>Hex to bytes; a leading "LLLLLLLL" becomes the real command_length, so body cases test the body alone.</summary>
    private static byte[] Hex(string hex)
    {
        var compact = string.Concat(hex.Where(c => !char.IsWhiteSpace(c)));
        if (compact.StartsWith("LLLLLLLL", StringComparison.Ordinal)) compact = (compact.Length / 2).ToString("X8") + compact[8..];
        return Convert.FromHexString(compact);
    }

    public static TheoryData<string, string, SmppReadStatus, CommandStatus, CommandId> Corpus => new()
    {
        { "command_length below the header", "0000000F 00000015 00000000 00000001", SmppReadStatus.FramingLost, CommandStatus.ESME_RINVCMDLEN, CommandId.GenericNack },
        { "command_length zero", "00000000 00000015 00000000 00000001", SmppReadStatus.FramingLost, CommandStatus.ESME_RINVCMDLEN, CommandId.GenericNack },
        { "command_length beyond the guard", "7FFFFFFF 00000004 00000000 00000001", SmppReadStatus.FramingLost, CommandStatus.ESME_RINVCMDLEN, CommandId.GenericNack },
        { "unknown command_id", "00000010 00000099 00000000 00000005", SmppReadStatus.Invalid, CommandStatus.ESME_RINVCMDID, CommandId.GenericNack },
        { "unknown response id", "00000010 80000099 00000000 00000005", SmppReadStatus.Invalid, CommandStatus.ESME_RINVCMDID, CommandId.GenericNack },
        { "bind with a system_id of 16 characters", "LLLLLLLL 00000002 00000000 00000005 41414141414141414141414141414141 00 00 00 34 00 00 00 00 00 00 00 00 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVSYSID, CommandId.BindTransmitterResp },
        { "bind with a password of 9 characters", "LLLLLLLL 00000009 00000000 00000005 00 414141414141414141 00 00 34 00 00 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVPASWD, CommandId.BindTransceiverResp },
        { "bind cut short after the system_id", "LLLLLLLL 00000001 00000000 00000005 41414100", SmppReadStatus.Invalid, CommandStatus.ESME_RINVCMDLEN, CommandId.GenericNack },
        { "submit_sm with an unterminated service_type", "LLLLLLLL 00000004 00000000 00000005 414243", SmppReadStatus.Invalid, CommandStatus.ESME_RINVCMDLEN, CommandId.GenericNack },
        { "submit_sm with a source_addr of 21 characters", "LLLLLLLL 00000004 00000000 00000005 00 01 01 313131313131313131313131313131313131313131 00 00 00 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVSRCADR, CommandId.SubmitSmResp },
        { "submit_sm with sm_length past the end", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 09 41", SmppReadStatus.Invalid, CommandStatus.ESME_RINVMSGLEN, CommandId.SubmitSmResp },
        { "submit_sm with sm_length 255", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 FF", SmppReadStatus.Invalid, CommandStatus.ESME_RINVMSGLEN, CommandId.SubmitSmResp },
        { "submit_sm with a 10-character validity_period", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 00 3236303130313132303000 00 00 00 00 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVEXPIRY, CommandId.SubmitSmResp },
        { "submit_sm with a 3-character schedule_delivery_time", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 31323300 00 00 00 00 00 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVSCHED, CommandId.SubmitSmResp },
        { "submit_sm with a TLV header cut short", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0204 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVOPTPARSTREAM, CommandId.SubmitSmResp },
        { "submit_sm with a TLV running past the PDU", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0424 0009 4142", SmppReadStatus.Invalid, CommandStatus.ESME_RINVOPTPARSTREAM, CommandId.SubmitSmResp },
        { "submit_sm with user_message_reference of 3 octets", "LLLLLLLL 00000004 00000000 00000005 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0204 0003 000102", SmppReadStatus.Invalid, CommandStatus.ESME_RINVPARLEN, CommandId.SubmitSmResp },
        { "submit_multi with dest_flag 7", "LLLLLLLL 00000021 00000000 00000005 00 00 00 00 01 07", SmppReadStatus.Invalid, CommandStatus.ESME_RINVDESTFLAG, CommandId.SubmitMultiResp },
        { "submit_multi announcing more destinations than sent", "LLLLLLLL 00000021 00000000 00000005 00 00 00 00 03", SmppReadStatus.Invalid, CommandStatus.ESME_RINVNUMDESTS, CommandId.SubmitMultiResp },
        { "query_sm with a message_id of 65 characters", "LLLLLLLL 00000003 00000000 00000005 " + string.Concat(Enumerable.Repeat("41", 65)) + "00 00 00 00 00 00", SmppReadStatus.Invalid, CommandStatus.ESME_RINVMSGID, CommandId.QuerySmResp },
        { "submit_sm_resp with an unterminated message_id", "LLLLLLLL 80000004 00000000 00000005 414243", SmppReadStatus.Invalid, CommandStatus.ESME_RINVCMDLEN, CommandId.GenericNack },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Malformed_input_gives_the_right_status_and_reply(string what, string hex, SmppReadStatus expected, CommandStatus status, CommandId reply)
    {
        var buffer = new ReadOnlySequence<byte>(Hex(hex));
        var result = SmppCodec.TryRead(ref buffer, out var pdu, out var error, maxCommandLength: 4096);
        Assert.True(expected == result, $"{what}: {result} {error}");
        Assert.Null(pdu);
        Assert.NotNull(error);
        Assert.True(status == error.Status, $"{what}: {error}");
        var answer = error.CreateReply();
        Assert.NotNull(answer);
        Assert.Equal(reply, answer.CommandId);
        Assert.Equal(status, answer.CommandStatus);
        if (expected != SmppReadStatus.FramingLost || error.SequenceNumber != 0) Assert.Equal(error.SequenceNumber, answer.SequenceNumber);
    }

    [Fact]
    public void An_invalid_pdu_is_consumed_so_the_next_one_still_reads()
    {
        var bytes = Hex("00000010 00000099 00000000 00000005").Concat(SmppCodec.Encode(new EnquireLink { SequenceNumber = 6 })).ToArray();
        var buffer = TestSequenceSegment.Split(bytes, 7, 20);
        Assert.Equal(SmppReadStatus.Invalid, SmppCodec.TryRead(ref buffer, out _, out _));
        Assert.Equal(SmppReadStatus.Pdu, SmppCodec.TryRead(ref buffer, out var next, out _));
        Assert.Equal(new EnquireLink { SequenceNumber = 6 }, next);
    }

    [Fact]
    public void Random_bytes_and_mutated_pdus_never_throw()
    {
        var random = new Random(1234);
        var pdus = new RandomPdus(1234);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
                if (bytes.Length >= 4 && random.Next(2) == 0) // plausible lengths reach the body decoders
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)bytes.Length);
                if (bytes.Length >= 8 && random.Next(2) == 0)
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)Enum.GetValues<CommandId>()[random.Next(27)]);
            }
            else
            {
                bytes = SmppCodec.Encode(pdus.Any());
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                    bytes[random.Next(4, bytes.Length)] = (byte)random.Next(256); // keep command_length, damage the rest
            }
            var buffer = TestSequenceSegment.Split(bytes, random.Next(0, bytes.Length + 1));
            var guard = 0;
            while (guard++ < 100)
            {
                var status = SmppCodec.TryRead(ref buffer, out var pdu, out var error, maxCommandLength: 4096);
                if (status is SmppReadStatus.Incomplete or SmppReadStatus.FramingLost) break;
                if (status == SmppReadStatus.Invalid) _ = error!.CreateReply();
                if (status == SmppReadStatus.Pdu) _ = SmppCodec.Encode(pdu!); // what we read, we can write
            }
        }
    }
}
