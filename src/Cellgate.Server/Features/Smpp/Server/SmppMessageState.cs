using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Text;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>One part's state, as the queue and query_sm read it.</summary>
internal readonly record struct PartState(SmsStatus Status, DateTime? FinalDate, string? Error);

/// <summary>
/// A message's SMPP state from its parts' SMS states: ENROUTE while any part is pending (1, 2, 3); DELIVERED when all
/// were delivered; DELETED when cancelled (7); EXPIRED when a part expired; otherwise UNDELIVERABLE (failed).
/// </summary>
internal static class SmppMessageState
{
    public static (MessageState State, bool Final, DateTime? FinalDate, string? Error) Of(IReadOnlyCollection<PartState> parts)
    {
        if (parts.Any(p => p.Status is SmsStatus.DeliveryAttemptPending or SmsStatus.InProgress or SmsStatus.Buffered))
            return (MessageState.Enroute, false, null, null);
        var final = parts.Max(p => p.FinalDate);
        if (parts.All(p => p.Status == SmsStatus.Delivered)) return (MessageState.Delivered, true, final, null);
        if (parts.Any(p => p.Status == SmsStatus.Canceled)) return (MessageState.Deleted, true, final, null);
        var error = parts.Select(p => p.Error).FirstOrDefault(e => e is not null);
        if (parts.Any(p => p.Status == SmsStatus.Expired)) return (MessageState.Expired, true, final, error);
        return (MessageState.Undeliverable, true, final, error);
    }

    /// <summary>
    /// The receipt's three-digit <c>err:</c> from the network error Cellgate recorded (its GSM MAP error name): the MAP
    /// error code (TS 29.002) where one exists, 000 when delivered, 999 for anything else.
    /// </summary>
    public static string ErrorCode(MessageState state, string? mapError) => state == MessageState.Delivered ? "000" : mapError switch
    {
        null => "000",
        "unknownSubscriber" => "001",
        "absentSubscriberSM" => "006",
        "absentSubscriber" => "027",
        "illegalSubscriber" => "009",
        "teleserviceNotProvisioned" => "011",
        "callBarred" => "013",
        "facilityNotSupported" => "021",
        "smDeliveryFailure" or "memoryCapacityExceeded" => "032",
        "systemFailure" => "034",
        _ => "999",
    };

    /// <summary>The SMPP absolute time (UTC) of <paramref name="time"/>, or "" when null (query_sm_resp final_date).</summary>
    public static string Time(DateTime? time) => time is { } t ? SmppTime.Absolute(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))).Format() : "";
}
