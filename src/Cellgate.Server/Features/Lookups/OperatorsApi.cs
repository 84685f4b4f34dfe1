using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Lookups;

/// <summary>An operator of <c>GET /api/v1/operator</c> (spec shape).</summary>
public sealed record OperatorDto(long Id, string Name, string CountryName, CountryDto Country);

public sealed record TapcodeDto(long Id, string Tapcode);

public sealed record MncDto(long Id, string Mnc);

/// <summary>An operator on an endpoint's blacklist, as recorded (examples/operator-blacklist.json).</summary>
public sealed record BlacklistedOperatorDto(long Id, string Name, CountryDto Country, IReadOnlyList<TapcodeDto> Tapcode, IReadOnlyList<MncDto> Mnc);

/// <summary>
/// The operators (a seeded lookup) and each endpoint's operator blacklist. The network simulator enforces the
/// blacklist: a handset whose serving operator is blacklisted on its endpoint cannot attach (docs/simulator.md).
/// </summary>
public static class OperatorsApi
{
    public static RouteGroupBuilder MapOperators(this RouteGroupBuilder api)
    {
        api.MapGet("/operator", ListAsync).WithTags("Operators").WithSummary("Mobile network operators (lookup; not paged)");
        var blacklist = api.MapGroup("/endpoint/{id}/operator_blacklist").WithTags("Endpoints");
        blacklist.MapGet("/", BlacklistAsync).WithSummary("The operators the endpoint must not attach through (not paged)");
        blacklist.MapPut("/{operatorId}", AddAsync).WithSummary("Blacklist an operator for the endpoint; 409 when it already is");
        blacklist.MapDelete("/{operatorId}", RemoveAsync).WithSummary("Take an operator off the endpoint's blacklist");
        return api;
    }

    internal static async Task<Ok<List<OperatorDto>>> ListAsync(CellgateDbContext db, CancellationToken ct)
    {
        var operators = await db.Operators.AsNoTracking().Include(o => o.Country).OrderBy(o => o.Id).ToListAsync(ct);
        return TypedResults.Ok(operators.ConvertAll(o => new OperatorDto(o.Id, o.Name, o.Country!.Name, LookupsApi.ToDto(o.Country))));
    }

    internal static async Task<Results<Ok<List<BlacklistedOperatorDto>>, JsonHttpResult<ApiError>>> BlacklistAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == orgId, ct)) return ApiErrors.NotFound("Endpoint", id);
        var operators = await db.Operators.AsNoTracking().Include(o => o.Country)
            .Where(o => db.OperatorBlacklist.Any(e => e.DeviceId == id && e.OperatorId == o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
        return TypedResults.Ok(operators.ConvertAll(o => new BlacklistedOperatorDto(o.Id, o.Name, LookupsApi.ToDto(o.Country!),
            [new TapcodeDto(o.TapcodeId, o.Tapcode)], [new MncDto(o.MncId, o.Mnc)])));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> AddAsync(
        long id, long operatorId, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == orgId, ct)) return ApiErrors.NotFound("Endpoint", id);
        if (!await db.Operators.AnyAsync(o => o.Id == operatorId, ct)) return ApiErrors.NotFound("Operator", operatorId);
        if (await db.OperatorBlacklist.AnyAsync(e => e.DeviceId == id && e.OperatorId == operatorId, ct))
            return Duplicate(id, operatorId);
        db.OperatorBlacklist.Add(new OperatorBlacklistEntry { DeviceId = id, OperatorId = operatorId, Created = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent PUT of the same pair won; anything else (the endpoint deleted meanwhile) is not ours to hide.
            if (!await db.OperatorBlacklist.AsNoTracking().AnyAsync(e => e.DeviceId == id && e.OperatorId == operatorId, ct)) throw;
            return Duplicate(id, operatorId);
        }
        return TypedResults.NoContent();
    }

    private static JsonHttpResult<ApiError> Duplicate(long id, long operatorId) =>
        ApiErrors.Duplicated($"Operator with Id '{operatorId}' is already blacklisted on Endpoint with Id '{id}'.");

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> RemoveAsync(
        long id, long operatorId, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == orgId, ct)) return ApiErrors.NotFound("Endpoint", id);
        var removed = await db.OperatorBlacklist.Where(e => e.DeviceId == id && e.OperatorId == operatorId).ExecuteDeleteAsync(ct);
        return removed == 0 ? ApiErrors.NotFound("Operator", operatorId) : TypedResults.NoContent();
    }
}
