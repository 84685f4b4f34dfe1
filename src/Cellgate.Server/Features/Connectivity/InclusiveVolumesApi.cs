using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Simulator;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Connectivity;

/// <summary>A ratezone inclusive volume of Cellgate's catalogue: <see cref="Volume"/> MB a month for <see cref="Rate"/> EUR.</summary>
public sealed record CatalogueVolume(int Id, double Volume, double Rate);

public sealed record RatezoneDto(long Id, string Name, int RatezoneStatusId);

public sealed record TariffDto(long Id, string Name, int TariffStatusId, RatezoneDto Ratezone);

/// <summary>
/// An organisation's active inclusive volume (EMnify's shape) and, as Cellgate's addition, <c>used_volume</c>: the MB
/// counted against it in the current month.
/// </summary>
public sealed record ActiveInclusiveVolumeDto(
    long Id, double Volume, double Rate, bool Pooled, string StartDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndDate,
    CurrencyDto Currency, TariffDto Tariff, double UsedVolume);

public sealed record AssignedInclusiveVolumeDto(long Id, string StartDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndDate, bool Pooled);

public sealed record AssignInclusiveVolumeRequest(string? StartDate, string? EndDate, bool? Pooled);

/// <summary>
/// Inclusive volumes: an organisation assigns a ratezone inclusive volume of the catalogue for a range of months
/// (<c>PUT /api/v1/organisation/{id|my}/inclusive_volume/{catalogue id}</c>), lists the active ones
/// (<c>GET …/inclusive_volume/active</c>) and points a tariff profile's traffic at one (<c>PUT/DELETE
/// /api/v1/tariff_profile/{id}/inclusive_volume/{id}</c>). Cellgate does not rate traffic; it counts the month's usage
/// (from the monthly rollups) against the volume as <c>used_volume</c> (docs/connectivity.md).
/// </summary>
public static class InclusiveVolumesApi
{
    /// <summary>The one tariff and ratezone of Cellgate's catalogue (Cellgate's tariff profiles have no rate zones).</summary>
    public static readonly TariffDto Tariff = new(1, "Cellgate", 1, new RatezoneDto(1, "Global", 1));

    public static IReadOnlyList<CatalogueVolume> Catalogue { get; } =
        [new(1, 100, 5), new(2, 500, 15), new(3, 1000, 25), new(4, 10_000, 150)];

    public static RouteGroupBuilder MapInclusiveVolumes(this RouteGroupBuilder api)
    {
        // {id}: an organisation id or "my", as EMnify's {org_id_or_my} (one route each: a separate "my" route would make
        // /organisation/my/inclusive_volume/active ambiguous between two templates).
        var org = api.MapGroup("/organisation/{id}/inclusive_volume").WithTags("Organisations");
        org.MapGet("/active", ActiveAsync)
            .WithSummary("The inclusive volumes of an organisation (my, yours by id, or a customer's) active this month, with the MB used of each");
        org.MapPut("/{inclusive_volume_id}", AssignAsync)
            .WithSummary("Assign a ratezone inclusive volume of the catalogue (1: 100 MB, 2: 500 MB, 3: 1,000 MB, 4: 10,000 MB a month) to your organisation (my) or a customer: 201 {id, start_date, end_date, pooled}");
        var tp = api.MapGroup("/tariff_profile/{id}/inclusive_volume/{inclusive_volume_id}").WithTags("Tariff profiles");
        tp.MapPut("/", AssignToTariffProfileAsync)
            .WithSummary("Count the tariff profile's traffic against one of the organisation's inclusive volumes: 204; 400 expired, 409 when it has one");
        tp.MapDelete("/", RemoveFromTariffProfileAsync).WithSummary("Stop counting the tariff profile's traffic against the inclusive volume: 204; 400 when not assigned");
        return api;
    }

