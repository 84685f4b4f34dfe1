using System.Data.Common;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Events;
using Cellgate.Sms;
using Cellgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Sms;

/// <summary>The interface an MT SMS was submitted on: EMnify's <c>esme_interface_type</c> (reference §6.1: 1 RestAPI, 2 SMPP).</summary>
public enum MtChannel
{
    Rest = 1,
    Smpp = 2,
}

/// <summary>Which rule refused an MT SMS first (an SMPP server answers each with its own <c>command_status</c>).</summary>
public enum MtProblem
{
    NotAllowed,
    Source,
    Expiry,
    Schedule,
    Pid,
    Payload,
    Quota,
}

/// <summary>
/// One MT SMS as an interface hands it in, for the endpoint <see cref="Route"/> of <see cref="OrganisationId"/>.
/// The content is <see cref="Payload"/> with optional <see cref="Udh"/> hex and <see cref="Dcs"/>, as the REST body
/// carries them (<see cref="SmsComposer"/>). Validity is <see cref="ExpiryDate"/> (REST text) or <see cref="ValidUntil"/>
/// (already resolved, SMPP); <see cref="DeliverAt"/> schedules the first attempt (SMPP schedule_delivery_time).
/// </summary>
internal sealed record MtRequest(long OrganisationId, SmsRoute Route, MtChannel Channel)
{
    public string? SourceAddress { get; init; }
    public int? SourceAddressType { get; init; }
    public string? ExpiryDate { get; init; }
    public DateTime? ValidUntil { get; init; }
    public DateTime? DeliverAt { get; init; }
    public int? Pid { get; init; }
    public string? Payload { get; init; }
    public string? Udh { get; init; }
    public int? Dcs { get; init; }
    public int RegisteredDelivery { get; init; }

    /// <summary>Run inside the write after the rows are inserted (the SMPP server marks receipts it owes): ids of the parts.</summary>
    public Action<DbConnection, DbTransaction, long[]>? AlsoInWrite { get; init; }
}

/// <summary>What one write of <see cref="MtSubmission.InsertManyAsync"/> leaves for after its commit (reset when the group runs again).</summary>
internal sealed class MtWrite
{
    /// <summary>Follow-up work of delivery at submit (echoes, metrics, wake-ups).</summary>
    public List<Action> Committed { get; } = [];

    /// <summary>Parts delivered or handed off at submit: the dispatcher need not be woken for them.</summary>
    public int Delivered { get; set; }

    public void Reset()
    {
        Committed.Clear();
        Delivered = 0;
    }
}

/// <summary>An MT that passed validation: its rows, ready for <see cref="MtSubmission.InsertManyAsync"/>.</summary>
internal sealed record PreparedMt(MtRequest Request, NewSms Sms, DateTime Now);

/// <summary>The outcome: the stored parts' ids (the first is the message's id), or the errors with the first rule that refused.</summary>
internal sealed record MtResult(long[]? Ids, RequestValidation? Errors, MtProblem? Problem)
{
    public bool Accepted => Ids is not null;
}

