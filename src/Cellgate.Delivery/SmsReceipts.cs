using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Cellgate.Delivery;

/// <summary>
/// Where transports report the receipts of SMS they submitted upstream (<see cref="DeliveryResult.Submitted"/>): an
/// SMSC's delivery receipt ends the SMS DELIVERED, FAILED or EXPIRED with the network's error, durably (through the
/// writer), and wakes the dispatcher so that the device's next SMS goes out.
/// </summary>
public sealed partial class SmsReceipts(SmsWriter writer, DispatcherSignal signal, TimeProvider time, ILogger<SmsReceipts> logger, DeliveryMetrics? metrics = null,
    Microsoft.Extensions.Options.IOptions<WebhookOptions>? webhookOptions = null, WebhookSignal? webhookSignal = null)
{
    private readonly TimeSpan _webhookMaxAge = webhookOptions?.Value.MaxAge ?? TimeSpan.FromHours(24);
    private readonly TimeProvider _time = time;

    /// <summary>
    /// Records the receipt for the SMS <paramref name="transport"/> submitted as <paramref name="upstreamId"/>, durably:
    /// returns after the group commit. <see cref="SmsQueue.ReceiptResult.Unknown"/>: no such SMS yet (a receipt can
    /// overtake the recording of its submission) — an SMPP client answers such a <c>deliver_sm</c> with
    /// <c>ESME_RX_T_APPN</c> so the SMSC repeats it.
    /// <para>
    /// Receipts that arrive while one write for receipts waits for its group join that write
    /// (<see cref="SmsQueue.RecordReceiptsAsync"/>: a few statements for all of them instead of a few each); the first
    /// one after that write began starts the next.
    /// </para>
    /// </summary>
    public async Task<SmsQueue.ReceiptResult> RecordAsync(string transport, string upstreamId, SmsQueue.ReceiptState state, string? error,
        CancellationToken cancellationToken = default)
    {
        var pending = new Pending(new SmsQueue.Receipt(transport, upstreamId, state, error));
        var key = (transport, upstreamId);
        bool overtook;
        lock (_gate)
        {
            overtook = _recording.TryGetValue(key, out var entry) && entry.Overtaking is null;
            if (overtook) _recording[key] = entry! with { Overtaking = pending };
        }
        if (overtook)
        {
            // Its submission's record is on its way: this receipt goes into that write (Overtaking). Bounded: a record
            // that does not come (its hand-over failed) leaves the receipt to a write of its own.
            try
            {
                await pending.Completion.Task.WaitAsync(OvertakingWait, TimeProvider.System, cancellationToken);
            }
            catch (TimeoutException)
            {
                lock (_gate)
                {
                    if (_recording.TryGetValue(key, out var entry) && ReferenceEquals(entry.Overtaking, pending)) _recording[key] = entry with { Overtaking = null };
                    else overtook = false; // a record took it meanwhile: its write answers
                }
                if (overtook) Enqueue(pending);
            }
        }
        else
        {
            Enqueue(pending);
        }
        var result = await pending.Completion.Task.WaitAsync(cancellationToken);
        if (result != SmsQueue.ReceiptResult.Recorded) Log.NotRecorded(logger, transport, upstreamId, result);
        else metrics?.Receipt(state, error);
        return result;
    }

    private void Enqueue(Pending pending)
    {
        bool first;
        lock (_gate)
        {
            first = _waiting is null;
            (_waiting ??= []).Add(pending);
        }
        if (first) _ = WriteWaitingAsync();
    }

    /// <summary>How long a receipt that overtook the record of its submission waits for that record before it is written alone.</summary>
    internal static readonly TimeSpan OvertakingWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A transport calls this as soon as the SMSC answered a submission with <paramref name="upstreamId"/> and a receipt is
    /// to come, before it returns the <see cref="DeliveryResult.Submitted"/> outcome. An SMSC that delivers at once sends
    /// the receipt right behind its answer, before the dispatcher's record of the submission is committed: such a receipt
    /// then waits for that record and is written in its transaction (<see cref="ForRecord"/>) — one write for the
    /// submission and its end, instead of a write that finds nothing and is repeated until the record is there.
    /// </summary>
    public void Submitting(string transport, string upstreamId)
    {
        var now = TimeProvider.System.GetTimestamp();
        lock (_gate)
        {
            if (_recording.Count >= RecordingSweepAt)
            {
                // Entries whose record never came (a hand-over that failed after the SMSC answered): dropped after a while.
                foreach (var (k, e) in _recording.Where(x => x.Value.Overtaking is null && TimeProvider.System.GetElapsedTime(x.Value.Since, now) > RecordingGrace).ToList())
                    _recording.Remove(k);
                if (_recording.Count >= RecordingSweepAt * 2) return; // still full: its receipt takes a write of its own
            }
            _recording[(transport, upstreamId)] = new Recording(now, null);
        }
    }

    private const int RecordingSweepAt = 50_000;
    private static readonly TimeSpan RecordingGrace = TimeSpan.FromMinutes(2);

    /// <summary>The receipts that overtake the record of <paramref name="outcomes"/>: written inside that record's write (<see cref="Overtaking"/>).</summary>
    public Overtaking ForRecord(IReadOnlyList<DeliveryOutcome> outcomes) => new(this, outcomes);

    private List<Pending> Take(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var taken = new List<Pending>();
        lock (_gate)
        {
            if (_recording.Count == 0) return taken;
            foreach (var o in outcomes)
            {
                if (o.UpstreamId is null || o.Transport is null) continue;
                if (_recording.Remove((o.Transport, o.UpstreamId), out var entry) && entry.Overtaking is { } p) taken.Add(p);
            }
        }
        return taken;
    }

    /// <summary>
    /// The receipts that arrived for a record's submissions before it was written. <see cref="WriteAsync"/> runs inside the
    /// record's write, after the record (the same transaction): it takes them (once; a group that runs again reuses them)
    /// and ends their SMS. <see cref="Committed"/> answers them after the commit, <see cref="Failed"/> when the write failed.
    /// </summary>
    public sealed class Overtaking
    {
        private readonly SmsReceipts _owner;
        private readonly IReadOnlyList<DeliveryOutcome> _outcomes;
        private List<Pending>? _taken;
        private (SmsQueue.ReceiptResult Result, long? DeviceId)[]? _results;

        internal Overtaking(SmsReceipts owner, IReadOnlyList<DeliveryOutcome> outcomes) => (_owner, _outcomes) = (owner, outcomes);

        public async ValueTask WriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
        {
            _taken ??= _owner.Take(_outcomes);
            _results = null;
            if (_taken.Count == 0) return;
            _results = await SmsQueue.RecordReceiptsAsync(connection, transaction, _taken.Select(p => p.Receipt).ToList(),
                _owner._time.GetUtcNow().UtcDateTime, _owner._webhookMaxAge, ct);
        }

        public void Committed()
        {
            if (_taken is not { Count: > 0 } taken || _results is not { } results) return;
            _owner.Answer(taken, results);
        }

        public void Failed(Exception ex)
        {
            foreach (var p in _taken ?? []) p.Completion.TrySetException(ex);
        }
    }

    private void Answer(List<Pending> batch, (SmsQueue.ReceiptResult Result, long? DeviceId)[] results)
    {
        var freed = false;
        for (var i = 0; i < batch.Count; i++)
        {
            freed |= results[i].DeviceId is not null;
            batch[i].Completion.TrySetResult(results[i].Result);
        }
        if (freed)
        {
            signal.Wake();
            webhookSignal?.Wake(); // their delivery reports may have been enqueued
        }
    }

    /// <summary>A submission whose record has not been written yet, and the receipt that overtook it (if one did).</summary>
    private sealed record Recording(long Since, Pending? Overtaking);

    private sealed record Pending(SmsQueue.Receipt Receipt)
    {
        public TaskCompletionSource<SmsQueue.ReceiptResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Lock _gate = new();
    private List<Pending>? _waiting; // receipts for the write that waits for its group; null: none waits
    private readonly Dictionary<(string Transport, string UpstreamId), Recording> _recording = []; // Submitting, not yet recorded

    /// <summary>One write for the receipts waiting when it runs (taken once: a group that runs again reuses them).</summary>
    private async Task WriteWaitingAsync()
    {
        List<Pending>? batch = null;
        try
        {
            var results = await writer.WriteAsync(async (c, t, ct) =>
            {
                if (batch is null)
                {
                    lock (_gate) (batch, _waiting) = (_waiting!, null);
                }
                return await SmsQueue.RecordReceiptsAsync(c, t, batch.Select(p => p.Receipt).ToList(), _time.GetUtcNow().UtcDateTime, _webhookMaxAge, ct);
            });
            Answer(batch!, results);
        }
        catch (Exception ex)
        {
            // The group failed (or the writer stopped) before this write ran or while it did: every receipt of it fails,
            // as each failed alone before; the SMSC repeats what it did not get an answer for.
            if (batch is null)
            {
                lock (_gate)
                {
                    if (_waiting is not null) (batch, _waiting) = (_waiting, null);
                }
            }
            foreach (var p in batch ?? []) p.Completion.TrySetException(ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3110, LogLevel.Debug, "Receipt from {Transport} for upstream id {UpstreamId} not recorded: {Result}")]
        public static partial void NotRecorded(ILogger logger, string transport, string upstreamId, SmsQueue.ReceiptResult result);
    }
}
