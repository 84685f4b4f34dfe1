using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Simulator;

public sealed record SimulatedDeviceDto(long EndpointId, bool Attached, string Fault, bool Echo, int? ToggleSeconds, string? NextToggle, string LastChange, long OperatorId,
    int RatTypeId = DataPlaneDefaults.RatType4G, int Lac = 1, int CellId = 1, long UpBytesPerMinute = 0, long DownBytesPerMinute = 0);

public sealed record UpdateSimulatedDeviceRequest(bool? Attached, string? Fault, bool? Echo, int? ToggleSeconds, bool? ClearToggle, long? OperatorId = null,
    int? RatTypeId = null, int? Lac = null, int? CellId = null, long? UpBytesPerMinute = null, long? DownBytesPerMinute = null);

public sealed record SendMoRequest(
    [property: JsonConverter(typeof(Sms.StringOrNumberConverter))] string? DestAddress,
    string? Payload);

public sealed record InboxEntryDto(long SmsId, string Payload, string Udh, int Dcs, string SourceAddress, string Received, int Duplicates);

public sealed record SimulatorStatsDto(long Attached, long Received, long DuplicatesSuppressed, Dictionary<string, long> SmsByStatus);

/// <summary>
/// The network simulator's own API, outside EMnify's paths (<c>/api/simulator</c>): attach and detach handsets,
/// inject delivery faults, make a handset send an MO SMS, read what it received. Scoped to the caller's organisation.
/// </summary>
public static class SimulatorApi
{
    public static readonly string[] Faults = ["none", "absent_subscriber", "unknown_subscriber", "memory_full", "reject"];

    public static string FaultName(SimulatedFault f) => Faults[(int)f];

