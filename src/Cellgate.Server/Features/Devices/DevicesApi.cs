using System.Globalization;
using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.IpAddressSpaces;
using Cellgate.Server.Features.Sims;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Devices;

/// <summary>
/// EMnify's endpoints (<c>/api/v1/endpoint</c>), called devices here. A device's SIM follows its status: enabling a
/// device activates its Issued or Suspended SIM, disabling it suspends an Activated one, and a released SIM is suspended.
/// </summary>
public static class DevicesApi
{
    public const int DefaultPerPage = 1000, MaxPerPage = 1000;

    public static RouteGroupBuilder MapDevices(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/endpoint").WithTags("Endpoints");
        group.MapGet("/", ListAsync).WithPaging().WithSummary(
            "The organisation's endpoints (paged, default 1000; q: id, status, name, tags, ip_address, imei, iccid, iccid_with_luhn, imsi, msisdn, service_profile, tariff_profile, sim_status, created, last_updated; sort: id, name, status, created, last_updated, tags, ip_address, imei, service_profile, tariff_profile)");
        group.MapPost("/", CreateAsync).WithSummary("Create an endpoint (status, service_profile and tariff_profile required); 201 with an absolute Location and the endpoint as GET returns it")
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync).WithSummary("One endpoint, with its IP address space expanded");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change any field; {\"sim\":{\"id\":null}} releases the SIM");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete; 409 while a SIM is assigned (release it first with {\"sim\":{\"id\":null}})")
            .Produces<ApiError>(StatusCodes.Status409Conflict);
        // Connectivity (GET/PATCH …/connectivity, …/connectivity_info): Features/Connectivity.
        group.MapGet("/{id}/event", EventsAsync).WithPaging().WithSummary("The endpoint's events, oldest first (paged, default 100; same q and sort as /api/v1/event); an unknown or foreign endpoint gives 200 []");
        return group;
    }

    private static readonly QueryCriteria<Device> Criteria = new QueryCriteria<Device>()
        .Sort("id", d => d.Id).Sort("name", d => d.Name).Sort("status", d => d.Status).Sort("created", d => d.Created)
        .Sort("last_updated", d => d.LastUpdated).Sort("tags", d => d.Tags).Sort("ip_address", d => d.IpAddressValue)
        .Sort("imei", d => d.Imei).Sort("service_profile", d => d.ServiceProfileId).Sort("tariff_profile", d => d.TariffProfileId)
        .Filter("id", (q, v) => Long(v) is { } id ? q.Where(d => d.Id == id) : null)
        .Filter("status", (q, v) => Int(v) is (0 or 1) and var s ? q.Where(d => d.Status == (DeviceStatus)s) : null)
        .Filter("name", (q, v) => v.Length > 0 ? q.WherePrefix(d => d.Name, v) : null)
        // tags: the free-text string contains the value, or a v2 tag assigned to the endpoint has it in its name (docs/connectivity.md).
        .Filter("tags", (q, v) => v.Length > 0 ? q.Where(d => (d.Tags != null && d.Tags.Contains(v)) || d.TagAssignments.Any(a => a.Tag!.Name.Contains(v))) : null)
        .Filter("ip_address", (q, v) => v.Length > 0 ? q.WherePrefix(d => d.IpAddress, v) : null)
        .Filter("imei", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(d => d.Imei, v) : null)
        .Filter("iccid", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(d => d.Sim!.Iccid, v.Length == 20 ? v[..19] : v) : null)
        .Filter("iccid_with_luhn", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(d => d.Sim!.IccidWithLuhn, v) : null)
        .Filter("imsi", (q, v) => SimNumbers.AllDigits(v) ? q.WherePrefix(d => d.Sim!.Imsi, v) : null)
        .Filter("msisdn", (q, v) => SimNumbers.AllDigits(v.TrimStart('+')) ? q.WherePrefix(d => d.Sim!.Msisdn, v.TrimStart('+')) : null)
        .Filter("service_profile", (q, v) => Long(v) is { } id ? q.Where(d => d.ServiceProfileId == id) : null)
        .Filter("tariff_profile", (q, v) => Long(v) is { } id ? q.Where(d => d.TariffProfileId == id) : null)
        .Filter("sim_status", (q, v) => Int(v) is { } s && Enum.IsDefined((SimStatus)s) ? q.Where(d => d.Sim!.Status == (SimStatus)s) : null)
        .Filter("created", (q, v) => Day(v) is var (from, to) ? q.Where(d => d.Created >= from && d.Created < to) : null)
        .Filter("last_updated", (q, v) => Day(v) is var (from, to) ? q.Where(d => d.LastUpdated >= from && d.LastUpdated < to) : null);

