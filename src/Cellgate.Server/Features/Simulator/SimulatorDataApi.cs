using System.Security.Claims;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Simulator;

public sealed record OpenSessionRequest(string? Apn);

/// <summary>Volume the handset uses at once: bytes up and down, or <c>megabytes</c> (of 1,000,000 bytes) down.</summary>
public sealed record ConsumeRequest(long? BytesUp, long? BytesDown, double? Megabytes);

/// <summary>One record of the usage feed: volume an endpoint used (at <c>time</c>, default now).</summary>
public sealed record UsageItem(long? EndpointId, long? BytesUp, long? BytesDown, string? Time);

public sealed record UsageBatchRequest(List<UsageItem>? Records);

public sealed record UsageBatchDto(int Recorded, int Blocked);

public sealed record DataSessionDto(long Id, string Apn, string? IpAddress, long OperatorId, int RatTypeId, string Started, string? Ended, long BytesUp, long BytesDown);

/// <summary>
/// The simulator's data plane (<c>/api/simulator/devices/{id}/session</c> and <c>/consume</c>): a handset opens a
/// data session (PDP context) on its serving network, uses volume at once or by its traffic pattern (PATCH
/// <c>up_bytes_per_minute</c>/<c>down_bytes_per_minute</c>), and closes it. Every write runs in the group-commit writer.
/// </summary>
public static class SimulatorDataApi
{
    public const int MaxApnLength = 100;

