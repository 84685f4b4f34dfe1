using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Profiles;

/// <summary>A tariff profile as the spec lists it (<c>used_count</c> and <c>organisation_id</c> are strings there).</summary>
public sealed record TariffProfileDto(
    long Id, string Name, string? Description, string UsedCount, string OrganisationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdOnly? Tariff);

public sealed record TariffProfileRequest(string? Name, string? Description, IdRef? Tariff);

/// <summary>
/// Tariff profiles: named, organisation-owned, referenced by every endpoint. Cellgate has no tariff catalogue or
/// rating, so <c>tariff</c> is kept as the id the client sent.
/// </summary>
public static class TariffProfilesApi
{
    public static RouteGroupBuilder MapTariffProfiles(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tariff_profile").WithTags("Tariff profiles");
        group.MapGet("/", ListAsync).WithSummary("The organisation's tariff profiles (not paged)");
        group.MapPost("/", CreateAsync).WithSummary("Create a tariff profile; name required, tariff {id} optional. 201 with Location, empty body");
        group.MapGet("/{id}", GetAsync).WithSummary("One tariff profile");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change name, description or tariff");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete; 409 while endpoints use the profile");
        return group;
    }

    public static TariffProfileDto ToDto(TariffProfile p, long usedCount) => new(
        p.Id, p.Name, p.Description, usedCount.ToString(CultureInfo.InvariantCulture), p.OrganisationId.ToString(CultureInfo.InvariantCulture),
        p.TariffId is { } t ? new IdOnly(t) : null);

    internal static async Task<Ok<List<TariffProfileDto>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var rows = await db.TariffProfiles.AsNoTracking().Where(p => p.OrganisationId == orgId).OrderBy(p => p.Id)
            .Select(p => new { Profile = p, Used = db.Devices.LongCount(d => d.TariffProfileId == p.Id) }).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(r => ToDto(r.Profile, r.Used)));
    }

    internal static async Task<Results<Ok<TariffProfileDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.TariffProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Tariff profile", id);
        return TypedResults.Ok(ToDto(profile, await db.Devices.LongCountAsync(d => d.TariffProfileId == id, ct)));
    }

    private static void Apply(TariffProfile p, TariffProfileRequest body, RequestValidation v, bool create)
    {
        if (create || body.Name is not null)
        {
            v.Required("name", body.Name);
            v.MaxLength("name", body.Name, 200);
        }
        v.MaxLength("description", body.Description, 1000);
        if (body.Tariff is { Id: <= 0 }) v.Invalid("tariff", "id must be a positive number");
        if (v.Failed) return;
        if (body.Name is not null) p.Name = body.Name.Trim();
        if (body.Description is not null) p.Description = body.Description;
        if (body.Tariff is { } t) p.TariffId = t.Id;
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> CreateAsync(
        TariffProfileRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, TimeProvider time, CancellationToken ct)
    {
        body ??= new TariffProfileRequest(null, null, null);
        var orgId = caller.OrganisationId();
        var profile = new TariffProfile { OrganisationId = orgId, Name = "", Created = time.GetUtcNow().UtcDateTime };
        var v = new RequestValidation("Tariff profile", "Create tariff profile validation error");
        Apply(profile, body, v, create: true);
        if (v.Failed) return v.ToResult();

        var actor = await EventLog.ActorAsync(caller, db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.TariffProfiles.Add(profile);
        await db.SaveChangesAsync(ct);
        events.Add(db, orgId, EventTypes.TariffProfileCreated, $"Tariff profile {profile.Id} '{profile.Name}' created", actor);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/tariff_profile/{profile.Id}"));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, TariffProfileRequest? body, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.TariffProfiles.FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Tariff profile", id);
        if (body is null) return TypedResults.NoContent();
        var v = new RequestValidation("Tariff profile", "Update tariff profile validation error");
        Apply(profile, body, v, create: false);
        if (v.Failed) return v.ToResult();
        events.Add(db, orgId, EventTypes.TariffProfileUpdated, $"Tariff profile {profile.Id} '{profile.Name}' updated", await EventLog.ActorAsync(caller, db, ct));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.TariffProfiles.FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Tariff profile", id);
        var used = await db.Devices.LongCountAsync(d => d.TariffProfileId == id, ct);
        if (used > 0) return ApiErrors.Conflict($"Tariff profile with Id '{id}' is used by {used} endpoint(s) and cannot be deleted.");
        db.TariffProfiles.Remove(profile);
        events.Add(db, orgId, EventTypes.TariffProfileDeleted, $"Tariff profile {profile.Id} '{profile.Name}' deleted", await EventLog.ActorAsync(caller, db, ct));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
