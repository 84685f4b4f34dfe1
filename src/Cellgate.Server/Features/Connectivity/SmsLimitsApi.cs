using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Profiles;
using Cellgate.Server.Features.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Connectivity;

/// <summary>A limit of the catalogue: at most <see cref="Volume"/> SMS of a service per period.</summary>
public sealed record CatalogueLimit(int Id, int ServiceId, long Volume, int Period);

public sealed record CatalogueLimitDto(int Id, IdDescription Service, long Volume, LimitPeriodDto Period);

public sealed record ServiceLimitDto(int Id, long Volume, LimitPeriodDto Period);

/// <summary>
/// EMnify's "assignment style" traffic limits: a read-only catalogue of SMS limits per service (<c>GET
/// /api/v1/traffic_limit</c>, <c>GET /api/v1/service/{id}/traffic_limit</c>), one of which a service profile may assign
/// to its SMS MT or SMS MO service (<c>PUT/DELETE /api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}</c>).
/// The SMS of an endpoint in the limit's UTC day or month are counted from the usage rollups (docs/connectivity.md).
/// </summary>
public static class SmsLimitsApi
{
    /// <summary>Cellgate's catalogue (EMnify's is a system configuration): 10, 100 and 1,000 SMS per day and per month, for SMS MT and SMS MO.</summary>
    public static IReadOnlyList<CatalogueLimit> Catalogue { get; } = Build();

    private static List<CatalogueLimit> Build()
    {
        var list = new List<CatalogueLimit>();
        foreach (var service in new[] { ServiceProfilesApi.ServiceSmsMt, ServiceProfilesApi.ServiceSmsMo })
            foreach (var period in new[] { 1, 2 })
                foreach (var volume in new long[] { 10, 100, 1000 })
                    list.Add(new CatalogueLimit(list.Count + 1, service, volume, period));
        return list;
    }

    public static RouteGroupBuilder MapSmsLimits(this RouteGroupBuilder api)
    {
        api.MapGet("/traffic_limit", () => TypedResults.Ok(Catalogue.Select(ToDto).ToList()))
            .WithTags("Service profiles").WithSummary("The catalogue of SMS limits (volume in SMS per period: 1 day, 2 month) that service profiles may assign");
        api.MapGet("/service/{id}/traffic_limit", ServiceCatalogue)
            .WithTags("Service profiles").WithSummary("The SMS limits of one service's catalogue (the data service has none: its limits are the service profile's own)");
        var assign = api.MapGroup("/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}").WithTags("Service profiles");
        assign.MapPut("/", AssignAsync)
            .WithSummary("Assign an SMS limit of the catalogue to the profile's SMS MT or SMS MO service (replacing the one it had): 200 {}");
        assign.MapDelete("/", RemoveAsync).WithSummary("Remove the service's SMS limit, if it has this one: 200 {}");
        return api;
    }

    private static CatalogueLimitDto ToDto(CatalogueLimit l) =>
        new(l.Id, new IdDescription(l.ServiceId, ServiceProfilesApi.Services.First(s => s.Id == l.ServiceId).Description), l.Volume, TrafficLimitsApi.Periods[l.Period - 1]);

    internal static Results<Ok<List<ServiceLimitDto>>, JsonHttpResult<ApiError>> ServiceCatalogue(long id)
    {
        if (!ServiceProfilesApi.Services.Any(s => s.Id == id)) return ApiErrors.NotFound("Service", id);
        return TypedResults.Ok(Catalogue.Where(l => l.ServiceId == id).Select(l => new ServiceLimitDto(l.Id, l.Volume, TrafficLimitsApi.Periods[l.Period - 1])).ToList());
    }

    /// <summary>404 for another's profile or an unknown service; null when both are fine.</summary>
    private static async Task<JsonHttpResult<ApiError>?> CheckAsync(long id, long serviceId, CellgateDbContext db, long org, CancellationToken ct)
    {
        if (!await db.ServiceProfiles.AnyAsync(p => p.Id == id && p.OrganisationId == org, ct)) return ApiErrors.NotFound("Service profile", id);
        if (!ServiceProfilesApi.Services.Any(s => s.Id == serviceId)) return ApiErrors.NotFound("Service", serviceId);
        return null;
    }

    internal static async Task<Results<Ok<EmptyObject>, JsonHttpResult<ApiError>>> AssignAsync(
        long id, long service_id, long limit_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (await CheckAsync(id, service_id, db, org, ct) is { } problem) return problem;
        var limit = Catalogue.FirstOrDefault(l => l.Id == limit_id);
        if (limit is null) return ApiErrors.NotFound("Traffic limit", limit_id);
        if (limit.ServiceId != service_id)
            return ApiErrors.Validation("Add traffic limit validation error",
                [ApiErrors.Invalid("Traffic limit", "service", $"traffic limit {limit_id} is a limit of service {limit.ServiceId}, not of service {service_id}")]);
        var existing = await db.ServiceTrafficLimits.FirstOrDefaultAsync(l => l.ServiceProfileId == id && l.ServiceId == service_id, ct);
        if (existing is null)
            db.ServiceTrafficLimits.Add(new ServiceTrafficLimit { ServiceProfileId = id, ServiceId = (int)service_id, TrafficLimitId = limit.Id, OrganisationId = org });
        else existing.TrafficLimitId = limit.Id;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(EmptyObject.Instance);
    }

    internal static async Task<Results<Ok<EmptyObject>, JsonHttpResult<ApiError>>> RemoveAsync(
        long id, long service_id, long limit_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (await CheckAsync(id, service_id, db, org, ct) is { } problem) return problem;
        if (!Catalogue.Any(l => l.Id == limit_id && l.ServiceId == service_id))
            return ApiErrors.Validation("Remove traffic limit validation error",
                [ApiErrors.Invalid("Traffic limit", "id", $"traffic limit {limit_id} is not an SMS limit of service {service_id}")]);
        await db.ServiceTrafficLimits.Where(l => l.ServiceProfileId == id && l.ServiceId == service_id && l.TrafficLimitId == limit_id).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(EmptyObject.Instance);
    }
}
