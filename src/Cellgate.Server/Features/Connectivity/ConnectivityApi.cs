using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.Simulator;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Connectivity;

public sealed record NamedRef(long Id, string Name);

public sealed record ServingOperatorDto(long Id, string Name, string Mnc, NamedRef Country);

public sealed record RatTypeDto(int Id, string Description);

/// <summary>Where the handset is registered (EMnify's connectivity <c>location</c>).</summary>
public sealed record LocationDto(string? Iccid, string? Imsi, string Msc, string Vlr, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sgsn,
    ServingOperatorDto Operator, NamedRef Country, RatTypeDto RatType, string LastUpdated);

public sealed record VolumeDto(double Tx, double Rx, double Total);

/// <summary>The data session as EMnify reports it (<c>pdp_context</c>); volumes in MB.</summary>
public sealed record PdpContextDto(string PdpContextId, long EndpointId, long? SimId, string? Imsi, long OrganisationId, long TariffProfileId, string Apn,
    string? UeIpAddress, string Mcc, string Mnc, ServingOperatorDto Operator, RatTypeDto RatType, string Created, long Duration, VolumeDto Volume);

public sealed record ConnectivityStatusDto(string Description);

/// <summary>The connectivity object (examples/endpoint-connectivity.json when offline); location and pdp_context only when present.</summary>
public sealed record EndpointConnectivityDto(ConnectivityStatusDto Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LocationDto? Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PdpContextDto? PdpContext,
    IReadOnlyList<string> Services);

public sealed record ResetConnectivityRequest(JsonElement PdpContext, JsonElement Location);

public sealed record CellGlobalIdDto(string Mcc, string Mnc, int Lac, int Cid);

public sealed record SubscriberLocationDto(bool CurrentLocationRetrieved, double AgeOfLocation, CellGlobalIdDto CellGlobalId);

