using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.Simulator;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Connectivity;

public sealed record ActionOnExhaustionDto(int Id, string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PeakThroughput);

/// <summary>The data quota object (reference §7.3 with the data quota's MB volumes); dates as <c>yyyy-MM-dd HH:mm:ss</c> (the Java SDK parses only that).</summary>
public sealed record DataQuotaDto(IdDescription Status, double Volume, string ExpiryDate, double ThresholdPercentage, double ThresholdVolume, double LastVolumeAdded,
    string LastStatusChangeDate, int AutoRefill, ActionOnExhaustionDto ActionOnExhaustion);

public sealed record ActionOnExhaustionRequest(int? Id, long? PeakThroughput);

public sealed record SetDataQuotaRequest(double? Volume, string? ExpiryDate, double? ThresholdPercentage, StatusRef? Status, int? AutoRefill, ActionOnExhaustionRequest? ActionOnExhaustion);

/// <summary>
/// An endpoint's data quota (<c>/api/v1/endpoint/{id}/quota/data</c>), enforced by the network simulator when its
/// service profile has <c>apply_data_quota</c>: usage counts the volume down (MB), a threshold event when the remaining
/// volume falls to the threshold, and at zero "used up" with Block (the data session is torn down, the endpoint is
/// BLOCKED) or Throttle (the session stays, slowed to peak_throughput). Setting a quota again refills it.
/// </summary>
public static class DataQuotaApi
{
    private static string QuotaDate(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static IdDescription Describe(int status) => new(status, status switch { 1 => "ACTIVE", 2 => "EXHAUSTED", _ => "EXPIRED" });

    public const long DefaultPeakThroughput = 64_000;

    public static RouteGroupBuilder MapDataQuota(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/endpoint/{id}/quota/data").WithTags("Endpoints");
        group.MapGet("/", GetAsync).WithSummary("The endpoint's data quota (enforced when its service profile has apply_data_quota); volumes in MB");
        group.MapPost("/", SetAsync).WithSummary("Set (or refill) the data quota: volume (MB), expiry_date, status, threshold_percentage, auto_refill (daily), action_on_exhaustion (1 Block, 2 Throttle with peak_throughput)");
        group.MapDelete("/", DeleteAsync).WithSummary("Remove the data quota");
        return group;
    }

    internal static async Task<Results<Ok<DataQuotaDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var q = await db.DataQuotas.AsNoTracking().FirstOrDefaultAsync(x => x.DeviceId == id, ct);
        if (q is null) return ApiErrors.NotFound("Data quota of endpoint", id);
        var status = q.Status == 1 && q.ExpiryDate <= time.GetUtcNow().UtcDateTime ? 3 : q.Status;
        var action = q.ActionOnExhaustion == 2 ? new ActionOnExhaustionDto(2, "Throttle", q.PeakThroughput) : new ActionOnExhaustionDto(1, "Block", null);
        return TypedResults.Ok(new DataQuotaDto(Describe(status), Math.Round(q.Volume, 6), QuotaDate(q.ExpiryDate), q.ThresholdPercentage, Math.Round(q.ThresholdVolume, 6),
            q.LastVolumeAdded, QuotaDate(q.LastStatusChangeDate), q.AutoRefill, action));
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> SetAsync(
        long id, SetDataQuotaRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var device = await db.Devices.Include(d => d.Sim).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        var now = time.GetUtcNow().UtcDateTime;
        var v = new RequestValidation("Data quota", "Set data quota validation error");
        if (body.Volume is not { } volume) v.Add(ApiErrors.Required(v.ObjectName, "volume"));
        else if (double.IsNaN(volume) || volume < 0 || volume > 1e9) v.Invalid("volume", "must be between 0 and 1000000000 (MB)");
        DateTime expiry = default;
        if (body.ExpiryDate is null) v.Add(ApiErrors.Required(v.ObjectName, "expiry_date"));
        else if (!ApiDates.TryParse(body.ExpiryDate, out expiry)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "expiry_date", "Expecting yyyy-MM-dd HH:mm:ss"));
        else if (expiry <= now) v.Invalid("expiry_date", "must be in the future");
        if (body.ThresholdPercentage is { } tp && (double.IsNaN(tp) || tp < 0 || tp > 100)) v.Invalid("threshold_percentage", "must be between 0 and 100");
        if (body.Status?.Id is not { } status) v.Add(ApiErrors.Required(v.ObjectName, "status"));
        else if (status is not (1 or 2 or 3)) v.Invalid("status", "must be 1 (ACTIVE), 2 (EXHAUSTED) or 3 (EXPIRED)");
        if (body.AutoRefill is not (null or 0 or 1)) v.Invalid("auto_refill", "must be 0 or 1");
        if (body.ActionOnExhaustion?.Id is not (null or 1 or 2)) v.Invalid("action_on_exhaustion", "must be 1 (Block) or 2 (Throttle)");
        if (body.ActionOnExhaustion?.PeakThroughput is < 1 or > 1_000_000_000) v.Invalid("action_on_exhaustion.peak_throughput", "must be between 1 and 1000000000 (octets per second)");
        if (v.Failed) return v.ToResult();

        var quota = await db.DataQuotas.FirstOrDefaultAsync(x => x.DeviceId == id, ct);
        if (quota is null) db.DataQuotas.Add(quota = new DataQuota { DeviceId = id, OrganisationId = org });
        quota.Volume = body.Volume!.Value;
        quota.LastVolumeAdded = body.Volume.Value;
        quota.ExpiryDate = expiry;
        quota.ThresholdPercentage = body.ThresholdPercentage ?? 0;
        quota.ThresholdVolume = quota.Volume * quota.ThresholdPercentage / 100;
        quota.ThresholdReported = false;
        quota.Status = quota.Volume <= 0 && body.Status!.Id == 1 ? 2 : body.Status!.Id!.Value;
        quota.LastStatusChangeDate = now;
        quota.AutoRefill = body.AutoRefill ?? 0;
        quota.LastRefill = now.Date;
        quota.ActionOnExhaustion = body.ActionOnExhaustion?.Id ?? 1;
        quota.PeakThroughput = quota.ActionOnExhaustion == 2 ? body.ActionOnExhaustion?.PeakThroughput ?? DefaultPeakThroughput : null;
        events.Add(db, org, DataPlaneEvents.DataQuotaAssigned, $"Data quota of {quota.Volume.ToString(CultureInfo.InvariantCulture)} MB assigned",
            await EventLog.ActorAsync(caller, db, ct), device, device.Sim);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/endpoint/{id}/quota/data"));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var device = await db.Devices.Include(d => d.Sim).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        var quota = await db.DataQuotas.FirstOrDefaultAsync(x => x.DeviceId == id, ct);
        if (quota is null) return ApiErrors.NotFound("Data quota of endpoint", id);
        db.DataQuotas.Remove(quota);
        events.Add(db, org, DataPlaneEvents.DataQuotaDeleted, "Data quota deleted", await EventLog.ActorAsync(caller, db, ct), device, device.Sim);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
