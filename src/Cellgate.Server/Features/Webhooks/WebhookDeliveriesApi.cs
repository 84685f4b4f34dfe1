using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

public sealed record WebhookAttemptDto(string At, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDestinationDto(string Type, long Id);

/// <summary>One webhook of the delivery log (a Cellgate addition, docs/webhooks.md). Dates ISO 8601 UTC.</summary>
public sealed record WebhookDeliveryDto(
    long Id, string WebhookId, string Kind, WebhookDestinationDto Destination, string Method, string Url, string State, int Attempts,
    string Created, string ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextAttempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastAttempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? LastStatusCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FinalDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SmsId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<WebhookAttemptDto>? AttemptLog);

/// <summary>
/// The delivery log: <c>GET /api/v1/webhook_delivery</c> (paged, newest first, <c>?state=failed</c>),
/// <c>GET …/{id}</c> with every attempt, <c>POST …/{id}/replay</c> to send a FAILED or EXPIRED webhook again (same
/// <c>webhook-id</c>). Cellgate additions, scoped to the caller's organisation.
/// </summary>
public static class WebhookDeliveriesApi
{
    private const int DefaultPerPage = 100, MaxPerPage = 1000;

    public static RouteGroupBuilder MapWebhookDeliveries(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhook_delivery").WithTags("Integrations");
        group.MapGet("/", ListAsync).WithSummary("Cellgate: the organisation's webhooks, newest first (?state=pending|in_flight|delivered|failed|expired)");
        group.MapGet("/{id}", GetAsync).WithSummary("Cellgate: one webhook with every attempt (status code, error, duration)");
        group.MapPost("/{id}/replay", ReplayAsync).WithSummary("Cellgate: send a FAILED or EXPIRED webhook again, with the same webhook-id; 204");
        return group;
    }

    public static string StateName(WebhookState s) => s switch
    {
        WebhookState.Pending => "pending",
        WebhookState.InFlight => "in_flight",
        WebhookState.Delivered => "delivered",
        WebhookState.Failed => "failed",
        _ => "expired",
    };

    private static WebhookDeliveryDto ToDto(OutboxWebhook w, List<WebhookAttemptDto>? attempts) => new(
        w.Id, WebhookSigning.WebhookId(w.Id), w.Kind,
        new WebhookDestinationDto(w.DestinationKind == WebhookDestinationKind.ApiCallback ? "api_callback" : "data_stream", w.DestinationId),
        w.Method, w.Url, StateName(w.State), w.Attempts, ApiDates.Iso(w.Created), ApiDates.Iso(w.ExpiresAt),
        // A webhook waiting for an older one of its device (its ordering key) has no next attempt of its own yet.
        w.State is WebhookState.Pending or WebhookState.InFlight && w.NextAttempt != WebhookOutbox.Waiting ? ApiDates.Iso(w.NextAttempt) : null,
        ApiDates.Iso(w.LastAttempt), w.LastStatusCode, w.LastError, ApiDates.Iso(w.FinalDate), w.SmsId, attempts);

    internal static async Task<Results<Ok<List<WebhookDeliveryDto>>, JsonHttpResult<ApiError>>> ListAsync(
        string? state, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (!PageRequest.TryRead(http.Request, DefaultPerPage, MaxPerPage, out var page, out var error)) return error!;
        var org = caller.OrganisationId();
        var query = db.WebhookOutbox.AsNoTracking().Where(w => w.OrganisationId == org);
        if (state is not null)
        {
            var wanted = Enum.GetValues<WebhookState>().Where(s => StateName(s) == state).ToList();
            if (wanted.Count == 0) return ApiErrors.Validation("Webhook delivery validation error",
                [ApiErrors.Invalid("Webhook delivery", "state", "must be one of pending, in_flight, delivered, failed, expired")]);
            var s = wanted[0];
            query = query.Where(w => w.State == s);
        }
        var result = page.Resolve(await query.LongCountAsync(ct));
        var rows = await query.OrderByDescending(w => w.Id).Skip(result.Skip).Take(result.PerPage).ToListAsync(ct);
        result.WriteHeaders(http.Response, "-id");
        return TypedResults.Ok(rows.ConvertAll(w => ToDto(w, null)));
    }

    internal static async Task<Results<Ok<WebhookDeliveryDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var w = await db.WebhookOutbox.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.OrganisationId == org, ct);
        if (w is null) return ApiErrors.NotFound("Webhook delivery", id);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.WebhookId == id).OrderBy(a => a.Id)
            .Select(a => new { a.At, a.StatusCode, a.Error, a.DurationMs }).ToListAsync(ct);
        return TypedResults.Ok(ToDto(w, attempts.ConvertAll(a => new WebhookAttemptDto(ApiDates.Iso(a.At), a.StatusCode, a.Error, a.DurationMs))));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> ReplayAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, SmsWriter writer, WebhookSignal signal, IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var w = await db.WebhookOutbox.AsNoTracking().Where(x => x.Id == id && x.OrganisationId == org).Select(x => new { x.State }).FirstOrDefaultAsync(ct);
        if (w is null) return ApiErrors.NotFound("Webhook delivery", id);
        var now = time.GetUtcNow().UtcDateTime;
        var replayed = await writer.WriteAsync((c, t) => WebhookOutbox.Replay(c, t, org, id, now, now + options.Value.MaxAge), ct);
        if (!replayed) return ApiErrors.Conflict($"Webhook delivery with Id '{id}' is {StateName(w.State)}; only failed or expired webhooks can be replayed.");
        signal.Wake();
        return TypedResults.NoContent();
    }
}
