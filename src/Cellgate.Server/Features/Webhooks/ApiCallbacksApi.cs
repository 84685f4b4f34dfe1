using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>
/// An API callback as listed. EMnify's document leaves the shape open ("Any type"); Cellgate answers <c>id</c>,
/// <c>url</c>, <c>purpose</c> and, as a Cellgate addition, <c>circuit_state</c> (closed, open, half_open) of the URL's
/// destination on the answering node.
/// </summary>
public sealed record ApiCallbackDto(long Id, string Url, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Purpose,
    string OrganisationId, string CircuitState);

public sealed record ApiCallbackRequest(string? Url, string? Purpose);

/// <summary>An API secret as listed (EMnify: <c>organisation_id</c> a string); never the secret itself.</summary>
public sealed record ApiSecretDto(long Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Purpose, string OrganisationId);

public sealed record ApiSecretRequest(string? Secret, string? Purpose);

/// <summary>
/// <c>/api/v1/api_callback</c> and <c>/api/v1/api_secret</c> (EMnify tag "Integrations"): the organisation's callback
/// URLs and signing secrets, referenced by service profiles (<c>api_callback</c>, <c>api_secret</c>). POST answers 201
/// with <c>Location</c> and no body, DELETE 200 with no body, as in EMnify's document. Deleting one clears it from the
/// organisation's service profiles; webhooks already committed keep their URL (and are sent unsigned once their
/// secret is gone).
/// </summary>
public static class ApiCallbacksApi
{
    public const int MaxUrlLength = 2000, MinSecretLength = 8, MaxSecretLength = 512;

    public static RouteGroupBuilder MapApiCallbacks(this RouteGroupBuilder api)
    {
        var callbacks = api.MapGroup("/api_callback").WithTags("Integrations");
        callbacks.MapGet("/", ListCallbacksAsync).WithSummary("The organisation's API callback URLs");
        callbacks.MapPost("/", CreateCallbackAsync).WithSummary("Create an API callback URL (http or https); 201 with Location, empty body");
        callbacks.MapGet("/{api_callback_id}", GetCallbackAsync).WithSummary("One API callback URL, with its destination's circuit-breaker state");
        callbacks.MapDelete("/{api_callback_id}", DeleteCallbackAsync).WithSummary("Delete an API callback URL (cleared from service profiles); 200, empty body");

        var secrets = api.MapGroup("/api_secret").WithTags("Integrations");
        secrets.MapGet("/", ListSecretsAsync).WithSummary("The organisation's API secrets (never the secret values)");
        secrets.MapPost("/", CreateSecretAsync).WithSummary("Create an API secret (the webhook signing key); stored encrypted, never returned; 201 with Location");
        secrets.MapGet("/{api_secret_id}", GetSecretAsync).WithSummary("One API secret (without its value)");
        secrets.MapDelete("/{api_secret_id}", DeleteSecretAsync).WithSummary("Delete an API secret (cleared from service profiles); 200, empty body");
        return callbacks;
    }

    private static ApiCallbackDto ToDto(ApiCallback c, WebhookCircuits circuits) => new(c.Id, c.Url, c.Purpose,
        c.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookCircuits.Name(circuits.StateOf(WebhookCircuits.Destination(c.Url))));

    private static ApiSecretDto ToDto(ApiSecret s) => new(s.Id, s.Purpose, s.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static async Task<Ok<List<ApiCallbackDto>>> ListCallbacksAsync(ClaimsPrincipal caller, CellgateDbContext db, WebhookCircuits circuits, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var list = await db.ApiCallbacks.AsNoTracking().Where(c => c.OrganisationId == org).OrderBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(list.ConvertAll(c => ToDto(c, circuits)));
    }

    internal static async Task<Results<Ok<ApiCallbackDto>, JsonHttpResult<ApiError>>> GetCallbackAsync(
        long api_callback_id, ClaimsPrincipal caller, CellgateDbContext db, WebhookCircuits circuits, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var c = await db.ApiCallbacks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == api_callback_id && x.OrganisationId == org, ct);
        return c is null ? ApiErrors.NotFound("API callback", api_callback_id) : TypedResults.Ok(ToDto(c, circuits));
    }

