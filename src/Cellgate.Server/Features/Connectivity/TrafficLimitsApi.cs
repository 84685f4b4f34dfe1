using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Profiles;
using Cellgate.Server.Features.Simulator;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Connectivity;

public sealed record LimitPeriodDto(int Id, int TimeUnits, string Unit);

public sealed record ServiceRef(long Id);

public sealed record TrafficLimitDto(long Id, ServiceRef Service, bool SatelliteOnly, LimitPeriodDto Period, long Volume, int? WarningPercent);

public sealed record TrafficLimitRequest(IdRef? Service, bool? SatelliteOnly, IdRef? Period, long? Volume, int? WarningPercent);

public sealed record TrafficLimitExtensionDto(long Id, long EndpointId, long TrafficLimitId, double Volume, string ExpirationDate, string CreatedAt);

public sealed record TrafficLimitExtensionRequest(long? TrafficLimitId, double? Volume);

/// <summary>
/// Traffic limits of a service profile (<c>/api/v1/service_profile/{id}/traffic_limit</c>) and their per-endpoint
/// extensions (<c>/api/v1/endpoint/{id}/traffic_limit_extension</c>). The simulator enforces data limits: an endpoint
/// whose usage in the limit's day or month reaches the limit plus its unexpired extensions is blocked (its session
/// torn down, event 11 "Endpoint blocked", connectivity BLOCKED) until the period ends or an extension lifts it.
/// </summary>
public static class TrafficLimitsApi
{
    public static readonly LimitPeriodDto[] Periods = [new(1, 1, "DAY"), new(2, 1, "MONTH")];

    public static RouteGroupBuilder MapTrafficLimits(this RouteGroupBuilder api)
    {
        var limits = api.MapGroup("/service_profile/{id}/traffic_limit").WithTags("Service profiles");
        limits.MapGet("/", ListAsync).WithSummary("The service profile's traffic limits (volume in MB per period: 1 day, 2 month)");
        limits.MapPost("/", AddAsync).WithSummary("Add a traffic limit (service id 1 data; period 1 day or 2 month, default month); 409 when the service already has a limit for that period");
        limits.MapDelete("/", DeleteAllAsync).WithSummary("Remove all traffic limits of the service profile");
        limits.MapDelete("/{limit_id}", DeleteAsync).WithSummary("Remove one traffic limit");
        var extensions = api.MapGroup("/endpoint/{id}/traffic_limit_extension").WithTags("Endpoints");
        extensions.MapGet("/", ExtensionsAsync).WithSummary("The endpoint's unexpired traffic limit extensions");
        extensions.MapPost("/", ExtendAsync).WithSummary("Extend a traffic limit (default: the endpoint's first data limit) by volume MB until the end of its current period; lifts a block");
        extensions.MapDelete("/", DeleteExtensionsAsync).WithSummary("Remove all of the endpoint's traffic limit extensions");
        return api;
    }

    private static TrafficLimitDto ToDto(TrafficLimit l) =>
        new(l.Id, new ServiceRef(l.ServiceId), l.SatelliteOnly, Periods[l.Period - 1], l.Volume, l.WarningPercent);

    private static Task<bool> OwnProfileAsync(CellgateDbContext db, long org, long id, CancellationToken ct) =>
        db.ServiceProfiles.AnyAsync(p => p.Id == id && p.OrganisationId == org, ct);

