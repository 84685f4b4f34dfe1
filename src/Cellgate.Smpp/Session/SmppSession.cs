using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cellgate.Smpp.Session;

/// <summary>Where a session is in its life.</summary>
public enum SmppSessionState
{
    /// <summary>Connected, not bound yet.</summary>
    Open,
    Bound,
    /// <summary>An unbind is under way (ours or the peer's): no new requests.</summary>
    Unbinding,
    Closed,
}

/// <summary>Why a session ended.</summary>
public enum SmppCloseReason
{
    /// <summary>Unbound by either side.</summary>
    Unbound,
    /// <summary>The peer closed the connection without unbinding.</summary>
    PeerClosed,
    /// <summary>The peer did not answer enquire_link in time.</summary>
    KeepAliveTimeout,
    /// <summary>The peer did not bind within <see cref="SmppSessionOptions.BindTimeout"/>.</summary>
    BindTimeout,
    /// <summary>The peer sent an impossible command_length: the stream could not be resynchronised.</summary>
    FramingLost,
    /// <summary>Closed by our side (<see cref="SmppSession.DisposeAsync"/> or cancellation).</summary>
    Aborted,
    /// <summary>The transport failed (socket error).</summary>
    TransportError,
}

/// <summary>
/// Answers one request from the peer: return its response (status and body); the session sets the sequence
/// number. Return null only for requests without a response (outbind, alert_notification). A throwing handler
/// answers ESME_RSYSERR; the session lives on. Handlers run concurrently up to
/// <see cref="SmppSessionOptions.MaxIncomingInFlight"/>, so responses may leave out of order (SMPP allows it).
/// Bind requests are handled one at a time, before anything else is read.
/// </summary>
public delegate ValueTask<SmppResponse?> SmppRequestHandler(SmppSession session, SmppRequest request, CancellationToken cancellationToken);

