using System.Buffers;
using System.IO.Pipelines;
using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;

namespace Cellgate.Smpp.Tests.Support;

/// <summary>Two pipes crossed: what one end writes, the other reads. An in-memory TCP connection.</summary>
public sealed class DuplexPipePair
{
    private readonly Pipe _toA = new(), _toB = new();

    public IDuplexPipe A { get; }
    public IDuplexPipe B { get; }

    public DuplexPipePair()
    {
        A = new End(_toA.Reader, _toB.Writer);
        B = new End(_toB.Reader, _toA.Writer);
    }

    private sealed record End(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}

/// <summary>
/// The far end of a session, driven byte by byte by the test: it writes exactly what the test says (PDUs or raw
/// bytes) and reads what the session sends, with our codec as a plain parser. One per misbehaviour.
/// </summary>
public sealed class RawPeer(IDuplexPipe pipe)
{
    private ReadOnlySequence<byte> _pending = ReadOnlySequence<byte>.Empty;
    private bool _completed;

    public async Task SendAsync(SmppPdu pdu) => await SendBytesAsync(SmppCodec.Encode(pdu));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await pipe.Output.WriteAsync(bytes);
    }

    /// <summary>Writes one byte per flush: the session must reassemble.</summary>
    public async Task SendBytewiseAsync(byte[] bytes)
    {
        foreach (var b in bytes) await pipe.Output.WriteAsync(new[] { b });
    }

    public Task CloseAsync() => pipe.Output.CompleteAsync().AsTask();

    /// <summary>The next PDU the session sent (fails the test after the deadline).</summary>
    public Task<SmppPdu> ReceiveAsync() => Eventually.Within(ReceiveCoreAsync(), "the session sent no PDU");

    public async Task<T> ReceiveAsync<T>() where T : SmppPdu => Assert.IsAssignableFrom<T>(await ReceiveAsync());

    /// <summary>True when the session has nothing more buffered for us right now (it did not send anything else).</summary>
    public bool NothingMoreSent()
    {
        if (TryParse(out _)) return false;
        if (!pipe.Input.TryRead(out var result)) return true;
        var empty = result.Buffer.IsEmpty;
        pipe.Input.AdvanceTo(result.Buffer.Start);
        return empty;
    }

    /// <summary>Waits until the session closes its side of the connection.</summary>
    public Task WaitForCloseAsync() => Eventually.Within(WaitForCloseCoreAsync(), "the session did not close the connection");

    private async Task WaitForCloseCoreAsync()
    {
        while (!_completed)
        {
            var result = await pipe.Input.ReadAsync();
            _completed = result.IsCompleted;
            pipe.Input.AdvanceTo(result.Buffer.End);
        }
    }

    private async Task<SmppPdu> ReceiveCoreAsync()
    {
        while (true)
        {
            if (TryParse(out var pdu)) return pdu;
            if (_completed) throw new InvalidOperationException("The session closed the connection.");
            var result = await pipe.Input.ReadAsync();
            _pending = Append(_pending, result.Buffer);
            _completed = result.IsCompleted;
            pipe.Input.AdvanceTo(result.Buffer.End);
        }
    }

    private bool TryParse(out SmppPdu pdu)
    {
        var buffer = _pending;
        var status = SmppCodec.TryRead(ref buffer, out var read, out var error);
        if (status == SmppReadStatus.Incomplete) { pdu = null!; return false; }
        Assert.True(status == SmppReadStatus.Pdu, $"The session sent a malformed PDU: {error}");
        _pending = new ReadOnlySequence<byte>(buffer.ToArray());
        pdu = read!;
        return true;
    }

    private static ReadOnlySequence<byte> Append(ReadOnlySequence<byte> a, ReadOnlySequence<byte> b) =>
        new([.. a.ToArray(), .. b.ToArray()]);
}
