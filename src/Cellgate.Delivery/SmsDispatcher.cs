using Cellgate.Storage.Entities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellgate.Delivery;

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
/// Store-and-forward: expires what ran out, ends submitted SMS whose receipt never came, claims due MT SMS with a
/// lease, hands each device's head to the transport its route names and records the outcomes (delivered; submitted,
/// awaiting a receipt; retried or failed as the retry table says). It owns per-device order: a device's next SMS is
/// handed over only once its previous one is delivered or final. Wakes when an SMS is submitted, a device attaches or
/// a receipt arrives, otherwise polls. Every time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class SmsDispatcher(
    SmsWriter writer, SmsRouter router, DispatcherSignal signal, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<SmsDispatcher> logger,
    DeliveryMetrics? metrics = null, IOptions<WebhookOptions>? webhookOptions = null, WebhookSignal? webhookSignal = null, SmsReceipts? receipts = null) : BackgroundService
{
    // Final states enqueue their delivery-report webhooks in the same transaction (SmsQueue → WebhookOutbox).
    private readonly TimeSpan _webhookMaxAge = webhookOptions?.Value.MaxAge ?? TimeSpan.FromHours(24);

    private readonly string _node = NodeName(options.Value.NodeId);
    private readonly RetryPolicy _policy = new(options.Value);

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
        var handOffs = HandOffLoopAsync(stoppingToken);
        await BackgroundLoop.RunAsync(async ct =>
        {
            var limit = RoundLimit(o);
            var handled = await RunLoopRoundAsync(o, ct);
            // A backlog's round beside other writes: the writer is theirs for a while (DeliveryOptions.BacklogWriterSharePercent).
            // Real time, not the injected clock's: the pause is a share of the writer's time as measured (Stopwatch), not
            // a time of any SMS's schedule, and a test's fake clock does not move with the writer's work.
            if (Interlocked.Exchange(ref _paceTicks, 0) is > 0 and var pace) await Task.Delay(TimeSpan.FromTicks(pace), ct);
            if (handled < limit) // else more is waiting: go on at once
                await WaitAsync(TimeSpan.FromMilliseconds(o.PollMilliseconds), ct);
        }, (ex, backoff) => Log.RoundFailed(logger, ex, backoff), time, stoppingToken);
        await handOffs;
        // Rounds still handing over (their transports' calls were cancelled): their outcomes are recorded or their leases
        // handed back by StopAsync, after this.
        await _round.WaitAsync(CancellationToken.None);
        try { await Task.WhenAll(_delivering); }
        finally { _round.Release(); }
    }

    // ---- Rounds in flight (DeliveryOptions.RoundsInFlight): a round whose SMS go to transports that answer over the
    // network hands them over and records them in the background, and the loop claims the next round meanwhile ----

    // Touched only while holding _round.
    private readonly List<Task> _delivering = [];

    /// <summary>
    /// A round of the background loop: with <see cref="DeliveryOptions.RoundsInFlight"/> above 1, a round whose SMS go to
    /// transports that answer over the network returns once they are claimed and delivers them in the background; at
    /// most that many rounds deliver at once (the claim waits for one to end). The claim never takes an SMS behind one
    /// that is leased, so two rounds never hold SMS of the same device and per-device order holds as with one round.
    /// </summary>
    private async Task<int> RunLoopRoundAsync(DeliveryOptions o, CancellationToken ct)
    {
        await _round.WaitAsync(ct);
        try
        {
            _delivering.RemoveAll(t => t.IsCompleted);
            while (_delivering.Count >= o.RoundsInFlight)
            {
                await Task.WhenAny(_delivering).WaitAsync(ct);
                _delivering.RemoveAll(t => t.IsCompleted);
            }
            return await RoundAsync(o, o.RoundsInFlight > 1, ct);
        }
        finally
        {
            _round.Release();
        }
    }

    // ---- Hand-off at submit: SMS stored leased to this node, handed to a transport that answers over the network ----

    private readonly System.Threading.Channels.Channel<ClaimedSms> _handOffs =
        System.Threading.Channels.Channel.CreateUnbounded<ClaimedSms>(new() { SingleReader = true });

    /// <summary>Hand-overs at once at most (each a batch of what was stored meanwhile); a device is in one at most.</summary>
    private const int HandOffsInFlight = 4;

    private long _handedAtSubmit;

    /// <summary>SMS handed over at submit so far (they took no claim): for tests and diagnostics.</summary>
    public long HandedAtSubmit => Interlocked.Read(ref _handedAtSubmit);

    /// <summary>
    /// What happens to an MT SMS at submit when its device has nothing pending (<see cref="DeliveryOptions.DeliverAtSubmit"/>
    /// on and this node delivering; otherwise <see cref="SubmitPlacement.Queue"/>), by its route, asked once:
    /// <see cref="SubmitPlacement.Deliver"/> when inline delivery is on and the route answers at once from the database
    /// (<see cref="IInlineSmsTransport"/>) — delivered in the transaction that stores it (<see cref="DeliverAtSubmitAsync"/>);
    /// <see cref="SubmitPlacement.HandOff"/> when the route answers over the network (an upstream SMSC) — stored leased to
    /// this node and handed to its transport right after the commit (<see cref="HandOff"/>) instead of waiting for a
    /// round's claim. <paramref name="sms"/> needs only the fields routing reads (MSISDN, organisation).
    /// </summary>
    public SubmitPlacement PlacementAtSubmit(ClaimedSms sms)
    {
        var o = options.Value;
        if (!o.DeliverAtSubmit || !o.Enabled) return SubmitPlacement.Queue;
        if (router.Transport(router.Route(sms)) is not IInlineSmsTransport) return SubmitPlacement.HandOff;
        return o.InlineDelivery ? SubmitPlacement.Deliver : SubmitPlacement.Queue;
    }

    /// <summary>The lease an SMS stored at <paramref name="now"/> for <see cref="SubmitPlacement.HandOff"/> carries.</summary>
    public DateTime LeaseUntil(DateTime now) => now.AddSeconds(options.Value.LeaseSeconds);

    /// <summary>
    /// After the commit that stored them leased to this node (with their devices' state): hands the SMS over as a round
    /// would, outside the request, and records the outcomes. What this node never hands over (it stopped, it crashed) is
    /// taken by a round once the lease runs out, as after any crash.
    /// </summary>
    public void HandOff(IReadOnlyList<ClaimedSms> leased)
    {
        foreach (var sms in leased) _handOffs.Writer.TryWrite(sms);
    }

    private async Task HandOffLoopAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        await BackgroundLoop.RunAsync(async ct =>
        {
            if (!await _handOffs.Reader.WaitToReadAsync(ct)) return;
            running.RemoveAll(r => r.IsCompleted);
            if (running.Count >= HandOffsInFlight) await Task.WhenAny(running);
            var batch = new List<ClaimedSms>();
            while (batch.Count < options.Value.BatchSize && _handOffs.Reader.TryRead(out var sms)) batch.Add(sms);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await HandOverAsync(batch, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Log.HandOffFailed(logger, ex, batch.Count); // their leases run out and a round takes them
                }
            }, CancellationToken.None));
        }, (ex, backoff) => Log.RoundFailed(logger, ex, backoff), time, stoppingToken);
        try { await Task.WhenAll(running); }
        catch (Exception) when (stoppingToken.IsCancellationRequested) { } // stopping: StopAsync hands the leases back
    }

    /// <summary>
    /// The devices a record of <paramref name="outcomes"/> may take order locks for (PostgreSQL: it parks or releases
    /// their queues, <see cref="SmsQueue.RecordAsync"/>), declared to the writer so that its group takes them with every
    /// other write's, sorted, before any write runs. Taken in the middle of a group that already held other devices (a
    /// submit's), they let two nodes' groups wait on each other in a circle: PostgreSQL broke it after its deadlock timeout
    /// and one group ran again (MultiNodeProcessTests, the two-node submit test, in CI).
    /// </summary>
    private static IEnumerable<long> DevicesOf(List<DeliveryOutcome> outcomes) => outcomes.Select(o => o.DeviceId).Distinct();

    /// <summary>
    /// Records the outcomes of a hand-over to transports that answer later (<see cref="SmsQueue.RecordAsync"/>) in a write of
    /// their own, with the receipts that overtook it (<see cref="SmsReceipts.Submitting"/>): those end their SMS in the same
    /// transaction, right after the record of their submission. Returns how many devices' parked SMS were released.
    /// </summary>
    private async Task<int> RecordAsync(DateTime recordedAt, List<DeliveryOutcome> outcomes, Dictionary<long, ClaimedSms> byId, Action<long>? writeTicks,
        CancellationToken ct)
    {
        var overtaking = receipts?.ForRecord(outcomes);
        int released;
        try
        {
            Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, ValueTask<int>> record = async (c, t, wct) =>
            {
                var recordStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var r = await SmsQueue.RecordAsync(c, t, _node, recordedAt, outcomes, _policy, byId, _webhookMaxAge, wct);
                if (overtaking is not null) await overtaking.WriteAsync(c, t, wct);
                writeTicks?.Invoke(System.Diagnostics.Stopwatch.GetTimestamp() - recordStarted);
                return r;
            };
            // A lost record is redone (the SMS is handed over again once its lease runs out): it need not wait for the
            // disk — unless an SMS of it now awaits its receipt: a receipt may overtake the record and be written with it,
            // and its deliver_sm_resp tells the SMSC it may forget it.
            released = outcomes.Any(x => x.Result == DeliveryResult.Submitted)
                ? await writer.WriteAsync(record, () => DevicesOf(outcomes), ct)
                : await writer.WriteLazyAsync(record, () => DevicesOf(outcomes), ct);
        }
        catch (Exception ex)
        {
            overtaking?.Failed(ex);
            throw;
        }
        overtaking?.Committed();
        return released;
    }

    private async Task HandOverAsync(List<ClaimedSms> batch, CancellationToken ct)
    {
        batch.Sort((a, b) => a.Id.CompareTo(b.Id));
        var outcomes = await DeliverInOrderAsync(batch, wave => DeliverRoutedAsync(wave, ct), ct);
        outcomes.Sort((a, b) => a.SmsId.CompareTo(b.SmsId));
        var byId = batch.ToDictionary(x => x.Id);
        var recordedAt = time.GetUtcNow().UtcDateTime;
        Interlocked.Add(ref _handedAtSubmit, batch.Count); // counted before their outcome is visible
        await RecordAsync(recordedAt, outcomes, byId, null, ct);
        signal.Wake(); // the devices' SMS stored behind these are due now
        webhookSignal?.Wake(); // delivery reports may have been enqueued
        metrics?.Attempted(null, batch, outcomes, _policy);
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
            await Task.WhenAll(_delivering); // rounds of the loop still delivering (they log their own failures)
            _delivering.Clear();
            return await RoundAsync(options.Value, false, cancellationToken);
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

    // Rounds sized by time (DeliveryOptions.RoundBudgetMilliseconds): the writer's time per claimed SMS, a moving
    // average over rounds large enough that the round's fixed costs do not dominate (a start value until then).
    private const int MinRoundSize = 64;
    private double _writeMsPerSms = 0.05;

    private int RoundLimit(DeliveryOptions o) => o.RoundBudgetMilliseconds <= 0 ? o.BatchSize
        : (int)Math.Clamp(o.RoundBudgetMilliseconds / _writeMsPerSms, Math.Min(MinRoundSize, o.BatchSize), o.BatchSize);

    private void RoundCost(int claimed, long writeTicks)
    {
        if (claimed < MinRoundSize) return;
        var perSms = System.Diagnostics.Stopwatch.GetElapsedTime(0, writeTicks).TotalMilliseconds / claimed;
        _writeMsPerSms = Math.Clamp(0.7 * _writeMsPerSms + 0.3 * perSms, 0.001, 100);
    }

    // SQLite's claim takes each device's run beyond the window (the parked SMS behind a head that was never tried:
    // SmsQueue.ClaimAsync), so a window of due heads yields many SMS per device while a backlog drains and one when
    // traffic is spread thin. The window's devices are sized by what the last rounds claimed per device (a moving
    // average), so that a round reads the runs of about as many devices as its limit needs, not a run per SMS of it.
    private double _claimedPerDevice = 1;

    private int ClaimDevices(int limit) => (int)Math.Clamp(Math.Ceiling(limit / _claimedPerDevice), 1, limit);

    private void ClaimYield(List<ClaimedSms> claimed)
    {
        if (claimed.Count == 0) return;
        var devices = new HashSet<long>();
        foreach (var sms in claimed) devices.Add(sms.DeviceId);
        _claimedPerDevice = Math.Max(1, 0.7 * _claimedPerDevice + 0.3 * claimed.Count / devices.Count);
    }

    // The pause before the loop's next round (TimeSpan ticks), set by a backlog round that competed with other writes.
    private long _paceTicks;

    /// <summary>The longest pause a backlog round's pacing asks for (a round held up by a slow commit does not stop the drain for long).</summary>
    private static readonly TimeSpan MaxPace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After an inline round that left due SMS behind it (<paramref name="more"/>): when other writes were taken into
    /// groups while it ran or wait now, the loop pauses for the time the round held the writer (from its first statement
    /// to its group's commit) times (100 − share) / share (<see cref="DeliveryOptions.BacklogWriterSharePercent"/>).
    /// </summary>
    private void Pace(DeliveryOptions o, bool more, long takenBefore, long roundStarted)
    {
        if (!more || o.BacklogWriterSharePercent >= 100 || roundStarted == 0) return;
        if (writer.WritesTaken - takenBefore <= 1 && writer.Queued == 0) return; // the round's own write only
        var held = System.Diagnostics.Stopwatch.GetElapsedTime(roundStarted);
        var pause = held * (100 - o.BacklogWriterSharePercent) / o.BacklogWriterSharePercent;
        if (pause > MaxPace) pause = MaxPace;
        Interlocked.Exchange(ref _paceTicks, pause.Ticks);
        Interlocked.Increment(ref _pacedRounds);
        metrics?.Paced(pause);
    }

    private long _pacedRounds;

    /// <summary>Backlog rounds after which the dispatcher paused for competing writes so far: for tests and diagnostics.</summary>
    public long PacedRounds => Interlocked.Read(ref _pacedRounds);

    private static readonly TimeSpan ReceiptCheckInterval = TimeSpan.FromSeconds(1);
    private DateTime _nextReceiptCheck = DateTime.MinValue;

    /// <summary>
    /// One round; returns how many SMS it claimed. <paramref name="inBackground"/>: SMS for transports that answer over the
    /// network are handed over and recorded in a task added to <see cref="_delivering"/> (which logs its failure: the
    /// leases run out and a later round takes the SMS), not awaited here.
    /// </summary>
    private async Task<int> RoundAsync(DeliveryOptions o, bool inBackground, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var committed = new List<Action>();
        var limit = RoundLimit(o);
        var devices = ClaimDevices(limit);
        long writeTicks = 0, roundStarted = 0;
        // Receipt timeouts are hours long: looking for them once a second is enough, and it keeps the statement off
        // every round (on PostgreSQL a young queue table without planner statistics made it a scan of the table).
        var checkReceipts = now >= _nextReceiptCheck || now < _nextReceiptCheck - ReceiptCheckInterval;
        if (checkReceipts) _nextReceiptCheck = now + ReceiptCheckInterval;
        // Expiry, receipt timeouts and the claim share one group transaction: one wait for the writer per round. When
        // every SMS claimed goes to a transport that answers at once from the database, delivery and record join it.
        // Where no route does, the round's write is a claim (and expiry, timeouts: redone by the next round when lost)
        // and need not wait for the disk (SmsWriter.WriteLazyAsync).
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, ValueTask<(int, int, List<ClaimedSms>, List<DeliveryOutcome>?)>> round = async (c, t, wct) =>
        {
            committed.Clear(); // the writer may run the work again after a failed group
            var writeStarted = roundStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var e = await SmsQueue.ExpireDueAsync(c, t, now, 10_000, _webhookMaxAge, wct);
            var r = checkReceipts ? await SmsQueue.TimeoutReceiptsAsync(c, t, now, 10_000, _webhookMaxAge, wct) : 0;
            // Every route answers at once: a device's SMS go over in runs, so the claim takes up to a window's worth of each.
            var runs = o.InlineDelivery && router.AllInline;
            var claimed = await SmsQueue.ClaimAsync(c, t, _node, now, now.AddSeconds(o.LeaseSeconds), limit, runs ? limit : MaxWavesPerRound, wct, devices);
            List<DeliveryOutcome>? outcomes = null;
            if (runs && claimed.Count > 0)
            {
                outcomes = await DeliverRunsInlineAsync(c, t, claimed, now, committed, wct);
                outcomes.Sort((a, b) => a.SmsId.CompareTo(b.SmsId));
                // Parked SMS released behind the SMS that ended: the next round takes them.
                if (await SmsQueue.RecordAsync(c, t, _node, now, outcomes, _policy, claimed.ToDictionary(x => x.Id), _webhookMaxAge, wct) > 0) committed.Add(signal.Wake);
            }
            else if (o.InlineDelivery && claimed.Count > 0 && claimed.All(x => router.Transport(router.Route(x)) is IInlineSmsTransport))
            {
                // Every wave inside the round's transaction (awaited in the write: no other write runs meanwhile).
                outcomes = await DeliverInOrderAsync(claimed, wave => DeliverInlineAsync(c, t, wave, now, committed, wct).AsTask(), ct);
                outcomes.Sort((a, b) => a.SmsId.CompareTo(b.SmsId));
                // Parked SMS released behind the SMS that ended: the next round takes them.
                if (await SmsQueue.RecordAsync(c, t, _node, now, outcomes, _policy, claimed.ToDictionary(x => x.Id), _webhookMaxAge, wct) > 0) committed.Add(signal.Wake);
            }
            writeTicks = System.Diagnostics.Stopwatch.GetTimestamp() - writeStarted;
            return (e, r, claimed, outcomes);
        };
        var takenBefore = writer.WritesTaken;
        var (expired, timedOut, claimed, inline) = o.InlineDelivery && router.AnyInline
            ? await writer.WriteAsync(round, null, ct)
            : await writer.WriteLazyAsync(round, null, ct);
        foreach (var action in committed) action();
        if (expired > 0) Log.Expired(logger, expired);
        if (timedOut > 0) Log.ReceiptsTimedOut(logger, timedOut);
        metrics?.Expired(expired);
        if (expired + timedOut > 0) webhookSignal?.Wake();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (claimed.Count == 0)
        {
            metrics?.RoundEnded(null, claimed, [], started, _policy);
            return 0;
        }
        ClaimYield(claimed);
        // A device that got as many SMS as a round hands over may have more due: the next round starts at once.
        var more = claimed.Count >= limit || claimed.GroupBy(c => c.DeviceId).Any(g => g.Count() >= SmsQueue.MaxPerDevice);
        if (more) signal.Wake();
        if (inline is not null)
        {
            Pace(o, more, takenBefore, roundStarted);
            using var inlineSpan = DeliveryMetrics.StartRound();
            Ended(inlineSpan, claimed, inline, started, writeTicks);
            return claimed.Count;
        }
        if (!inBackground)
        {
            await DeliverAndRecordAsync(claimed, started, writeTicks, false, ct);
            return claimed.Count;
        }
        _delivering.Add(Task.Run(async () =>
        {
            try
            {
                await DeliverAndRecordAsync(claimed, started, writeTicks, true, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                Log.RoundFailed(logger, ex, TimeSpan.Zero); // the leases run out and a later round takes the SMS
            }
            catch (Exception) when (ct.IsCancellationRequested) { } // stopping: StopAsync hands the leases back
        }, CancellationToken.None));
        return claimed.Count;
    }

    /// <summary>Hands the claimed SMS to their transports (transports that answer over the network) and records the outcomes.</summary>
    private async Task DeliverAndRecordAsync(List<ClaimedSms> claimed, long started, long writeTicks, bool inBackground, CancellationToken ct)
    {
        using var span = DeliveryMetrics.StartRound();
        var outcomes = await DeliverInOrderAsync(claimed, wave => DeliverRoutedAsync(wave, ct), ct);
        outcomes.Sort((a, b) => a.SmsId.CompareTo(b.SmsId)); // a device's head before the SMS deferred behind it
        var byId = claimed.ToDictionary(c => c.Id);
        var recordedAt = time.GetUtcNow().UtcDateTime;
        var released = await RecordAsync(recordedAt, outcomes, byId, ticks => writeTicks += ticks, ct);
        // Parked SMS released behind the SMS that ended: the next round takes them. In the background, the loop's rounds
        // meanwhile could not claim what waits behind these SMS: wake it for them.
        if (released > 0 || inBackground) signal.Wake();
        Ended(span, claimed, outcomes, started, writeTicks);
    }

    /// <summary>A round's SMS have their outcomes recorded: its cost, the webhook dispatcher's wake-up, metrics and logs.</summary>
    private void Ended(System.Diagnostics.Activity? span, List<ClaimedSms> claimed, List<DeliveryOutcome> outcomes, long started, long writeTicks)
    {
        RoundCost(claimed.Count, writeTicks);
        webhookSignal?.Wake(); // delivery reports may have been enqueued
        var abandoned = outcomes.Count(x => x.Result == DeliveryResult.Abandoned);
        if (abandoned > 0) Log.Abandoned(logger, abandoned, options.Value.MaxFaultedAttempts);
        metrics?.RoundEnded(span, claimed, outcomes, started, _policy);
        Log.Round(logger, claimed.Count, outcomes.Count(x => x.Result == DeliveryResult.Delivered));
    }

    /// <summary>
    /// Delivery at submit (docs/sms.md): <paramref name="inserted"/> are MT SMS that the submit's group transaction just
    /// inserted DELIVERED (in id order; each device had nothing pending before them, and each placed <see cref="SubmitPlacement.Deliver"/>).
    /// Each device's run is prechecked and handed to its inline transport in one hand-over per route, inside a savepoint;
    /// the outcomes go through the record path (<see cref="SmsQueue.RecordAtSubmitAsync"/>): delivered rows stay as
    /// inserted and get their delivery reports; the others are retried, buffered or failed as a dispatcher round would.
    /// When the transport throws or breaks the order, its work is rolled back and the SMS become plain pending SMS for
    /// the next round. Follow-up work (echoes, metrics, the webhook dispatcher's wake-up, the dispatcher's when anything is
    /// left for it) is added to <paramref name="committed"/>, to run after the commit. Returns how many were delivered.
    /// </summary>
    public async ValueTask<int> DeliverAtSubmitAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, IReadOnlyList<ClaimedSms> inserted,
        DateTime now, List<Action> committed, CancellationToken ct)
    {
        if (inserted.Count == 0) return 0;
        var o = options.Value;
        var claimed = new List<ClaimedSms>(inserted);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        await SmsQueue.WithDeviceStatesAsync(c, t, claimed, ct);
        var known = new Dictionary<long, DeliveryOutcome>();
        var handed = new List<ClaimedSms>(claimed.Count);
        var ended = new HashSet<long>(); // devices whose run ended at the precheck: their later SMS wait (Deferred below)
        foreach (var sms in claimed)
        {
            if (ended.Contains(sms.DeviceId)) continue;
            if (Precheck(sms) is { } outcome)
            {
                known[sms.Id] = outcome;
                ended.Add(sms.DeviceId);
                continue;
            }
            handed.Add(sms);
        }
        var actions = new List<Action>();
        var given = new List<DeliveryOutcome>(handed.Count);
        if (handed.Count > 0)
        {
            await SqlCommands.Get(c, t, "SAVEPOINT submitted").RunAsync(ct);
            try
            {
                foreach (var group in handed.GroupBy(router.Route))
                {
                    var batch = group.ToList();
                    var delivery = await ((IInlineSmsTransport)router.Transport(group.Key)).DeliverInlineAsync(c, t, batch, now, ct);
                    if (!InOrder(batch, delivery.Outcomes)) throw new InvalidOperationException($"The SMS transport {group.Key} delivered a device's SMS out of order.");
                    given.AddRange(delivery.Outcomes.Select(x => x with { Transport = group.Key }));
                    if (delivery.Committed is { } action) actions.Add(action);
                }
                await SqlCommands.Get(c, t, "RELEASE submitted").RunAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await SqlCommands.Get(c, t, "ROLLBACK TO submitted").RunAsync(ct);
                await SqlCommands.Get(c, t, "RELEASE submitted").RunAsync(ct);
                Log.TransportFailed(logger, ex, "submit", handed.Count);
                await SmsQueue.PendingAgainAsync(c, t, claimed.Select(x => x.Id), ct);
                committed.Add(signal.Wake);
                return 0;
            }
        }
        // One outcome per SMS, in id order: a device's SMS after the end of its run (not answered, or behind an SMS not
        // delivered) are Deferred: behind a retry they wait with it, otherwise they are pending again for the next round.
        var answered = Answered(handed, given);
        var outcomes = new List<DeliveryOutcome>(claimed.Count);
        ended.Clear();
        foreach (var sms in claimed)
        {
            if (!ended.Contains(sms.DeviceId) && (known.TryGetValue(sms.Id, out var outcome) || answered.TryGetValue(sms.Id, out outcome)))
            {
                outcomes.Add(outcome);
                if (outcome.Result != DeliveryResult.Delivered) ended.Add(sms.DeviceId);
                continue;
            }
            ended.Add(sms.DeviceId);
            outcomes.Add(new(sms.Id, sms.DeviceId, DeliveryResult.Deferred));
        }
        var webhooks = await SmsQueue.RecordAtSubmitAsync(c, t, _node, now, now.AddSeconds(o.LeaseSeconds), outcomes, _policy, claimed.ToDictionary(x => x.Id),
            _webhookMaxAge, ct);
        committed.AddRange(actions);
        committed.Add(() =>
        {
            if (webhooks) webhookSignal?.Wake(); // delivery reports enqueued
            if (outcomes.Any(x => x.Result != DeliveryResult.Delivered)) signal.Wake();
            metrics?.Attempted(null, claimed, outcomes, _policy);
        });
        return outcomes.Count(x => x.Result == DeliveryResult.Delivered);
    }

    /// <summary>
    /// Per-device order, owned here: the round's SMS are handed over in waves, each wave holding at most one SMS per
    /// device (its head). A device's next SMS joins the next wave only when its head is delivered or final; when the
    /// head is to be retried, or submitted and awaiting its receipt, the device's later SMS are <see cref="DeliveryResult.Deferred"/>.
    /// A transport therefore cannot deliver a device's SMS out of order, whatever it does with its batch.
    /// </summary>
    private async Task<List<DeliveryOutcome>> DeliverInOrderAsync(List<ClaimedSms> claimed,
        Func<List<ClaimedSms>, Task<Dictionary<long, DeliveryOutcome>>> deliverWave, CancellationToken ct)
    {
        var outcomes = new List<DeliveryOutcome>(claimed.Count);
        var queues = claimed.GroupBy(c => c.DeviceId).ToDictionary(g => g.Key, g => new Queue<ClaimedSms>(g.OrderBy(c => c.Id)));
        var wave = new List<ClaimedSms>(queues.Count);
        for (var waves = 0; queues.Count > 0; waves++)
        {
            if (waves == MaxWavesPerRound)
            {
                // A device with many SMS in the round would hold every other device's outcome back for as many hand-overs:
                // the rest goes back to pending (not an attempt) and is claimed again by the next round, at once.
                foreach (var queue in queues.Values) Defer(queue, outcomes);
                signal.Wake();
                break;
            }
            wave.Clear();
            foreach (var queue in queues.Values)
            {
                while (queue.TryPeek(out var head))
                {
                    if (Precheck(head) is not { } known)
                    {
                        wave.Add(head);
                        break;
                    }
                    queue.Dequeue();
                    outcomes.Add(known);
                    if (_policy.Blocks(known, head)) Defer(queue, outcomes);
                }
            }
            if (wave.Count == 0) break;
            ct.ThrowIfCancellationRequested();
            var answered = await deliverWave(wave);
            foreach (var sms in wave)
            {
                var queue = queues[sms.DeviceId];
                queue.Dequeue();
                var outcome = answered[sms.Id];
                outcomes.Add(outcome);
                if (_policy.Blocks(outcome, sms)) Defer(queue, outcomes);
            }
            foreach (var device in queues.Where(q => q.Value.Count == 0).Select(q => q.Key).ToList()) queues.Remove(device);
        }
        return outcomes;
    }

    /// <summary>
    /// Per-device order for transports that answer at once (<see cref="IInlineSmsTransport"/>), in runs: each hand-over
    /// holds, per device, the run of its claimed SMS from its head on (in id order), and the transport delivers a run in
    /// order and ends it at the first SMS it does not deliver. An SMS it did not answer behind a delivered or failed one
    /// is handed over again in the next hand-over; behind one to be retried, the rest of the device waits
    /// (<see cref="DeliveryResult.Deferred"/>), as in waves. A device with 1,000 SMS due is thus one hand-over, not 1,000.
    /// </summary>
    private async ValueTask<List<DeliveryOutcome>> DeliverRunsInlineAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t,
        List<ClaimedSms> claimed, DateTime now, List<Action> committed, CancellationToken ct)
    {
        var outcomes = new List<DeliveryOutcome>(claimed.Count);
        var devices = claimed.GroupBy(x => x.DeviceId).Select(g => new Queue<ClaimedSms>(g.OrderBy(x => x.Id))).ToList();
        var batch = new List<ClaimedSms>(claimed.Count);
        while (devices.Count > 0)
        {
            batch.Clear();
            foreach (var queue in devices)
            {
                // What is known without the network (faults past the limit, SIM or device gone) ends at the head.
                while (queue.TryPeek(out var head) && Precheck(head) is { } known)
                {
                    queue.Dequeue();
                    outcomes.Add(known);
                    if (_policy.Blocks(known, head)) Defer(queue, outcomes);
                }
                foreach (var sms in queue)
                {
                    if (Precheck(sms) is not null) break; // handed over after the run, once its outcome is recorded
                    batch.Add(sms);
                }
            }
            if (batch.Count == 0) break;
            var answered = await DeliverInlineAsync(c, t, batch, now, committed, ct);
            foreach (var queue in devices)
            {
                while (queue.TryPeek(out var sms) && answered.TryGetValue(sms.Id, out var outcome))
                {
                    queue.Dequeue();
                    outcomes.Add(outcome);
                    if (_policy.Blocks(outcome, sms))
                    {
                        Defer(queue, outcomes);
                        break;
                    }
                    if (outcome.Result != DeliveryResult.Delivered) break; // the run ended here: the rest goes in the next hand-over
                }
            }
            devices.RemoveAll(q => q.Count == 0);
        }
        return outcomes;
    }

    /// <summary>Hand-overs per round at most: a round's length stays bounded when one device has many SMS due.</summary>
    internal const int MaxWavesPerRound = SmsQueue.MaxPerDevice; // the claim takes no more per device than this

    private static void Defer(Queue<ClaimedSms> queue, List<DeliveryOutcome> outcomes)
    {
        while (queue.TryDequeue(out var later)) outcomes.Add(new(later.Id, later.DeviceId, DeliveryResult.Deferred));
    }

    /// <summary>What is known without asking the network: faults past the limit, and the core network's permanent errors.</summary>
    private DeliveryOutcome? Precheck(ClaimedSms sms)
    {
        // A lease that ran out counts as a faulted attempt (Claim counted it): past the limit the SMS fails.
        if (sms.FaultCount >= _policy.MaxFaultedAttempts) return new(sms.Id, sms.DeviceId, DeliveryResult.Abandoned);
        if (!sms.DeviceExists || sms.DeviceSimId is null || sms.DeviceSimId != sms.SimId)
            return DeliveryOutcome.Undelivered(sms, NetworkErrors.UnknownSubscriber);
        if (sms.SimStatus != SimStatus.Activated || !sms.DeviceEnabled) return DeliveryOutcome.Undelivered(sms, NetworkErrors.CallBarred);
        return null;
    }

    /// <summary>Hands one wave to the transports its SMS are routed to (concurrently); one outcome per SMS, by id.</summary>
    private async Task<Dictionary<long, DeliveryOutcome>> DeliverRoutedAsync(List<ClaimedSms> wave, CancellationToken ct)
    {
        var routed = wave.GroupBy(router.Route).ToList();
        var results = await Task.WhenAll(routed.Select(async g =>
        {
            var list = g.ToList();
            var outcomes = await DeliverIsolatingFaultsAsync(g.Key, router.Transport(g.Key), list, ct);
            return outcomes.Select(x => x with { Transport = g.Key });
        }));
        return Answered(wave, results.SelectMany(r => r));
    }

    /// <summary>
    /// The outcomes of a hand-over, by id. The first SMS of each device in it (a wave's only one; a run's head) must be
    /// answered: a missing or unusable answer is a fault. A run's later SMS may be left unanswered (the transport ended
    /// the run): they are handed over again.
    /// </summary>
    private Dictionary<long, DeliveryOutcome> Answered(List<ClaimedSms> wave, IEnumerable<DeliveryOutcome> given)
    {
        var all = new Dictionary<long, DeliveryOutcome>(wave.Count);
        foreach (var outcome in given)
            all.TryAdd(outcome.SmsId, outcome);
        var answered = new Dictionary<long, DeliveryOutcome>(wave.Count);
        var devices = new HashSet<long>();
        foreach (var sms in wave)
        {
            var first = devices.Add(sms.DeviceId);
            if (all.TryGetValue(sms.Id, out var a) && a.Result is not (DeliveryResult.Deferred or DeliveryResult.Abandoned)
                && (a.Result != DeliveryResult.Submitted || !string.IsNullOrEmpty(a.UpstreamId)))
            {
                answered[sms.Id] = a;
                continue;
            }
            if (!first) continue;
            // No (usable) answer for this SMS: the transport broke its contract, which is a fault.
            Log.NoOutcome(logger, sms.Id);
            answered[sms.Id] = new(sms.Id, sms.DeviceId, DeliveryResult.Faulted);
        }
        return answered;
    }

    /// <summary>
    /// Whether the answers keep each device's order (<see cref="IInlineSmsTransport"/>): the SMS answered of a device's run
    /// are a prefix of it, and all but its last are delivered — nothing was delivered behind an SMS that was not.
    /// </summary>
    private static bool InOrder(List<ClaimedSms> batch, IReadOnlyList<DeliveryOutcome> given)
    {
        if (batch.Count <= 1) return true;
        var byId = new Dictionary<long, DeliveryResult>(given.Count);
        foreach (var o in given) byId.TryAdd(o.SmsId, o.Result);
        var ended = new HashSet<long>(); // devices whose run ended (an SMS unanswered or not delivered)
        foreach (var sms in batch)
        {
            var has = byId.TryGetValue(sms.Id, out var result);
            if (ended.Contains(sms.DeviceId))
            {
                if (has) return false;
                continue;
            }
            if (!has || result != DeliveryResult.Delivered) ended.Add(sms.DeviceId);
        }
        return true;
    }

    /// <summary>
    /// Hands one wave to inline transports inside the round's transaction; as <see cref="DeliverIsolatingFaultsAsync"/>,
    /// a batch that throws is handed over again one by one, each attempt in a savepoint so that a throw leaves nothing
    /// of its work behind. Follow-up work of the transports is collected in <paramref name="committed"/>.
    /// </summary>
    private async ValueTask<Dictionary<long, DeliveryOutcome>> DeliverInlineAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t,
        List<ClaimedSms> wave, DateTime now, List<Action> committed, CancellationToken ct)
    {
        var outcomes = new List<DeliveryOutcome>(wave.Count);
        foreach (var group in wave.GroupBy(router.Route))
        {
            var route = group.Key;
            var transport = (IInlineSmsTransport)router.Transport(route);
            var batch = group.ToList();
            async ValueTask<(IReadOnlyList<DeliveryOutcome>? Outcomes, Exception? Error)> Attempt(List<ClaimedSms> sms)
            {
                await SqlCommands.Get(c, t, "SAVEPOINT inline").RunAsync(ct);
                try
                {
                    var delivery = await transport.DeliverInlineAsync(c, t, sms, now, ct);
                    // A transport that delivered behind an SMS it did not deliver broke the order: undone, as a fault.
                    if (!InOrder(sms, delivery.Outcomes)) throw new InvalidOperationException($"The SMS transport {route} delivered a device's SMS out of order.");
                    await SqlCommands.Get(c, t, "RELEASE inline").RunAsync(ct);
                    if (delivery.Committed is { } action) committed.Add(action);
                    return (delivery.Outcomes, null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await SqlCommands.Get(c, t, "ROLLBACK TO inline").RunAsync(ct);
                    await SqlCommands.Get(c, t, "RELEASE inline").RunAsync(ct);
                    return (null, ex);
                }
            }
            var (all, failure) = await Attempt(batch);
            if (all is not null)
            {
                outcomes.AddRange(all.Select(x => x with { Transport = route }));
                continue;
            }
            Log.TransportFailed(logger, failure!, route, batch.Count);
            var ended = new HashSet<long>(); // one by one, a device's run in order, up to its first SMS not delivered
            foreach (var one in batch)
            {
                if (ended.Contains(one.DeviceId)) continue; // handed over again in the next hand-over, or deferred
                var (single, oneFailure) = await Attempt([one]);
                if (single is not null)
                {
                    outcomes.AddRange(single.Select(x => x with { Transport = route }));
                    if (!single.Any(x => x.SmsId == one.Id && x.Result == DeliveryResult.Delivered)) ended.Add(one.DeviceId);
                }
                else
                {
                    Log.SmsFaulted(logger, oneFailure!, one.Id);
                    outcomes.Add(new(one.Id, one.DeviceId, DeliveryResult.Faulted) { Transport = route });
                    ended.Add(one.DeviceId);
                }
            }
        }
        return Answered(wave, outcomes);
    }

    /// <summary>
    /// Hands the SMS to the transport. When the transport throws, the round does not fail: the SMS are handed over
    /// again one by one, so that the SMS that makes it throw (a "poison" SMS) is found and recorded as
    /// <see cref="DeliveryResult.Faulted"/> (its device's later SMS wait behind it), and every other SMS gets its real
    /// outcome. Handing over again is safe: delivery is at least once and the handset drops duplicates by SMS id.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryOutcome>> DeliverIsolatingFaultsAsync(string route, ISmsTransport transport, List<ClaimedSms> batch, CancellationToken ct)
    {
        try
        {
            return await transport.DeliverAsync(batch, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Log.TransportFailed(logger, ex, route, batch.Count);
        }
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        foreach (var one in batch)
        {
            try
            {
                outcomes.AddRange(await transport.DeliverAsync([one], ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                Log.SmsFaulted(logger, ex, one.Id);
                outcomes.Add(new(one.Id, one.DeviceId, DeliveryResult.Faulted));
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

        [LoggerMessage(3103, LogLevel.Warning, "The SMS transport {Route} failed on a batch of {Count} SMS; handing them over one at a time")]
        public static partial void TransportFailed(ILogger logger, Exception exception, string route, int count);

        [LoggerMessage(3104, LogLevel.Warning, "The SMS transport failed on SMS {SmsId}; it is recorded as a faulted attempt")]
        public static partial void SmsFaulted(ILogger logger, Exception exception, long smsId);

        [LoggerMessage(3105, LogLevel.Warning, "{Count} SMS failed: {Max} faulted attempts (a node's lease ran out before it recorded an outcome)")]
        public static partial void Abandoned(ILogger logger, int count, int max);

        [LoggerMessage(3106, LogLevel.Information, "{Count} SMS submitted upstream got no receipt in time and failed (receiptTimeout)")]
        public static partial void ReceiptsTimedOut(ILogger logger, int count);

        [LoggerMessage(3107, LogLevel.Warning, "The SMS transport gave no usable outcome for SMS {SmsId}; it is recorded as a faulted attempt")]
        public static partial void NoOutcome(ILogger logger, long smsId);

        [LoggerMessage(3108, LogLevel.Information, "Stopping: released the leases of {Count} SMS")]
        public static partial void LeasesReleased(ILogger logger, int count);

        [LoggerMessage(3109, LogLevel.Error, "Handing over {Count} SMS stored at submit failed; a round takes them when their lease runs out")]
        public static partial void HandOffFailed(ILogger logger, Exception exception, int count);
    }
}
