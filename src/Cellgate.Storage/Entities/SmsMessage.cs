namespace Cellgate.Storage.Entities;

/// <summary>
/// One short message (one part of a concatenated one), MT or MO. The row is also the delivery queue entry:
/// <see cref="Status"/>, <see cref="RetryCount"/>, <see cref="RetryDate"/> (the next attempt while pending) and
/// <see cref="ExpiryDate"/> drive the dispatcher; <see cref="LeaseOwner"/>/<see cref="LeaseUntil"/> mark a claim.
/// </summary>
public sealed class SmsMessage
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }

    /// <summary>The endpoint (device) the SMS belongs to: the receiver of an MT, the sender of an MO.</summary>
    public long DeviceId { get; set; }
    public SmsType Type { get; set; }
    public SmsStatus Status { get; set; }

    public long? SimId { get; set; }
    public string Iccid { get; set; } = "";
    public string Msisdn { get; set; } = "";
    public string Imsi { get; set; } = "";

    public string SourceAddress { get; set; } = "";
    public int SourceAddressType { get; set; } = 161;

    /// <summary>MO: the short code or MSISDN the device sent to. MT: the device's MSISDN.</summary>
    public string? DestAddress { get; set; }

    /// <summary>This part's text (GSM or UCS-2 text; for 8-bit data, hex).</summary>
    public required string Payload { get; set; }
    public int Dcs { get; set; }
    public int Pid { get; set; }

    /// <summary>User data header as upper-case hex, "" when none.</summary>
    public string Udh { get; set; } = "";

    /// <summary>The id of the first part: all parts of one message share it (and it is the id the API answered).</summary>
    public long? MessageId { get; set; }
    public int PartNumber { get; set; } = 1;
    public int PartCount { get; set; } = 1;

    public int RegisteredDelivery { get; set; }
    public int EsmeInterfaceType { get; set; } = 1;
    public int P2pExt { get; set; }

    public DateTime SubmitDate { get; set; }
    public DateTime ExpiryDate { get; set; }
    public DateTime RetryDate { get; set; }

    /// <summary>
    /// The time before which no attempt may start (SMPP <c>schedule_delivery_time</c>, also set by <c>replace_sm</c>);
    /// null: none. The network's alert (a handset attaching) makes buffered SMS due at once, but never one held by this
    /// or the SMS behind it (they wait for it: the device's order).
    /// </summary>
    public DateTime? NotBefore { get; set; }
    public DateTime? DeliveryDate { get; set; }
    public DateTime? FinalDate { get; set; }
    public DateTime? LastDeliveryAttempt { get; set; }
    public int RetryCount { get; set; }
    public string? GsmMapError { get; set; }

    /// <summary>Attempts that ended in a fault rather than an answer from the network: the transport threw, or a
    /// node's lease ran out before it recorded an outcome. The dispatcher fails the SMS after <c>MaxFaultedAttempts</c>.</summary>
    public int FaultCount { get; set; }

    /// <summary>Set when the device became reachable while this SMS was in flight: a temporary failure then retries at once.</summary>
    public bool Alerted { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }

    /// <summary>
    /// When the simulated handset received this SMS (the simulator's inbox); null: it did not. Stored as ticks (UTC): a
    /// drained SMS's record grows its row by 8 bytes for it, not by a date's 27. The inbox was a table of its own until
    /// 2026-12, which wrote a page of its own per SMS a backlog's drain delivered (issue 11).
    /// </summary>
    public DateTime? HandsetReceived { get; set; }

    /// <summary>Redeliveries the simulated handset dropped (received again after a crash before the record): counted, not stored.</summary>
    public int HandsetDuplicates { get; set; }

    /// <summary>
    /// SQLite: room kept in the row of an MT SMS stored to wait in the queue (<c>SmsQueue.RowReserve</c> zero bytes), given
    /// back by the claim, which fills the row with its lease and attempt time meanwhile. Without it each claim grew a row
    /// that lies among other devices' rows on a page filled by appends, and SQLite rebalanced the page with its siblings:
    /// three to four pages written per SMS a backlog's drain delivered (issue 11). Null on every other row, and on PostgreSQL.
    /// </summary>
    public byte[]? Reserve { get; set; }

    /// <summary>The transport (route name) that submitted the SMS upstream, when the outcome comes as a receipt.</summary>
    public string? Transport { get; set; }

    /// <summary>The upstream network's message id (an SMSC's <c>message_id</c>): receipts are matched on it.</summary>
    public string? UpstreamId { get; set; }

    /// <summary>Set while the SMS is submitted upstream and awaits its receipt (IN PROGRESS, no lease): when it times out.</summary>
    public DateTime? ReceiptDue { get; set; }

    /// <summary>
    /// The SMPP server's delivery queue (<c>deliver_sm</c> to the organisation's bound ESMEs): null when nothing is owed,
    /// <see cref="SmppForwardState.Pending"/> for an MO owed to the ESME, or the receipt owed for an MT submitted over
    /// SMPP with registered_delivery (sent once the SMS is final), then Sent or Dropped.
    /// </summary>
    public SmppForwardState? SmppForward { get; set; }
}

