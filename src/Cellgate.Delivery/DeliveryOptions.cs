using System.ComponentModel.DataAnnotations;

namespace Cellgate.Delivery;

/// <summary>The SMS engine's settings. Section <c>Cellgate:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Cellgate:Delivery";

    /// <summary>Whether this node delivers. Nodes sharing a database may leave delivery to some of them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether a round whose SMS all go to transports that answer at once from the database (<see cref="IInlineSmsTransport"/>:
    /// the simulator) claims, delivers and records them in one writer transaction. Off: three transactions, as for any
    /// other transport (kept for comparison and as a way back).
    /// </summary>
    public bool InlineDelivery { get; set; } = true;

    /// <summary>
    /// Whether an MT SMS to a device with nothing pending is delivered in the transaction that stores it, when its route
    /// answers at once from the database (<see cref="IInlineSmsTransport"/>: the simulator), this node delivers
    /// (<see cref="Enabled"/>) and <see cref="InlineDelivery"/> is on: it is inserted DELIVERED (one row write, never in
    /// the pending indexes) with the same side effects as the dispatcher's record path, before the 201 /
    /// submit_sm_resp. What the handset does not take is recorded as the dispatcher would record it (docs/sms.md,
    /// "Delivery at submit"). When the route answers over the network instead (an upstream SMSC), the SMS is stored
    /// leased to this node and handed over right after the commit, without a claim (docs/sms.md, "Hand-off at submit").
    /// Off: every SMS is stored pending and delivered by the dispatcher's next round.
    /// </summary>
    public bool DeliverAtSubmit { get; set; } = true;

    /// <summary>SMS claimed per dispatcher round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// What one dispatcher round may cost the writer, in milliseconds (0: always claim <see cref="BatchSize"/>). A round
    /// is a write of the group-commit writer (with inline delivery: claim, delivery and record in one), and every write
    /// queued behind it — submits among them — waits for it: while a backlog drains, rounds of 1,000 SMS held each submit
    /// up by tens of milliseconds. The dispatcher claims as many SMS as fit in this budget at the cost per SMS of its
    /// earlier rounds, at least 64 (or <see cref="BatchSize"/> if smaller) and at most <see cref="BatchSize"/>.
    /// </summary>
    [Range(0, 10_000)]
    public int RoundBudgetMilliseconds { get; set; } = 4;

    /// <summary>
    /// While a backlog drains (rounds that leave due SMS behind them, delivered in the writer's transaction: the
    /// simulator) and other writes compete for the writer (submits, attaches), the share of the writer's time, in per
    /// cent, that those rounds may take: after such a round the dispatcher waits for the time it held the writer times
    /// (100 − share) / share before the next. Every submit waits for the group in progress; a round's group is several
    /// milliseconds of scattered page writes, so back-to-back rounds held the submits beside a 1,000,000-SMS drain at
    /// p99 50–100 ms (issue 11, docs/benchmarks.md). Without competing writes the backlog drains at full speed. 100: no pacing.
    /// </summary>
    [Range(1, 100)]
    public int BacklogWriterSharePercent { get; set; } = 25;

    /// <summary>
    /// Dispatcher rounds handing SMS to transports that answer over the network (an upstream SMSC) at once: the next
    /// round's claim runs while a round's SMS are out, so the writer and the network work at the same time (issue 9: the
    /// upstream drain ran claim, hand-over and record one after the other on one core). The claim never takes an SMS
    /// behind a leased one, so per-device order holds. 1: one round at a time. Rounds delivered inline (the simulator)
    /// are one write each and never overlap.
    /// </summary>
    [Range(1, 16)]
    public int RoundsInFlight { get; set; } = 2;

    /// <summary>How long a claim holds; a node that dies releases its SMS when this runs out.</summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often the dispatcher looks for due SMS when nothing woke it.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Seconds to wait before each retry of a temporarily undeliverable SMS; the last value repeats.</summary>
    [Required, MinLength(1)]
    public int[] RetryScheduleSeconds { get; set; } = [30, 60, 300, 900, 1800, 3600];

    /// <summary>
    /// Faulted attempts (the transport threw on the SMS, or a node's lease ran out before it recorded an outcome) after
    /// which an SMS is FAILED (<c>systemFailure</c>) instead of retried: a "poison" SMS ends instead of looping until
    /// its expiry. Answers of the network (absent, memory full) are not faults and retry until the expiry.
    /// </summary>
    [Range(1, 1000)]
    public int MaxFaultedAttempts { get; set; } = 5;

    /// <summary>
    /// An SMS submitted to an upstream network that reports by receipt waits for it until its expiry plus this many
    /// seconds; then it is FAILED with <c>gsm_map_error</c> <c>receiptTimeout</c> (not retried: it may have been delivered).
    /// </summary>
    [Range(1, 7 * 24 * 3600)]
    public int ReceiptTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// The retry table: for each network error (GSM MAP name) or SMPP <c>command_status</c> name, whether an SMS that
    /// got it is retried and after how long; <c>*</c> is any other error. Configuration adds or overrides rows
    /// (<c>Cellgate:Delivery:Errors:ESME_RTHROTTLED:DelaySeconds</c>); the defaults are <see cref="RetryPolicy.DefaultTable"/>.
    /// </summary>
    public Dictionary<string, SmsErrorRule> Errors { get; set; } = RetryPolicy.DefaultTable();

    /// <summary>Validity of an MT SMS without <c>expiry_date</c>.</summary>
    [Range(1, 24 * 30)]
    public int DefaultValidityHours { get; set; } = 24;

    /// <summary>The latest <c>expiry_date</c> a client may ask for, after submission.</summary>
    [Range(1, 24 * 30)]
    public int MaxValidityHours { get; set; } = 72;

    /// <summary>The most parts one submitted payload may be split into (each part is an SMS of its own).</summary>
    [Range(1, 255)]
    public int MaxParts { get; set; } = 10;

    /// <summary>Writes grouped into one transaction (one fsync) at most.</summary>
    [Range(1, 100_000)]
    public int MaxWriteBatch { get; set; } = 4000;

    /// <summary>
    /// PostgreSQL only: group transactions the writer runs at once, each on its own connection (SQLite has one writer).
    /// Per-device order between them is kept as between two nodes, by the sorted order locks each group holds to its
    /// commit, taken in the order the groups took their writes; the network's alert waits for the claim lock (docs/scaling.md,
    /// "The asynchronous writer and two writer connections per node"). 2 (the default): one node on PostgreSQL accepted
    /// 82 % of the SQLite rate on the quiet machine against 47 % with 1 (docs/benchmarks.md, 2026-12-01); the usage feed
    /// and the data plane are safe with it since 2026-12-01 (docs/connectivity.md, "Two writer connections").
    /// </summary>
    [Range(1, 8)]
    public int PostgresWriterConnections { get; set; } = 2;

    /// <summary>Identifies this node's leases; defaults to host name and process id.</summary>
    public string? NodeId { get; set; }

    public TimeSpan RetryDelay(int retryCount)
    {
        var s = RetryScheduleSeconds;
        return TimeSpan.FromSeconds(s[Math.Clamp(retryCount, 0, s.Length - 1)]);
    }
}
