using System.Globalization;
using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Sms;

/// <summary>The quota object of reference §7.3; dates as <c>yyyy-MM-dd HH:mm:ss</c> (the Java SDK parses only that).</summary>
public sealed record SmsQuotaDto(
    IdDescription Status, long Volume, string ExpiryDate, int ThresholdPercentage, long ThresholdVolume, long LastVolumeAdded,
    string LastStatusChangeDate, int AutoRefill, IdDescription ActionOnExhaustion);

public sealed record SetSmsQuotaRequest(long? Volume, string? ExpiryDate, int? ThresholdPercentage, StatusRef? Status, int? AutoRefill, StatusRef? ActionOnExhaustion);

public static class SmsQuotaApi
{
    private static string QuotaDate(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static IdDescription Describe(int status) => new(status, status switch { 1 => "ACTIVE", 2 => "EXHAUSTED", _ => "EXPIRED" });

    public static RouteGroupBuilder MapSmsQuota(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/endpoint/{id}/quota/sms").WithTags("SMS");
        group.MapGet("/", GetAsync).WithSummary("The endpoint's SMS quota (enforced when its service profile has apply_sms_quota)");
        group.MapPost("/", SetAsync).WithSummary("Set the SMS quota (volume, expiry_date, threshold_percentage, status)");
        group.MapDelete("/", DeleteAsync).WithSummary("Remove the SMS quota");
        return group;
    }

    internal static async Task<Results<Ok<SmsQuotaDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var q = await db.SmsQuotas.AsNoTracking().FirstOrDefaultAsync(x => x.DeviceId == id, ct);
        if (q is null) return ApiErrors.NotFound("SMS quota of endpoint", id);
        var status = q.Status == 1 && q.ExpiryDate <= time.GetUtcNow().UtcDateTime ? 3 : q.Status;
        return TypedResults.Ok(new SmsQuotaDto(Describe(status), q.Volume, QuotaDate(q.ExpiryDate), q.ThresholdPercentage, q.ThresholdVolume,
            q.LastVolumeAdded, QuotaDate(q.LastStatusChangeDate), q.AutoRefill, new IdDescription(1, "Block")));
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> SetAsync(
        long id, SetSmsQuotaRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var device = await db.Devices.Include(d => d.Sim).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        var now = time.GetUtcNow().UtcDateTime;
        var v = new RequestValidation("SMS quota", "Set SMS quota validation error");
        if (body.Volume is null) v.Add(ApiErrors.Required(v.ObjectName, "volume"));
        else if (body.Volume < 0) v.Invalid("volume", "must not be negative");
        DateTime expiry = default;
        if (body.ExpiryDate is null) v.Add(ApiErrors.Required(v.ObjectName, "expiry_date"));
        else if (!ApiDates.TryParse(body.ExpiryDate, out expiry)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "expiry_date", "Expecting yyyy-MM-dd HH:mm:ss"));
        else if (expiry <= now) v.Invalid("expiry_date", "must be in the future");
        if (body.ThresholdPercentage is null) v.Add(ApiErrors.Required(v.ObjectName, "threshold_percentage"));
        else if (body.ThresholdPercentage is < 0 or > 100) v.Invalid("threshold_percentage", "must be between 0 and 100");
        if (body.Status?.Id is not { } status) v.Add(ApiErrors.Required(v.ObjectName, "status"));
        else if (status is not (1 or 2 or 3)) v.Invalid("status", "must be 1 (ACTIVE), 2 (EXHAUSTED) or 3 (EXPIRED)");
        if (body.AutoRefill is not (null or 0 or 1)) v.Invalid("auto_refill", "must be 0 or 1");
        if (body.ActionOnExhaustion?.Id is not (null or 1 or 2)) v.Invalid("action_on_exhaustion", "must be 1 (Block) or 2 (Throttle)");
        if (v.Failed) return v.ToResult();

        var quota = await db.SmsQuotas.FirstOrDefaultAsync(x => x.DeviceId == id, ct);
        if (quota is null) db.SmsQuotas.Add(quota = new SmsQuota { DeviceId = id, OrganisationId = org });
        quota.Volume = body.Volume!.Value;
        quota.LastVolumeAdded = body.Volume.Value;
        quota.ExpiryDate = expiry;
        quota.ThresholdPercentage = body.ThresholdPercentage!.Value;
        quota.ThresholdVolume = body.Volume.Value * body.ThresholdPercentage.Value / 100;
        quota.ThresholdReported = false;
        quota.Status = body.Status!.Id!.Value;
        quota.LastStatusChangeDate = now;
        quota.AutoRefill = body.AutoRefill ?? 0;
        quota.ActionOnExhaustion = body.ActionOnExhaustion?.Id ?? 1;
        events.Add(db, org, SmsQuotas.AssignedEvent, $"SMS quota of {quota.Volume} assigned", await EventLog.ActorAsync(caller, db, ct), device, device.Sim);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/endpoint/{id}/quota/sms"));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var device = await db.Devices.Include(d => d.Sim).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        var quota = await db.SmsQuotas.FirstOrDefaultAsync(x => x.DeviceId == id, ct);
        if (quota is null) return ApiErrors.NotFound("SMS quota of endpoint", id);
        db.SmsQuotas.Remove(quota);
        events.Add(db, org, SmsQuotas.DeletedEvent, "SMS quota deleted", await EventLog.ActorAsync(caller, db, ct), device, device.Sim);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
