using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Sms;

/// <summary>What the submit path needs to know about the receiving endpoint.</summary>
internal sealed record SmsRoute(long Id, string Name, long? SimId, string? Iccid, string? Msisdn, string? Imsi, bool AllowMt, bool ApplyQuota);

/// <summary>An SMS refused by a rule checked inside the write (the quota).</summary>
internal sealed class SmsDeniedException(string message) : Exception(message);

/// <summary>MT and MO SMS of an endpoint (reference §6): list, send, get, cancel.</summary>
public static class SmsApi
{
    public static RouteGroupBuilder MapSms(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/endpoint/{endpoint_id}/sms").WithTags("SMS");
        group.MapGet("/", ListAsync).WithPaging().WithSummary("MT and MO SMS of the endpoint, newest first (optional page/per_page); unpaged, streamed under the heavy-read gate")
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests);
        group.MapPost("/", SubmitAsync).WithSummary("Send an MT SMS; 201 with Location once it is stored durably");
        group.MapGet("/{sms_id}", GetAsync).WithSummary("One SMS");
        group.MapDelete("/{sms_id}", CancelAsync).WithSummary("Cancel an SMS not yet delivered (status 7 CANCELED); 200 with {}")
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>The name of the caller's endpoint, or null when it is not theirs (or does not exist).</summary>
    private static Task<string?> DeviceNameAsync(CellgateDbContext db, long endpointId, long org, CancellationToken ct) =>
        db.Devices.AsNoTracking().Where(d => d.Id == endpointId && d.OrganisationId == org).Select(d => (string?)d.Name).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The endpoint's SMS, newest first. Unpaged (as EMnify) the answer is streamed: rows are read from the database
    /// and written to the response one at a time (constant memory whatever the count), under a <see cref="HeavyReadGate"/>
    /// permit that bounds how many such reads run at once (429 with <c>Retry-After</c> when its queue is full).
    /// </summary>
    internal static async Task<Results<Ok<IAsyncEnumerable<SmsDto>>, JsonHttpResult<ApiError>>> ListAsync(
        [FromRoute(Name = "endpoint_id")] long endpointId, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, HeavyReadGate heavyReads, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (await DeviceNameAsync(db, endpointId, org, ct) is not { } deviceName) return ApiErrors.NotFound("Endpoint", endpointId);
        var list = await SmsByDevice.OpenAsync(db, endpointId, org, ct);
        var waiting = await WaitingSinceAsync(db, endpointId, ct); // read before the stream: one query at a time per context

        // The real list has no paging; page/per_page are an opt-in addition with the usual headers.
        if (http.Request.Query.ContainsKey("page") || http.Request.Query.ContainsKey("per_page"))
        {
            if (!PageRequest.TryRead(http.Request, 100, 1000, out var page, out var error)) return error!;
            var result = page.Resolve(await list.CountAsync(ct));
            result.WriteHeaders(http.Response, "-id");
            return TypedResults.Ok(Stream(list.ReadAsync(result.Skip, result.PerPage), deviceName, waiting));
        }
        if (await heavyReads.EnterAsync(http) is { } refused) return refused;
        return TypedResults.Ok(Stream(list.ReadAsync(0, null), deviceName, waiting));
    }

    /// <summary>
    /// What a parked SMS (<see cref="SmsQueue.Parked"/>: behind an SMS of its device that waits) shows as
    /// <c>retry_date</c>, which EMnify never leaves null: the time the device's queue waits for — the latest retry time
    /// of its pending MT SMS that are not parked (by the queue's order, the waiting one's); null when none.
    /// </summary>
    private static Task<DateTime?> WaitingSinceAsync(CellgateDbContext db, long endpointId, CancellationToken ct) =>
        db.Sms.AsNoTracking()
            .Where(s => s.DeviceId == endpointId && s.FinalDate == null && s.Type == SmsType.Mt && s.RetryDate < SmsQueue.Parked)
            .MaxAsync(s => (DateTime?)s.RetryDate, ct);

    /// <summary>A parked SMS shows its device's waiting time (<see cref="WaitingSinceAsync"/>), else its submit date.</summary>
    private static SmsDto Show(SmsMessage sms, string deviceName, DateTime? waiting)
    {
        if (sms.RetryDate == SmsQueue.Parked) sms.RetryDate = waiting is { } w && w > sms.SubmitDate ? DateTime.SpecifyKind(w, DateTimeKind.Utc) : sms.SubmitDate;
        return SmsDto.From(sms, deviceName);
    }

