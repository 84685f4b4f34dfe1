using System.Buffers;
using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Tests.Support;

namespace Cellgate.Smpp.Tests;

/// <summary>Properties over random PDUs: what the codec writes, it reads back equal, and writes again byte for byte.</summary>
public class RoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_random_pdu_reads_back_equal_and_re_encodes_to_the_same_bytes(int seed)
    {
        var random = new RandomPdus(seed);
        for (var i = 0; i < 3000; i++)
        {
            var pdu = random.Any();
            var bytes = SmppCodec.Encode(pdu);
            Assert.Equal(SmppReadStatus.Pdu, SmppCodec.Decode(bytes, out var read, out var error));
            Assert.True(error is null, $"seed {seed} #{i} {pdu.CommandId}: {error}");
            Assert.Equal(pdu, read);
            Assert.Equal(bytes, SmppCodec.Encode(read!));
        }
    }

    [Fact]
    public void Every_command_id_round_trips_with_random_fields()
    {
        var random = new RandomPdus(42);
        foreach (var id in Enum.GetValues<CommandId>())
        {
            for (var i = 0; i < 200; i++)
            {
                var pdu = random.Of(id);
                var buffer = new ReadOnlySequence<byte>(SmppCodec.Encode(pdu));
                Assert.Equal(SmppReadStatus.Pdu, SmppCodec.TryRead(ref buffer, out var read, out _));
                Assert.Equal(pdu, read);
            }
        }
    }

    [Fact]
    public void A_pdu_split_at_every_byte_boundary_reads_the_same()
    {
        var random = new RandomPdus(7);
        for (var n = 0; n < 40; n++)
        {
            var pdu = random.Any();
            var bytes = SmppCodec.Encode(pdu);
            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                var buffer = TestSequenceSegment.Split(bytes, cut);
                Assert.Equal(SmppReadStatus.Pdu, SmppCodec.TryRead(ref buffer, out var read, out _));
                Assert.Equal(pdu, read);
                Assert.Equal(0, buffer.Length);
            }
            var bytewise = TestSequenceSegment.Bytewise(bytes);
            Assert.Equal(SmppReadStatus.Pdu, SmppCodec.TryRead(ref bytewise, out var one, out _));
            Assert.Equal(pdu, one);
        }
    }

    [Fact]
    public void A_prefix_of_a_pdu_is_incomplete_and_consumes_nothing()
    {
        var bytes = SmppCodec.Encode(new RandomPdus(8).Of(CommandId.SubmitSm));
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = TestSequenceSegment.Split(bytes[..length], length / 2);
            Assert.Equal(SmppReadStatus.Incomplete, SmppCodec.TryRead(ref buffer, out var pdu, out var error));
            Assert.Null(pdu);
            Assert.Null(error);
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void Many_pdus_in_one_read_come_out_in_order_wherever_the_segments_are_cut()
    {
        var random = new RandomPdus(9);
        var pdus = Enumerable.Range(0, 25).Select(_ => random.Any()).ToArray();
        var bytes = pdus.SelectMany(SmppCodec.Encode).ToArray();
        var rng = new Random(9);
        for (var trial = 0; trial < 50; trial++)
        {
            var cuts = Enumerable.Range(0, rng.Next(0, 30)).Select(_ => rng.Next(0, bytes.Length + 1)).ToArray();
            var buffer = TestSequenceSegment.Split(bytes, cuts);
            var read = new List<SmppPdu>();
            while (SmppCodec.TryRead(ref buffer, out var pdu, out var error) == SmppReadStatus.Pdu) read.Add(pdu!);
            Assert.Equal(pdus, read);
            Assert.Equal(0, buffer.Length);
        }
    }
}
