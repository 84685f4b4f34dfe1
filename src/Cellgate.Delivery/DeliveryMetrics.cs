using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cellgate.Storage.Entities;

namespace Cellgate.Delivery;

/// <summary>
/// The SMS engine's meters and spans (docs/operations.md lists them). Instruments are created once from the host's
/// <see cref="IMeterFactory"/>; labels are bounded (an interface, a result), never an organisation, device or SMS id.
/// Also remembers when the dispatcher last finished a round, for <c>/readyz</c>.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Cellgate";
    public const string ActivitySourceName = "Cellgate";

    /// <summary>The spans of the SMS path: submit, write, dispatcher round, attempt, transport.</summary>
    public static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _latency;
    private readonly Histogram<long> _roundSize;
    private readonly Histogram<double> _roundDuration;
    private readonly Histogram<long> _groupSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<double> _syncDuration;
    private readonly Counter<double> _paced;
    private readonly TimeProvider _time;
    private long _lastRoundTicks;

    public DeliveryMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        Meter = meter;
        _accepted = meter.CreateCounter<long>("cellgate.sms.accepted", "{sms}", "SMS accepted for delivery (one per part), by interface and direction.");
        _delivered = meter.CreateCounter<long>("cellgate.sms.delivered", "{sms}", "MT SMS delivered to the handset.");
        _failed = meter.CreateCounter<long>("cellgate.sms.failed", "{sms}", "MT SMS that failed for good, by MAP error.");
        _expired = meter.CreateCounter<long>("cellgate.sms.expired", "{sms}", "MT SMS whose validity ran out before delivery.");
        _cancelled = meter.CreateCounter<long>("cellgate.sms.cancelled", "{message}", "MT messages cancelled by a client, by interface.");
        _attempts = meter.CreateCounter<long>("cellgate.sms.attempts", "{attempt}", "Delivery attempts, by result.");
        _latency = meter.CreateHistogram<double>("cellgate.sms.delivery.duration", "s", "Submit to final state (delivered or failed) of MT SMS.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400] });
        _roundSize = meter.CreateHistogram<long>("cellgate.dispatcher.round.size", "{sms}", "SMS claimed per dispatcher round.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        _roundDuration = meter.CreateHistogram<double>("cellgate.dispatcher.round.duration", "s", "Duration of a dispatcher round that claimed SMS.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _groupSize = meter.CreateHistogram<long>("cellgate.writer.group.size", "{write}", "Writes committed together in one transaction.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
        _commitDuration = meter.CreateHistogram<double>("cellgate.writer.commit.duration", "s", "Duration of one group transaction, writes and fsync.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _syncDuration = meter.CreateHistogram<double>("cellgate.writer.sync.duration", "s",
            "Duration of a group transaction's commit alone: on SQLite the WAL write and its fsync (and a checkpoint finished there).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _paced = meter.CreateCounter<double>("cellgate.dispatcher.paced", "s",
            "Time the dispatcher left the writer to other writes between the rounds of a backlog (Cellgate:Delivery:BacklogWriterSharePercent).");
    }

    /// <summary>The meter, for the server's own instruments (authentication, queue depth).</summary>
    public Meter Meter { get; }

    /// <summary>When the dispatcher last finished a round (from the injected clock), or null before the first.</summary>
    public DateTimeOffset? LastRound => Interlocked.Read(ref _lastRoundTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary><paramref name="channel"/>: <c>rest</c>, <c>smpp</c> or <c>simulator</c>; <paramref name="direction"/>: <c>mt</c> or <c>mo</c>.</summary>
    public void Accepted(string channel, string direction, int parts) =>
        _accepted.Add(parts, new KeyValuePair<string, object?>("cellgate.interface", channel), new KeyValuePair<string, object?>("cellgate.sms.direction", direction));

    public void Cancelled(string channel) => _cancelled.Add(1, new KeyValuePair<string, object?>("cellgate.interface", channel));

    /// <summary>A receipt ended a submitted SMS (<see cref="SmsReceipts"/>); the latency of such SMS is not recorded.</summary>
    public void Receipt(SmsQueue.ReceiptState state, string? error)
    {
        switch (state)
        {
            case SmsQueue.ReceiptState.Delivered: _delivered.Add(1); break;
            case SmsQueue.ReceiptState.Expired: _expired.Add(1); break;
            default: _failed.Add(1, new KeyValuePair<string, object?>("cellgate.sms.error", error)); break;
        }
    }

    public void Expired(int count)
    {
        if (count > 0) _expired.Add(count);
    }

    /// <summary>A round started: a root span of its own (an attempt is not part of the submitting request's trace).</summary>
    public static Activity? StartRound() => Source.StartActivity("cellgate.dispatcher.round", ActivityKind.Internal, parentContext: default);

    /// <summary>A round ended: its size, duration and, per SMS, the outcome (and a child span when the round is traced).</summary>
    public void RoundEnded(Activity? round, IReadOnlyList<ClaimedSms> claimed, IReadOnlyList<DeliveryOutcome> outcomes, long startTimestamp, RetryPolicy policy)
    {
        var now = _time.GetUtcNow();
        Interlocked.Exchange(ref _lastRoundTicks, now.UtcTicks);
        if (claimed.Count == 0) return;
        _roundSize.Record(claimed.Count);
        _roundDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        round?.SetTag("cellgate.dispatcher.claimed", claimed.Count);
        Attempted(round, claimed, outcomes, policy);
    }

    /// <summary>
    /// Attempts and their outcomes (delivered, failed, latency), from a dispatcher round or from a delivery at submit
    /// (<see cref="SmsDispatcher.DeliverAtSubmitAsync"/>, which is no round: it does not count for <see cref="LastRound"/>).
    /// </summary>
    public void Attempted(Activity? round, IReadOnlyList<ClaimedSms> claimed, IReadOnlyList<DeliveryOutcome> outcomes, RetryPolicy policy)
    {
        var now = _time.GetUtcNow();
        var submitted = round is { Recorded: true } || _latency.Enabled ? claimed.ToDictionary(c => c.Id, c => c.SubmitDate) : null;
        foreach (var o in outcomes)
        {
            var result = o.Result.ToString();
            // The error is a name from the retry table's world (MAP errors, SMPP command_status names): bounded.
            _attempts.Add(1, new KeyValuePair<string, object?>("cellgate.sms.result", result), new KeyValuePair<string, object?>("cellgate.sms.error", o.Error ?? ""));
            var final = false;
            switch (o.Result)
            {
                case DeliveryResult.Delivered:
                    _delivered.Add(1);
                    final = true;
                    break;
                case DeliveryResult.Abandoned:
                    _failed.Add(1, new KeyValuePair<string, object?>("cellgate.sms.error", NetworkErrors.SystemFailure));
                    final = true;
                    break;
                case DeliveryResult.Undelivered when !policy.Retries(o.Error):
                    _failed.Add(1, new KeyValuePair<string, object?>("cellgate.sms.error", o.Error));
                    final = true;
                    break;
            }
            if (final && submitted is not null && submitted.TryGetValue(o.SmsId, out var at) && at is { } submit)
                _latency.Record(Math.Max(0, (now.UtcDateTime - submit).TotalSeconds));
            if (round is { Recorded: true })
            {
                using var attempt = Source.StartActivity("cellgate.sms.attempt", ActivityKind.Internal, round.Context);
                attempt?.SetTag("cellgate.sms.id", o.SmsId);
                attempt?.SetTag("cellgate.sms.result", result);
            }
        }
    }

    /// <summary>The dispatcher pauses for <paramref name="pause"/> before a backlog's next round (other writes compete).</summary>
    public void Paced(TimeSpan pause) => _paced.Add(pause.TotalSeconds);

    /// <summary>A group transaction's commit (the statement alone) ended after it started at <paramref name="startTimestamp"/>.</summary>
    public void Synced(long startTimestamp) => _syncDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    /// <summary>A group transaction of <paramref name="size"/> writes committed (or failed) after it started at <paramref name="startTimestamp"/>.</summary>
    public void GroupCommitted(int size, long startTimestamp)
    {
        _groupSize.Record(size);
        _commitDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
    }
}

/// <summary>What a node does with its claims when it stops (<see cref="SmsDispatcher"/>'s <c>StopAsync</c>).</summary>
public static class LeaseRelease
{
    /// <summary>
    /// Hands back every SMS this node holds a lease on, at once, as if it had never been claimed: pending again (buffered
    /// when it was a retry), due at its retry time, no faulted attempt counted. Another node, or this one restarted,
    /// claims them on its next round instead of waiting for the lease to run out. Returns how many.
    /// </summary>
    public static int Release(DbConnection connection, DbTransaction transaction, string node)
    {
        using var command = SqlCommands.Create(connection, transaction, $"""
            UPDATE sms SET "Status" = CASE WHEN "RetryCount" > 0 THEN 3 ELSE 1 END, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE {SmsQueueFilter.Pending} AND "Status" = 2 AND "LeaseOwner" = @node
            """, ("@node", node));
        return command.ExecuteNonQuery();
    }
}
