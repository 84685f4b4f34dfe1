using System.Data.Common;
using Cellgate.Delivery;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// The write of replace_sm (§4.10) on an MT that is still pending (every part DELIVERY ATTEMPT PENDING or BUFFERED:
/// not claimed for delivery, not submitted upstream, not final), run in one writer transaction so that the check and
/// the change cannot straddle a claim. Each part gets its new text; expiry, first attempt and registered_delivery
/// change when given. The device's queue keeps its order: the first attempt is never earlier than that of the SMS
/// ahead of it, and SMS behind it are held until it.
/// </summary>
internal static class SmppReplace
{
    /// <summary>What to change; a null field is kept.</summary>
    public sealed record Change(long MessageId, long OrganisationId, long DeviceId, IReadOnlyList<long> PartIds,
        IReadOnlyList<(string Payload, string Udh)>? Parts, DateTime? ExpiryDate, DateTime? DeliverAt, int RegisteredDelivery, bool OweReceipt);

    private const string Pending = "\"Status\" IN (1, 3) AND \"Type\" = 1";

    /// <summary>False when the message is no longer pending (or not the organisation's): nothing was changed.</summary>
    public static async ValueTask<bool> ApplyAsync(DbConnection c, DbTransaction t, Change change, DateTime now, CancellationToken ct)
    {
        using (var check = SqlCommands.Create(c, t, $"""
            SELECT COUNT(*) FROM sms WHERE ("Id" = @id OR "MessageId" = @id) AND "OrganisationId" = @org AND {Pending}
            """, ("@id", change.MessageId), ("@org", change.OrganisationId)))
        {
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != change.PartIds.Count) return false;
        }

        if (change.Parts is { } parts)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                using var part = SqlCommands.Create(c, t, """UPDATE sms SET "Payload" = @payload, "Udh" = @udh WHERE "Id" = @id""",
                    ("@payload", parts[i].Payload), ("@udh", parts[i].Udh), ("@id", change.PartIds[i]));
                part.ExecuteNonQuery();
            }
        }
        using (var message = SqlCommands.Create(c, t, """
            UPDATE sms SET "RegisteredDelivery" = @rd, "ExpiryDate" = COALESCE(@expiry, "ExpiryDate") WHERE "Id" = @id OR "MessageId" = @id
            """, ("@rd", change.RegisteredDelivery), ("@expiry", change.ExpiryDate), ("@id", change.MessageId)))
        {
            message.ExecuteNonQuery();
        }
        // The receipt owed to the ESMEs is marked on the first part (SmppOutbox); a pending MT owes one or none yet.
        using (var owe = SqlCommands.Create(c, t, """UPDATE sms SET "SmppForward" = @forward WHERE "Id" = @id AND ("SmppForward" IS NULL OR "SmppForward" = 1)""",
            ("@forward", change.OweReceipt ? 1 : null), ("@id", change.MessageId)))
        {
            owe.ExecuteNonQuery();
        }

        if (change.DeliverAt is { } at)
        {
            var notBefore = at;
            // Not before the SMS ahead of it on the device (the queue's order: RetryDate never decreases as Id grows);
            // behind one that waits, parked (SmsQueue.Parked: released, at its schedule, when the SMS ahead end)…
            using (var ahead = SqlCommands.Create(c, t, $"""
                SELECT "RetryDate" FROM sms WHERE "DeviceId" = @device AND {SmsQueueFilter.Pending} AND "Id" < @id ORDER BY "Id" DESC LIMIT 1
                """, ("@device", change.DeviceId), ("@id", change.MessageId)))
            {
                if (ahead.ExecuteScalar() is { } v and not DBNull)
                {
                    var before = DateTime.SpecifyKind(Convert.ToDateTime(v, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
                    if (before > now) at = SmsQueue.Parked;
                }
            }
            using (var own = SqlCommands.Create(c, t, """UPDATE sms SET "RetryDate" = @at, "NotBefore" = @notBefore WHERE "Id" = @id OR "MessageId" = @id""",
                ("@at", at), ("@notBefore", notBefore), ("@id", change.MessageId)))
            {
                own.ExecuteNonQuery();
            }
            // …and the SMS behind it wait for it, parked, when it waits (those not parked yet: the queue's tail already is).
            if (at > now) await SmsQueue.ParkBehindAsync(c, t, change.DeviceId, change.PartIds.Max(), ct);
        }
        return true;
    }
}
