using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Devices;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.Lookups;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Sims;

public sealed record IdName(long Id, string Name);

/// <summary>An organisation inside a SIM, with its <c>country</c> as recorded (examples/sim-get.json).</summary>
public sealed record SimOrganisation(long Id, string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CountryRef? Country = null);

public sealed record SimModelDto(int Id, string Description, int MemorySize, IdName Formfactor, IdName Manufacturer);

/// <summary>The endpoint inside a SIM: flat ids, as recorded (examples/sim-list.json).</summary>
public sealed record SimEndpointDto(
    long Id, string Name, string? Imei, string Created, string LastUpdated, long OrganisationId,
    long ServiceProfileId, long TariffProfileId, string? Tags, string? IpAddress, long? IpAddressSpaceId);

/// <summary>A SIM as recorded (examples/sim-get.json, sim-list.json); <c>activation_date</c> and <c>endpoint</c> only when set.</summary>
public sealed record SimDto(
    long Id, string Iccid, string IccidWithLuhn, string ProductionDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActivationDate,
    IdDescription Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SimOrganisation? CustomerOrg,
    SimOrganisation IssuerOrg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SimEndpointDto? Endpoint,
    string Imsi, string? Msisdn, SimModelDto Model);

public sealed record UpdateSimRequest(StatusRef? Status);

/// <summary>A SIM and what its JSON needs, read in one query.</summary>
public sealed record SimRow(Sim Sim, string? CustomerName, string IssuerName, Device? Device,
    long? CustomerCountryId, string? CustomerCountryName, long IssuerCountryId, string? IssuerCountryName);

public static class SimsApi
{
    public const int DefaultPerPage = 2000, MaxPerPage = 2500;

    /// <summary>Cellgate's SIM model catalogue (EMnify's <c>model</c> object).</summary>
    public static IReadOnlyList<SimModelDto> Models { get; } =
    [
        new(1, "Classic", 128, new IdName(6, "1/2/3FF (3in1)"), new IdName(1, "Generic")),
    ];

    public static SimModelDto Model(int id) => Models.FirstOrDefault(m => m.Id == id) ?? Models[0];

    public static IdDescription Describe(SimStatus s) => new((int)s, s switch
    {
        SimStatus.Issued => "Issued",
        SimStatus.Activated => "Activated",
        SimStatus.Suspended => "Suspended",
        SimStatus.Deleted => "Deleted",
        _ => "Factory Test",
    });