    public static RouteGroupBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/simulator").RequireAuthorization(AuthSetup.ApiPolicy).WithApiErrorResponses().WithTags("Network simulator");
        group.MapGet("/devices/{id}", GetAsync).WithSummary("A simulated handset: attach state, fault, behaviours");
        group.MapPatch("/devices/{id}", UpdateAsync)
            .WithSummary("Change a handset: attached, fault (none, absent_subscriber, unknown_subscriber, memory_full, reject), echo, toggle_seconds (attach/detach on a schedule; clear_toggle stops it), operator_id (the serving network; 409 on attach when blacklisted), rat_type_id (409 when the service profile does not allow it), lac, cell_id, up_bytes_per_minute and down_bytes_per_minute (the traffic pattern of an open data session)");
        group.MapPost("/devices/{id}/attach", (long id, ClaimsPrincipal caller, CellgateDbContext db, SimulatorControl control, CancellationToken ct) =>
            control.UpdateAsync(caller.OrganisationId(), id, new UpdateSimulatedDeviceRequest(true, null, null, null, null), db, ct))
            .WithSummary("Attach the handset; its buffered SMS are delivered at once");
        group.MapPost("/devices/{id}/detach", (long id, ClaimsPrincipal caller, CellgateDbContext db, SimulatorControl control, CancellationToken ct) =>
            control.UpdateAsync(caller.OrganisationId(), id, new UpdateSimulatedDeviceRequest(false, null, null, null, null), db, ct))
            .WithSummary("Detach the handset; SMS to it are buffered");
        group.MapPost("/devices/{id}/mo", SendMoAsync).WithSummary("The handset sends an SMS: to a short code (≤ 7 digits) or to an MSISDN (P2P)");
        group.MapGet("/devices/{id}/inbox", InboxAsync).WithSummary("The SMS the handset received, oldest first; streamed under the heavy-read gate")
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests);
        group.MapGet("/stats", StatsAsync).WithSummary("Counts for your organisation: attached handsets, SMS received, duplicates suppressed, SMS by status");
        return group;
    }

    internal static Task<Results<Ok<SimulatedDeviceDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, SimulatorControl control, CancellationToken ct) =>
        control.GetAsync(caller.OrganisationId(), id, db, ct);

    internal static Task<Results<Ok<SimulatedDeviceDto>, JsonHttpResult<ApiError>>> UpdateAsync(long id, UpdateSimulatedDeviceRequest body, ClaimsPrincipal caller, CellgateDbContext db, SimulatorControl control, CancellationToken ct) =>
        control.UpdateAsync(caller.OrganisationId(), id, body, db, ct);

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> SendMoAsync(long id, SendMoRequest body, HttpContext http, ClaimsPrincipal caller, SimulatorMo mo, CancellationToken ct)
    {
        try
        {
            var ids = await mo.SendAsync(caller.OrganisationId(), id, body.DestAddress, body.Payload, ct);
            return TypedResults.Created(ApiLocation.For(http, $"/api/v1/endpoint/{id}/sms/{ids[0]}"));
        }
        catch (MoIntake.MoRefusedException refused)
        {
            return ApiErrors.Result(refused.Status, refused.Error);
        }
    }

    /// <summary>What the handset received, oldest first: streamed under a heavy-read permit, like the unpaged SMS list.</summary>
    internal static async Task<Results<Ok<IAsyncEnumerable<InboxEntryDto>>, JsonHttpResult<ApiError>>> InboxAsync(
        long id, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, HeavyReadGate heavyReads, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        if (await heavyReads.EnterAsync(http) is { } refused) return refused;
        return TypedResults.Ok(StreamInbox(InboxOf(db, id)));
    }

    /// <summary>
    /// A handset's inbox in the order it received the SMS (by time of receipt, then SMS id): its endpoint's SMS that the
    /// handset received, read by endpoint (<see cref="Sms.SmsByDevice.OfDevice"/>) and sorted.
    /// </summary>
    internal static IQueryable<InboxEntry> InboxOf(CellgateDbContext db, long deviceId) =>
        Sms.SmsByDevice.OfDevice(db, deviceId).Where(s => s.HandsetReceived != null)
            .OrderBy(s => s.HandsetReceived).ThenBy(s => s.Id)
            .Select(s => new InboxEntry(s.Id, s.Payload, s.Udh, s.Dcs, s.SourceAddress, s.HandsetReceived!.Value, s.HandsetDuplicates))
            .AsNoTracking();

    internal sealed record InboxEntry(long SmsId, string Payload, string Udh, int Dcs, string SourceAddress, DateTime Received, int Duplicates);

    private static async IAsyncEnumerable<InboxEntryDto> StreamInbox(IQueryable<InboxEntry> query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var e in query.AsAsyncEnumerable().WithCancellation(ct))
            yield return new InboxEntryDto(e.SmsId, e.Payload, e.Udh, e.Dcs, e.SourceAddress, ApiDates.Core(e.Received), e.Duplicates);
    }

    internal static async Task<Ok<SimulatorStatsDto>> StatsAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        // Only handsets of endpoints that exist (a deleted endpoint's row is removed with it; this holds for older rows too).
        var attached = await db.SimulatedDevices.LongCountAsync(d => d.OrganisationId == org && d.Attached && db.Devices.Any(x => x.Id == d.DeviceId), ct);
        // What the handsets received: the count and the duplicates in one read of the organisation's SMS.
        var inbox = await db.Sms.Where(s => s.OrganisationId == org && s.HandsetReceived != null && db.Devices.Any(d => d.Id == s.DeviceId && d.OrganisationId == org))
            .GroupBy(s => 1).Select(g => new { Received = g.LongCount(), Duplicates = g.Sum(s => (long)s.HandsetDuplicates) }).FirstOrDefaultAsync(ct);
        var (received, duplicates) = (inbox?.Received ?? 0, inbox?.Duplicates ?? 0);
        var byStatus = await db.Sms.Where(s => s.OrganisationId == org).GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        return TypedResults.Ok(new SimulatorStatsDto(attached, received, duplicates,
            byStatus.ToDictionary(x => Sms.SmsDto.Describe(x.Key).Description, x => x.Count)));
    }
}