    public static RouteGroupBuilder MapSimulatorData(this RouteGroupBuilder group)
    {
        group.MapPost("/devices/{id}/session", OpenAsync)
            .WithSummary("Open a data session (PDP context) on the serving network; apn default \"em\". 409 when detached, already open, or data is refused (disabled endpoint, no data service, data quota)");
        group.MapDelete("/devices/{id}/session", CloseAsync).WithSummary("Close the data session (its pattern is metered up to now)");
        group.MapGet("/devices/{id}/session", GetAsync).WithSummary("The open data session; 404 when there is none");
        group.MapPost("/devices/{id}/consume", ConsumeAsync)
            .WithSummary("Use volume now through the open data session: bytes_up, bytes_down, or megabytes (down); 409 without a session");
        group.MapPost("/usage", IngestAsync)
            .WithSummary("The network's usage feed: up to 10,000 data usage records {endpoint_id, bytes_up, bytes_down, time (default now, at most 400 days back)} recorded durably with their rollups, quotas and limits. Without an Idempotency-Key header in one transaction; with one in bounded chunks, a retry with the same key resuming a failed request and never recording a record twice (422 when the key was used for other records)")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = IdempotencyKeyHeader, In = Microsoft.OpenApi.ParameterLocation.Header, Required = false,
                    Description = $"Makes the request safe to retry: 1 to {UsageFeed.MaxKeyLength} printable ASCII characters, one value. A retry with the same key and the same records resumes where a failed attempt stopped and records nothing twice; the same key with other records is 422.",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MinLength = 1, MaxLength = UsageFeed.MaxKeyLength },
                });
                return Task.CompletedTask;
            });
        return group;
    }

    public const int MaxUsageBatch = 10_000;

    internal static async Task<Results<Ok<UsageBatchDto>, JsonHttpResult<ApiError>>> IngestAsync(
        UsageBatchRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, UsageFeed feed, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var v = new RequestValidation("Usage", "Usage feed validation error");
        string? key = null;
        if (http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var keys))
        {
            key = keys.Count == 1 ? keys[0] : null;
            if (string.IsNullOrEmpty(key) || key.Length > UsageFeed.MaxKeyLength || !key.All(ch => ch is >= ' ' and <= '~'))
                return v.Add(ApiErrors.Invalid(v.ObjectName, IdempotencyKeyHeader, $"must be one value of 1 to {UsageFeed.MaxKeyLength} printable ASCII characters")).ToResult();
        }
        var items = body.Records;
        if (items is null || items.Count == 0) return v.Add(ApiErrors.Required(v.ObjectName, "records")).ToResult();
        if (items.Count > MaxUsageBatch) return v.Add(ApiErrors.Invalid(v.ObjectName, "records", $"at most {MaxUsageBatch} per request")).ToResult();
        var now = time.GetUtcNow().UtcDateTime;
        var oldest = now.AddDays(-400);
        const long Max = 1_000_000_000_000;
        var records = new DataPlaneStore.UsageInput[items.Count];
        for (var i = 0; i < items.Count && v.Errors.Count < 20; i++)
        {
            var item = items[i];
            if (item is null) { v.Add(ApiErrors.Required(v.ObjectName, $"records[{i}]")); continue; }
            if (item.EndpointId is not { } device) v.Add(ApiErrors.Required(v.ObjectName, $"records[{i}].endpoint_id"));
            if (item.BytesUp is < 0 or > Max) v.Invalid($"records[{i}].bytes_up", "must be between 0 and 10^12");
            if (item.BytesDown is < 0 or > Max) v.Invalid($"records[{i}].bytes_down", "must be between 0 and 10^12");
            var at = now;
            if (item.Time is not null && (!ApiDates.TryParse(item.Time, out at) || at > now || at < oldest))
                v.Invalid($"records[{i}].time", "must be a date of the last 400 days, not in the future");
            records[i] = new DataPlaneStore.UsageInput(item.EndpointId ?? 0, at, item.BytesUp ?? 0, item.BytesDown ?? 0);
        }
        if (v.Failed) return v.ToResult();
        var ids = records.Select(r => r.DeviceId).Distinct().ToArray();
        // The ids as one parameter (a JSON array on SQLite, an array on PostgreSQL): EF 10 would send each id as a
        // parameter of its own, and SQLite looks a parameter's name up by scanning the statement's list, when preparing
        // and when binding — about 10 % of the server's CPU at 5,000 records a request (docs/benchmarks.md, usage5).
        var known = (await db.Devices.AsNoTracking().Where(d => d.OrganisationId == org && EF.Parameter(ids).Contains(d.Id)).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        foreach (var missing in ids.Where(id => !known.Contains(id)).Take(20)) v.Add(ApiErrors.InvalidReference("Endpoint", missing));
        if (v.Failed) return v.ToResult();
        return await feed.RecordAsync(org, key, items.Select(i => i?.Time).ToList(), records, now, db, ct) switch
        {
            UsageFeed.Recorded r => TypedResults.Ok(new UsageBatchDto(r.Records, r.Blocked)),
            _ => v.Add(ApiErrors.Invalid(v.ObjectName, IdempotencyKeyHeader, "was used before for other records")).ToResult(),
        };
    }

    /// <summary>The usage feed's idempotency key (IETF draft-ietf-httpapi-idempotency-key-header).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static JsonHttpResult<ApiError> Refused(string message) => ApiErrors.Result(StatusCodes.Status409Conflict, ApiErrors.NotAllowedError(message));

    internal static async Task<Results<Created<DataSessionDto>, JsonHttpResult<ApiError>>> OpenAsync(
        long id, OpenSessionRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, SmsWriter writer, EventLog events, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var apn = string.IsNullOrWhiteSpace(body?.Apn) ? DataPlaneDefaults.Apn : body.Apn.Trim();
        if (apn.Length > MaxApnLength || !apn.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-'))
            return new RequestValidation("Data session", "Open data session validation error").Add(ApiErrors.Invalid("Data session", "apn", "must be letters, digits, '.' and '-', at most 100")).ToResult();
        var now = time.GetUtcNow().UtcDateTime;
        var (error, session) = await writer.WriteAsync((c, t) =>
        {
            var facts = DataPlaneStore.Facts(c, t, id);
            if (facts is null || facts.OrganisationId != org) return ((string?)"gone", (DataPlaneStore.Session?)null);
            // Locked on PostgreSQL (several group transactions at once): two opens of one device's session wait for each
            // other here, so the second sees the first's session and refuses instead of opening a second one.
            const string StateSql = """SELECT "Attached", "OperatorId" FROM simulated_devices WHERE "DeviceId" = @id""";
            using (var state = SqlCommands.Create(c, t, c.IsPostgreSql() ? StateSql + " FOR UPDATE" : StateSql, ("@id", id)))
            using (var r = state.ExecuteReader())
            {
                if (!r.Read() || !r.GetBoolean(0)) return ($"Endpoint with Id '{id}' is not attached to the network.", null);
                var op = r.IsDBNull(1) ? LookupSeed.DefaultOperatorId : r.GetInt64(1);
                r.Close();
                if (DataPlaneStore.OpenSession(c, t, id) is not null) return ($"Endpoint with Id '{id}' already has a data session.", null);
                if (DataPlaneStore.DataRefusal(c, t, facts, now) is { } why) return ($"Endpoint with Id '{id}' cannot open a data session: {why}.", null);
                DataPlaneStore.StartSession(c, t, facts, op, apn, now, events);
            }
            return (null, DataPlaneStore.OpenSession(c, t, id));
        }, ct);
        if (error == "gone") return ApiErrors.NotFound("Endpoint", id);
        if (error is not null) return Refused(error);
        return TypedResults.Created(ApiLocation.For(http, $"/api/simulator/devices/{id}/session"), ToDto(session!, null));
    }

    private static DataSessionDto ToDto(DataPlaneStore.Session s, DateTime? ended) =>
        new(s.Id, s.Apn, s.IpAddress, s.OperatorId, s.RatTypeId, ApiDates.Core(s.Started), ApiDates.Core(ended), s.BytesUp, s.BytesDown);

    internal static async Task<Results<Ok<DataSessionDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var s = await db.DataSessions.AsNoTracking().FirstOrDefaultAsync(x => x.DeviceId == id && x.Ended == null, ct);
        if (s is null) return ApiErrors.NotFound("Data session of endpoint", id);
        return TypedResults.Ok(new DataSessionDto(s.Id, s.Apn, s.IpAddress, s.OperatorId, s.RatTypeId, ApiDates.Core(s.Started), null, s.BytesUp, s.BytesDown));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> CloseAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, SmsWriter writer, EventLog events, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var now = time.GetUtcNow().UtcDateTime;
        var ended = await writer.WriteAsync((c, t) => DataPlaneStore.EndSession(c, t, id, now, events, "PDP context deleted by the device"), ct);
        return ended ? TypedResults.NoContent() : ApiErrors.NotFound("Data session of endpoint", id);
    }

    internal static async Task<Results<Ok<DataSessionDto>, JsonHttpResult<ApiError>>> ConsumeAsync(
        long id, ConsumeRequest body, ClaimsPrincipal caller, CellgateDbContext db, SmsWriter writer, EventLog events, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var v = new RequestValidation("Consumption", "Consume validation error");
        const long Max = 1_000_000_000_000;
        if (body.BytesUp is < 0 or > Max) v.Invalid("bytes_up", "must be between 0 and 10^12");
        if (body.BytesDown is < 0 or > Max) v.Invalid("bytes_down", "must be between 0 and 10^12");
        if (body.Megabytes is { } mb && (double.IsNaN(mb) || mb < 0 || mb > 1_000_000)) v.Invalid("megabytes", "must be between 0 and 1000000");
        if (v.Failed) return v.ToResult();
        var up = body.BytesUp ?? 0;
        var down = (body.BytesDown ?? 0) + (long)Math.Round((body.Megabytes ?? 0) * DataPlaneStore.BytesPerMb);
        if (up + down == 0) return v.Add(ApiErrors.Required("Consumption", "bytes_up, bytes_down or megabytes")).ToResult();
        var now = time.GetUtcNow().UtcDateTime;
        var result = await writer.WriteAsync((c, t) =>
        {
            DataPlaneStore.Meter(c, t, id, now, events);
            if (DataPlaneStore.OpenSession(c, t, id) is not { } session) return null;
            DataPlaneStore.Record(c, t, session, id, now, up, down, 0, 0, events);
            var after = DataPlaneStore.OpenSession(c, t, id);
            return ToDto(after ?? session with { BytesUp = session.BytesUp + up, BytesDown = session.BytesDown + down }, after is null ? now : null);
        }, ct);
        return result is null ? Refused($"Endpoint with Id '{id}' has no data session.") : TypedResults.Ok(result);
    }
}

/// <summary>
/// Records the traffic patterns' usage (whole minutes; one record per device and hour) and refills auto-refill data
/// quotas once a day. Runs in the writer; a failing tick is logged and retried after the shared back-off.
/// </summary>
public sealed partial class DataMeter(SmsWriter writer, EventLog events, TimeProvider time, ILogger<DataMeter> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(async ct =>
        {
            await Task.Delay(Tick, time, ct);
            var now = time.GetUtcNow().UtcDateTime;
            await writer.WriteAsync((c, t) =>
            {
                DataPlaneStore.Refill(c, t, now);
                foreach (var device in DataPlaneStore.DueForMetering(c, t, now)) DataPlaneStore.Meter(c, t, device, now, events);
                return 0;
            }, ct);
        }, (ex, backoff) => Log.TickFailed(logger, ex, backoff), time, stoppingToken);

    private static partial class Log
    {
        [LoggerMessage(3230, LogLevel.Error, "Data meter tick failed; going on in {Backoff}")]
        public static partial void TickFailed(ILogger logger, Exception exception, TimeSpan backoff);
    }
}
