using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Devices;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.IpAddressSpaces;

public sealed record IpAddressSpaceDto(long Id, string IpAddressSpace, int IpAddressVersion, long UsedCount, long AvailableCount);

public sealed record CreatedIpAddressSpace(long Id, string IpAddressSpace, int IpAddressVersion);

public sealed record CreateIpAddressSpaceRequest(string? IpAddressSpace, int? IpAddressVersion);

/// <summary>IPv4 networks assigned to the organisation; device addresses come from them. Spaces never overlap, across all organisations.</summary>
public static class IpAddressSpacesApi
{
    public static RouteGroupBuilder MapIpAddressSpaces(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/ip_address_space").WithTags("IP address spaces");
        group.MapGet("/", ListAsync).WithSummary("The organisation's IP address spaces with used and available counts (not paged)");
        group.MapPost("/", CreateAsync).WithSummary("Assign an IPv4 network (CIDR, /8 to /30) to the organisation; 409 when it overlaps an assigned one");
        group.MapGet("/available", AvailableAsync)
            .WithSummary("Up to 10 random unassigned /24 networks of 100.64.0.0/10, with ids that PUT /{id} assigns (ip_address_version 6: [])");
        group.MapGet("/{id}", GetAsync).WithSummary("One IP address space");
        group.MapPut("/{id}", AssignAsync)
            .WithSummary("Assign a space proposed by /available to the organisation (EMnify deprecates this for POST); 409 when already assigned");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Release the space; 409 while endpoints hold addresses of it");
        return group;
    }