/// <summary>
/// The one MT submit path, shared by <c>POST /api/v1/endpoint/{id}/sms</c> and the SMPP server's <c>submit_sm</c>:
/// validation (endpoint, source address, validity, pid, content), encoding and splitting (<see cref="SmsComposer"/>),
/// the SMS quota and the insert in one durable group commit (<see cref="SmsWriter"/>), then the dispatcher's wake-up,
/// metrics and the trace tag. It returns only after the commit: an answer to the client means the SMS is stored.
/// </summary>
public sealed class MtSubmission(SmsWriter writer, DispatcherSignal dispatcher, EventLog events, IOptions<DeliveryOptions> options, TimeProvider time,
    DeliveryMetrics metrics, SmsDispatcher delivery)
{
    private static int _reference = Random.Shared.Next(256);
    private MtBatch? _batch;

    internal async Task<MtResult> SubmitAsync(MtRequest request, CancellationToken ct)
    {
        var prepared = Prepare(request, out var refused);
        if (prepared is null) return refused!;
        using var span = DeliveryMetrics.Source.StartActivity("cellgate.sms.write");
        // With the MT of every other request waiting at that moment: one writer closure, multi-row inserts, no savepoint
        // per SMS (issue 11; the SMPP server's path). The batch wakes the dispatcher and counts them after the commit.
        var batch = LazyInitializer.EnsureInitialized(ref _batch, () => new MtBatch(this, writer, MtChannel.Rest));
        var result = await (request.Channel == MtChannel.Rest ? batch : new MtBatch(this, writer, request.Channel)).SubmitAsync(prepared).WaitAsync(ct);
        if (result.Ids is null) return result; // refused by a quota or limit, nothing stored
        span?.SetTag("cellgate.sms.id", result.Ids[0]);
        System.Diagnostics.Activity.Current?.Parent?.SetTag("cellgate.sms.id", result.Ids[0]);
        return result;
    }

    /// <summary>
    /// Validation, encoding and splitting without touching the database: the rows to insert, or null with
    /// <paramref name="refused"/> (the errors and the first rule that refused).
    /// </summary>
    internal PreparedMt? Prepare(MtRequest request, out MtResult? refused)
    {
        refused = null;
        var route = request.Route;
        var org = request.OrganisationId;
        var now = time.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var v = new RequestValidation("SMS", "Send SMS validation error");
        MtProblem? first = null;
        void Problem(MtProblem p) => first ??= p;

        if (route.SimId is null)
        {
            v.Add(ApiErrors.NotAllowedError($"Endpoint with Id '{route.Id}' has no SIM assigned."));
            Problem(MtProblem.NotAllowed);
        }
        else if (!route.AllowMt)
        {
            v.Add(ApiErrors.NotAllowedError($"The service profile of endpoint with Id '{route.Id}' does not allow MT SMS."));
            Problem(MtProblem.NotAllowed);
        }

        var count = v.Errors.Count;
        var (source, sourceType) = SmsAddresses.ReadSource(v, request.SourceAddress, request.SourceAddressType is { } st ? new StatusRef(st) : null);
        if (v.Errors.Count > count) Problem(MtProblem.Source);

        var expiry = now.AddHours(o.DefaultValidityHours);
        count = v.Errors.Count;
        DateTime? given = request.ValidUntil;
        if (request.ExpiryDate is not null)
        {
            if (!ApiDates.TryParse(request.ExpiryDate, out var e)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "expiry_date", "Expecting a date-time such as 2026-03-01T12:00:00.000+0000"));
            else given = e;
        }
        if (given is { } g)
        {
            if (g <= now) v.Invalid("expiry_date", "must be in the future");
            else if (g > now.AddHours(o.MaxValidityHours)) v.Invalid("expiry_date", $"must be at most {o.MaxValidityHours} hours after submission");
            else expiry = g;
        }
        if (v.Errors.Count > count) Problem(MtProblem.Expiry);

        if (request.DeliverAt is { } at && at >= expiry)
        {
            v.Invalid("schedule_delivery_time", "must be before the SMS expires");
            Problem(MtProblem.Schedule);
        }
        if (request.Pid is { } pid && pid is < 0 or > 255)
        {
            v.Invalid("pid", "must be between 0 and 255");
            Problem(MtProblem.Pid);
        }

        SegmentedMessage? message = null;
        if (string.IsNullOrEmpty(request.Payload))
        {
            v.Add(ApiErrors.Required(v.ObjectName, "payload"));
            Problem(MtProblem.Payload);
        }
        else
        {
            var composed = Compose(request.Payload, request.Udh, request.Dcs);
            if (composed.IsSuccess) message = composed.Value;
            else
            {
                v.Add(new ApiError(1403, "InvalidFormat", $"SMS - {composed.Error!.Field}: {composed.Error.Message}"));
                Problem(MtProblem.Payload);
            }
        }
        if (v.Failed)
        {
            refused = new MtResult(null, v, first);
            return null;
        }

        var sms = new NewSms(org, route.Id, route.SimId, route.Iccid ?? "", route.Msisdn ?? "", route.Imsi ?? "",
            SmsType.Mt, SmsStatus.DeliveryAttemptPending, source, sourceType, route.Msisdn, message!.Dcs.Value, request.Pid ?? 0,
            now, expiry, [.. message.Parts.Select(p => new NewPart(p.Text, p.UdhHex))],
            RegisteredDelivery: request.RegisteredDelivery, EsmeInterfaceType: (int)request.Channel);
        return new PreparedMt(request, sms, now);
    }

    /// <summary>Encodes and splits a text as the submit path does (replace_sm composes its new text with it).</summary>
    internal SmsResult<SegmentedMessage> Compose(string payload, string? udh, int? dcs) =>
        SmsComposer.Compose(payload, udh, dcs, new SmsSegmenterOptions
        {
            MaxParts = options.Value.MaxParts,
            Reference = Interlocked.Increment(ref _reference) & 0xFF,
        });

    /// <summary>
    /// Inside a writer transaction: stores each prepared MT in order (quota, rows, schedule, the request's extra SQL).
    /// An MT whose quota refuses it is rolled back alone (a savepoint around it) and answered with
    /// <see cref="MtProblem.Quota"/>; any other failure fails the whole write. One-part MT to a device with nothing
    /// pending are delivered in this transaction when their route answers at once (<see cref="DeliveryOptions.DeliverAtSubmit"/>,
    /// docs/sms.md "Delivery at submit"); the follow-up work of that delivery is added to <paramref name="committed"/>.
    /// Call <see cref="Accepted"/> and run <paramref name="committed"/> after the commit.
    /// </summary>
    internal async ValueTask<MtResult[]> InsertManyAsync(DbConnection c, DbTransaction t, IReadOnlyList<PreparedMt> items, MtWrite write, CancellationToken ct)
    {
        var committed = write.Committed;
        var results = new MtResult[items.Count];
        var now = time.GetUtcNow().UtcDateTime;
        Func<PreparedMt, SubmitPlacement>? atSubmit = options.Value.DeliverAtSubmit ? AtSubmitOf : null;
        var lease = new SubmitLease(delivery.NodeId, delivery.LeaseUntil(now));
        // One-part MT without a quota go in runs through multi-row INSERTs (MtRows, asynchronous on PostgreSQL); the others
        // one by one, in order (their statements still synchronous: docs/postgresql.md, "Not done yet").
        var tails = new Dictionary<long, DateTime?>();
        var run = new List<int>();
        async ValueTask Flush()
        {
            if (run.Count == 0) return;
            var batch = new PreparedMt[run.Count];
            for (var k = 0; k < batch.Length; k++) batch[k] = items[run[k]];
            var placed = new SmsStatus[batch.Length];
            var ids = await MtRows.InsertAsync(c, t, batch, tails, atSubmit, now, lease, placed, ct);
            List<ClaimedSms>? handed = null, leased = null;
            for (var k = 0; k < batch.Length; k++)
            {
                long[] own = [ids[k]];
                // MtRows stored a scheduled SMS's retry time already; its NotBefore (rare) in a statement of its own.
                if (batch[k].Request.DeliverAt is { } deliverAt && deliverAt > batch[k].Now) Schedule(c, t, own, deliverAt);
                batch[k].Request.AlsoInWrite?.Invoke(c, t, own);
                results[run[k]] = new MtResult(own, null, null);
                if (placed[k] == SmsStatus.Delivered) (handed ??= []).Add(Claimed(batch[k].Sms, ids[k]));
                else if (placed[k] == SmsStatus.InProgress) (leased ??= []).Add(Claimed(batch[k].Sms, ids[k]));
            }
            run.Clear();
            if (leased is not null)
            {
                // Stored leased to this node: handed to their transport once committed (the devices' state for the
                // dispatcher's precheck read now, in one statement).
                await SmsQueue.WithDeviceStatesAsync(c, t, leased, ct);
                committed.Add(() => delivery.HandOff(leased));
                write.Delivered += leased.Count; // no round has anything to do for them (the hand-off wakes it after)
            }
            if (handed is not null)
            {
                // Inserted DELIVERED: the handset answers now; what it did not take is recorded as a round would, and the
                // device's queue tail is read again before its next SMS is placed.
                write.Delivered += await delivery.DeliverAtSubmitAsync(c, t, handed, now, committed, ct);
                foreach (var sms in handed) tails.Remove(sms.DeviceId);
            }
        }
        // The SMS limits of the endpoints' service profiles (Connectivity.SmsLimits): on PostgreSQL one statement for the
        // batch's devices (a round trip per SMS otherwise), on SQLite one prepared lookup per SMS.
        var limits = await Connectivity.SmsLimits.FindManyAsync(c, t, items.Select(i => i.Sms.DeviceId), Profiles.ServiceProfilesApi.ServiceSmsMt, ct);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            // The SMS limit of the endpoint's service profile, if any: counted, and may refuse.
            var limit = limits is null ? Connectivity.SmsLimits.Find(c, t, item.Sms.DeviceId, Profiles.ServiceProfilesApi.ServiceSmsMt)
                : limits.GetValueOrDefault(item.Sms.DeviceId);
            if (limit is null && MtRows.Fits(item))
            {
                run.Add(i);
                continue;
            }
            await Flush();
            tails.Remove(item.Sms.DeviceId); // SmsQueue.Insert reads and moves this device's tail itself
            if (!item.Request.Route.ApplyQuota && limit is null)
            {
                results[i] = Insert(c, t, item, null);
                continue;
            }
            SqlCommands.Get(c, t, "SAVEPOINT mt").ExecuteNonQuery();
            try
            {
                results[i] = Insert(c, t, item, limit);
            }
            catch (SmsDeniedException denied)
            {
                SqlCommands.Get(c, t, "ROLLBACK TO mt").ExecuteNonQuery();
                results[i] = Denied(denied);
            }
            SqlCommands.Get(c, t, "RELEASE mt").ExecuteNonQuery();
        }
        await Flush();
        return results;
    }

    /// <summary>What delivery at submit does with a one-part MT (the dispatcher's rules, by its route); the queue decides the rest.</summary>
    private SubmitPlacement AtSubmitOf(PreparedMt item) => delivery.PlacementAtSubmit(Claimed(item.Sms));

    /// <summary>The SMS as the dispatcher hands it to a transport (id 0 until inserted; the device's state is read later).</summary>
    private static ClaimedSms Claimed(NewSms sms, long id = 0) => new(id, sms.OrganisationId, sms.DeviceId, sms.SimId, sms.Msisdn, sms.SourceAddress, sms.SourceAddressType,
        sms.Parts[0].Payload, sms.Dcs, sms.Pid, sms.Parts[0].Udh, 1, 1, null, 0, false, false, null, null)
    {
        ExpiryDate = sms.ExpiryDate, SubmitDate = sms.SubmitDate,
    };

    private MtResult Insert(DbConnection c, DbTransaction t, PreparedMt item, Connectivity.CatalogueLimit? limit)
    {
        var request = item.Request;
        var sms = item.Sms;
        if (request.Route.ApplyQuota) SmsQuotas.Consume(c, t, events, request.Route, request.OrganisationId, sms.Parts.Count, item.Now);
        if (limit is not null)
            Connectivity.SmsLimits.Take(c, t, events, request.OrganisationId, sms.DeviceId, Profiles.ServiceProfilesApi.ServiceSmsMt, limit, sms.Parts.Count, item.Now);
        var inserted = SmsQueue.Insert(c, t, sms);
        if (request.DeliverAt is { } deliverAt && deliverAt > item.Now) Schedule(c, t, inserted, deliverAt);
        request.AlsoInWrite?.Invoke(c, t, inserted);
        return new MtResult(inserted, null, null);
    }

    private static MtResult Denied(SmsDeniedException denied)
    {
        var refused = new RequestValidation("SMS", "Send SMS validation error");
        refused.Add(ApiErrors.NotAllowedError(denied.Message));
        return new MtResult(null, refused, MtProblem.Quota);
    }

    /// <summary>
    /// After the commit of stored MT: wakes the dispatcher (unless every part was delivered at submit: then no round has
    /// anything to do for them, and waking it for each submit cost the writer an empty claim per group) and counts them.
    /// </summary>
    internal void Accepted(MtChannel channel, int parts, int deliveredAtSubmit = 0)
    {
        if (parts == 0) return;
        if (parts > deliveredAtSubmit) dispatcher.Wake();
        metrics.Accepted(channel == MtChannel.Smpp ? "smpp" : "rest", "mt", parts);
    }

    /// <summary>
    /// A scheduled SMS: its first attempt waits until <paramref name="at"/> (never earlier than a retry time the queue
    /// already gave it, so that a device's retry times still grow with the id and the SMS behind it wait), also when the
    /// handset attaches before then (<c>NotBefore</c>, which the network's alert honours).
    /// </summary>
    private static void Schedule(DbConnection c, DbTransaction t, long[] ids, DateTime at)
    {
        using var command = SqlCommands.Create(c, t, $"""
            UPDATE sms SET "NotBefore" = @at, "RetryDate" = CASE WHEN "RetryDate" < @at THEN @at ELSE "RetryDate" END
            WHERE "Id" IN ({string.Join(',', ids)})
            """, ("@at", at));
        command.ExecuteNonQuery();
    }
}