/// <summary>
/// One SMPP connection, either side (ESME or SMSC), over any duplex pipe — a socket, Kestrel's ConnectionContext
/// transport, or an in-memory pipe in tests. It owns sequence numbers, the window of our unanswered requests
/// (keyed by sequence number), response timeouts, enquire_link both ways, unbind both ways, bind-state checks,
/// and throttling both ways. Start it with <see cref="Start"/> or <see cref="RunAsync"/>.
/// </summary>
public sealed partial class SmppSession : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly IAsyncDisposable? _owned;
    private readonly SmppSessionOptions _options;
    private readonly SmppRequestHandler? _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<uint, Pending> _pending = new();
    private readonly ConcurrentDictionary<Task, byte> _handlers = new();
    private readonly SemaphoreSlim _window;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<SmppCloseReason> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TokenBucket? _incomingRate;
    private readonly TokenBucket? _outgoingRate;
    private int _sequence;
    private int _incomingInFlight;
    private int _writersQueued;
    private bool _unflushed; // guarded by _writeLock
    private int _state = (int)SmppSessionState.Open;
    private int _started;
    private long _lastReceived;
    private long _throttledUntil;
    private Task? _run;

    public SmppSession(IDuplexPipe transport, SmppSessionOptions? options = null, SmppRequestHandler? handler = null,
        TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(transport, null, options, handler, timeProvider, logger) { }

    /// <summary>A session over a stream (a socket's NetworkStream, an SslStream); the stream is disposed when the session ends.</summary>
    public static SmppSession ForStream(Stream stream, SmppSessionOptions? options = null, SmppRequestHandler? handler = null,
        TimeProvider? timeProvider = null, ILogger? logger = null) =>
        new(new StreamDuplexPipe(stream), stream, options, handler, timeProvider, logger);

    private SmppSession(IDuplexPipe transport, IAsyncDisposable? owned, SmppSessionOptions? options, SmppRequestHandler? handler,
        TimeProvider? timeProvider, ILogger? logger)
    {
        _transport = transport;
        _owned = owned;
        _options = (options ?? new SmppSessionOptions()).Clone().Validate();
        _handler = handler;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _window = new SemaphoreSlim(_options.WindowSize, _options.WindowSize);
        if (_options.IncomingRateLimit is { } inRate) _incomingRate = new TokenBucket(inRate, _time);
        if (_options.OutgoingRateLimit is { } outRate) _outgoingRate = new TokenBucket(outRate, _time);
        _lastReceived = _time.GetTimestamp();
    }

    public string Name => _options.Name;
    public SmppSessionState State => (SmppSessionState)Volatile.Read(ref _state);

    /// <summary>The bind that made this session bound: ours (ESME side) or the peer's that the handler accepted (SMSC side).</summary>
    public BindRequest? Bind { get; private set; }

    /// <summary>True when the peer bound to us (we are the SMSC side); false when we bound to the peer.</summary>
    public bool IsServerSide { get; private set; }

    /// <summary>Our requests awaiting a response.</summary>
    public int InFlight => _pending.Count;

    /// <summary>Completes with the reason when the session has ended; never faults.</summary>
    public Task<SmppCloseReason> Completion => _completion.Task;

    /// <summary>Starts reading (and the keep-alive) in the background; returns at once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        _run = Task.Run(RunLoopsAsync);
    }

    /// <summary>Runs the session until it ends (for Kestrel's ConnectionHandler.OnConnectedAsync); <paramref name="cancellationToken"/> aborts it.</summary>
    public async Task<SmppCloseReason> RunAsync(CancellationToken cancellationToken = default)
    {
        Start();
        await using var registration = cancellationToken.Register(static s => _ = ((SmppSession)s!).CloseAsync(SmppCloseReason.Aborted), this);
        return await Completion.ConfigureAwait(false);
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Sends a request and waits for its response. A peer's error status is returned, not thrown (check
    /// <see cref="SmppPdu.CommandStatus"/>; <see cref="CommandStatuses.IsTransient"/> tells ESME_RTHROTTLED and
    /// friends apart); a generic_nack comes back as the expected response carrying the nack's status. Waits for a
    /// window slot first. Throws <see cref="SmppResponseTimeoutException"/> or <see cref="SmppSessionClosedException"/>.
    /// </summary>
    public Task<SmppResponse> SendAsync(SmppRequest request, CancellationToken cancellationToken = default) => SendCoreAsync(request, null, cancellationToken);

    private async Task<SmppResponse> SendCoreAsync(SmppRequest request, Action<SmppResponse>? received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.ExpectsResponse) throw new ArgumentException($"{request.CommandId} has no response; use PostAsync.", nameof(request));
        ThrowIfCannotSend(request);

        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitForSendSlotAsync(cancellationToken).ConfigureAwait(false);
            var sequence = NextSequence();
            var pending = new Pending(request.CommandId, sequence) { Received = received };
            _pending[sequence] = pending;
            try
            {
                if (State == SmppSessionState.Closed) throw Closed();
                pending.Timer = _time.CreateTimer(static s => ((Pending)s!).Timeout(), pending, _options.ResponseTimeout, Timeout.InfiniteTimeSpan);
                await using var registration = cancellationToken.Register(static s => ((Pending)s!).Cancel(), pending);
                await WriteAsync(request.SequenceNumber == sequence ? request : request with { SequenceNumber = sequence }, cancellationToken).ConfigureAwait(false);
                SmppResponse response;
                try
                {
                    response = await pending.Task.ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    LogResponseTimeout(Name, request.CommandId, sequence);
                    throw new SmppResponseTimeoutException(request.CommandId, sequence, _options.ResponseTimeout);
                }
                if (response is GenericNack nack && request.CommandId.ResponseFor() != CommandId.GenericNack)
                    response = request.CreateResponse(nack.CommandStatus) with { SequenceNumber = sequence };
                if (response.CommandStatus == CommandStatus.ESME_RTHROTTLED && _options.ThrottledPause > TimeSpan.Zero)
                    Volatile.Write(ref _throttledUntil, _time.GetTimestamp() + (long)(_options.ThrottledPause.TotalSeconds * _time.TimestampFrequency));
                return response;
            }
            finally
            {
                _pending.TryRemove(sequence, out _);
                pending.Timer?.Dispose();
            }
        }
        finally
        {
            _window.Release();
        }
    }

    /// <summary>As <see cref="SendAsync(SmppRequest, CancellationToken)"/>, typed.</summary>
    public async Task<TResponse> SendAsync<TResponse>(SmppRequest request, CancellationToken cancellationToken = default)
        where TResponse : SmppResponse
    {
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response as TResponse
            ?? throw new SmppException($"The peer answered {request.CommandId} with {response.CommandId}.");
    }

    public Task<SubmitSmResp> SubmitAsync(SubmitSm submit, CancellationToken cancellationToken = default) =>
        SendAsync<SubmitSmResp>(submit, cancellationToken);

    /// <summary>
    /// As <see cref="SubmitAsync(SubmitSm, CancellationToken)"/>, and <paramref name="received"/> runs on the session's
    /// reader as soon as the response is read, before any PDU read after it is handled (the awaiting caller resumes
    /// later, on the thread pool). For what a following PDU may depend on: an SMSC can send a delivery receipt right
    /// behind its submit_sm_resp, and the receipt's handler must find the message id already known. It gets the response
    /// as read (a generic_nack included) and must be quick; if it throws, this call throws that exception.
    /// </summary>
    public async Task<SubmitSmResp> SubmitWithCallbackAsync(SubmitSm submit, Action<SmppResponse> received, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        var response = await SendCoreAsync(submit, received, cancellationToken).ConfigureAwait(false);
        return response as SubmitSmResp ?? throw new SmppException($"The peer answered {submit.CommandId} with {response.CommandId}.");
    }

    public Task<DeliverSmResp> DeliverAsync(DeliverSm deliver, CancellationToken cancellationToken = default) =>
        SendAsync<DeliverSmResp>(deliver, cancellationToken);

    public Task<EnquireLinkResp> EnquireLinkAsync(CancellationToken cancellationToken = default) =>
        SendAsync<EnquireLinkResp>(new EnquireLink(), cancellationToken);

    /// <summary>Sends a request that has no response (outbind, alert_notification).</summary>
    public async Task PostAsync(SmppRequest request, CancellationToken cancellationToken = default)
    {
        if (request.ExpectsResponse) throw new ArgumentException($"{request.CommandId} expects a response; use SendAsync.", nameof(request));
        ThrowIfCannotSend(request);
        await WriteAsync(request with { SequenceNumber = NextSequence() }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds to the peer (we are the ESME side). Throws <see cref="SmppBindException"/> when refused.</summary>
    public async Task<BindResponse> BindAsync(BindRequest bind, CancellationToken cancellationToken = default)
    {
        if (State != SmppSessionState.Open) throw new InvalidOperationException($"Cannot bind in state {State}.");
        var response = await SendAsync<BindResponse>(bind, cancellationToken).ConfigureAwait(false);
        if (response.CommandStatus != CommandStatus.ESME_ROK) throw new SmppBindException(response.CommandStatus);
        Bind = bind;
        IsServerSide = false;
        Interlocked.CompareExchange(ref _state, (int)SmppSessionState.Bound, (int)SmppSessionState.Open);
        LogBound(Name, bind.CommandId, bind.SystemId, IsServerSide);
        return response;
    }

    /// <summary>
    /// Unbinds gracefully: refuses new requests, lets ours in flight finish (up to the response timeout), sends
    /// unbind, waits for unbind_resp, closes. Safe to call in any state.
    /// </summary>
    public async Task UnbindAsync(CancellationToken cancellationToken = default)
    {
        var previous = (SmppSessionState)Interlocked.CompareExchange(ref _state, (int)SmppSessionState.Unbinding, (int)SmppSessionState.Bound);
        if (previous == SmppSessionState.Open)
            previous = (SmppSessionState)Interlocked.CompareExchange(ref _state, (int)SmppSessionState.Unbinding, (int)SmppSessionState.Open);
        if (previous is SmppSessionState.Closed or SmppSessionState.Unbinding)
        {
            await Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            // Our requests in flight finish first (each has its own response timer).
            await DrainAsync(_pending.Values.Select(p => (Task)p.Task), cancellationToken).ConfigureAwait(false);
            await SendInternalAsync(new Unbind(), cancellationToken).ConfigureAwait(false);
        }
        catch (SmppException e)
        {
            LogUnbindUnanswered(Name, e.Message);
        }
        await CloseAsync(SmppCloseReason.Unbound).ConfigureAwait(false);
    }

    /// <summary>Closes at once without unbinding (pending requests fail with <see cref="SmppSessionClosedException"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync(SmppCloseReason.Aborted).ConfigureAwait(false);
        if (_run is not null) await _run.ConfigureAwait(false);
    }

    private async Task SendInternalAsync(SmppRequest request, CancellationToken cancellationToken)
    {
        // Unbind and keep-alive bypass the Unbinding check and the send throttles, but not the window.
        var sequence = NextSequence();
        var pending = new Pending(request.CommandId, sequence);
        _pending[sequence] = pending;
        try
        {
            pending.Timer = _time.CreateTimer(static s => ((Pending)s!).Timeout(), pending, _options.ResponseTimeout, Timeout.InfiniteTimeSpan);
            await using var registration = cancellationToken.Register(static s => ((Pending)s!).Cancel(), pending);
            await WriteAsync(request with { SequenceNumber = sequence }, cancellationToken).ConfigureAwait(false);
            try
            {
                await pending.Task.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new SmppResponseTimeoutException(request.CommandId, sequence, _options.ResponseTimeout);
            }
        }
        finally
        {
            _pending.TryRemove(sequence, out _);
            pending.Timer?.Dispose();
        }
    }

    /// <summary>Waits for <paramref name="tasks"/> to end, at most one response timeout; their outcomes do not matter here.</summary>
    private async Task DrainAsync(IEnumerable<Task> tasks, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(tasks.ToArray());
        try
        {
            await all.WaitAsync(_options.ResponseTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Failed or timed out requests are the caller's to see; the drain only waits.
        }
    }

    private void ThrowIfCannotSend(SmppRequest request)
    {
        var state = State;
        if (state == SmppSessionState.Closed || (state == SmppSessionState.Unbinding && request is not Unbind))
            throw Closed();
    }

    private SmppSessionClosedException Closed() =>
        new(Completion.IsCompleted ? Completion.Result : SmppCloseReason.Unbound, $"SMPP session {Name} is {State.ToString().ToLowerInvariant()}.");

    private async ValueTask WaitForSendSlotAsync(CancellationToken cancellationToken)
    {
        var until = Volatile.Read(ref _throttledUntil);
        var now = _time.GetTimestamp();
        if (until > now) await Task.Delay(_time.GetElapsedTime(now, until), _time, cancellationToken).ConfigureAwait(false);
        if (_outgoingRate is not null) await _outgoingRate.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private uint NextSequence()
    {
        // 1..0x7FFFFFFF, wrapping (§5.1.4).
        var next = (uint)Interlocked.Increment(ref _sequence) & 0x7FFFFFFFu;
        return next == 0 ? NextSequence() : next;
    }

    /// <summary>
    /// Writes one PDU. Encoding happens before taking the write lock (an invalid PDU throws without touching the
    /// connection); a writer that sees another queued behind it leaves the flush to that one, so a burst of responses
    /// goes out in one flush rather than one system call each.
    /// </summary>
    private async ValueTask WriteAsync(SmppPdu pdu, CancellationToken cancellationToken)
    {
        var bytes = SmppCodec.Encode(pdu);
        Interlocked.Increment(ref _writersQueued);
        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _writersQueued);
            await FlushLeftoversAsync().ConfigureAwait(false); // a writer ahead may have counted on us to flush
            throw;
        }
        Interlocked.Decrement(ref _writersQueued);
        try
        {
            if (State == SmppSessionState.Closed && pdu is not GenericNack) throw Closed();
            _transport.Output.Write(bytes);
            if (Volatile.Read(ref _writersQueued) > 0)
            {
                _unflushed = true; // the writer queued behind us flushes both
                return;
            }
            _unflushed = false;
            var flush = await _transport.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted || flush.IsCanceled) throw Closed();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            _ = CloseAsync(SmppCloseReason.TransportError);
            throw new SmppSessionClosedException(SmppCloseReason.TransportError, $"SMPP session {Name}: write failed: {e.Message}");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task FlushLeftoversAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_unflushed && Volatile.Read(ref _writersQueued) == 0 && State != SmppSessionState.Closed)
            {
                _unflushed = false;
                await _transport.Output.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            _ = CloseAsync(SmppCloseReason.TransportError);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes a response or nack; a failure closes the session but never escapes into the read loop.</summary>
    private async ValueTask ReplyAsync(SmppPdu pdu)
    {
        try
        {
            await WriteAsync(pdu, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmppException or OperationCanceledException)
        {
            LogReplyFailed(Name, pdu.CommandId, pdu.SequenceNumber);
        }
    }

    // ---- receiving ----------------------------------------------------------------------------------------------

    private async Task RunLoopsAsync()
    {
        var keepAlive = KeepAliveLoopAsync();
        SmppCloseReason reason;
        try
        {
            reason = await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogReadFailed(Name, e);
            reason = SmppCloseReason.TransportError;
        }
        await CloseAsync(reason).ConfigureAwait(false);
        await keepAlive.ConfigureAwait(false);
    }

    private async Task<SmppCloseReason> ReadLoopAsync()
    {
        var input = _transport.Input;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await input.ReadAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return SmppCloseReason.Aborted;
                }
                if (result.IsCanceled) return SmppCloseReason.Aborted;
                var buffer = result.Buffer;
                try
                {
                    while (true)
                    {
                        var status = SmppCodec.TryRead(ref buffer, out var pdu, out var error, _options.MaxCommandLength);
                        if (status == SmppReadStatus.Incomplete) break;
                        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                        switch (status)
                        {
                            case SmppReadStatus.Pdu:
                                await DispatchAsync(pdu!).ConfigureAwait(false);
                                break;
                            case SmppReadStatus.Invalid:
                                await RejectAsync(error!).ConfigureAwait(false);
                                break;
                            case SmppReadStatus.FramingLost:
                                LogFramingLost(Name, error!.ToString());
                                await ReplyAsync(new GenericNack { CommandStatus = CommandStatus.ESME_RINVCMDLEN, SequenceNumber = error.SequenceNumber }).ConfigureAwait(false);
                                return SmppCloseReason.FramingLost;
                        }
                        if (State == SmppSessionState.Closed) return Completion.IsCompleted ? Completion.Result : SmppCloseReason.Unbound;
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted) return State == SmppSessionState.Unbinding ? SmppCloseReason.Unbound : SmppCloseReason.PeerClosed;
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask RejectAsync(SmppDecodeError error)
    {
        LogInvalidPdu(Name, error.ToString());
        if (error.CommandId.IsResponse() && _pending.TryGetValue(error.SequenceNumber, out var pending))
        {
            // The peer answered, but we cannot read the answer (say, an over-long message_id): the outcome is unknown,
            // like a timeout — not the peer's refusal, so no status is made up for it.
            pending.Fail(new SmppMalformedResponseException(error));
            return;
        }
        if (error.CreateReply() is { } reply) await ReplyAsync(reply).ConfigureAwait(false);
    }

    private async ValueTask DispatchAsync(SmppPdu pdu)
    {
        switch (pdu)
        {
            case SmppResponse response:
                if (_pending.TryGetValue(response.SequenceNumber, out var pending)) pending.Complete(response);
                else LogUnexpectedResponse(Name, response.CommandId, response.SequenceNumber);
                return;
            case EnquireLink enquire:
                await ReplyAsync(new EnquireLinkResp { SequenceNumber = enquire.SequenceNumber }).ConfigureAwait(false);
                return;
            case Unbind unbind:
                await AnswerUnbindAsync(unbind).ConfigureAwait(false);
                return;
            case BindRequest bind:
                await HandleBindAsync(bind).ConfigureAwait(false);
                return;
            case SmppRequest request:
                if (BindStateError(request) is { } bindStatus)
                {
                    if (request.ExpectsResponse) await ReplyAsync(request.CreateResponse(bindStatus)).ConfigureAwait(false);
                    return;
                }
                if (Interlocked.Increment(ref _incomingInFlight) > _options.MaxIncomingInFlight || _incomingRate?.TryTake() == false)
                {
                    Interlocked.Decrement(ref _incomingInFlight);
                    LogThrottledPeer(Name, request.CommandId, request.SequenceNumber);
                    if (request.ExpectsResponse) await ReplyAsync(request.CreateResponse(CommandStatus.ESME_RTHROTTLED)).ConfigureAwait(false);
                    return;
                }
                var handling = HandleAsync(request);
                if (!handling.IsCompleted)
                {
                    _handlers.TryAdd(handling, 0);
                    _ = handling.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _handlers,
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                return;
        }
    }

    private CommandStatus? BindStateError(SmppRequest request)
    {
        var state = State;
        if (request is Outbind) return state == SmppSessionState.Open ? null : CommandStatus.ESME_RINVBNDSTS;
        if (state == SmppSessionState.Unbinding) return CommandStatus.ESME_RINVBNDSTS;
        if (state != SmppSessionState.Bound || Bind is not { } bind) return CommandStatus.ESME_RINVBNDSTS;
        if (IsServerSide)
        {
            // The ESME sends these; a receiver-only bind may not.
            var transmits = request is SubmitSm or SubmitMulti or DataSm or QuerySm or CancelSm or ReplaceSm;
            return transmits && !bind.CanTransmit ? CommandStatus.ESME_RINVBNDSTS : null;
        }
        var receives = request is DeliverSm or DataSm or AlertNotification;
        return receives && !bind.CanReceive ? CommandStatus.ESME_RINVBNDSTS : null;
    }

    private async Task HandleAsync(SmppRequest request)
    {
        var slotHeld = true;
        try
        {
            SmppResponse? response;
            try
            {
                response = _handler is null
                    ? request.CreateResponse(CommandStatus.ESME_RINVCMDID)
                    : await _handler(this, request, _stopping.Token).ConfigureAwait(false);
                if (response is null && request.ExpectsResponse)
                {
                    LogHandlerReturnedNull(Name, request.CommandId);
                    response = request.CreateResponse(CommandStatus.ESME_RSYSERR);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                LogHandlerFailed(Name, request.CommandId, e);
                response = request.ExpectsResponse ? request.CreateResponse(CommandStatus.ESME_RSYSERR) : null;
            }
            // The window slot is given back before the response can reach the peer: a peer whose window equals ours
            // sends its next request as soon as it reads this response, and must find the slot free (not ESME_RTHROTTLED).
            slotHeld = false;
            Interlocked.Decrement(ref _incomingInFlight);
            if (response is not null && request.ExpectsResponse)
                await ReplyAsync(response.SequenceNumber == request.SequenceNumber ? response : response with { SequenceNumber = request.SequenceNumber }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The session is closing; nothing to answer on.
        }
        finally
        {
            if (slotHeld) Interlocked.Decrement(ref _incomingInFlight);
        }
    }

    private async ValueTask HandleBindAsync(BindRequest bind)
    {
        if (State != SmppSessionState.Open)
        {
            await ReplyAsync(bind.CreateResponse(CommandStatus.ESME_RALYBND)).ConfigureAwait(false);
            return;
        }
        SmppResponse? response;
        try
        {
            response = _handler is null ? bind.CreateResponse(CommandStatus.ESME_RBINDFAIL) : await _handler(this, bind, _stopping.Token).ConfigureAwait(false);
            response ??= bind.CreateResponse(CommandStatus.ESME_RBINDFAIL);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            LogHandlerFailed(Name, bind.CommandId, e);
            response = bind.CreateResponse(CommandStatus.ESME_RSYSERR);
        }
        response = response with { SequenceNumber = bind.SequenceNumber };
        if (response.CommandStatus == CommandStatus.ESME_ROK)
        {
            Bind = bind;
            IsServerSide = true;
            Interlocked.CompareExchange(ref _state, (int)SmppSessionState.Bound, (int)SmppSessionState.Open);
            LogBound(Name, bind.CommandId, bind.SystemId, IsServerSide);
        }
        else
        {
            LogBindRefused(Name, bind.CommandId, bind.SystemId, response.CommandStatus);
        }
        await ReplyAsync(response).ConfigureAwait(false);
    }

    private async ValueTask AnswerUnbindAsync(Unbind unbind)
    {
        LogPeerUnbind(Name);
        var previous = (SmppSessionState)Interlocked.Exchange(ref _state, (int)SmppSessionState.Unbinding);
        if (previous == SmppSessionState.Closed) { Volatile.Write(ref _state, (int)SmppSessionState.Closed); return; }
        // Let the handlers already running answer first (bounded), so the peer gets every response it is owed.
        await DrainAsync(_handlers.Keys, _stopping.Token).ConfigureAwait(false);
        await ReplyAsync(new UnbindResp { SequenceNumber = unbind.SequenceNumber }).ConfigureAwait(false);
        await CloseAsync(SmppCloseReason.Unbound).ConfigureAwait(false);
    }

    private async Task KeepAliveLoopAsync()
    {
        var interval = _options.EnquireLinkInterval;
        var bindTimeout = _options.BindTimeout;
        if (interval == TimeSpan.Zero && bindTimeout == TimeSpan.Zero) return;
        var started = _time.GetTimestamp();
        var tick = (interval, bindTimeout) switch
        {
            (var i, var b) when i == TimeSpan.Zero => b,
            (var i, var b) when b == TimeSpan.Zero => i,
            (var i, var b) => i < b ? i : b,
        };
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(tick, _time, _stopping.Token).ConfigureAwait(false);
                var state = State;
                if (bindTimeout > TimeSpan.Zero && state == SmppSessionState.Open && _time.GetElapsedTime(started) >= bindTimeout)
                {
                    LogBindTimeout(Name);
                    await CloseAsync(SmppCloseReason.BindTimeout).ConfigureAwait(false);
                    return;
                }
                if (interval == TimeSpan.Zero || state is SmppSessionState.Closed or SmppSessionState.Unbinding) continue;
                if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) < interval) continue;
                try
                {
                    await SendInternalAsync(new EnquireLink(), _stopping.Token).ConfigureAwait(false);
                }
                catch (SmppResponseTimeoutException)
                {
                    LogKeepAliveTimeout(Name);
                    await CloseAsync(SmppCloseReason.KeepAliveTimeout).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SmppException)
        {
            // Closing.
        }
    }

    // ---- closing ------------------------------------------------------------------------------------------------

    private async Task CloseAsync(SmppCloseReason reason)
    {
        if (Interlocked.Exchange(ref _state, (int)SmppSessionState.Closed) == (int)SmppSessionState.Closed && _completion.Task.IsCompleted) return;
        if (!_completion.TrySetResult(reason)) return;
        LogClosed(Name, reason);
        _stopping.Cancel();
        _transport.Input.CancelPendingRead();
        _transport.Output.CancelPendingFlush();
        var error = new SmppSessionClosedException(reason, $"SMPP session {Name} closed: {reason}.");
        foreach (var pending in _pending.Values) pending.Fail(error);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is already gone.
        }
        finally
        {
            _writeLock.Release();
        }
        if (_owned is not null)
        {
            try { await _owned.DisposeAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        }
    }

    private sealed class Pending(CommandId command, uint sequence)
    {
        private readonly TaskCompletionSource<SmppResponse> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CommandId Command { get; } = command;
        public uint Sequence { get; } = sequence;
        public ITimer? Timer { get; set; }
        public Task<SmppResponse> Task => _tcs.Task;
        public Action<SmppResponse>? Received { get; init; }

        public void Complete(SmppResponse response)
        {
            try
            {
                Received?.Invoke(response);
            }
            catch (Exception e)
            {
                _tcs.TrySetException(e); // the caller's own callback: its exception surfaces at its await, the reader goes on
                return;
            }
            _tcs.TrySetResult(response);
        }
        public void Timeout() => _tcs.TrySetException(new TimeoutException());
        public void Cancel() => _tcs.TrySetCanceled();
        public void Fail(Exception e) => _tcs.TrySetException(e);
    }

    // ---- logging (never message content) ------------------------------------------------------------------------

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "SMPP {Session}: bound as {BindType} (system_id {SystemId}, server side {ServerSide})")]
    private partial void LogBound(string session, CommandId bindType, string systemId, bool serverSide);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "SMPP {Session}: refused {BindType} for system_id {SystemId}: {Status}")]
    private partial void LogBindRefused(string session, CommandId bindType, string systemId, CommandStatus status);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "SMPP {Session}: closed ({Reason})")]
    private partial void LogClosed(string session, SmppCloseReason reason);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "SMPP {Session}: no response to {Command} sequence {Sequence}")]
    private partial void LogResponseTimeout(string session, CommandId command, uint sequence);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "SMPP {Session}: invalid PDU from the peer: {Error}")]
    private partial void LogInvalidPdu(string session, string error);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Warning, Message = "SMPP {Session}: framing lost, closing: {Error}")]
    private partial void LogFramingLost(string session, string error);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Debug, Message = "SMPP {Session}: response {Command} sequence {Sequence} matches no request (late or unknown)")]
    private partial void LogUnexpectedResponse(string session, CommandId command, uint sequence);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Warning, Message = "SMPP {Session}: throttling the peer's {Command} sequence {Sequence} (ESME_RTHROTTLED)")]
    private partial void LogThrottledPeer(string session, CommandId command, uint sequence);

    [LoggerMessage(EventId = 9108, Level = LogLevel.Error, Message = "SMPP {Session}: the request handler failed on {Command}; answered ESME_RSYSERR")]
    private partial void LogHandlerFailed(string session, CommandId command, Exception exception);

    [LoggerMessage(EventId = 9109, Level = LogLevel.Error, Message = "SMPP {Session}: the request handler returned no response to {Command}; answered ESME_RSYSERR")]
    private partial void LogHandlerReturnedNull(string session, CommandId command);

    [LoggerMessage(EventId = 9110, Level = LogLevel.Information, Message = "SMPP {Session}: the peer unbinds")]
    private partial void LogPeerUnbind(string session);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Warning, Message = "SMPP {Session}: enquire_link unanswered, closing")]
    private partial void LogKeepAliveTimeout(string session);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "SMPP {Session}: not bound in time, closing")]
    private partial void LogBindTimeout(string session);

    [LoggerMessage(EventId = 9113, Level = LogLevel.Debug, Message = "SMPP {Session}: could not send {Command} sequence {Sequence}: the session is closing")]
    private partial void LogReplyFailed(string session, CommandId command, uint sequence);

    [LoggerMessage(EventId = 9114, Level = LogLevel.Warning, Message = "SMPP {Session}: reading failed")]
    private partial void LogReadFailed(string session, Exception exception);

    [LoggerMessage(EventId = 9115, Level = LogLevel.Information, Message = "SMPP {Session}: unbind not acknowledged ({Reason}); closing anyway")]
    private partial void LogUnbindUnanswered(string session, string reason);
}
