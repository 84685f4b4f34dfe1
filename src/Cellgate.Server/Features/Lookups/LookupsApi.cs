using Cellgate.Server.Api;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Lookups;

/// <summary>A country as EMnify lists it (examples/operator-blacklist.json: codes are text).</summary>
public sealed record CountryDto(long Id, string Name, string CountryCode, string Mcc, string IsoCode);

/// <summary>A country as organisations carry it (examples/sim-get.json <c>customer_org.country</c>).</summary>
public sealed record CountryRef(long Id, string Name);

public sealed record CurrencyDto(long Id, string Code, string Symbol);

public sealed record BreakoutRegionDto(long Id, string Name, string IpAddress);

public sealed record NamedLookupDto(int Id, string Name);

public sealed record RoleDto(int Id, string Name, string? Description);

public sealed record OctetsDto(int Id, string Octets);

/// <summary>
/// EMnify's lookups: fixed lists, each a table seeded by migration (<see cref="LookupSeed"/>), as plain arrays
/// ordered by id. The literal paths under <c>/user</c>, <c>/organisation</c>, <c>/endpoint</c> and <c>/sim</c> win over
/// the <c>{id}</c> routes beside them (route precedence).
/// </summary>
public static class LookupsApi
{
    public static CountryDto ToDto(Country c) => new(c.Id, c.Name, c.CountryCode, c.Mcc, c.IsoCode);

    public static RouteGroupBuilder MapLookups(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Lookups");
        group.MapGet("/country", async (bool? geographic, CellgateDbContext db, CancellationToken ct) =>
            {
                var query = db.Countries.AsNoTracking();
                if (geographic == true) query = query.Where(c => c.Geographic);
                return TypedResults.Ok((await query.OrderBy(c => c.Id).ToListAsync(ct)).ConvertAll(ToDto));
            })
            .WithSummary("Countries (lookup); geographic=true leaves out the non-geographic ones");
        group.MapGet("/currency", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Currencies.AsNoTracking().OrderBy(c => c.Id).Select(c => new CurrencyDto(c.Id, c.Code, c.Symbol)).ToListAsync(ct)))
            .WithSummary("Currencies (lookup)");
        group.MapGet("/breakout_region", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.BreakoutRegions.AsNoTracking().OrderBy(r => r.Id).Select(r => new BreakoutRegionDto(r.Id, r.Name, r.IpAddress)).ToListAsync(ct)))
            .WithSummary("Breakout regions (lookup)");
        group.MapGet("/rat_type", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await ListAsync(db, LookupLists.RatType, ct)).ConvertAll(v => new IdDescription(v.Id, v.Name))))
            .WithSummary("Radio access technologies (lookup; 3GPP RAT-Type ids)");
        group.MapGet("/service_level", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await ListAsync(db, LookupLists.ServiceLevel, ct)).ConvertAll(v => new NamedLookupDto(v.Id, v.Name))))
            .WithSummary("Service levels (lookup)");
        group.MapGet("/data_blocksize", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await ListAsync(db, LookupLists.DataBlocksize, ct)).ConvertAll(v => new OctetsDto(v.Id, v.Name))))
            .WithSummary("Data block sizes in octets (lookup)");
        group.MapGet("/data_throttle", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await ListAsync(db, LookupLists.DataThrottle, ct)).ConvertAll(v => new OctetsDto(v.Id, v.Name))))
            .WithSummary("Data throttle rates in octets per second (lookup)");
        group.MapGet("/user/role", async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await ListAsync(db, LookupLists.UserRole, ct)).ConvertAll(v => new RoleDto(v.Id, v.Name, v.Description))))
            .WithSummary("User roles (lookup)");
        MapStatuses(group, "/user/status", LookupLists.UserStatus, "User statuses (lookup)");
        MapStatuses(group, "/organisation/status", LookupLists.OrganisationStatus, "Organisation statuses (lookup)");
        MapStatuses(group, "/endpoint/status", LookupLists.EndpointStatus, "Endpoint statuses (lookup)");
        MapStatuses(group, "/sim/status", LookupLists.SimStatus, "SIM statuses (lookup)");
        return group;
    }

    private static void MapStatuses(RouteGroupBuilder group, string path, string list, string summary) =>
        group.MapGet(path, async (CellgateDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await ListAsync(db, list, ct)).ConvertAll(v => new IdDescription(v.Id, v.Name))))
            .WithSummary(summary);

    private static Task<List<LookupValue>> ListAsync(CellgateDbContext db, string list, CancellationToken ct) =>
        db.LookupValues.AsNoTracking().Where(v => v.List == list).OrderBy(v => v.Id).ToListAsync(ct);
}
