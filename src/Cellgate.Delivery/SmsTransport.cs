using System.Data.Common;

namespace Cellgate.Delivery;

/// <summary>
/// Where MT SMS leave Cellgate: the network simulator, an upstream SMSC over SMPP, later a radio interface. Several are
/// registered by name (<see cref="SmsTransports.AddSmsTransport{T}"/>) and <see cref="SmsRouter"/> picks one per SMS.
/// <para>
/// The dispatcher owns per-device order: a batch holds at most <b>one SMS per device</b> — that device's head, the
/// oldest SMS it has not yet delivered — so a transport cannot deliver out of order and never defers anything itself.
/// It reports one outcome per SMS: <see cref="DeliveryOutcome.Delivered"/>, <see cref="DeliveryOutcome.Undelivered"/>
/// with the network's error (the retry table in <see cref="DeliveryOptions.Errors"/> decides retry or fail), or
/// <see cref="DeliveryOutcome.Submitted"/> with the upstream message id when the outcome comes later as a receipt
/// (<see cref="SmsReceipts"/>). Throwing is a fault (counted, <c>MaxFaultedAttempts</c>), never an answer.
/// </para>
/// Delivery is at least once (a node that dies between handing over and recording may hand over again); transports
/// pass the SMS id on so that the receiving side can drop duplicates.
/// </summary>
public interface ISmsTransport
{
    ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken);
}

/// <summary>
/// A transport that answers at once from the database (the network simulator): the dispatcher may hand it a wave inside
/// the writer transaction that claimed the SMS, and record the outcomes in that same transaction, so that claim,
/// delivery and record are one commit instead of three (docs/sms.md, "One transaction per round").
/// <para>
/// Unlike <see cref="ISmsTransport.DeliverAsync"/>, a batch here may hold a <b>run</b> of several SMS of one device,
/// in id (submission) order, when every route is inline (docs/sms.md, "Runs"). The transport delivers a run in that
/// order and ends it at the first SMS it does not deliver: it answers that SMS (undelivered, with the error) and leaves
/// the rest of the run unanswered; the dispatcher hands them over again or lets them wait, as the answer requires. It
/// must answer each device's first SMS; answers that deliver behind an SMS not delivered are a fault (rolled back).
/// Throwing is a fault. The work runs in a savepoint of its own: when it throws, what it wrote is rolled back before the
/// SMS are handed over again one by one (each device's in order, up to its first not delivered).
/// Nothing that waits (network, locks) belongs here: the writer, and every submit behind it, waits for it.
/// </para>
/// </summary>
public interface IInlineSmsTransport : ISmsTransport
{
    /// <summary>
    /// Delivers <paramref name="batch"/> inside <paramref name="transaction"/> at <paramref name="now"/> (statements
    /// through <see cref="SqlAsync"/>: asynchronous on PostgreSQL, synchronous on SQLite).
    /// </summary>
    ValueTask<InlineDelivery> DeliverInlineAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ClaimedSms> batch, DateTime now,
        CancellationToken cancellationToken);
}

/// <summary>Where an MT SMS whose device has nothing pending goes at submit (<see cref="SmsDispatcher.PlacementAtSubmit"/>).</summary>
public enum SubmitPlacement
{
    /// <summary>Stored pending; a dispatcher round claims it.</summary>
    Queue,

    /// <summary>Delivered by its inline transport in the transaction that stores it.</summary>
    Deliver,

    /// <summary>Stored leased to this node and handed to its (network) transport after the commit.</summary>
    HandOff,
}

/// <summary>The outcomes of an inline delivery, and follow-up work to run once the transaction committed (null: none).</summary>
public sealed record InlineDelivery(IReadOnlyList<DeliveryOutcome> Outcomes, Action? Committed = null);

/// <summary>What became of one delivery attempt.</summary>
public enum DeliveryResult
{
    /// <summary>Delivered to the handset: DELIVERED.</summary>
    Delivered,

    /// <summary>
    /// Accepted by an upstream network that reports the outcome later (an SMSC's receipt): the SMS waits, IN PROGRESS,
    /// for <see cref="SmsReceipts.RecordAsync"/>; its lease is released and lease expiry never claims it again.
    /// </summary>
    Submitted,

    /// <summary>Not delivered, with the network's error (<see cref="DeliveryOutcome.Error"/>): the retry table decides.</summary>
    Undelivered,

    /// <summary>Not attempted: an earlier SMS to the same device is not delivered yet (set by the dispatcher only).</summary>
    Deferred,

    /// <summary>The transport threw on this SMS: a faulted attempt, retried on the schedule until <c>MaxFaultedAttempts</c>.</summary>
    Faulted,

    /// <summary>The SMS reached <c>MaxFaultedAttempts</c> (its last lease ran out): failed without another attempt.</summary>
    Abandoned,
}

/// <summary>
/// The outcome of one SMS. <paramref name="Error"/> is the network's error code for <see cref="DeliveryResult.Undelivered"/>
/// (a GSM MAP error name such as <c>absentSubscriberSM</c>, or an SMPP <c>command_status</c> name such as
/// <c>ESME_RTHROTTLED</c>): it keys the retry table and is shown as <c>gsm_map_error</c>. <paramref name="RetryAfter"/>,
/// when the network says when to try again, wins over the table and the schedule. <paramref name="UpstreamId"/> is the
/// upstream message id of a <see cref="DeliveryResult.Submitted"/> SMS.
/// </summary>
public sealed record DeliveryOutcome(long SmsId, long DeviceId, DeliveryResult Result, string? Error = null, TimeSpan? RetryAfter = null, string? UpstreamId = null)
{
    /// <summary>The transport that produced it (set by the dispatcher; receipts are matched by transport and upstream id).</summary>
    public string? Transport { get; init; }

    public static DeliveryOutcome Delivered(ClaimedSms sms) => new(sms.Id, sms.DeviceId, DeliveryResult.Delivered);

    public static DeliveryOutcome Undelivered(ClaimedSms sms, string error, TimeSpan? retryAfter = null) =>
        new(sms.Id, sms.DeviceId, DeliveryResult.Undelivered, error, retryAfter);

    public static DeliveryOutcome Submitted(ClaimedSms sms, string upstreamId) => new(sms.Id, sms.DeviceId, DeliveryResult.Submitted, UpstreamId: upstreamId);
}

/// <summary>The GSM MAP error names Cellgate itself produces (the keys of the default retry table; shown as <c>gsm_map_error</c>).</summary>
public static class NetworkErrors
{
    public const string AbsentSubscriber = "absentSubscriberSM";
    public const string MemoryCapacityExceeded = "memoryCapacityExceeded";
    public const string UnknownSubscriber = "unknownSubscriber";
    public const string DeliveryFailure = "smDeliveryFailure";
    public const string CallBarred = "callBarred";
    public const string SystemFailure = "systemFailure";

    /// <summary>Not a MAP error: an SMS submitted upstream whose receipt never came (<c>ReceiptTimeoutSeconds</c>).</summary>
    public const string ReceiptTimeout = "receiptTimeout";
}