    public static RouteGroupBuilder MapSims(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sim").WithTags("SIMs");
        group.MapGet("/", ListAsync).WithPaging().WithSummary(
            "The organisation's SIMs (paged, default 2000, max 2500; q: id, iccid, iccid_with_luhn, imsi, msisdn (prefix matches), status, endpoint (id or null), issuer_org, model; sort: id, iccid, imsi, msisdn, status, production_date, activation_date, endpoint, issuer_org, model)");
        group.MapGet("/{id}", GetAsync).WithSummary("One SIM");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change the status: Issued→Activated|Factory Test, Factory Test→Activated, Activated↔Suspended");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete (status 3 Deleted, for good); 409 while assigned to an endpoint");
        return group;
    }

    private static readonly QueryCriteria<Sim> Criteria = new QueryCriteria<Sim>()
        .Sort("id", s => s.Id).Sort("iccid", s => s.Iccid).Sort("imsi", s => s.Imsi).Sort("msisdn", s => s.Msisdn)
        .Sort("status", s => s.Status).Sort("production_date", s => s.ProductionDate).Sort("activation_date", s => s.ActivationDate)
        .Sort("endpoint", s => s.Device!.Id).Sort("issuer_org", s => s.IssuerOrganisationId).Sort("customer_org", s => s.CustomerOrganisationId)
        .Sort("model", s => s.ModelId)
        .Filter("id", (q, v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? q.Where(s => s.Id == id) : null)
        .Filter("iccid", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(s => s.Iccid, v.Length == 20 ? v[..19] : v) : null)
        .Filter("iccid_with_luhn", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(s => s.IccidWithLuhn, v) : null)
        .Filter("imsi", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(s => s.Imsi, v) : null)
        .Filter("msisdn", (q, v) => SimNumbers.AllDigits(v.TrimStart('+')) ? q.WherePrefix(s => s.Msisdn, v.TrimStart('+')) : null)
        .Filter("status", (q, v) => Statuses(v) is { } st ? q.Where(s => st.Contains(s.Status)) : null)
        .Filter("endpoint", (q, v) => v.Equals("null", StringComparison.OrdinalIgnoreCase) ? q.Where(s => s.Device == null)
            : long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var eid) ? q.Where(s => s.Device!.Id == eid) : null)
        .Filter("issuer_org", (q, v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? q.Where(s => s.IssuerOrganisationId == o) : null)
        .Filter("customer_org", (q, v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? q.Where(s => s.CustomerOrganisationId == o) : null)
        .Filter("model", (q, v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? q.Where(s => s.ModelId == m) : null);

    private static SimStatus[]? Statuses(string v)
    {
        var parts = v.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 6) return null;
        var result = new SimStatus[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var s) || !Enum.IsDefined((SimStatus)s)) return null;
            result[i] = (SimStatus)s;
        }
        return result;
    }

    public static SimDto ToDto(SimRow r)
    {
        var s = r.Sim;
        var d = r.Device;
        return new SimDto(
            s.Id, s.Iccid, s.IccidWithLuhn, ApiDates.Core(s.ProductionDate), ApiDates.Core(s.ActivationDate), Describe(s.Status),
            s.CustomerOrganisationId is { } c ? new SimOrganisation(c, r.CustomerName ?? "", Country(r.CustomerCountryId, r.CustomerCountryName)) : null,
            new SimOrganisation(s.IssuerOrganisationId, r.IssuerName, Country(r.IssuerCountryId, r.IssuerCountryName)),
            d is null ? null : new SimEndpointDto(d.Id, d.Name, d.Imei, ApiDates.Core(d.Created), ApiDates.Core(d.LastUpdated), d.OrganisationId,
                d.ServiceProfileId, d.TariffProfileId, d.Tags, d.IpAddress, d.IpAddressSpaceId),
            s.Imsi, s.Msisdn, Model(s.ModelId));
    }

    private static CountryRef? Country(long? id, string? name) => id is { } i ? new CountryRef(i, name ?? "") : null;

    private static IQueryable<SimRow> Rows(CellgateDbContext db, IQueryable<Sim> sims) =>
        sims.Select(s => new SimRow(s, s.CustomerOrganisation!.Name, s.IssuerOrganisation!.Name, s.Device,
            (long?)s.CustomerOrganisation!.CountryId, db.Countries.Where(c => c.Id == s.CustomerOrganisation!.CountryId).Select(c => c.Name).FirstOrDefault(),
            s.IssuerOrganisation!.CountryId, db.Countries.Where(c => c.Id == s.IssuerOrganisation!.CountryId).Select(c => c.Name).FirstOrDefault()));

    internal static async Task<Results<Ok<List<SimDto>>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, string? q, string? sort, CancellationToken ct)
    {
        if (!PageRequest.TryRead(http.Request, DefaultPerPage, MaxPerPage, out var page, out var error)) return error!;
        var orgId = caller.OrganisationId();
        if (!Criteria.TryApply(db.Sims.AsNoTracking().Where(s => s.CustomerOrganisationId == orgId), q, sort, s => s.Id, out var query, out var applied, out error))
            return error!;
        var result = page.Resolve(await query.LongCountAsync(ct));
        var rows = await Rows(db, query.Skip(result.Skip).Take(result.PerPage)).ToListAsync(ct);
        result.WriteHeaders(http.Response, applied);
        return TypedResults.Ok(rows.ConvertAll(ToDto));
    }

    internal static async Task<Results<Ok<SimDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var row = await Rows(db, db.Sims.AsNoTracking().Where(s => s.Id == id && s.CustomerOrganisationId == orgId)).FirstOrDefaultAsync(ct);
        return row is null ? ApiErrors.NotFound("SIM", id) : TypedResults.Ok(ToDto(row));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, UpdateSimRequest? body, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        var sim = await db.Sims.Include(s => s.Device).FirstOrDefaultAsync(s => s.Id == id && s.CustomerOrganisationId == orgId, ct);
        if (sim is null) return ApiErrors.NotFound("SIM", id);
        if (body?.Status is not { } status) return TypedResults.NoContent();

        var v = new RequestValidation("SIM", "Update SIM validation error");
        if (status.Id is not { } sid || !Enum.IsDefined((SimStatus)sid) || sid == (int)SimStatus.Deleted)
            v.Invalid("status", "must be 0 (Issued), 1 (Activated), 2 (Suspended) or 4 (Factory Test); delete a SIM with DELETE");
        else if (!SimLifecycle.CanChange(sim.Status, (SimStatus)sid))
            v.Invalid("status", $"cannot change from '{Describe(sim.Status).Description}' to '{Describe((SimStatus)sid).Description}'");
        if (v.Failed) return v.ToResult();

        if (SimLifecycle.Change(db, events, sim, (SimStatus)status.Id!.Value, orgId, actor, sim.Device, time.GetUtcNow().UtcDateTime))
            await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        var sim = await db.Sims.Include(s => s.Device).FirstOrDefaultAsync(s => s.Id == id && s.CustomerOrganisationId == orgId, ct);
        if (sim is null) return ApiErrors.NotFound("SIM", id);
        if (sim.Device is { } device)
            return ApiErrors.Conflict($"SIM with Id '{id}' is assigned to Endpoint with Id '{device.Id}'; release it first.");
        if (SimLifecycle.Change(db, events, sim, SimStatus.Deleted, orgId, actor, null, time.GetUtcNow().UtcDateTime))
            await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}

