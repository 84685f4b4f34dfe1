using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Events;

public sealed record EventOrganisation(long Id, string Name);

public sealed record EventUser(long Id, string? Name, string? Username);

public sealed record EventEndpoint(long Id, string? Name, string? IpAddress, string? Imei, string? Tags);

public sealed record EventSim(string? Iccid, long Id, string? ProductionDate);

public sealed record EventImsi(long Id, string? ImportDate, string? Imsi);

/// <summary>An event as EMnify lists it (reference §4.2, examples/endpoint-events.json): ISO <c>Z</c> timestamps, optional parts omitted.</summary>
public sealed record EventDto(
    string Timestamp, bool Alert, string Description, long Id,
    IdDescription EventType, IdDescription EventSource, IdDescription EventSeverity, EventOrganisation Organisation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventUser? User,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventEndpoint? Endpoint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventSim? Sim,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventImsi? Imsi,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Detail);

public static class EventsApi
{
    public const int DefaultPerPage = 100, MaxPerPage = 1000;

    public static IdDescription Describe(EventSource s) => new((int)s, s switch
    {
        EventSource.Network => "Network",
        EventSource.PolicyControl => "Policy Control",
        _ => "API",
    });

    public static IdDescription Describe(EventSeverity s) => new((int)s, s.ToString());

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/event").WithTags("Events");
        group.MapGet("/", ListAsync).WithPaging().WithSummary(
            "The organisation's events, oldest first as recorded (paged, default 100; q: type, source, severity, alert, from, until, endpoint, iccid, imsi; sort: id, timestamp, type, source, severity, alert)");
        group.MapGet("/type", () => TypedResults.Ok(EventTypes.All.Select(t => new IdDescription(t.Key, t.Value)).ToList()))
            .WithSummary("Event types (lookup)");
        return group;
    }

    private static readonly QueryCriteria<Event> Criteria = new QueryCriteria<Event>()
        .Sort("id", e => e.Id).Sort("timestamp", e => e.Timestamp).Sort("type", e => e.EventType)
        .Sort("source", e => e.EventSource).Sort("severity", e => e.EventSeverity).Sort("alert", e => e.Alert)
        .Filter("type", (q, v) => Ints(v) is { } ids ? q.Where(e => ids.Contains(e.EventType)) : null)
        .Filter("source", (q, v) => Ints(v) is { } ids ? q.Where(e => ids.Contains(e.EventSource)) : null)
        .Filter("severity", (q, v) => Ints(v) is { } ids ? q.Where(e => ids.Contains(e.EventSeverity)) : null)
        .Filter("alert", (q, v) => bool.TryParse(v, out var b) ? q.Where(e => e.Alert == b) : null)
        .Filter("from", (q, v) => ApiDates.TryParse(v, out var from) ? q.Where(e => e.Timestamp >= from) : null)
        .Filter("until", (q, v) => ApiDates.TryParse(v, out var until) ? q.Where(e => e.Timestamp <= until) : null)
        .Filter("endpoint", (q, v) => Strings(v) is { } names ? q.Where(e => names.Contains(e.EndpointName!)) : null)
        .Filter("iccid", (q, v) => v.Length > 0 ? q.WherePrefix(e => e.SimIccid, v) : null)
        .Filter("imsi", (q, v) => v.Length > 0 ? q.WherePrefix(e => e.Imsi, v) : null);

    /// <summary>Up to 6 values joined by <c>|</c> (reference §1.4).</summary>
    private static string[]? Strings(string v)
    {
        var parts = v.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length is > 0 and <= 6 ? parts : null;
    }

    private static int[]? Ints(string v)
    {
        var parts = Strings(v);
        if (parts is null) return null;
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i])) return null;
        return ids;
    }

    internal static Task<Results<Ok<List<EventDto>>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, string? q, string? sort, CancellationToken ct) =>
        ListCoreAsync(http, caller.OrganisationId(), db, q, sort, null, ct);

    /// <summary>
    /// The organisation's events, or one endpoint's; ascending by id unless sorted otherwise (<c>X-Sort: id</c>, as
    /// recorded). An endpoint id the organisation does not hold simply matches none of its events: 200 <c>[]</c>.
    /// </summary>
    internal static async Task<Results<Ok<List<EventDto>>, JsonHttpResult<ApiError>>> ListCoreAsync(
        HttpContext http, long orgId, CellgateDbContext db, string? q, string? sort, long? endpointId, CancellationToken ct,
        long? simId = null, long? userId = null)
    {
        if (!PageRequest.TryRead(http.Request, DefaultPerPage, MaxPerPage, out var page, out var error)) return error!;
        var source = db.Events.AsNoTracking().Where(e => e.OrganisationId == orgId);
        if (endpointId is { } eid) source = source.Where(e => e.EndpointId == eid);
        if (simId is { } sid) source = source.Where(e => e.SimId == sid);
        if (userId is { } uid) source = source.Where(e => e.UserId == uid);
        if (!Criteria.TryApply(source, q, sort, e => e.Id, out var query, out var applied, out error))
            return error!;
        var result = page.Resolve(await query.LongCountAsync(ct));
        var events = await query.Skip(result.Skip).Take(result.PerPage).ToListAsync(ct);
        var orgName = await db.Organisations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);
        result.WriteHeaders(http.Response, applied);
        var org = new EventOrganisation(orgId, orgName);
        return TypedResults.Ok(events.ConvertAll(e => ToDto(e, org)));
    }

    public static EventDto ToDto(Event e, EventOrganisation org) => new(
        ApiDates.Iso(e.Timestamp), e.Alert, e.Description, e.Id,
        EventTypes.Describe(e.EventType), Describe((EventSource)e.EventSource), Describe((EventSeverity)e.EventSeverity), org,
        e.UserId is { } uid ? new EventUser(uid, e.UserName, e.UserUsername) : null,
        e.EndpointId is { } did ? new EventEndpoint(did, e.EndpointName, e.EndpointIpAddress, e.EndpointImei, e.EndpointTags) : null,
        e.SimId is { } sid ? new EventSim(e.SimIccid, sid, ApiDates.Iso(e.SimProductionDate)) : null,
        e.SimId is { } iid && e.Imsi is not null ? new EventImsi(iid, ApiDates.Iso(e.ImsiImportDate), e.Imsi) : null,
        e.Detail is null ? null : JsonSerializer.Deserialize<JsonElement>(e.Detail));
}