    internal static async Task<Results<Ok<List<TrafficLimitDto>>, JsonHttpResult<ApiError>>> ListAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (!await OwnProfileAsync(db, caller.OrganisationId(), id, ct)) return ApiErrors.NotFound("Service profile", id);
        var limits = await db.TrafficLimits.AsNoTracking().Where(l => l.ServiceProfileId == id).OrderBy(l => l.Id).ToListAsync(ct);
        return TypedResults.Ok(limits.ConvertAll(ToDto));
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> AddAsync(long id, TrafficLimitRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await OwnProfileAsync(db, org, id, ct)) return ApiErrors.NotFound("Service profile", id);
        var v = new RequestValidation("Traffic limit", "Add traffic limit validation error");
        if (body.Service?.Id is not { } service) v.Add(ApiErrors.Required(v.ObjectName, "service"));
        else if (!ServiceProfilesApi.Services.Any(s => s.Id == service)) v.Add(ApiErrors.InvalidReference("Service", service));
        if (body.Volume is not { } volume) v.Add(ApiErrors.Required(v.ObjectName, "volume"));
        else if (volume is < 1 or > 1_000_000_000) v.Invalid("volume", "must be between 1 and 1000000000 (MB)");
        var period = body.Period?.Id ?? 2;
        if (period is not (1 or 2)) v.Invalid("period", "must be 1 (day) or 2 (month)");
        if (body.WarningPercent is < 0 or > 100) v.Invalid("warning_percent", "must be between 0 and 100");
        if (v.Failed) return v.ToResult();
        if (await db.TrafficLimits.AnyAsync(l => l.ServiceProfileId == id && l.ServiceId == body.Service!.Id && l.Period == period, ct))
            return ApiErrors.Duplicated($"Service profile with Id '{id}' already has a traffic limit for service '{body.Service!.Id}' and period '{period}'.");
        var limit = new TrafficLimit
        {
            OrganisationId = org, ServiceProfileId = id, ServiceId = (int)body.Service!.Id!.Value, Volume = body.Volume!.Value, Period = (int)period,
            WarningPercent = body.WarningPercent, SatelliteOnly = body.SatelliteOnly ?? false,
        };
        db.TrafficLimits.Add(limit);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/service_profile/{id}/traffic_limit/{limit.Id}"));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAllAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (!await OwnProfileAsync(db, caller.OrganisationId(), id, ct)) return ApiErrors.NotFound("Service profile", id);
        await db.TrafficLimits.Where(l => l.ServiceProfileId == id).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(long id, long limit_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (!await OwnProfileAsync(db, caller.OrganisationId(), id, ct)) return ApiErrors.NotFound("Service profile", id);
        var removed = await db.TrafficLimits.Where(l => l.ServiceProfileId == id && l.Id == limit_id).ExecuteDeleteAsync(ct);
        return removed == 0 ? ApiErrors.NotFound("Traffic limit", limit_id) : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<List<TrafficLimitExtensionDto>>, JsonHttpResult<ApiError>>> ExtensionsAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var now = time.GetUtcNow().UtcDateTime;
        var list = await db.TrafficLimitExtensions.AsNoTracking().Where(e => e.DeviceId == id && e.ExpirationDate > now).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(list.ConvertAll(e => new TrafficLimitExtensionDto(e.Id, e.DeviceId, e.TrafficLimitId, e.Volume, ApiDates.Iso(e.ExpirationDate), ApiDates.Iso(e.CreatedAt))));
    }

    internal static async Task<Results<Created<TrafficLimitExtensionDto>, JsonHttpResult<ApiError>>> ExtendAsync(
        long id, TrafficLimitExtensionRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        var v = new RequestValidation("Traffic limit extension", "Create traffic limit extension validation error");
        if (body.Volume is not { } volume) v.Add(ApiErrors.Required(v.ObjectName, "volume"));
        else if (double.IsNaN(volume) || volume <= 0 || volume > 1_000_000_000) v.Invalid("volume", "must be above 0 and at most 1000000000 (MB)");
        if (v.Failed) return v.ToResult();
        var limits = db.TrafficLimits.AsNoTracking().Where(l => l.ServiceProfileId == device.ServiceProfileId);
        var limit = body.TrafficLimitId is { } limitId
            ? await limits.FirstOrDefaultAsync(l => l.Id == limitId, ct)
            : await limits.Where(l => l.ServiceId == ServiceProfilesApi.ServiceData).OrderBy(l => l.Id).FirstOrDefaultAsync(ct);
        if (limit is null) return ApiErrors.NotFound("Traffic limit", body.TrafficLimitId?.ToString() ?? "of the endpoint");
        var now = time.GetUtcNow().UtcDateTime;
        var extension = new TrafficLimitExtension
        {
            OrganisationId = org, DeviceId = id, TrafficLimitId = limit.Id, Volume = body.Volume!.Value,
            ExpirationDate = DataPlaneStore.LimitPeriod(limit.Period, now).End, CreatedAt = now,
        };
        db.TrafficLimitExtensions.Add(extension);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/endpoint/{id}/traffic_limit_extension"),
            new TrafficLimitExtensionDto(extension.Id, id, limit.Id, extension.Volume, ApiDates.Iso(extension.ExpirationDate), ApiDates.Iso(now)));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteExtensionsAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        await db.TrafficLimitExtensions.Where(e => e.DeviceId == id).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }
}
