using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Simulator;

public sealed record SimulatedDeviceDto(long EndpointId, bool Attached, string Fault, bool Echo, int? ToggleSeconds, string? NextToggle, string LastChange, long OperatorId);

public sealed record UpdateSimulatedDeviceRequest(bool? Attached, string? Fault, bool? Echo, int? ToggleSeconds, bool? ClearToggle, long? OperatorId = null);

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
            .WithSummary("Change a handset: attached, fault (none, absent_subscriber, unknown_subscriber, memory_full, reject), echo, toggle_seconds (attach/detach on a schedule; clear_toggle stops it), operator_id (the serving network; 409 on attach when blacklisted)");
        group.MapPost("/devices/{id}/attach", (long id, ClaimsPrincipal caller, CellgateDbContext db, SimulatorControl control, CancellationToken ct) =>
            control.UpdateAsync(caller.OrganisationId(), id, new UpdateSimulatedDeviceRequest(true, null, null, null, null), db, ct))
            .WithSummary("Attach the handset; its buffered SMS are delivered at once");
        group.MapPost("/devices/{id}/detach", (long id, ClaimsPrincipal caller, CellgateDbContext db, SimulatorControl control, CancellationToken ct) =>
            control.UpdateAsync(caller.OrganisationId(), id, new UpdateSimulatedDeviceRequest(false, null, null, null, null), db, ct))
            .WithSummary("Detach the handset; SMS to it are buffered");
        group.MapPost("/devices/{id}/mo", SendMoAsync).WithSummary("The handset sends an SMS: to a short code (≤ 7 digits) or to an MSISDN (P2P)");
        group.MapGet("/devices/{id}/inbox", InboxAsync).WithSummary("The SMS the handset received, oldest first");
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
        catch (SimulatorMo.MoRefusedException refused)
        {
            return ApiErrors.Result(refused.Status, refused.Error);
        }
    }

    internal static async Task<Results<Ok<List<InboxEntryDto>>, JsonHttpResult<ApiError>>> InboxAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var rows = await db.SimulatorInbox.AsNoTracking().Where(e => e.DeviceId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(e => new InboxEntryDto(e.SmsId, e.Payload, e.Udh, e.Dcs, e.SourceAddress, ApiDates.Core(e.Received), e.Duplicates)));
    }

    internal static async Task<Ok<SimulatorStatsDto>> StatsAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var attached = await db.SimulatedDevices.LongCountAsync(d => d.OrganisationId == org && d.Attached, ct);
        var inbox = db.SimulatorInbox.Where(e => db.Devices.Any(d => d.Id == e.DeviceId && d.OrganisationId == org));
        var received = await inbox.LongCountAsync(ct);
        var duplicates = await inbox.SumAsync(e => (long)e.Duplicates, ct);
        var byStatus = await db.Sms.Where(s => s.OrganisationId == org).GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        return TypedResults.Ok(new SimulatorStatsDto(attached, received, duplicates,
            byStatus.ToDictionary(x => Sms.SmsDto.Describe(x.Key).Description, x => x.Count)));
    }
}

