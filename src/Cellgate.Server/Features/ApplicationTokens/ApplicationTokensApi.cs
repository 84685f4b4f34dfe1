using System.Net;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Hosting;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.ApplicationTokens;

public sealed record CreateApplicationTokenRequest(string? Description, string? ExpiryDate, string? Ip);

public sealed record CreatedApplicationToken(string ApplicationToken);

public sealed record UpdateApplicationTokenRequest(string? Description, StatusRef? Status);

public sealed record UserRef(long Id, string Name, string Username);

/// <summary>
/// An application token as listed (reference §3); never the secret. <c>expiry_date</c> and <c>ip</c> are strings,
/// <c>creator</c> an object in the spec: left out when the token has none (no user created it), never null.
/// </summary>
public sealed record ApplicationTokenDto(
    long Id, string? Description, string Created,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExpiryDate, IdDescription Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserRef? Creator,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ip);

public static class ApplicationTokensApi
{
    private static readonly IdDescription Activated = new(0, "Activated"), Revoked = new(1, "Revoked");

    public static RouteGroupBuilder MapApplicationTokens(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/application_token").WithTags("Application tokens");
        group.MapGet("/", ListAsync).WithSummary("List the organisation's application tokens (never their secrets)");
        group.MapPost("/", CreateAsync).CarriesSecrets().WithSummary("Create an application token; the secret is shown only in this response");
        group.MapGet("/{id}", GetAsync).WithSummary("Describe one application token");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change the description, or revoke with status.id = 1");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke (same as PATCH with status.id = 1)");
        return group;
    }

    private static ApplicationTokenDto ToDto(ApplicationToken t) => new(
        t.Id, t.Description, ApiDates.Iso(t.Created), ApiDates.Iso(t.ExpiryDate),
        t.Status == ApplicationTokenStatus.Revoked ? Revoked : Activated,
        t.Creator is null ? null : new UserRef(t.Creator.Id, t.Creator.Name, t.Creator.Username), t.Ip);

    internal static async Task<Ok<List<ApplicationTokenDto>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var list = await db.ApplicationTokens.AsNoTracking().Include(t => t.Creator).Where(t => t.OrganisationId == org).OrderBy(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(list.ConvertAll(ToDto));
    }

    internal static async Task<Results<Ok<ApplicationTokenDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var token = await db.ApplicationTokens.AsNoTracking().Include(t => t.Creator).FirstOrDefaultAsync(t => t.Id == id && t.OrganisationId == org, ct);
        return token is null ? ApiErrors.NotFound("Application token", id) : TypedResults.Ok(ToDto(token));
    }

    internal static async Task<Results<Ok<CreatedApplicationToken>, JsonHttpResult<ApiError>>> CreateAsync(
        CreateApplicationTokenRequest body, ClaimsPrincipal caller, CellgateDbContext db, TokenIssuer issuer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var v = new RequestValidation("Application token", "Create application token validation error");
        v.MaxLength("description", body.Description, 500);
        DateTime? expiry = null;
        if (body.ExpiryDate is not null)
        {
            if (!ApiDates.TryParse(body.ExpiryDate, out var e)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "expiry_date", "Expecting a date (2021-05-29) or date-time (2021-05-29T00:00:00.000Z)"));
            else if (e <= now) v.Invalid("expiry_date", "must be in the future");
            else expiry = e;
        }
        string? ip = null;
        if (!string.IsNullOrWhiteSpace(body.Ip))
        {
            var text = body.Ip.Trim();
            if (!text.Contains('/') && IPAddress.TryParse(text, out var single)) text += single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "/32" : "/128";
            if (IPNetwork.TryParse(text, out var network)) ip = network.ToString();
            else v.Add(ApiErrors.InvalidFormat(v.ObjectName, "ip", "Expecting an address range in CIDR notation, e.g. 10.88.0.139/32"));
        }
        if (v.Failed) return v.ToResult();

        var org = caller.OrganisationId();
        var orgName = await db.Organisations.Where(o => o.Id == org).Select(o => o.Name).FirstAsync(ct);
        var userId = caller.UserId();
        var creator = userId is { } u ? await db.Users.AsNoTracking().Where(x => x.Id == u).Select(x => new { x.Username, x.Role }).FirstOrDefaultAsync(ct) : null;
        // A token created with an application token answers to that token's creator: it must not outlive the user's rights.
        var creatorId = userId;
        if (userId is null && caller.ApplicationTokenId() is { } parent)
            creatorId = await db.ApplicationTokens.Where(t => t.Id == parent).Select(t => t.CreatorId).FirstOrDefaultAsync(ct);
        var secret = issuer.ApplicationToken(org, orgName, creator?.Username ?? $"app:{caller.ApplicationTokenId()}");
        db.ApplicationTokens.Add(new ApplicationToken
        {
            OrganisationId = org,
            Description = body.Description,
            Created = now,
            ExpiryDate = expiry,
            CreatorId = creatorId,
            Ip = ip,
            Role = creator?.Role ?? (caller.IsAdmin() ? UserRole.Admin : UserRole.Observer),
            SecretHash = Secrets.Hash(secret),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CreatedApplicationToken(secret));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, UpdateApplicationTokenRequest body, ClaimsPrincipal caller, CellgateDbContext db, PrincipalStates states, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var token = await db.ApplicationTokens.FirstOrDefaultAsync(t => t.Id == id && t.OrganisationId == org, ct);
        if (token is null) return ApiErrors.NotFound("Application token", id);
        var v = new RequestValidation("Application token", "Update application token validation error");
        v.MaxLength("description", body.Description, 500);
        if (body.Status is { } status)
        {
            if (status.Id is not (0 or 1)) v.Invalid("status", "must be 0 (Activated) or 1 (Revoked)");
            else if (status.Id == 0 && token.Status == ApplicationTokenStatus.Revoked) v.Invalid("status", "cannot be set back to Activated: a revoked token stays revoked");
        }
        if (v.Failed) return v.ToResult();

        if (body.Description is not null) token.Description = body.Description;
        if (body.Status?.Id == 1) token.Status = ApplicationTokenStatus.Revoked;
        await db.SaveChangesAsync(ct);
        await states.ForgetApplicationTokenAsync(token.Id, ct);
        return TypedResults.NoContent();
    }

    internal static Task<Results<NoContent, JsonHttpResult<ApiError>>> RevokeAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, PrincipalStates states, CancellationToken ct) =>
        UpdateAsync(id, new UpdateApplicationTokenRequest(null, new StatusRef(1)), caller, db, states, ct);
}
