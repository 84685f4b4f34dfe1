using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Hosting;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.DataStreams;

/// <summary>
/// EMnify's data streams (<c>/api/v2/data_stream</c>): the organisation's events, filtered by <c>event_type_id</c> and
/// <c>alert</c>, pushed to a RestAPI destination through the durable webhook outbox (docs/webhooks.md "Data streams").
/// </summary>
public static class DataStreamsApi
{
    /// <summary>At most this many streams per organisation (each one is a queue and a destination to keep up with).</summary>
    public const int MaxPerOrganisation = 20;

    public static RouteGroupBuilder MapDataStreams(this RouteGroupBuilder v2)
    {
        var group = v2.MapGroup("/data_stream").WithTags("Data streams");
        group.MapGet("/", ListAsync).WithSummary("The organisation's data streams with their status (header values masked)");
        group.MapPost("/", CreateAsync).CarriesSecrets().WithSummary(
            "Create a data stream: data_stream_type 2 (Event), destination RestAPI {url, method POST|PUT|PATCH, headers [\"name:value\"], size 1–10000, default 3000}, "
            + "filters event_type_id and alert; 201 with Location and the stream. Other connection types (AwsKinesis, S3, KeenIO, Datadog, EventHubs, PubSub) → 422");
        group.MapGet("/type", () => TypedResults.Ok(DataStreamLookups.Types.ToList())).WithSummary("Data stream types (lookup): 1 Usage, 2 Event; Cellgate streams events");
        group.MapGet("/status", () => TypedResults.Ok(DataStreamLookups.Statuses.ToList())).WithSummary("Data stream statuses (lookup): 1 Running, 2 Paused, 3 Error, 4 Pending");
        group.MapGet("/filter_field_type", () => TypedResults.Ok(DataStreamLookups.FilterFields.ToList())).WithSummary("Fields a data stream can filter on (lookup): event_type_id, alert");
        group.MapGet("/{id}", GetAsync).WithSummary("One data stream with its status (header values masked)");
        group.MapPatch("/{id}", UpdateAsync).CarriesSecrets().WithSummary(
            "Change name, destination, filters, or status (1 Running, 2 Paused); a header sent back masked keeps its stored value; 202");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete the stream and drop the events it had not delivered yet; 202");
        group.MapPost("/{id}/restart", RestartAsync).WithSummary(
            "Restart: the stream runs again (from Error or Paused) and a batch that exhausted its retries is sent again, then the events queued behind it; 202");
        return group;
    }

    public static DataStreamDto ToDto(DataStream s) => new(
        s.Id, s.Name, DataStreamLookups.Status(s.Status), DataStreamLookups.Type(s.DataStreamType),
        new DataStreamDestinationDto(DataStreamLookups.RestApi, "json", new RestApiCredentialsDto(s.Url, s.Method, DataStreamRules.MaskedHeaders(s.Headers), s.Size)),
        DataStreamRules.Filters(s), s.RelationResolution, ApiDates.Iso(s.Created), ApiDates.Iso(s.LastUpdated));

    internal static async Task<Ok<List<DataStreamDto>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var list = await db.DataStreams.AsNoTracking().Where(s => s.OrganisationId == org).OrderBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok(list.ConvertAll(ToDto));
    }

    internal static async Task<Results<Ok<DataStreamDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var stream = await db.DataStreams.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == org, ct);
        return stream is null ? NotFound(id) : TypedResults.Ok(ToDto(stream));
    }

    internal static async Task<Results<Created<DataStreamDto>, JsonHttpResult<ApiError>>> CreateAsync(
        DataStreamRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, DataStreamDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var now = time.GetUtcNow().UtcDateTime;
        var stream = new DataStream
        {
            OrganisationId = org, Url = "", Method = "POST", Headers = "[]", Size = DataStreamRules.DefaultSize,
            Status = DataStreamLookups.Running, DataStreamType = DataStreamLookups.EventType, Created = now, LastUpdated = now,
        };
        var v = new RequestValidation("Data stream", "Create data stream validation error");
        DataStreamRules.Apply(body ?? new DataStreamRequest(null, null, null, null, null, null), stream, create: true, v);
        if (v.Failed) return Refused(v);
        if (await db.DataStreams.CountAsync(s => s.OrganisationId == org, ct) >= MaxPerOrganisation)
            return ApiErrors.NotAllowed($"An organisation can have at most {MaxPerOrganisation} data streams; delete one first.");
        db.DataStreams.Add(stream);
        await db.SaveChangesAsync(ct);
        await directory.InvalidateEverywhereAsync(org, ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v2/data_stream/{stream.Id}"), ToDto(stream));
    }

    internal static async Task<Results<Accepted, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, DataStreamRequest? body, ClaimsPrincipal caller, CellgateDbContext db, DataStreamDirectory directory, DataStreamPump pump, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var stream = await db.DataStreams.FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == org, ct);
        if (stream is null) return NotFound(id);
        if (body is null) return TypedResults.Accepted((string?)null);
        var v = new RequestValidation("Data stream", "Update data stream validation error");
        var before = stream.Status;
        DataStreamRules.Apply(body, stream, create: false, v);
        if (v.Failed) return Refused(v);
        // Setting Running on a stream in Error is a restart in all but name: the stream stays in Error until the
        // restart sets Running and replays its failed batch in one transaction (a pump round between the two would
        // find it running with its batch failed and put it back in Error).
        var restart = before == DataStreamLookups.Error && stream.Status == DataStreamLookups.Running;
        if (restart) stream.Status = before;
        else if (stream.Status == DataStreamLookups.Running && before != DataStreamLookups.Running) stream.StatusReason = null;
        stream.LastUpdated = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (restart) await pump.RestartAsync(stream.Id, ct);
        await directory.InvalidateEverywhereAsync(org, ct);
        pump.Wake();
        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<Results<Accepted, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, DataStreamDirectory directory, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var stream = await db.DataStreams.FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == org, ct);
        if (stream is null) return NotFound(id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.DataStreamQueue.Where(q => q.StreamId == id).ExecuteDeleteAsync(ct);
        db.DataStreams.Remove(stream);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await directory.InvalidateEverywhereAsync(org, ct);
        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<Results<Accepted, JsonHttpResult<ApiError>>> RestartAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, DataStreamDirectory directory, DataStreamPump pump, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.DataStreams.AnyAsync(s => s.Id == id && s.OrganisationId == org, ct)) return NotFound(id);
        await pump.RestartAsync(id, ct);
        await directory.InvalidateEverywhereAsync(org, ct);
        pump.Wake();
        return TypedResults.Accepted((string?)null);
    }

    private static JsonHttpResult<ApiError> NotFound(long id) => ApiErrors.NotFound("Data stream", id);

    /// <summary>An unsupported connection or stream type is said at the top (422 <c>1406 NotAllowed</c>); other problems as field errors.</summary>
    private static JsonHttpResult<ApiError> Refused(RequestValidation v) =>
        v.Errors.FirstOrDefault(e => e.ErrorCode == ApiErrors.NotAllowedError("").ErrorCode) is { } notAllowed
            ? ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, notAllowed with { Errors = v.Errors })
            : v.ToResult();
}
