using Cellgate.Storage.Entities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellgate.Delivery;

/// <summary>
/// Where MT SMS leave Cellgate: the network simulator now, an SMSC over SMPP later. The transport receives a round's
/// SMS in id order and reports one outcome per SMS. It must keep per-handset order: once an SMS to a handset is not
/// delivered, it answers <see cref="DeliveryResult.Deferred"/> for that handset's later SMS of the round. Delivery is
/// at least once (a node that dies between handing over and recording may hand over again); transports pass the SMS
/// id so the receiving side can drop duplicates.
/// </summary>
public interface ISmsTransport
{
    ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken);
}

/// <summary>Wakes the dispatcher for a round now (an SMS was submitted, a device attached). Signals coalesce.</summary>
public sealed class DispatcherSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    internal Task WaitAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);
}

/// <summary>
/// Store-and-forward: expires what ran out, claims due MT SMS with a lease, hands them to the transport and records
/// the outcomes (delivered; buffered with the back-off schedule; failed). Wakes when an SMS is submitted or a device
/// attaches, otherwise polls. Every time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class SmsDispatcher(
    SmsWriter writer, ISmsTransport transport, DispatcherSignal signal, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<SmsDispatcher> logger,
    DeliveryMetrics? metrics = null) : BackgroundService
{
    private readonly string _node = NodeName(options.Value.NodeId);

    public string NodeId => _node;

    /// <summary>The configured id, or host, process and a random part (a restarted process never reuses a dead one's leases).</summary>
    private static string NodeName(string? configured)
    {
        var name = configured ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return name.Length <= 64 ? name : name[^64..];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        await BackgroundLoop.RunAsync(async ct =>
        {
            var handled = await RunRoundAsync(ct);
            if (handled < o.BatchSize) // else more is waiting: go on at once
                await WaitAsync(TimeSpan.FromMilliseconds(o.PollMilliseconds), ct);
        }, (ex, backoff) => Log.RoundFailed(logger, ex, backoff), time, stoppingToken);
    }

    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(interval, time, cts.Token);
        var woken = signal.WaitAsync(cts.Token);
        await Task.WhenAny(delay, woken);
        await cts.CancelAsync();
        try { await Task.WhenAll(delay, woken); } catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Runs one round now, after the round in progress (if any), and returns how many SMS it claimed. The background
    /// loop runs its rounds through here too, so once this completes every round that started before it has ended:
    /// a test awaits it before asserting that something did <em>not</em> happen.
    /// </summary>
    public async Task<int> RunRoundAsync(CancellationToken cancellationToken = default)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            return await RoundAsync(options.Value, cancellationToken);
        }
        finally
        {
            _round.Release();
        }
    }

    private readonly SemaphoreSlim _round = new(1, 1);

    /// <summary>On shutdown: ends the loop, then hands back this node's leases at once (docs/operations.md).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ReleaseLeasesAsync(cancellationToken);
    }

    /// <summary>Hands back every SMS this node has claimed (see <see cref="LeaseRelease"/>); returns how many.</summary>
    public async Task<int> ReleaseLeasesAsync(CancellationToken cancellationToken = default)
    {
        int released;
        try
        {
            released = await writer.WriteAsync((c, t) => LeaseRelease.Release(c, t, _node), cancellationToken);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return 0; // the writer stopped first (seen in the in-process test host): the leases run out as after a crash
        }
        if (released > 0) Log.LeasesReleased(logger, released);
        return released;
    }

    /// <summary>One round; returns how many SMS it claimed.</summary>
    private async Task<int> RoundAsync(DeliveryOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Expiry and claim share one group transaction: one wait for the writer per round instead of two.
        var (expired, claimed) = await writer.WriteAsync((c, t) =>
            (SmsQueue.ExpireDue(c, t, now, 10_000), SmsQueue.Claim(c, t, _node, now, now.AddSeconds(o.LeaseSeconds), o.BatchSize)), ct);
        if (expired > 0) Log.Expired(logger, expired);
        metrics?.Expired(expired);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (claimed.Count == 0)
        {
            metrics?.RoundEnded(null, claimed, [], started);
            return 0;
        }
        using var span = DeliveryMetrics.StartRound();

        var outcomes = new List<DeliveryOutcome>(claimed.Count);
        var deliverable = new List<ClaimedSms>(claimed.Count);
        foreach (var sms in claimed)
        {
            // A lease that ran out counts as a faulted attempt (Claim counted it): past the limit the SMS fails.
            if (sms.FaultCount >= o.MaxFaultedAttempts) outcomes.Add(new(sms.Id, sms.DeviceId, DeliveryResult.Abandoned));
            // Permanent errors the core network knows without asking the handset.
            else if (!sms.DeviceExists) outcomes.Add(new(sms.Id, sms.DeviceId, DeliveryResult.UnknownSubscriber));
            else if (sms.DeviceSimId is null || sms.DeviceSimId != sms.SimId) outcomes.Add(new(sms.Id, sms.DeviceId, DeliveryResult.UnknownSubscriber));
            else if (sms.SimStatus != SimStatus.Activated || !sms.DeviceEnabled) outcomes.Add(new(sms.Id, sms.DeviceId, DeliveryResult.SimNotActive));
            else deliverable.Add(sms);
        }
        if (deliverable.Count > 0)
            outcomes.AddRange(await DeliverIsolatingFaultsAsync(deliverable, o.MaxFaultedAttempts, ct));

        var retryCounts = claimed.ToDictionary(c => c.Id, c => c.RetryCount);
        var recordedAt = time.GetUtcNow().UtcDateTime;
        await writer.WriteAsync((c, t) =>
        {
            SmsQueue.Record(c, t, _node, recordedAt, outcomes, o.RetryDelay, retryCounts, o.MaxFaultedAttempts);
            return 0;
        }, ct);
        var abandoned = outcomes.Count(x => x.Result == DeliveryResult.Abandoned);
        if (abandoned > 0) Log.Abandoned(logger, abandoned, o.MaxFaultedAttempts);
        metrics?.RoundEnded(span, claimed, outcomes, started);
        Log.Round(logger, claimed.Count, outcomes.Count(x => x.Result == DeliveryResult.Delivered));
        return claimed.Count;
    }

    /// <summary>
    /// Hands the SMS to the transport. When the transport throws, the round does not fail: the SMS are handed over
    /// again device by device and then one by one, so that the SMS that makes it throw (a "poison" SMS) is found and
    /// recorded as <see cref="DeliveryResult.Faulted"/> (its later SMS of the round wait behind it), and every other
    /// SMS gets its real outcome. Handing over again is safe: delivery is at least once and the handset drops
    /// duplicates by SMS id.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryOutcome>> DeliverIsolatingFaultsAsync(List<ClaimedSms> batch, int maxFaults, CancellationToken ct)
    {
        try
        {
            return await transport.DeliverAsync(batch, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Log.TransportFailed(logger, ex, batch.Count);
        }
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        foreach (var device in batch.GroupBy(s => s.DeviceId))
        {
            var sms = device.ToList();
            if (sms.Count > 1)
            {
                try
                {
                    outcomes.AddRange(await transport.DeliverAsync(sms, ct));
                    continue;
                }
                catch (Exception) when (!ct.IsCancellationRequested) { } // find which one, below
            }
            var blocked = false;
            foreach (var one in sms)
            {
                if (blocked)
                {
                    outcomes.Add(new(one.Id, one.DeviceId, DeliveryResult.Deferred));
                    continue;
                }
                DeliveryResult result;
                try
                {
                    result = (await transport.DeliverAsync([one], ct)).Single().Result;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Log.SmsFaulted(logger, ex, one.Id);
                    result = DeliveryResult.Faulted;
                }
                outcomes.Add(new(one.Id, one.DeviceId, result));
                // A faulted SMS that reaches the limit now is FAILED when recorded: the next ones need not wait for it.
                blocked = result.IsTemporary() && !(result == DeliveryResult.Faulted && one.FaultCount + 1 >= maxFaults);
            }
        }
        return outcomes;
    }

    private static partial class Log
    {
        [LoggerMessage(3100, LogLevel.Error, "SMS dispatcher round failed; next round in {Backoff}")]
        public static partial void RoundFailed(ILogger logger, Exception exception, TimeSpan backoff);

        [LoggerMessage(3101, LogLevel.Information, "{Count} SMS expired")]
        public static partial void Expired(ILogger logger, int count);

        [LoggerMessage(3102, LogLevel.Debug, "Dispatcher round: {Claimed} claimed, {Delivered} delivered")]
        public static partial void Round(ILogger logger, int claimed, int delivered);

        [LoggerMessage(3103, LogLevel.Warning, "The SMS transport failed on a batch of {Count} SMS; handing them over one device at a time")]
        public static partial void TransportFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(3104, LogLevel.Warning, "The SMS transport failed on SMS {SmsId}; it is recorded as a faulted attempt")]
        public static partial void SmsFaulted(ILogger logger, Exception exception, long smsId);

        [LoggerMessage(3105, LogLevel.Warning, "{Count} SMS failed: {Max} faulted attempts (a node's lease ran out before it recorded an outcome)")]
        public static partial void Abandoned(ILogger logger, int count, int max);

        [LoggerMessage(3106, LogLevel.Information, "Stopping: released the leases of {Count} SMS")]
        public static partial void LeasesReleased(ILogger logger, int count);
    }
}