    /// <summary>The organisation <paramref name="id"/> names ("my" or an id) if the caller may see it (its own or a customer's).</summary>
    private static async Task<long?> VisibleAsync(CellgateDbContext db, long caller, string id, CancellationToken ct)
    {
        if (id == "my") return caller;
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var org)) return null;
        return await db.Organisations.AnyAsync(o => o.Id == org && (o.Id == caller || o.ParentId == caller), ct) ? org : null;
    }

    private static DateTime MonthStart(DateTime d) => new(d.Year, d.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    private static bool ActiveAt(InclusiveVolume v, DateTime now) => v.StartDate <= now && (v.EndDate is null || v.EndDate >= now);

    internal static async Task<Results<Ok<List<ActiveInclusiveVolumeDto>>, JsonHttpResult<ApiError>>> ActiveAsync(
        string id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await VisibleAsync(db, caller.OrganisationId(), id, ct) is not { } org) return ApiErrors.NotFound("Organisation", id);
        var now = time.GetUtcNow().UtcDateTime;
        var all = await db.InclusiveVolumes.AsNoTracking().Where(v => v.OrganisationId == org).OrderBy(v => v.Id).ToListAsync(ct);
        var active = all.Where(v => ActiveAt(v, now)).ToList();
        var result = new List<ActiveInclusiveVolumeDto>(active.Count);
        foreach (var v in active)
        {
            var c = Catalogue.First(x => x.Id == v.CatalogueId);
            var used = await UsedBytesAsync(db, v, active.Count, now, ct) / DataPlaneStore.BytesPerMb;
            result.Add(new ActiveInclusiveVolumeDto(v.Id, c.Volume, c.Rate, v.Pooled, ApiDates.Iso(v.StartDate), ApiDates.Iso(v.EndDate), StatsApi.Eur, Tariff, used));
        }
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// The bytes of the current month counted against an active inclusive volume: the traffic of the endpoints whose
    /// tariff profile is assigned to it, or — when it is the organisation's only active one and no tariff profile is
    /// assigned to any — of all its endpoints (otherwise unassigned traffic is "pay as you go", as EMnify rates it).
    /// </summary>
    public static async Task<long> UsedBytesAsync(CellgateDbContext db, InclusiveVolume v, int activeCount, DateTime now, CancellationToken ct)
    {
        var month = MonthStart(now);
        var profiles = db.TariffProfileInclusiveVolumes.Where(a => a.InclusiveVolumeId == v.Id).Select(a => a.TariffProfileId);
        IQueryable<long> devices;
        if (await profiles.AnyAsync(ct))
            devices = db.Devices.Where(d => d.OrganisationId == v.OrganisationId && profiles.Contains(d.TariffProfileId)).Select(d => d.Id);
        else if (activeCount == 1 && !await db.TariffProfileInclusiveVolumes.AnyAsync(a => db.InclusiveVolumes.Any(x => x.Id == a.InclusiveVolumeId && x.OrganisationId == v.OrganisationId), ct))
            devices = db.Devices.Where(d => d.OrganisationId == v.OrganisationId).Select(d => d.Id);
        else return 0;
        return await db.UsageRollups.Where(r => r.Period == UsagePeriod.Month && r.Start == month && r.OrganisationId == v.OrganisationId && devices.Contains(r.DeviceId))
            .Select(r => (long?)(r.BytesUp + r.BytesDown))
            .Concat(db.UsagePending.Where(p => p.Month == month && p.OrganisationId == v.OrganisationId && devices.Contains(p.DeviceId)).Select(p => (long?)(p.BytesUp + p.BytesDown)))
            .SumAsync(ct) ?? 0;
    }

    internal static async Task<Results<Created<AssignedInclusiveVolumeDto>, JsonHttpResult<ApiError>>> AssignAsync(
        string id, long inclusive_volume_id, AssignInclusiveVolumeRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await VisibleAsync(db, caller.OrganisationId(), id, ct) is not { } org) return ApiErrors.NotFound("Organisation", id);
        var catalogue = Catalogue.FirstOrDefault(c => c.Id == inclusive_volume_id);
        if (catalogue is null) return ApiErrors.NotFound("Inclusive volume", inclusive_volume_id);
        var now = time.GetUtcNow().UtcDateTime;
        var v = new RequestValidation("Inclusive volume", "Assign inclusive volume validation error");
        var start = MonthStart(now);
        if (body?.StartDate is { } s)
        {
            if (!ApiDates.TryParse(s, out var parsed)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "start_date", "a date (yyyy-MM-dd or ISO 8601)"));
            else if (parsed.Day != 1) v.Invalid("start_date", "must be the first day of a month");
            else if (parsed.Date < start) v.Invalid("start_date", "must be in the current month or a future month");
            else start = parsed.Date;
        }
        DateTime? end = null;
        if (body?.EndDate is { } e)
        {
            if (!ApiDates.TryParse(e, out var parsed)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "end_date", "a date (yyyy-MM-dd or ISO 8601) or null"));
            else if (parsed.Date.AddDays(1).Day != 1) v.Invalid("end_date", "must be the last day of a month");
            else if (parsed.Date < start) v.Invalid("end_date", "must be on or after start_date");
            else end = DateTime.SpecifyKind(parsed.Date.AddDays(1).AddSeconds(-1), DateTimeKind.Utc);
        }
        if (v.Failed) return v.ToResult();
        var volume = new InclusiveVolume { OrganisationId = org, CatalogueId = catalogue.Id, StartDate = DateTime.SpecifyKind(start, DateTimeKind.Utc), EndDate = end, Pooled = body?.Pooled ?? true };
        db.InclusiveVolumes.Add(volume);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/organisation/{org}/inclusive_volume/active"),
            new AssignedInclusiveVolumeDto(volume.Id, ApiDates.Iso(volume.StartDate), ApiDates.Iso(volume.EndDate), volume.Pooled));
    }

    /// <summary>The tariff profile (the caller's) and the inclusive volume (its organisation's); null and the 404 otherwise.</summary>
    private static async Task<(TariffProfile? Profile, InclusiveVolume? Volume, JsonHttpResult<ApiError>? Problem)> FindAsync(
        long id, long volumeId, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var profile = await db.TariffProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == org, ct);
        if (profile is null) return (null, null, ApiErrors.NotFound("Tariff profile", id));
        var volume = await db.InclusiveVolumes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == volumeId && v.OrganisationId == org, ct);
        if (volume is null) return (profile, null, ApiErrors.NotFound("Inclusive volume", volumeId));
        return (profile, volume, null);
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> AssignToTariffProfileAsync(
        long id, long inclusive_volume_id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (profile, volume, problem) = await FindAsync(id, inclusive_volume_id, caller, db, ct);
        if (problem is not null) return problem;
        if (volume!.EndDate is { } end && end < time.GetUtcNow().UtcDateTime)
            return ApiErrors.BadRequest($"Inclusive volume with Id '{inclusive_volume_id}' has expired.");
        if (profile!.TariffId is { } tariff && tariff != Tariff.Id)
            return ApiErrors.BadRequest($"The tariff of tariff profile with Id '{id}' does not match the ratezone of inclusive volume with Id '{inclusive_volume_id}'.");
        if (await db.TariffProfileInclusiveVolumes.AnyAsync(a => a.TariffProfileId == id, ct))
            return ApiErrors.Duplicated($"Tariff profile with Id '{id}' already has an inclusive volume assigned.");
        db.TariffProfileInclusiveVolumes.Add(new TariffProfileInclusiveVolume { TariffProfileId = id, InclusiveVolumeId = volume.Id });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> RemoveFromTariffProfileAsync(
        long id, long inclusive_volume_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var (_, _, problem) = await FindAsync(id, inclusive_volume_id, caller, db, ct);
        if (problem is not null) return problem;
        var removed = await db.TariffProfileInclusiveVolumes.Where(a => a.TariffProfileId == id && a.InclusiveVolumeId == inclusive_volume_id).ExecuteDeleteAsync(ct);
        return removed == 0
            ? ApiErrors.BadRequest($"Inclusive volume with Id '{inclusive_volume_id}' is not assigned to tariff profile with Id '{id}'.")
            : TypedResults.NoContent();
    }
}