    internal static async Task<Ok<List<IpAddressSpaceDto>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var rows = await db.IpAddressSpaces.AsNoTracking().Where(s => s.OrganisationId == orgId).OrderBy(s => s.Id)
            .Select(s => new { Space = s, Used = db.Devices.LongCount(d => d.IpAddressSpaceId == s.Id) }).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(r => ToDto(r.Space, r.Used)));
    }

    private static IpAddressSpaceDto ToDto(IpAddressSpace s, long used) =>
        new(s.Id, s.Cidr, s.Version, used, Math.Max(0, IpAddresses.UsableCount(s) - used));

    internal static async Task<Results<Ok<IpAddressSpaceDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var space = await db.IpAddressSpaces.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == orgId, ct);
        if (space is null) return ApiErrors.NotFound("IP address space", id);
        return TypedResults.Ok(ToDto(space, await db.Devices.LongCountAsync(d => d.IpAddressSpaceId == id, ct)));
    }

    /// <summary>Validates a CIDR for a new space; shared with the demo data.</summary>
    internal static bool TryReadCidr(RequestValidation v, string? cidr, out long network, out int prefix)
    {
        prefix = 0;
        network = 0;
        if (!v.Required("ip_address_space", cidr)) return false;
        if (!IpAddresses.TryParseCidr(cidr!.Trim(), out network, out prefix))
        {
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, "ip_address_space", "Expecting an IPv4 network in CIDR notation, e.g. 10.191.216.64/28"));
            return false;
        }
        if (prefix is < IpAddresses.MinPrefix or > IpAddresses.MaxPrefix)
        {
            v.Invalid("ip_address_space", $"prefix length must be between /{IpAddresses.MinPrefix} and /{IpAddresses.MaxPrefix}");
            return false;
        }
        var hostMask = (1L << (32 - prefix)) - 1;
        if ((network & hostMask) != 0)
        {
            v.Invalid("ip_address_space", $"must be a network address ({IpAddresses.Format(network & ~hostMask)}/{prefix})");
            return false;
        }
        return true;
    }

    /// <summary>Assigns a new space to <paramref name="orgId"/> unless it overlaps one (of any organisation); null when it does.</summary>
    internal static async Task<IpAddressSpace?> TryAssignAsync(CellgateDbContext db, long orgId, long network, int prefix, DateTime now, CancellationToken ct)
    {
        var broadcast = IpAddresses.Broadcast(network, prefix);
        if (await db.IpAddressSpaces.AnyAsync(s => s.FirstAddress <= broadcast && network <= s.LastAddress, ct)) return null;
        var space = new IpAddressSpace
        {
            OrganisationId = orgId, Cidr = $"{IpAddresses.Format(network)}/{prefix}", Version = 4, PrefixLength = prefix,
            FirstAddress = network, LastAddress = broadcast, Created = now,
        };
        db.IpAddressSpaces.Add(space);
        await db.SaveChangesAsync(ct);
        return space;
    }

    internal static async Task<Results<Created<CreatedIpAddressSpace>, JsonHttpResult<ApiError>>> CreateAsync(
        CreateIpAddressSpaceRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        body ??= new CreateIpAddressSpaceRequest(null, null);
        var v = new RequestValidation("IP address space", "Create IP address space validation error");
        if (body.IpAddressVersion is { } version && version != 4) v.Invalid("ip_address_version", "must be 4: only IPv4 address spaces are supported");
        if (!TryReadCidr(v, body.IpAddressSpace, out var network, out var prefix) || v.Failed) return v.ToResult();

        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var space = await TryAssignAsync(db, orgId, network, prefix, time.GetUtcNow().UtcDateTime, ct);
        if (space is null)
            return ApiErrors.Duplicated($"IP address space '{IpAddresses.Format(network)}/{prefix}' overlaps an IP address space that is already assigned.");
        events.Add(db, orgId, EventTypes.IpAddressSpaceAssigned, $"IP address space {space.Cidr} assigned to the organisation", actor);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/ip_address_space/{space.Id}"), new CreatedIpAddressSpace(space.Id, space.Cidr, space.Version));
    }

    internal static async Task<Results<Ok<List<CreatedIpAddressSpace>>, JsonHttpResult<ApiError>>> AvailableAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "ip_address_version")] string? ipAddressVersion, CellgateDbContext db, CancellationToken ct)
    {
        if (ipAddressVersion is not (null or "4" or "4.0" or "6" or "6.0"))
            return ApiErrors.BadRequest($"Cannot parse parameter ip_address_version: must be 4 or 6, not \"{ipAddressVersion}\"");
        if (ipAddressVersion is "6" or "6.0") return TypedResults.Ok(new List<CreatedIpAddressSpace>()); // IPv4 only
        var networks = await AvailableSpaces.ProposeAsync(db, ct);
        return TypedResults.Ok(networks.ConvertAll(n =>
            new CreatedIpAddressSpace(AvailableSpaces.Encode(n), $"{IpAddresses.Format(n)}/{AvailableSpaces.Prefix}", 4)));
    }

    /// <summary>Assigns a proposed space (see <see cref="AvailableSpaces"/>); an id of an assigned space is 409 when it is yours, 404 otherwise.</summary>
    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> AssignAsync(
        long id, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        if (!AvailableSpaces.TryDecode(id, out var network))
        {
            return await db.IpAddressSpaces.AnyAsync(s => s.Id == id && s.OrganisationId == orgId, ct)
                ? ApiErrors.Duplicated($"IP address space with Id '{id}' is already assigned to your organisation.")
                : ApiErrors.NotFound("IP address space", id);
        }
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var space = await TryAssignAsync(db, orgId, network, AvailableSpaces.Prefix, time.GetUtcNow().UtcDateTime, ct);
        if (space is null)
            return ApiErrors.Duplicated($"IP address space '{IpAddresses.Format(network)}/{AvailableSpaces.Prefix}' is already assigned.");
        events.Add(db, orgId, EventTypes.IpAddressSpaceAssigned, $"IP address space {space.Cidr} assigned to the organisation", actor);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        http.Response.Headers.Location = ApiLocation.For(http, $"/api/v1/ip_address_space/{space.Id}");
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        using var _ = await gate.EnterAsync(ct);
        var space = await db.IpAddressSpaces.FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == orgId, ct);
        if (space is null) return ApiErrors.NotFound("IP address space", id);
        var used = await db.Devices.LongCountAsync(d => d.IpAddressSpaceId == id, ct);
        if (used > 0) return ApiErrors.Conflict($"IP address space with Id '{id}' is used by {used} endpoint(s) and cannot be released.");
        db.IpAddressSpaces.Remove(space);
        events.Add(db, orgId, EventTypes.IpAddressSpaceReleased, $"IP address space {space.Cidr} released", await EventLog.ActorAsync(caller, db, ct));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