/// <summary>Changes handset state; attaching (or clearing a fault) is the network's alert: buffered SMS become due.</summary>
public sealed class SimulatorControl(SmsWriter writer, DispatcherSignal dispatcher, TimeProvider time)
{
    public async Task<Results<Ok<SimulatedDeviceDto>, JsonHttpResult<ApiError>>> GetAsync(long org, long id, CellgateDbContext db, CancellationToken ct)
    {
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var state = await db.SimulatedDevices.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == id, ct)
                    ?? new SimulatedDevice { DeviceId = id, OrganisationId = org, LastChange = time.GetUtcNow().UtcDateTime };
        return TypedResults.Ok(ToDto(state));
    }

    public static SimulatedDeviceDto ToDto(SimulatedDevice s) =>
        new(s.DeviceId, s.Attached, SimulatorApi.FaultName(s.Fault), s.Echo, s.ToggleSeconds, ApiDates.Core(s.NextToggle), ApiDates.Core(s.LastChange),
            s.OperatorId ?? LookupSeed.DefaultOperatorId);

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
        if (v.Failed) return v.ToResult();
        if (body.Attached == true && device.Sim is not { Status: SimStatus.Activated })
            return ApiErrors.Result(409, ApiErrors.NotAllowedError($"Endpoint with Id '{id}' has no activated SIM and cannot attach."));

        var now = time.GetUtcNow().UtcDateTime;
        var state = await db.SimulatedDevices.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == id, ct)
                    ?? new SimulatedDevice { DeviceId = id, OrganisationId = org, LastChange = now };
        if (await SimulatorOperators.RefusesAttachAsync(db, state, body, ct) is { } refused) return refused;
        if (body.OperatorId is { } servingOperator) state.OperatorId = servingOperator;
        var wasReachable = state is { Attached: true, Fault: SimulatedFault.None };
        if (body.Attached is { } attached && attached != state.Attached)
        {
            state.Attached = attached;
            state.LastChange = now;
        }
        if (fault is { } f) state.Fault = f;
        if (body.Echo is { } echo) state.Echo = echo;
        if (body.ClearToggle == true)
        {
            state.ToggleSeconds = null;
            state.NextToggle = null;
        }
        if (body.ToggleSeconds is { } toggle)
        {
            state.ToggleSeconds = toggle;
            state.NextToggle = now.AddSeconds(toggle);
        }
        var reachable = state is { Attached: true, Fault: SimulatedFault.None };
        var alert = reachable && !wasReachable;
        await writer.WriteAsync((c, t) =>
        {
            SimulatorStore.Upsert(c, t, state);
            SimulatorOperators.Store(c, t, state);
            return alert ? SmsQueue.Alert(c, t, id, now) : 0;
        }, ct);
        if (alert) dispatcher.Wake();
        return TypedResults.Ok(ToDto(state));
    }
}

/// <summary>Attaches and detaches the handsets that have <c>toggle_seconds</c> set, on that schedule.</summary>
public sealed class SimulatorScheduler(SmsWriter writer, DispatcherSignal dispatcher, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                var now = time.GetUtcNow().UtcDateTime;
                var attached = await writer.WriteAsync((c, t) => Toggle(c, t, now), stoppingToken);
                if (attached > 0) dispatcher.Wake();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static int Toggle(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, DateTime now)
    {
        var due = new List<(long Id, bool Attached, int Seconds, DateTime Next)>();
        using (var select = SqlCommands.Create(c, t,
                   """SELECT "DeviceId", "Attached", "ToggleSeconds", "NextToggle" FROM simulated_devices WHERE "NextToggle" IS NOT NULL AND "NextToggle" <= @now""",
                   ("@now", now)))
        {
            using var reader = select.ExecuteReader();
            while (reader.Read()) due.Add((reader.GetInt64(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetDateTime(3)));
        }
        var attachedNow = 0;
        foreach (var (id, wasAttached, seconds, next) in due)
        {
            var following = next.AddSeconds(seconds) > now ? next.AddSeconds(seconds) : now.AddSeconds(seconds);
            // A handset on a blacklisted operator stays detached (SimulatorOperators).
            var attach = !wasAttached && !SimulatorOperators.IsBlocked(c, t, id);
            using var update = SqlCommands.Create(c, t,
                """UPDATE simulated_devices SET "Attached" = @attached, "NextToggle" = @next, "LastChange" = @now WHERE "DeviceId" = @id""",
                ("@attached", attach), ("@next", following), ("@now", now), ("@id", id));
            update.ExecuteNonQuery();
            if (attach)
            {
                SmsQueue.Alert(c, t, id, now);
                attachedNow++;
            }
        }
        return attachedNow;
    }
}