    private static async IAsyncEnumerable<SmsDto> Stream(IAsyncEnumerable<SmsMessage> rows, string deviceName, DateTime? waiting,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var sms in rows.WithCancellation(ct))
            yield return Show(sms, deviceName, waiting);
    }

    internal static async Task<Results<Ok<SmsDto>, JsonHttpResult<ApiError>>> GetAsync(
        [FromRoute(Name = "endpoint_id")] long endpointId, [FromRoute(Name = "sms_id")] long smsId, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (await DeviceNameAsync(db, endpointId, org, ct) is not { } deviceName) return ApiErrors.NotFound("Endpoint", endpointId);
        var sms = await db.Sms.AsNoTracking().FirstOrDefaultAsync(s => s.Id == smsId && s.DeviceId == endpointId && s.OrganisationId == org, ct);
        if (sms is null) return ApiErrors.NotFound("SMS", smsId);
        return TypedResults.Ok(Show(sms, deviceName, sms.RetryDate == SmsQueue.Parked ? await WaitingSinceAsync(db, endpointId, ct) : null));
    }

    /// <summary>200 with an empty object, as EMnify's spec documents the cancel (reference §6.2): void and JSON-parsing clients both accept it.</summary>
    internal static async Task<Results<Ok<EmptyObject>, JsonHttpResult<ApiError>>> CancelAsync(
        [FromRoute(Name = "endpoint_id")] long endpointId, [FromRoute(Name = "sms_id")] long smsId, ClaimsPrincipal caller, CellgateDbContext db,
        SmsWriter writer, DeliveryMetrics metrics, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == endpointId && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", endpointId);
        // The device's order lock with the group's others, up front (SmsDispatcher.DevicesOf says why).
        var result = await writer.WriteAsync((c, t) => SmsQueue.Cancel(c, t, endpointId, smsId, time.GetUtcNow().UtcDateTime), () => [endpointId], ct);
        if (result == SmsQueue.CancelResult.Canceled) metrics.Cancelled("rest");
        return result switch
        {
            SmsQueue.CancelResult.Canceled => TypedResults.Ok(EmptyObject.Instance),
            SmsQueue.CancelResult.NotFound => ApiErrors.NotFound("SMS", smsId),
            SmsQueue.CancelResult.InProgress => ApiErrors.Conflict($"SMS with Id '{smsId}' is being delivered right now and can no longer be withdrawn."),
            _ => ApiErrors.Conflict($"SMS with Id '{smsId}' is already final and cannot be canceled."),
        };
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> SubmitAsync(
        [FromRoute(Name = "endpoint_id")] long endpointId, SubmitSmsRequest body, HttpContext http, ClaimsPrincipal caller,
        SmsRoutes routes, MtSubmission submission, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var route = await routes.FindAsync(endpointId, org, ct);
        if (route is null) return ApiErrors.NotFound("Endpoint", endpointId);

        var result = await submission.SubmitAsync(new MtRequest(org, route, MtChannel.Rest)
        {
            SourceAddress = body.SourceAddress, SourceAddressType = body.SourceAddressType?.Id, ExpiryDate = body.ExpiryDate,
            Pid = body.Pid, Payload = body.Payload, Udh = body.Udh, Dcs = body.Dcs,
        }, ct);
        if (result.Ids is not { } ids) return result.Errors!.ToResult();
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/endpoint/{endpointId}/sms/{ids[0]}"));
    }
}

/// <summary>Source address rules of reference §6.2 and the issue: alphanumeric (208), national (161), international (145).</summary>
internal static class SmsAddresses
{
    public static (string Address, int Type) ReadSource(RequestValidation v, string? address, StatusRef? type)
    {
        var text = (address ?? "").Trim();
        var given = type?.Id;
        if (given is not null and not (145 or 161 or 208))
        {
            v.Invalid("source_address_type", "must be 145 (International), 161 (National) or 208 (Alphanumeric)");
            return ("", 161);
        }
        if (text.Length == 0)
        {
            if (given == 208) v.Invalid("source_address", "is required for an alphanumeric sender");
            return ("", given ?? 161);
        }
        var international = text.StartsWith('+');
        var digits = international ? text[1..] : text;
        var numeric = digits.Length > 0 && digits.All(char.IsAsciiDigit);
        var kind = given ?? (numeric ? (international ? 145 : 161) : 208);
        switch (kind)
        {
            case 208:
                if (text.Length > 11 || !Gsm7.TryCountSeptets(text, out var septets, out _) || septets > 11)
                    v.Invalid("source_address", "must be at most 11 GSM characters when alphanumeric");
                return (text, 208);
            default:
                if (!numeric || digits.Length > 15 || (international && kind == 161))
                    v.Invalid("source_address", kind == 145 ? "must be up to 15 digits, optionally with a leading +" : "must be up to 15 digits");
                return (digits, kind);
        }
    }
}