public enum SmppForwardState
{
    Pending = 1,
    Sent = 2,
    Dropped = 3,
}

public enum SmsType
{
    Mt = 1,
    Mo = 2,
}

/// <summary>
/// The MT SMS still in the queue (statuses 1, 2 and 3): the filter of the queue's partial indexes
/// (<c>ix_sms_pending_by_device</c>, <c>ix_sms_pending_expiry</c>; <c>ix_sms_due</c>'s adds <see cref="Due"/>'s term), which queue statements repeat verbatim so that SQLite
/// uses them. Every write that ends an MT SMS sets its <c>FinalDate</c> (a cancelled one too, though the API shows none)
/// and only the writes that put one back in the queue clear it, so the filter names no column a claim changes: a claim
/// (status 1 → 2, a lease) rewrites no index entry, and on PostgreSQL is a HOT update.
/// </summary>
public static class SmsQueueFilter
{
    public const string Pending = "\"FinalDate\" IS NULL AND \"Type\" = 1";

    /// <summary>
    /// <see cref="Pending"/> with each of its columns read from <paramref name="alias"/>, for statements that read
    /// <c>sms</c> under an alias next to other tables (the same filter: SQLite and PostgreSQL match it to the indexes).
    /// </summary>
    public static string PendingOf(string alias) => $"{alias}.\"FinalDate\" IS NULL AND {alias}.\"Type\" = 1";

    /// <summary>
    /// The filter of <c>ix_sms_due</c>: <see cref="Pending"/> SMS that are not parked (a parked SMS's <c>RetryDate</c> is
    /// the year 9000, <c>SmsQueue.Parked</c>). The claim window never reads parked SMS, so they need no entry: parking
    /// and releasing a backlog then insert and delete one entry in the due part of the index, instead of moving one from
    /// the parked part, where a device's SMS lie a page apart (issue 11: a scattered page write per SMS drained). The
    /// constant is a day before the parked time in any time zone (PostgreSQL reads it as a <c>timestamp with time
    /// zone</c> in the session's) and compares as text below it on SQLite; the claim repeats the term verbatim.
    /// </summary>
    public const string Due = Pending + " AND \"RetryDate\" < " + NotParkedBefore;

    /// <summary><see cref="Due"/> with each of its columns read from <paramref name="alias"/>.</summary>
    public static string DueOf(string alias) => $"{PendingOf(alias)} AND {alias}.\"RetryDate\" < {NotParkedBefore}";

    /// <summary><see cref="Due"/>'s bound on <c>RetryDate</c> (a literal: the statements repeat it as the index has it).</summary>
    private const string NotParkedBefore = "'8999-12-31'";
}

public enum SmsStatus
{
    DeliveryAttemptPending = 1,
    InProgress = 2,
    Buffered = 3,
    Delivered = 4,
    Failed = 5,
    Expired = 6,
    Canceled = 7,
}

/// <summary>An endpoint's SMS quota (reference §7.3); enforced when its service profile has <c>apply_sms_quota</c>.</summary>
public sealed class SmsQuota
{
    public long DeviceId { get; set; }
    public long OrganisationId { get; set; }
    public int Status { get; set; } = 1;
    public long Volume { get; set; }
    public DateTime ExpiryDate { get; set; }
    public int ThresholdPercentage { get; set; }
    public long ThresholdVolume { get; set; }
    public long LastVolumeAdded { get; set; }
    public DateTime LastStatusChangeDate { get; set; }
    public int AutoRefill { get; set; }
    public int ActionOnExhaustion { get; set; } = 1;
    public bool ThresholdReported { get; set; }
}

/// <summary>The network simulator's view of one handset: attach state, injected fault, behaviours.</summary>
public sealed class SimulatedDevice
{
    public long DeviceId { get; set; }
    public long OrganisationId { get; set; }
    public bool Attached { get; set; }
    public SimulatedFault Fault { get; set; }
    public bool Echo { get; set; }

    /// <summary>When set, the device toggles its attach state every this many seconds.</summary>
    public int? ToggleSeconds { get; set; }
    public DateTime? NextToggle { get; set; }
    public DateTime LastChange { get; set; }

    /// <summary>The operator whose network the handset is on; null: <see cref="LookupSeed.DefaultOperatorId"/>.</summary>
    public long? OperatorId { get; set; }
}

public enum SimulatedFault
{
    None = 0,
    AbsentSubscriber = 1,
    UnknownSubscriber = 2,
    MemoryFull = 3,
    Reject = 4,
}

