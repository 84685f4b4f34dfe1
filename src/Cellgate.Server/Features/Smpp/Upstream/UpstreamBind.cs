using System.Net.Security;
using System.Net.Sockets;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>What a bind is doing now (shown by <c>GET /api/v1/admin/smpp_upstream</c>).</summary>
public enum UpstreamBindState
{
    /// <summary>Not started yet, or stopped.</summary>
    Idle,
    Connecting,
    Bound,
    /// <summary>Bound, but the SMSC answered ESME_RTHROTTLED: no submits until the pause ends.</summary>
    Throttled,
    /// <summary>Waiting before the next connection attempt (after a refused or lost bind).</summary>
    Waiting,
}

/// <summary>
/// One connection to an upstream SMSC: connects, binds, keeps the session until it ends, then reconnects after an
/// exponential back-off (<c>ReconnectMinSeconds</c> doubling up to <c>ReconnectMaxSeconds</c>, reset by a successful
/// bind). A separate window semaphore lets the transport wait for a slot with a deadline without ever cancelling a
/// submit_sm that has left (its outcome would be unknown).
/// </summary>
internal sealed class UpstreamBind(SmppUpstream upstream, int index, CommandId kind)
{
    private readonly SmppUpstreamOptions _o = upstream.Options;
    private SmppSession? _session;
    private long _throttledUntilTicks;
    private int _consecutiveThrottles;
    private int _failures;
    private volatile bool _stopped;

    public int Index { get; } = index;
    public CommandId Kind { get; } = kind;
    public bool CanTransmit => Kind != CommandId.BindReceiver;
    public string KindName => Kind switch { CommandId.BindTransmitter => "transmitter", CommandId.BindReceiver => "receiver", _ => "transceiver" };

    /// <summary>Slots of the window the transport may use (the session's own window is the same size).</summary>
    public SemaphoreSlim Window { get; } = new(upstream.Options.WindowSize, upstream.Options.WindowSize);