    /// <summary>An absolute http(s) URL without user info; the SSRF guard checks its addresses when it is used.</summary>
    public static void ValidateUrl(RequestValidation v, string field, string? url)
    {
        if (!v.Required(field, url)) return;
        v.MaxLength(field, url, MaxUrlLength);
        if (!Uri.TryCreate(url!.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, field, "Expecting an absolute http or https URL"));
        else if (uri.UserInfo.Length > 0)
            v.Invalid(field, "must not contain user information (put credentials in the API secret instead)");
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> CreateCallbackAsync(
        ApiCallbackRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var v = new RequestValidation("API callback", "Create API callback validation error");
        ValidateUrl(v, "url", body?.Url);
        v.MaxLength("purpose", body?.Purpose, 200);
        if (v.Failed) return v.ToResult();
        var callback = new ApiCallback
        {
            OrganisationId = caller.OrganisationId(), Url = body!.Url!.Trim(), Purpose = body.Purpose, Created = time.GetUtcNow().UtcDateTime,
        };
        db.ApiCallbacks.Add(callback);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/api_callback/{callback.Id}"));
    }

    internal static async Task<Results<Ok, JsonHttpResult<ApiError>>> DeleteCallbackAsync(
        long api_callback_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var c = await db.ApiCallbacks.FirstOrDefaultAsync(x => x.Id == api_callback_id && x.OrganisationId == org, ct);
        if (c is null) return ApiErrors.NotFound("API callback", api_callback_id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ServiceProfiles.Where(p => p.OrganisationId == org && p.ApiCallbackId == c.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ApiCallbackId, (long?)null), ct);
        db.ApiCallbacks.Remove(c);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok();
    }

    internal static async Task<Ok<List<ApiSecretDto>>> ListSecretsAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var list = await db.ApiSecrets.AsNoTracking().Where(s => s.OrganisationId == org).OrderBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok(list.ConvertAll(ToDto));
    }

    internal static async Task<Results<Ok<ApiSecretDto>, JsonHttpResult<ApiError>>> GetSecretAsync(
        long api_secret_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var s = await db.ApiSecrets.AsNoTracking().FirstOrDefaultAsync(x => x.Id == api_secret_id && x.OrganisationId == org, ct);
        return s is null ? ApiErrors.NotFound("API secret", api_secret_id) : TypedResults.Ok(ToDto(s));
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> CreateSecretAsync(
        ApiSecretRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, WebhookSecrets secrets, TimeProvider time, CancellationToken ct)
    {
        var v = new RequestValidation("API secret", "Create API secret validation error");
        if (v.Required("secret", body?.Secret))
        {
            if (body!.Secret!.Length < MinSecretLength) v.Invalid("secret", $"must have at least {MinSecretLength} characters (32 or more random ones recommended)");
            v.MaxLength("secret", body.Secret, MaxSecretLength);
        }
        v.MaxLength("purpose", body?.Purpose, 200);
        if (v.Failed) return v.ToResult();
        var (keyId, protectedSecret) = await secrets.ProtectAsync(body!.Secret!, ct);
        var secret = new ApiSecret
        {
            OrganisationId = caller.OrganisationId(), Purpose = body.Purpose, KeyId = keyId, Protected = protectedSecret, Created = time.GetUtcNow().UtcDateTime,
        };
        db.ApiSecrets.Add(secret);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/api_secret/{secret.Id}"));
    }

    internal static async Task<Results<Ok, JsonHttpResult<ApiError>>> DeleteSecretAsync(
        long api_secret_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var s = await db.ApiSecrets.FirstOrDefaultAsync(x => x.Id == api_secret_id && x.OrganisationId == org, ct);
        if (s is null) return ApiErrors.NotFound("API secret", api_secret_id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ServiceProfiles.Where(p => p.OrganisationId == org && p.ApiSecretId == s.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.ApiSecretId, (long?)null), ct);
        db.ApiSecrets.Remove(s);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok();
    }

    /// <summary>
    /// The service profile's <c>api_callback</c>/<c>api_secret</c> references must name the caller's organisation's
    /// own objects (422 <c>InvalidReference</c> otherwise; <c>{"id":null}</c> clears).
    /// </summary>
    public static async Task CheckReferencesAsync(CellgateDbContext db, long organisationId, IdRef? callback, IdRef? secret, RequestValidation v, CancellationToken ct)
    {
        if (callback?.Id is { } cb && !await db.ApiCallbacks.AnyAsync(c => c.Id == cb && c.OrganisationId == organisationId, ct))
            v.Add(ApiErrors.InvalidReference("API callback", cb));
        if (secret?.Id is { } sec && !await db.ApiSecrets.AnyAsync(s => s.Id == sec && s.OrganisationId == organisationId, ct))
            v.Add(ApiErrors.InvalidReference("API secret", sec));
    }
}
