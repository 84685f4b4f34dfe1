using System.IO.Pipelines;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Tests.Support;

namespace Cellgate.Smpp.Tests;

/// <summary>
/// The incoming window (<see cref="SmppSessionOptions.MaxIncomingInFlight"/>) as a peer sees it: a request's slot is
/// free by the time its response can be read, so an ESME whose window equals ours is never throttled. Found by the SMPP
/// benchmark (issue 9): a window-100 ESME against the server's window of 100 got a few ESME_RTHROTTLED per 10,000
/// submits, for requests sent after it had read a response whose slot the server had not yet given back.
/// </summary>
public class IncomingWindowTests
{
    [Fact]
    public async Task A_request_sent_after_reading_the_response_that_freed_the_window_is_not_throttled()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var gated = new GatedWriter(toClient.Writer);
        var thirdHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SmppRequestHandler handler = (session, request, ct) =>
        {
            if (request is SubmitSm { SequenceNumber: 3 }) thirdHandled.TrySetResult();
            return ValueTask.FromResult<SmppResponse?>(request switch
            {
                BindRequest bind => ((BindResponse)bind.CreateResponse()) with { SystemId = "cellgate" },
                SubmitSm submit => new SubmitSmResp { MessageId = $"m{submit.SequenceNumber}" },
                _ => request.CreateResponse(),
            });
        };
        await using var server = new SmppSession(new End(toServer.Reader, gated),
            new SmppSessionOptions { MaxIncomingInFlight = 1, EnquireLinkInterval = TimeSpan.Zero }, handler);
        server.Start();
        var esme = new RawPeer(new End(toClient.Reader, toServer.Writer));
        await esme.SendAsync(new BindTransceiver { SystemId = "esme", Password = "secret", SequenceNumber = 1 });
        Assert.Equal(CommandStatus.ESME_ROK, (await esme.ReceiveAsync<BindTransceiverResp>()).CommandStatus);

        // The server's write of the next response stays "in progress" (flushed, readable, but not returned) until it
        // has admitted submit 3, or for 2 s: the moment in which a prompt peer's next request arrives.
        gated.HoldNextFlushUntil(thirdHandled.Task);
        await esme.SendAsync(new SubmitSm { SequenceNumber = 2, DestAddr = SmppAddress.International("4917000002"), ShortMessage = "one"u8.ToArray() });
        var first = await esme.ReceiveAsync<SubmitSmResp>();
        Assert.Equal((CommandStatus.ESME_ROK, 2u), (first.CommandStatus, first.SequenceNumber));
        await esme.SendAsync(new SubmitSm { SequenceNumber = 3, DestAddr = SmppAddress.International("4917000002"), ShortMessage = "two"u8.ToArray() });
        var second = await esme.ReceiveAsync<SubmitSmResp>();
        Assert.Equal((CommandStatus.ESME_ROK, 3u, "m3"), (second.CommandStatus, second.SequenceNumber, second.MessageId));
    }

    private sealed record End(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>A PipeWriter whose next flush, once armed, returns only after a task completes (or 2 s).</summary>
    private sealed class GatedWriter(PipeWriter inner) : PipeWriter
    {
        private Task? _gate;

        public void HoldNextFlushUntil(Task gate) => _gate = gate;

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.FlushAsync(cancellationToken);
            if (Interlocked.Exchange(ref _gate, null) is { } gate)
                await gate.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return result;
        }

        public override void Advance(int bytes) => inner.Advance(bytes);
        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}