/// <summary>Changes handset state; attaching (or clearing a fault) is the network's alert: buffered SMS become due.</summary>
public sealed class SimulatorControl(SmsWriter writer, DispatcherSignal dispatcher, TimeProvider time, Events.EventLog events)
{
    public async Task<Results<Ok<SimulatedDeviceDto>, JsonHttpResult<ApiError>>> GetAsync(long org, long id, CellgateDbContext db, CancellationToken ct)
    {
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var state = await db.SimulatedDevices.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == id, ct)
                    ?? new SimulatedDevice { DeviceId = id, OrganisationId = org, LastChange = time.GetUtcNow().UtcDateTime };
        var radio = await db.SimulatedRadios.AsNoTracking().FirstOrDefaultAsync(r => r.DeviceId == id, ct);
        return TypedResults.Ok(ToDto(state, radio is null ? DataPlaneStore.DefaultRadio
            : new DataPlaneStore.Radio(radio.RatTypeId, radio.Lac, radio.CellId, radio.UpBytesPerMinute, radio.DownBytesPerMinute, radio.MeteredUntil)));
    }

    public static SimulatedDeviceDto ToDto(SimulatedDevice s, DataPlaneStore.Radio r) =>
        new(s.DeviceId, s.Attached, SimulatorApi.FaultName(s.Fault), s.Echo, s.ToggleSeconds, ApiDates.Core(s.NextToggle), ApiDates.Core(s.LastChange),
            s.OperatorId ?? LookupSeed.DefaultOperatorId, r.RatTypeId, r.Lac, r.CellId, r.UpBytesPerMinute, r.DownBytesPerMinute);

    public async Task<Results<Ok<SimulatedDeviceDto>, JsonHttpResult<ApiError>>> UpdateAsync(long org, long id, UpdateSimulatedDeviceRequest body, CellgateDbContext db, CancellationToken ct)
    {
        var device = await db.Devices.AsNoTracking().Include(d => d.Sim).FirstOrDefaultAsync(d => d.Id == id && d.OrganisationId == org, ct);
        if (device is null) return ApiErrors.NotFound("Endpoint", id);
        var v = new RequestValidation("Simulated device", "Update simulated device validation error");
        SimulatedFault? fault = null;
        if (body.Fault is not null)
        {
            var index = Array.IndexOf(SimulatorApi.Faults, body.Fault);
            if (index < 0) v.Invalid("fault", $"must be one of {string.Join(", ", SimulatorApi.Faults)}");
            else fault = (SimulatedFault)index;
        }
        if (body.ToggleSeconds is < 1 or > 86_400) v.Invalid("toggle_seconds", "must be between 1 and 86400");
        if (body.OperatorId is { } op && !await db.Operators.AnyAsync(o => o.Id == op, ct)) v.Add(ApiErrors.InvalidReference("Operator", op));
        if (body.RatTypeId is { } ratType && !await db.LookupValues.AnyAsync(l => l.List == LookupLists.RatType && l.Id == ratType, ct))
            v.Add(ApiErrors.InvalidReference("RAT type", ratType));
        if (body.Lac is < 1 or > 65_535) v.Invalid("lac", "must be between 1 and 65535");
        if (body.CellId is < 0 or > 268_435_455) v.Invalid("cell_id", "must be between 0 and 268435455");
        if (body.UpBytesPerMinute is < 0 or > 10_000_000_000) v.Invalid("up_bytes_per_minute", "must be between 0 and 10000000000");
        if (body.DownBytesPerMinute is < 0 or > 10_000_000_000) v.Invalid("down_bytes_per_minute", "must be between 0 and 10000000000");
        if (v.Failed) return v.ToResult();
        if (body.Attached == true && device.Sim is not { Status: SimStatus.Activated })
            return ApiErrors.Result(409, ApiErrors.NotAllowedError($"Endpoint with Id '{id}' has no activated SIM and cannot attach."));

        // Read, check the operator blacklist, change and write in the writer: only the fields asked for change, and a
        // scheduled toggle (also in the writer) between this request's checks and its write is never reverted.
        var now = time.GetUtcNow().UtcDateTime;
        var change = new SimulatorStore.Change(body.Attached, fault, body.Echo, body.ToggleSeconds, body.ClearToggle == true, body.OperatorId,
            body.RatTypeId, body.Lac, body.CellId, body.UpBytesPerMinute, body.DownBytesPerMinute);
        var applied = await writer.WriteAsync((c, t) =>
        {
            var result = SimulatorStore.Apply(c, t, org, id, change, now, events);
            if (result is { BecameReachable: true }) SmsQueue.Alert(c, t, id, now);
            return (result, Radio: result is { RatRefused: null, BlacklistedOperator: null } ? DataPlaneStore.ReadRadio(c, t, id) : DataPlaneStore.DefaultRadio);
        }, () => [id], ct); // the device's order lock with the group's others (PostgreSQL), for the alert (SmsQueue.Alert)
        if (applied.result is not var (state, alert, blacklisted, ratRefused)) return ApiErrors.NotFound("Endpoint", id); // deleted meanwhile
        if (blacklisted is { } refusedOperator) return SimulatorOperators.Refusal(id, refusedOperator);
        if (ratRefused is { } refusedRat)
            return ApiErrors.Result(StatusCodes.Status409Conflict, ApiErrors.NotAllowedError(
                $"Endpoint with Id '{id}' cannot attach: its service profile does not allow RAT type with Id '{refusedRat}'."));
        if (alert) dispatcher.Wake();
        return TypedResults.Ok(ToDto(state, applied.Radio));
    }
}
