using System.Net;
using Cellgate.Server.Api;
using Cellgate.Server.Hosting;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Auth;

/// <summary>Any of the forms of reference §2.1; which one is decided by the keys present.</summary>
public sealed record AuthenticateRequest(string? Username, string? Password, string? ApplicationToken, string? RefreshToken);

public sealed record AuthenticateResponse(
    string AuthToken,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null);

public static class AuthenticateApi
{
    public static IEndpointRouteBuilder MapAuthenticate(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/authenticate", AuthenticateAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.AuthenticateRateLimit)
            .AddEndpointFilter(Hosting.AuthMetrics.AuthenticateFilter)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests)
            .WithTags("Authentication")
            .WithSummary("Exchange user credentials, an application token or a refresh token for an auth token")
            .WithDescription("The password is the lower-case SHA-1 hex of the real password. Any Authorization header is ignored.");
        return app;
    }

    internal static async Task<Results<Ok<AuthenticateResponse>, JsonHttpResult<ApiError>>> AuthenticateAsync(
        AuthenticateRequest body, HttpContext http, CellgateDbContext db, TokenIssuer tokens, PasswordHasher passwords,
        IOptions<AuthOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("Cellgate.Auth");
        if (!string.IsNullOrEmpty(body.ApplicationToken))
            return await WithApplicationTokenAsync(body.ApplicationToken, http, db, tokens, time, log, ct);
        if (!string.IsNullOrEmpty(body.RefreshToken))
            return await WithRefreshTokenAsync(body.RefreshToken, db, tokens, time, log, ct);
        if (!string.IsNullOrEmpty(body.Username) && !string.IsNullOrEmpty(body.Password))
            return await WithPasswordAsync(body.Username, body.Password, db, tokens, passwords, options.Value, time, log, ct);
        return ApiErrors.BadRequest("Expected {\"application_token\"}, {\"refresh_token\"} or {\"username\", \"password\"}.");
    }

    private static async Task<Results<Ok<AuthenticateResponse>, JsonHttpResult<ApiError>>> WithApplicationTokenAsync(
        string secret, HttpContext http, CellgateDbContext db, TokenIssuer tokens, TimeProvider time, ILogger log, CancellationToken ct)
    {
        var hash = Secrets.Hash(secret);
        var token = await db.ApplicationTokens.AsNoTracking()
            .Where(t => t.SecretHash == hash)
            .Select(t => new { t.Id, t.Status, t.ExpiryDate, t.Ip, t.OrganisationId, OrgName = db.Organisations.Where(o => o.Id == t.OrganisationId).Select(o => o.Name).First(), OrgStatus = db.Organisations.Where(o => o.Id == t.OrganisationId).Select(o => o.Status).First() })
            .FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        string? failure = token switch
        {
            null => "unknown",
            { Status: ApplicationTokenStatus.Revoked } => "revoked",
            { ExpiryDate: { } e } when e <= now => "expired",
            { OrgStatus: not OrganisationStatus.Active } => "organisation suspended",
            { Ip: { } cidr } when !IpAllowed(cidr, http.Connection.RemoteIpAddress) => "address not allowed",
            _ => null,
        };
        if (failure is not null)
        {
            AuthLog.ApplicationTokenRejected(log, token?.Id, failure);
            return ApiErrors.InvalidToken("Invalid application token.");
        }
        AuthLog.ApplicationTokenAccepted(log, token!.Id, token.OrganisationId);
        return TypedResults.Ok(new AuthenticateResponse(tokens.AuthToken(token.OrganisationId, token.OrgName, null, token.Id)));
    }

    private static async Task<Results<Ok<AuthenticateResponse>, JsonHttpResult<ApiError>>> WithRefreshTokenAsync(
        string refreshToken, CellgateDbContext db, TokenIssuer tokens, TimeProvider time, ILogger log, CancellationToken ct)
    {
        var hash = Secrets.Hash(refreshToken);
        var row = await db.RefreshTokens.AsNoTracking()
            .Where(r => r.TokenHash == hash)
            .Select(r => new { r.Expires, r.UserId, r.User!.Status, r.User.OrganisationId, OrgName = r.User.Organisation!.Name, OrgStatus = r.User.Organisation.Status })
            .FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (row is null || row.Status != UserStatus.Active || row.OrgStatus != OrganisationStatus.Active)
        {
            AuthLog.RefreshRejected(log, row?.UserId, row is null ? "unknown" : "user or organisation not active");
            return ApiErrors.InvalidToken("Invalid refresh token.");
        }
        if (row.Expires <= now)
        {
            AuthLog.RefreshRejected(log, row.UserId, "expired");
            return ApiErrors.TokenExpired("Refresh token has expired.");
        }
        return TypedResults.Ok(new AuthenticateResponse(tokens.AuthToken(row.OrganisationId, row.OrgName, row.UserId, null)));
    }

    private static async Task<Results<Ok<AuthenticateResponse>, JsonHttpResult<ApiError>>> WithPasswordAsync(
        string username, string sha1Hex, CellgateDbContext db, TokenIssuer tokens, PasswordHasher passwords, AuthOptions options,
        TimeProvider time, ILogger log, CancellationToken ct)
    {
        var normalized = username.Trim().ToLowerInvariant();
        var user = await db.Users.Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Username == normalized, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            passwords.VerifyDummy(sha1Hex);
            AuthLog.LoginRejected(log, null, "unknown user");
            return ApiErrors.InvalidCredentials();
        }
        if (user.LockedUntil is { } until && until > now)
        {
            AuthLog.LoginRejected(log, user.Id, "locked");
            return ApiErrors.Result(StatusCodes.Status401Unauthorized,
                ApiErrors.TooManyRequestsError($"Too many failed logins; the account is locked until {ApiDates.Core(until)}."));
        }
        if (!passwords.Verify(sha1Hex, user.PasswordHash))
        {
            user.FailedLogins = user.LockedUntil is null ? user.FailedLogins + 1 : 1; // a lock that ran out starts a new count
            user.LockedUntil = null;
            if (user.FailedLogins >= options.MaxFailedLogins)
                user.LockedUntil = now.AddMinutes(options.LockoutMinutes);
            await db.SaveChangesAsync(ct);
            AuthLog.LoginRejected(log, user.Id, user.LockedUntil is null ? "wrong password" : "wrong password; locked");
            return ApiErrors.InvalidCredentials();
        }
        if (user.Status != UserStatus.Active || user.Organisation!.Status != OrganisationStatus.Active)
        {
            AuthLog.LoginRejected(log, user.Id, "user or organisation not active");
            return ApiErrors.InvalidCredentials("User is not active.");
        }

        user.FailedLogins = 0;
        user.LockedUntil = null;
        var (refresh, expires) = tokens.RefreshToken(user.OrganisationId, user.Id);
        db.RefreshTokens.Add(new RefreshToken { UserId = user.Id, TokenHash = Secrets.Hash(refresh), Created = now, Expires = expires });
        await db.RefreshTokens.Where(r => r.UserId == user.Id && r.Expires <= now).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        AuthLog.LoginAccepted(log, user.Id, user.OrganisationId);
        return TypedResults.Ok(new AuthenticateResponse(tokens.AuthToken(user.OrganisationId, user.Organisation.Name, user.Id, null), refresh));
    }

    private static bool IpAllowed(string cidr, IPAddress? remote)
    {
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPNetwork.TryParse(cidr, out var network) && network.Contains(remote);
    }
}

internal static partial class AuthLog
{
    [LoggerMessage(2000, LogLevel.Debug, "Application token {TokenId} authenticated for organisation {OrganisationId}")]
    public static partial void ApplicationTokenAccepted(ILogger logger, long tokenId, long organisationId);

    [LoggerMessage(2001, LogLevel.Warning, "Application token authentication rejected (token {TokenId}): {Reason}")]
    public static partial void ApplicationTokenRejected(ILogger logger, long? tokenId, string reason);

    [LoggerMessage(2002, LogLevel.Information, "User {UserId} logged in to organisation {OrganisationId}")]
    public static partial void LoginAccepted(ILogger logger, long userId, long organisationId);

    [LoggerMessage(2003, LogLevel.Warning, "Login rejected (user {UserId}): {Reason}")]
    public static partial void LoginRejected(ILogger logger, long? userId, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "Refresh token rejected (user {UserId}): {Reason}")]
    public static partial void RefreshRejected(ILogger logger, long? userId, string reason);
}