    public UpstreamBindState State { get; private set; } = UpstreamBindState.Idle;
    public DateTimeOffset? BoundSince { get; private set; }
    public DateTimeOffset? NextAttempt { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? LastErrorAt { get; private set; }
    public long Connects { get; private set; }

    /// <summary>Completes when the first connection attempt since the start has ended (bound, refused or failed).</summary>
    public Task FirstAttempt => _firstAttempt.Task;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int InFlight => _session?.InFlight ?? 0;

    public DateTimeOffset? ThrottledUntil =>
        Interlocked.Read(ref _throttledUntilTicks) is var t and > 0 && new DateTimeOffset(t, TimeSpan.Zero) > upstream.Time.GetUtcNow()
            ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>The bound session when this bind can take a submit now (bound, transmitting, not throttled), else null.</summary>
    public SmppSession? Usable => CanTransmit && _session is { State: SmppSessionState.Bound } s && ThrottledUntil is null ? s : null;

    public UpstreamBindState CurrentState => State == UpstreamBindState.Bound && ThrottledUntil is not null ? UpstreamBindState.Throttled : State;

    /// <summary>
    /// The SMSC throttled us: pause this bind (doubling while throttles repeat after pauses); returns how long until
    /// it submits again. The other answers of a window already in flight when the pause began do not lengthen it.
    /// </summary>
    public TimeSpan Throttle()
    {
        if (ThrottledUntil is { } until) return until - upstream.Time.GetUtcNow();
        var n = Math.Min(Interlocked.Increment(ref _consecutiveThrottles), 16);
        var pause = TimeSpan.FromSeconds(Math.Min(_o.ThrottleBackoffSeconds * Math.Pow(2, n - 1), _o.ReconnectMaxSeconds));
        Interlocked.Exchange(ref _throttledUntilTicks, upstream.Time.GetUtcNow().Add(pause).UtcTicks);
        return pause;
    }

    /// <summary>A submit went through: the throttle back-off starts from its minimum again.</summary>
    public void Accepted() => Interlocked.Exchange(ref _consecutiveThrottles, 0);

    /// <summary>Connects, binds, waits for the session to end, backs off, again, until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && !_stopped)
        {
            State = UpstreamBindState.Connecting;
            NextAttempt = null;
            SmppSession? session = null;
            try
            {
                session = await ConnectAsync(stopping);
                _session = session;
                Connects++;
                _failures = 0;
                Interlocked.Exchange(ref _throttledUntilTicks, 0);
                BoundSince = upstream.Time.GetUtcNow();
                State = UpstreamBindState.Bound;
                upstream.Log.Bound(upstream.Name, KindName, Index, _o.Host, _o.Port);
                _firstAttempt.TrySetResult();
                var reason = await session.Completion.WaitAsync(stopping);
                if (_stopped) break; // unbound on shutdown
                Fail($"connection closed: {reason}");
                upstream.Log.Lost(upstream.Name, KindName, Index, reason.ToString());
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SmppBindException e)
            {
                Fail($"bind refused: {e.Status.Describe()}");
                upstream.Log.BindRefused(upstream.Name, KindName, Index, e.Status.Describe());
            }
            catch (Exception e)
            {
                // Unreachable, reset, TLS refused, timed out — or anything unexpected: the loop's one policy is log,
                // back off, try again (a bind loop that ended would leave the upstream down for good).
                Fail(e.Message);
                upstream.Log.ConnectFailed(upstream.Name, KindName, Index, e.Message);
            }
            finally
            {
                _firstAttempt.TrySetResult();
                _session = null;
                BoundSince = null;
                if (session is not null) await session.DisposeAsync();
            }
            upstream.Metrics.Reconnect(upstream.Name);
            var wait = TimeSpan.FromSeconds(Math.Min(_o.ReconnectMinSeconds * Math.Pow(2, Math.Min(_failures, 20)), _o.ReconnectMaxSeconds));
            _failures++;
            State = UpstreamBindState.Waiting;
            NextAttempt = upstream.Time.GetUtcNow().Add(wait);
            try
            {
                await Task.Delay(wait, upstream.Time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        State = UpstreamBindState.Idle;
        _firstAttempt.TrySetResult();
    }

    /// <summary>On shutdown: unbind gracefully (submits in flight are answered first, bounded by the response timeout).</summary>
    public async Task UnbindAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        if (_session is { } s)
        {
            try { await s.UnbindAsync(cancellationToken); }
            catch (OperationCanceledException) { }
        }
    }

    private void Fail(string error)
    {
        LastError = error;
        LastErrorAt = upstream.Time.GetUtcNow();
    }

    private async Task<SmppSession> ConnectAsync(CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(_o.ResponseTimeoutSeconds)); // real time: a connect that hangs must not block the loop
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            await socket.ConnectAsync(_o.Host, _o.Port, timeout.Token);
            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connect to {_o.Host}:{_o.Port} timed out");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (_o.Tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                var tls = new SslClientAuthenticationOptions { TargetHost = _o.Host };
                if (_o.TlsAllowUntrustedCertificate) tls.RemoteCertificateValidationCallback = (_, _, _, _) => true;
                await ssl.AuthenticateAsClientAsync(tls, timeout.Token);
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
            stream = ssl;
        }
        var session = SmppSession.ForStream(stream, _o.SessionOptions(Index, KindName), upstream.HandleAsync, SmppUpstream.SessionTime, upstream.SessionLogger);
        session.Start();
        BindRequest bind = Kind switch
        {
            CommandId.BindTransmitter => new BindTransmitter { SystemId = _o.SystemId, Password = _o.Password, SystemType = _o.SystemType },
            CommandId.BindReceiver => new BindReceiver { SystemId = _o.SystemId, Password = _o.Password, SystemType = _o.SystemType },
            _ => new BindTransceiver { SystemId = _o.SystemId, Password = _o.Password, SystemType = _o.SystemType },
        };
        try
        {
            await session.BindAsync(bind, stopping);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