/// <summary>SIM status rules and their events, shared by the SIM, SIM batch and endpoint APIs.</summary>
public static class SimLifecycle
{
    /// <summary>Issued→Activated|Factory Test, Factory Test→Activated, Activated↔Suspended (reference §5.1); anything→Deleted; unchanged is allowed.</summary>
    public static bool CanChange(SimStatus from, SimStatus to) => from == to || (from, to) switch
    {
        (SimStatus.Issued, SimStatus.Activated or SimStatus.FactoryTest) => true,
        (SimStatus.FactoryTest, SimStatus.Activated) => true,
        (SimStatus.Activated, SimStatus.Suspended) => true,
        (SimStatus.Suspended, SimStatus.Activated) => true,
        (not SimStatus.Deleted, SimStatus.Deleted) => true,
        _ => false,
    };

    /// <summary>Sets the status and records its event; false when nothing changed.</summary>
    public static bool Change(CellgateDbContext db, EventLog events, Sim sim, SimStatus to, long orgId, EventActor actor, Device? device, DateTime now)
    {
        if (sim.Status == to) return false;
        var from = sim.Status;
        sim.Status = to;
        if (to == SimStatus.Activated) sim.ActivationDate ??= now;
        var type = to switch
        {
            SimStatus.Activated => EventTypes.SimActivation,
            SimStatus.Suspended => EventTypes.SimSuspension,
            SimStatus.Deleted => EventTypes.SimDeletion,
            SimStatus.FactoryTest => EventTypes.SimFactoryTest,
            _ => EventTypes.Generic,
        };
        events.Add(db, orgId, type, $"Status of SIM changed from '{SimsApi.Describe(from).Description}' to '{SimsApi.Describe(to).Description}'", actor, device, sim);
        return true;
    }
}