/// <summary>SMS quota consumption inside the submit transaction (reference §7.3).</summary>
internal static class SmsQuotas
{
    public const int ThresholdReachedEvent = EventTypes.SmsQuotaThresholdReached, UsedUpEvent = EventTypes.SmsQuotaUsedUp,
        AssignedEvent = EventTypes.SmsQuotaAssigned, DeletedEvent = EventTypes.SmsQuotaDeleted;

    public static void Consume(DbConnection c, DbTransaction t, EventLog events, SmsRoute route, long org, int parts, DateTime now)
    {
        using var command = SqlCommands.Create(c, t, """
            UPDATE sms_quotas SET "Volume" = "Volume" - @n,
                "Status" = CASE WHEN "Volume" - @n = 0 THEN 2 ELSE "Status" END,
                "LastStatusChangeDate" = CASE WHEN "Volume" - @n = 0 THEN @now ELSE "LastStatusChangeDate" END
            WHERE "DeviceId" = @device AND "Status" = 1 AND "ExpiryDate" > @now AND "Volume" >= @n
            RETURNING "Volume", "ThresholdVolume", "ThresholdReported"
            """, ("@n", parts), ("@now", now), ("@device", route.Id));
        long volume, threshold;
        bool reported;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
                throw new SmsDeniedException($"The SMS quota of endpoint with Id '{route.Id}' does not allow {parts} more SMS (none, exhausted or expired).");
            volume = reader.GetInt64(0);
            threshold = reader.GetInt64(1);
            reported = reader.GetBoolean(2);
        }
        if (volume <= threshold && !reported)
        {
            Exec(c, t, """UPDATE sms_quotas SET "ThresholdReported" = @true WHERE "DeviceId" = @device""", ("@true", true), ("@device", route.Id));
            InsertEvent(c, t, events, org, route, ThresholdReachedEvent, "SMS quota threshold reached", now, 1);
        }
        if (volume == 0)
            InsertEvent(c, t, events, org, route, UsedUpEvent, "SMS quota used up", now, 1);
    }

    private static void InsertEvent(DbConnection c, DbTransaction t, EventLog events, long org, SmsRoute route, int type, string description, DateTime now, int severity)
    {
        var e = new Event
        {
            Id = events.NextId(), OrganisationId = org, Timestamp = now, EventType = type, EventSource = (int)EventSource.PolicyControl,
            EventSeverity = severity, Alert = severity > 0, Description = description,
            EndpointId = route.Id, EndpointName = route.Name, SimId = route.SimId, SimIccid = route.Iccid, Imsi = route.Imsi,
        };
        Exec(c, t, """
            INSERT INTO events ("Id", "OrganisationId", "Timestamp", "EventType", "EventSource", "EventSeverity", "Alert", "Description", "EndpointId", "EndpointName", "SimId", "SimIccid", "Imsi")
            VALUES (@id, @org, @ts, @type, 1, @severity, @alert, @description, @endpoint, @name, @sim, @iccid, @imsi)
            """,
            ("@id", e.Id), ("@org", org), ("@ts", now), ("@type", type), ("@severity", severity), ("@alert", e.Alert),
            ("@description", description), ("@endpoint", route.Id), ("@name", route.Name), ("@sim", route.SimId), ("@iccid", route.Iccid), ("@imsi", route.Imsi));
        events.Written(c, t, e); // data streams queue it in this transaction
    }

    private static void Exec(DbConnection c, DbTransaction t, string sql, params (string, object?)[] parameters)
    {
        using var command = SqlCommands.Create(c, t, sql, parameters);
        command.ExecuteNonQuery();
    }
}