public sealed record SubscriberInfoDto(bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SubscriberLocationDto? Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

public sealed record ConnectivityInfoDto(SubscriberInfoDto SubscriberInfo, string RequestTimestamp, string ReplyTimestamp);

/// <summary>
/// Where an endpoint is attached and its data session, from the network simulator: <c>GET/PATCH
/// /api/v1/endpoint/{id}/connectivity</c> and <c>GET …/connectivity_info</c> (docs/connectivity.md).
/// </summary>
public static class ConnectivityApi
{
    public static RouteGroupBuilder MapConnectivity(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/endpoint").WithTags("Endpoints");
        group.MapGet("/{id}/connectivity", GetAsync)
            .WithSummary("Connectivity: OFFLINE (detached), ATTACHED (with location), ONLINE (with the data session as pdp_context), BLOCKED (attached, data refused by quota or traffic limit)");
        group.MapPatch("/{id}/connectivity", ResetAsync)
            .WithSummary("Reset connectivity: {\"pdp_context\":null} ends the data session; {\"location\":null} also ends it and makes the handset register again");
        group.MapGet("/{id}/connectivity_info", InfoAsync)
            .WithSummary("The subscriber's location from the network (cell global id); 200 with success false when the handset is not reachable");
        return group;
    }

    private sealed record Snapshot(Device Device, SimulatedDevice? Handset, SimulatedRadio? Radio, Operator Operator, string RatName, DataSession? Session, bool Blocked);

    private static async Task<Snapshot?> LoadAsync(CellgateDbContext db, long org, long id, TimeProvider time, CancellationToken ct)
    {
        var device = await db.Devices.AsNoTracking().Include(d => d.Sim).Include(d => d.ServiceProfile).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return null;
        var handset = await db.SimulatedDevices.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == id, ct);
        var radio = await db.SimulatedRadios.AsNoTracking().FirstOrDefaultAsync(r => r.DeviceId == id, ct);
        var operatorId = handset?.OperatorId ?? LookupSeed.DefaultOperatorId;
        var op = await db.Operators.AsNoTracking().Include(o => o.Country).FirstAsync(o => o.Id == operatorId, ct);
        var rat = radio?.RatTypeId ?? DataPlaneDefaults.RatType4G;
        var ratName = await db.LookupValues.AsNoTracking().Where(l => l.List == LookupLists.RatType && l.Id == rat).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? "4G";
        var session = await db.DataSessions.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == id && s.Ended == null, ct);
        var blocked = false;
        if (handset is { Attached: true } && session is null && device.ServiceProfile is { ApplyDataQuota: true })
        {
            var quota = await db.DataQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.DeviceId == id, ct);
            var now = time.GetUtcNow().UtcDateTime;
            blocked = quota is null || quota.ExpiryDate <= now || (quota.Status != 1 && quota.ActionOnExhaustion == 1) || (quota.Status == 1 && quota.Volume <= 0);
        }
        if (handset is { Attached: true } && session is null && !blocked)
            blocked = await TrafficLimitReachedAsync(db, device, time.GetUtcNow().UtcDateTime, ct);
        return new Snapshot(device, handset, radio, op, ratName, session, blocked);
    }

    /// <summary>Whether a data traffic limit of the device's service profile is reached this period (as <see cref="DataPlaneStore.TrafficLimitReached"/>).</summary>
    private static async Task<bool> TrafficLimitReachedAsync(CellgateDbContext db, Device device, DateTime now, CancellationToken ct)
    {
        var limits = await db.TrafficLimits.AsNoTracking().Where(l => l.ServiceProfileId == device.ServiceProfileId && l.ServiceId == 1).ToListAsync(ct);
        foreach (var limit in limits)
        {
            var (start, _) = DataPlaneStore.LimitPeriod(limit.Period, now);
            var period = limit.Period == 1 ? UsagePeriod.Day : UsagePeriod.Month;
            var bytes = await db.UsageRollups.Where(r => r.Period == period && r.DeviceId == device.Id && r.Start == start).Select(r => r.BytesUp + r.BytesDown)
                .Concat(db.UsagePending.Where(p => p.DeviceId == device.Id && (period == UsagePeriod.Day ? p.Day : p.Month) == start).Select(p => p.BytesUp + p.BytesDown))
                .SumAsync(ct);
            var extension = await db.TrafficLimitExtensions.Where(e => e.DeviceId == device.Id && e.TrafficLimitId == limit.Id && e.ExpirationDate > now).SumAsync(e => e.Volume, ct);
            if (bytes / DataPlaneStore.BytesPerMb >= limit.Volume + extension) return true;
        }
        return false;
    }

    private static ServingOperatorDto Serving(Operator o) => new(o.Id, o.Name, o.Mnc, new NamedRef(o.Country!.Id, o.Country.Name));

    /// <summary>A network element address of the serving operator, made up but stable (EMnify shows E.164 global titles).</summary>
    private static string GlobalTitle(Operator o, int node) => $"{o.Country!.CountryCode}{o.Mnc}{node:D7}";

    internal static async Task<Results<Ok<EndpointConnectivityDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var s = await LoadAsync(db, caller.OrganisationId(), id, time, ct);
        if (s is null) return ApiErrors.NotFound("Endpoint", id);
        if (s.Handset is not { Attached: true }) return TypedResults.Ok(new EndpointConnectivityDto(new("OFFLINE"), null, null, []));
        var now = time.GetUtcNow().UtcDateTime;
        var rat = new RatTypeDto(s.Radio?.RatTypeId ?? DataPlaneDefaults.RatType4G, s.RatName);
        var location = new LocationDto(s.Device.Sim?.IccidWithLuhn, s.Device.Sim?.Imsi, GlobalTitle(s.Operator, 1), GlobalTitle(s.Operator, 2),
            s.Session is null ? null : GlobalTitle(s.Operator, 3), Serving(s.Operator), new NamedRef(s.Operator.Country!.Id, s.Operator.Country.Name), rat, ApiDates.Core(s.Handset.LastChange));
        if (s.Session is not { } session)
            return TypedResults.Ok(new EndpointConnectivityDto(new(s.Blocked ? "BLOCKED" : "ATTACHED"), location, null, ["SMS"]));
        var pdp = new PdpContextDto($"{session.Id}", id, session.SimId, s.Device.Sim?.Imsi, session.OrganisationId, s.Device.TariffProfileId, session.Apn, session.IpAddress,
            s.Operator.Country.Mcc, s.Operator.Mnc, Serving(s.Operator), rat, ApiDates.Core(session.Started), (long)(now - session.Started).TotalSeconds,
            new VolumeDto(session.BytesUp / DataPlaneStore.BytesPerMb, session.BytesDown / DataPlaneStore.BytesPerMb, (session.BytesUp + session.BytesDown) / DataPlaneStore.BytesPerMb));
        return TypedResults.Ok(new EndpointConnectivityDto(new("ONLINE"), location, pdp, ["GPRS", "SMS"]));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> ResetAsync(
        long id, ResetConnectivityRequest? body, ClaimsPrincipal caller, CellgateDbContext db, SmsWriter writer, EventLog events, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var v = new RequestValidation("Connectivity", "Reset connectivity validation error");
        if (body?.PdpContext.ValueKind is not (null or JsonValueKind.Undefined or JsonValueKind.Null)) v.Invalid("pdp_context", "must be null");
        if (body?.Location.ValueKind is not (null or JsonValueKind.Undefined or JsonValueKind.Null)) v.Invalid("location", "must be null");
        if (v.Failed) return v.ToResult();
        var pdp = body?.PdpContext.ValueKind == JsonValueKind.Null;
        var location = body?.Location.ValueKind == JsonValueKind.Null;
        if (!pdp && !location) return TypedResults.NoContent();
        var now = time.GetUtcNow().UtcDateTime;
        await writer.WriteAsync((c, t) =>
        {
            DataPlaneStore.EndSession(c, t, id, now, events, location ? "PDP context deleted: location cancelled" : "PDP context deleted by API");
            // Cancel location: the handset registers again at once, as a real device does (a location update event).
            if (location && DataPlaneStore.Facts(c, t, id) is { } facts)
            {
                using var attached = SqlCommands.Create(c, t, """UPDATE simulated_devices SET "LastChange" = @now WHERE "DeviceId" = @id AND "Attached" """, ("@now", now), ("@id", id));
                if (attached.ExecuteNonQuery() > 0)
                    DataPlaneStore.InsertEvent(c, t, events, facts, DataPlaneEvents.UpdateLocation, "Location update after cancel location", now, EventSeverity.Info);
            }
            return 0;
        }, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ConnectivityInfoDto>, JsonHttpResult<ApiError>>> InfoAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var s = await LoadAsync(db, caller.OrganisationId(), id, time, ct);
        if (s is null) return ApiErrors.NotFound("Endpoint", id);
        var now = ApiDates.Iso(time.GetUtcNow().UtcDateTime);
        if (s.Handset is not { Attached: true } handset)
            return TypedResults.Ok(new ConnectivityInfoDto(new SubscriberInfoDto(false, null, null, "Absent Subscriber"), now, now));
        var age = Math.Max(0, (time.GetUtcNow().UtcDateTime - handset.LastChange).TotalMinutes);
        var cell = new CellGlobalIdDto(s.Operator.Country!.Mcc, s.Operator.Mnc, s.Radio?.Lac ?? 1, s.Radio?.CellId ?? 1);
        var state = s.Session is null ? "assumedIdle" : "camelBusy";
        return TypedResults.Ok(new ConnectivityInfoDto(new SubscriberInfoDto(true, state, new SubscriberLocationDto(false, Math.Floor(age), cell), null), now, now));
    }
}
