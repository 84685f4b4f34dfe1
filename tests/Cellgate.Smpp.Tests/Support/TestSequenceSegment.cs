using System.Buffers;

namespace Cellgate.Smpp.Tests.Support;

/// <summary>Builds multi-segment sequences, so the codec sees a PDU split wherever a socket read might split it (after Bedrock's TestSequenceSegment).</summary>
public sealed class TestSequenceSegment : ReadOnlySequenceSegment<byte>
{
    private TestSequenceSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    private TestSequenceSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new TestSequenceSegment(memory, RunningIndex + Memory.Length);
        Next = next;
        return next;
    }

    /// <summary>One segment per chunk (empty chunks included: real pipes produce them too).</summary>
    public static ReadOnlySequence<byte> Create(params byte[][] chunks)
    {
        if (chunks.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new TestSequenceSegment(chunks[0], 0);
        var last = first;
        foreach (var chunk in chunks.Skip(1)) last = last.Append(chunk);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The bytes cut at the given offsets.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Order())
        {
            chunks.Add(bytes[start..cut]);
            start = cut;
        }
        chunks.Add(bytes[start..]);
        return Create([.. chunks]);
    }

    /// <summary>One byte per segment.</summary>
    public static ReadOnlySequence<byte> Bytewise(byte[] bytes) => Create(bytes.Select(b => new[] { b }).ToArray());
}