    private static long? Long(string v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
    private static int? Int(string v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>The UTC day of a date or date-time.</summary>
    private static (DateTime From, DateTime To)? Day(string v) => ApiDates.TryParse(v, out var t) ? (t.Date, t.Date.AddDays(1)) : null;

    /// <summary>List rows: the IP address space is only <c>{id}</c> there, so its table is not joined.</summary>
    private static IQueryable<DeviceRow> Rows(IQueryable<Device> devices) =>
        devices.Select(d => new DeviceRow(d.Id, d.Name, d.Tags, d.Created, d.LastUpdated, d.Status,
            d.ServiceProfileId, d.ServiceProfile!.Name, d.TariffProfileId, d.TariffProfile!.Name,
            d.SimId, d.Sim!.Iccid, d.Sim!.IccidWithLuhn, (SimStatus?)d.Sim!.Status, d.Sim!.Imsi, d.Sim!.Msisdn,
            d.Imei, d.IpAddress, d.IpAddressSpaceId, null, d.ImeiLock));

    // The plain list runs on every page view: compiled once, its queries skip EF's per-call expression cache lookup.
    private static readonly Func<CellgateDbContext, long, Task<DeviceCounter?>> CounterOf = EF.CompileAsyncQuery(
        (CellgateDbContext db, long orgId) => db.DeviceCounters.AsNoTracking().FirstOrDefault(c => c.OrganisationId == orgId));

    private static readonly Func<CellgateDbContext, long, long, int, IAsyncEnumerable<DeviceRow>> PageFrom = EF.CompileAsyncQuery(
        (CellgateDbContext db, long orgId, long from, int take) => db.Devices.AsNoTracking()
            .Where(d => d.OrganisationId == orgId && d.Id >= from).OrderBy(d => d.Id).Take(take)
            .Select(d => new DeviceRow(d.Id, d.Name, d.Tags, d.Created, d.LastUpdated, d.Status,
                d.ServiceProfileId, d.ServiceProfile!.Name, d.TariffProfileId, d.TariffProfile!.Name,
                d.SimId, d.Sim!.Iccid, d.Sim!.IccidWithLuhn, (SimStatus?)d.Sim!.Status, d.Sim!.Imsi, d.Sim!.Msisdn,
                d.Imei, d.IpAddress, d.IpAddressSpaceId, null, d.ImeiLock)));

    private static IQueryable<DeviceRow> SingleRows(IQueryable<Device> devices) =>
        devices.Select(d => new DeviceRow(d.Id, d.Name, d.Tags, d.Created, d.LastUpdated, d.Status,
            d.ServiceProfileId, d.ServiceProfile!.Name, d.TariffProfileId, d.TariffProfile!.Name,
            d.SimId, d.Sim!.Iccid, d.Sim!.IccidWithLuhn, (SimStatus?)d.Sim!.Status, d.Sim!.Imsi, d.Sim!.Msisdn,
            d.Imei, d.IpAddress, d.IpAddressSpaceId, d.IpAddressSpace!.Cidr, d.ImeiLock));

    internal static async Task<Results<Ok<List<DeviceDto>>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, DevicePages pages, string? q, string? sort, CancellationToken ct)
    {
        if (!PageRequest.TryRead(http.Request, DefaultPerPage, MaxPerPage, out var page, out var error)) return error!;
        var orgId = caller.OrganisationId();
        if (string.IsNullOrWhiteSpace(q) && (string.IsNullOrWhiteSpace(sort) || sort.Trim() is "id" or "+id") && page.PerPage >= DevicePages.MinPerPage
            && await CounterOf(db, orgId) is { } counter)
        {
            // The plain list: total from the counter, page start from the page index, then one index seek.
            var plain = page.Resolve(counter.Count);
            var pageRows = new List<DeviceRow>(plain.PerPage);
            if (await pages.StartAsync(db, orgId, counter.Version, plain.PerPage, plain.Page, ct) is { } from)
                await foreach (var row in PageFrom(db, orgId, from, plain.PerPage).WithCancellation(ct)) pageRows.Add(row);
            plain.WriteHeaders(http.Response, "id");
            return TypedResults.Ok(pageRows.ConvertAll(r => DeviceJson.ToDto(r, single: false)));
        }
        if (!Criteria.TryApply(db.Devices.AsNoTracking().Where(d => d.OrganisationId == orgId), q, sort, d => d.Id, out var query, out var applied, out error))
            return error!;

        // Page through the ids alone (an index range, however deep the page), then read those rows with their joins.
        PageResult result;
        List<long> ids;
        if (page.Page == 1)
        {
            ids = await query.Select(d => d.Id).Take(page.PerPage).ToListAsync(ct);
            result = page.Resolve(ids.Count < page.PerPage ? ids.Count : await query.LongCountAsync(ct));
        }
        else
        {
            result = page.Resolve(await query.LongCountAsync(ct));
            ids = await query.Select(d => d.Id).Skip(result.Skip).Take(result.PerPage).ToListAsync(ct);
        }
        List<DeviceRow> rows = ids.Count == 0 ? [] : await Rows(db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id))).ToListAsync(ct);
        var position = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++) position[ids[i]] = i;
        rows.Sort((a, b) => position[a.Id].CompareTo(position[b.Id]));
        result.WriteHeaders(http.Response, applied);
        return TypedResults.Ok(rows.ConvertAll(r => DeviceJson.ToDto(r, single: false)));
    }

    internal static async Task<Results<Ok<DeviceDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var row = await SingleRows(db.Devices.AsNoTracking().Where(d => d.Id == id && d.OrganisationId == orgId)).FirstOrDefaultAsync(ct);
        return row is null ? ApiErrors.NotFound("Endpoint", id) : TypedResults.Ok(DeviceJson.ToDto(row, single: true));
    }

    /// <summary>What a create or update resolved from its body: references checked against the caller's organisation.</summary>
    private sealed class Resolved
    {
        public ServiceProfile? ServiceProfile;
        public TariffProfile? TariffProfile;
        public IpAddressSpace? Space;
        public long? Address;
        public bool SimGiven;
        public Sim? Sim;
    }

    /// <summary>Validates the body and resolves its references; on failure the result is the error to answer.</summary>
    private static async Task<JsonHttpResult<ApiError>?> ResolveAsync(
        CellgateDbContext db, long orgId, DeviceRequest body, Device? existing, RequestValidation v, Resolved r, CancellationToken ct)
    {
        var create = existing is null;
        if (create || body.Name is not null)
        {
            v.Required("name", body.Name);
            v.MaxLength("name", body.Name, 200);
        }
        v.MaxLength("tags", body.Tags, 1000);
        if (body.Status is { } status && status.Id is not (0 or 1)) v.Invalid("status", "must be 0 (Enabled) or 1 (Disabled)");
        else if (create && body.Status is null) v.Add(ApiErrors.Required(v.ObjectName, "status"));
        if (!string.IsNullOrEmpty(body.Imei) && !(SimNumbers.AllDigits(body.Imei) && body.Imei.Length is 15 or 16))
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, "imei", "Expecting an IMEI (15 digits) or IMEISV (16 digits)"));

        if (body.ServiceProfile is { } sp)
        {
            r.ServiceProfile = sp.Id is { } spId ? await db.ServiceProfiles.FirstOrDefaultAsync(p => p.Id == spId && p.OrganisationId == orgId, ct) : null;
            if (r.ServiceProfile is null) v.Add(ApiErrors.InvalidReference("Service profile", sp.Id));
        }
        else if (create) v.Add(ApiErrors.Required(v.ObjectName, "service_profile"));
        if (body.TariffProfile is { } tp)
        {
            r.TariffProfile = tp.Id is { } tpId ? await db.TariffProfiles.FirstOrDefaultAsync(p => p.Id == tpId && p.OrganisationId == orgId, ct) : null;
            if (r.TariffProfile is null) v.Add(ApiErrors.InvalidReference("Tariff profile", tp.Id));
        }
        else if (create) v.Add(ApiErrors.Required(v.ObjectName, "tariff_profile"));
        if (body.IpAddressSpace is { } ips)
        {
            r.Space = ips.Id is { } spaceId ? await db.IpAddressSpaces.FirstOrDefaultAsync(s => s.Id == spaceId && s.OrganisationId == orgId, ct) : null;
            if (r.Space is null) v.Add(ApiErrors.InvalidReference("IP address space", ips.Id));
        }
        if (!string.IsNullOrEmpty(body.IpAddress))
        {
            if (!IpAddresses.TryParse(body.IpAddress.Trim(), out var address))
                v.Add(ApiErrors.InvalidFormat(v.ObjectName, "ip_address", "Expecting an IPv4 address"));
            else if (body.IpAddressSpace is null || r.Space is not null)
            {
                var space = r.Space ?? await db.IpAddressSpaces.Where(s => s.OrganisationId == orgId && s.FirstAddress < address && address < s.LastAddress)
                    .FirstOrDefaultAsync(ct);
                if (space is null || address <= space.FirstAddress || address >= space.LastAddress)
                    v.Invalid("ip_address", "is not a usable address of an IP address space of the organisation");
                else if (!(existing is not null && existing.IpAddressSpaceId == space.Id && existing.IpAddressValue == address)
                         && await IpAddresses.InUseAsync(db, space.Id, address, ct))
                    v.Invalid("ip_address", $"{IpAddresses.Format(address)} is already in use");
                else
                {
                    r.Space = space;
                    r.Address = address;
                }
            }
        }
        if (body.Sim is { } simRef)
        {
            r.SimGiven = true;
            if (simRef.Id is { } simId)
            {
                r.Sim = await db.Sims.Include(s => s.Device)
                    .FirstOrDefaultAsync(s => s.Id == simId && s.CustomerOrganisationId == orgId && s.Status != SimStatus.Deleted, ct);
                if (r.Sim is null) v.Add(ApiErrors.InvalidReference("SIM", simId));
            }
        }
        if (v.Failed) return v.ToResult();
        if (r.Sim?.Device is { } holder && holder.Id != existing?.Id)
            return ApiErrors.Duplicated($"SIM with Id '{r.Sim.Id}' is already assigned to Endpoint with Id '{holder.Id}'.");
        return null;
    }

    /// <summary>Allocates an address when none was given: from the given space, or the organisation's spaces in order.</summary>
    private static async Task<bool> AllocateAsync(CellgateDbContext db, long orgId, Resolved r, CancellationToken ct)
    {
        var spaces = r.Space is not null ? [r.Space]
            : await db.IpAddressSpaces.Where(s => s.OrganisationId == orgId).OrderBy(s => s.Id).ToListAsync(ct);
        foreach (var space in spaces)
        {
            if (await IpAddresses.NextFreeAsync(db, space, ct) is { } next)
            {
                r.Space = space;
                r.Address = next;
                return true;
            }
        }
        return false;
    }

    private static JsonHttpResult<ApiError> NoIpAddress() =>
        ApiErrors.Result(StatusCodes.Status404NotFound, new(1601, "Unavailable", "No IP Address available."));

    /// <summary>201 with <c>Location</c> (what the recorded 2022 API sent, with an empty body) and the created endpoint as
    /// <c>GET</c> returns it, as EMnify's 2025/26 spec documents; clients written for the empty body ignore it.</summary>
    internal static async Task<Results<Created<DeviceDto>, JsonHttpResult<ApiError>>> CreateAsync(
        DeviceRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        body ??= new DeviceRequest(null, null, null, null, null, null, null, null, null, null);
        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        var r = new Resolved();
        if (await ResolveAsync(db, orgId, body, null, new RequestValidation("Endpoint", "Create endpoint validation error"), r, ct) is { } invalid)
            return invalid;
        if (r.Address is null && !await AllocateAsync(db, orgId, r, ct)) return NoIpAddress();

        var now = time.GetUtcNow().UtcDateTime;
        var device = new Device
        {
            OrganisationId = orgId, Name = body.Name!.Trim(), Tags = body.Tags, Status = (DeviceStatus)body.Status!.Id!.Value,
            ServiceProfileId = r.ServiceProfile!.Id, TariffProfileId = r.TariffProfile!.Id, SimId = r.Sim?.Id,
            Imei = string.IsNullOrEmpty(body.Imei) ? null : body.Imei, ImeiLock = body.ImeiLock ?? false,
            IpAddressSpaceId = r.Space!.Id, IpAddress = IpAddresses.Format(r.Address!.Value), IpAddressValue = r.Address,
            Created = now, LastUpdated = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Devices.Add(device);
        await db.SaveChangesAsync(ct);
        await DevicePages.BumpAsync(db, orgId, +1, ct);
        events.Add(db, orgId, EventTypes.EndpointCreated, $"Endpoint {device.Id} created", actor, device);
        if (r.Sim is { } sim)
        {
            Couple(db, events, device, sim, orgId, actor, now);
            events.Add(db, orgId, EventTypes.SimAssigned, $"SIM {sim.Id} assigned to endpoint {device.Id}", actor, device, sim, detail: new { });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var row = await SingleRows(db.Devices.AsNoTracking().Where(d => d.Id == device.Id)).FirstAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/endpoint/{device.Id}"), DeviceJson.ToDto(row, single: true));
    }

    /// <summary>An enabled device's SIM is activated (unless in factory test), a disabled device's active SIM suspended.</summary>
    private static void Couple(CellgateDbContext db, EventLog events, Device device, Sim sim, long orgId, EventActor actor, DateTime now)
    {
        if (device.Status == DeviceStatus.Enabled && sim.Status is SimStatus.Issued or SimStatus.Suspended)
            SimLifecycle.Change(db, events, sim, SimStatus.Activated, orgId, actor, device, now);
        else if (device.Status == DeviceStatus.Disabled && sim.Status == SimStatus.Activated)
            SimLifecycle.Change(db, events, sim, SimStatus.Suspended, orgId, actor, device, now);
    }

    private static void Release(CellgateDbContext db, EventLog events, Device device, Sim sim, long orgId, EventActor actor, DateTime now)
    {
        device.SimId = null;
        device.Sim = null;
        events.Add(db, orgId, EventTypes.SimReleased, $"SIM {sim.Id} released from endpoint {device.Id}", actor, device, sim);
        if (sim.Status == SimStatus.Activated) SimLifecycle.Change(db, events, sim, SimStatus.Suspended, orgId, actor, device, now);
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, DeviceRequest? body, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        var device = await db.Devices.Include(d => d.Sim).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == orgId, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        if (body is null) return TypedResults.NoContent();
        var r = new Resolved();
        if (await ResolveAsync(db, orgId, body, device, new RequestValidation("Endpoint", "Update endpoint validation error"), r, ct) is { } invalid)
            return invalid;
        if (r.Space is not null && r.Address is null && r.Space.Id != device.IpAddressSpaceId && !await AllocateAsync(db, orgId, r, ct))
            return NoIpAddress();

        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<string>();
        if (body.Name is not null && body.Name.Trim() != device.Name) { device.Name = body.Name.Trim(); changed.Add("name"); }
        if (body.Tags is not null && body.Tags != device.Tags) { device.Tags = body.Tags; changed.Add("tags"); }
        if (body.Imei is not null && (body.Imei.Length == 0 ? null : body.Imei) != device.Imei) { device.Imei = body.Imei.Length == 0 ? null : body.Imei; changed.Add("imei"); }
        if (body.ImeiLock is { } imeiLock && imeiLock != device.ImeiLock) { device.ImeiLock = imeiLock; changed.Add("imei_lock"); }
        if (r.ServiceProfile is { } sp && sp.Id != device.ServiceProfileId) { device.ServiceProfileId = sp.Id; changed.Add("service_profile"); }
        if (r.TariffProfile is { } tp && tp.Id != device.TariffProfileId) { device.TariffProfileId = tp.Id; changed.Add("tariff_profile"); }
        if (r.Address is { } address && (address != device.IpAddressValue || r.Space!.Id != device.IpAddressSpaceId))
        {
            device.IpAddressSpaceId = r.Space!.Id;
            device.IpAddressValue = address;
            device.IpAddress = IpAddresses.Format(address);
            changed.Add("ip_address");
        }

        var statusChanged = body.Status?.Id is { } st && (DeviceStatus)st != device.Status;
        if (statusChanged)
        {
            device.Status = (DeviceStatus)body.Status!.Id!.Value;
            changed.Add("status");
        }

        Sim? assigned = null;
        if (r.SimGiven && r.Sim?.Id != device.SimId)
        {
            if (device.Sim is { } old) Release(db, events, device, old, orgId, actor, now);
            if (r.Sim is { } sim)
            {
                device.SimId = sim.Id;
                device.Sim = sim;
                assigned = sim;
            }
            changed.Add("sim");
        }
        if (statusChanged)
            events.Add(db, orgId, device.Status == DeviceStatus.Enabled ? EventTypes.EndpointEnabled : EventTypes.EndpointDisabled,
                $"Status of Endpoint {device.Id} changed to {DeviceJson.Describe(device.Status).Description}", actor, device);
        if ((statusChanged || assigned is not null) && device.Sim is { } current) Couple(db, events, device, current, orgId, actor, now);
        if (assigned is not null)
            events.Add(db, orgId, EventTypes.SimAssigned, $"SIM {assigned.Id} assigned to endpoint {device.Id}", actor, device, assigned, detail: new { });

        if (changed.Count > 0)
        {
            device.LastUpdated = now;
            events.Add(db, orgId, EventTypes.EndpointUpdated, $"Endpoint {device.Id} updated: {string.Join(", ", changed)}", actor, device);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == orgId, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        // EMnify's spec: "Endpoints with an assigned SIM cannot be deleted (results in a 409 error)". The Python SDK
        // releases the SIM first ({"sim":{"id":null}}), so it never meets this.
        if (device.SimId is { } simId)
            return ApiErrors.Conflict($"Endpoint with Id '{id}' still has SIM with Id '{simId}' assigned; release the SIM first.");
        events.Add(db, orgId, EventTypes.EndpointDeleted, $"Endpoint {device.Id} deleted", actor, device);
        db.Devices.Remove(device);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await DevicePages.BumpAsync(db, orgId, -1, ct);
        await Simulator.DeviceCleanup.OnDeviceDeletedAsync(db, id, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static Task<bool> ExistsAsync(CellgateDbContext db, long orgId, long id, CancellationToken ct) =>
        db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == orgId, ct);

    /// <summary>
    /// EMnify's documented quirk: an unknown or foreign endpoint answers 200 <c>[]</c>, not 404. The query is the
    /// caller's organisation's events of that endpoint id, so another organisation's events never match.
    /// </summary>
    internal static Task<Results<Ok<List<EventDto>>, JsonHttpResult<ApiError>>> EventsAsync(
        long id, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, string? q, string? sort, CancellationToken ct) =>
        EventsApi.ListCoreAsync(http, caller.OrganisationId(), db, q, sort, id, ct);
}
