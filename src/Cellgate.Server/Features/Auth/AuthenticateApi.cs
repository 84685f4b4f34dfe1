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
            .CarriesSecrets()
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
        LoginThrottle throttle, PrincipalStates states, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger("Cellgate.Auth");
        if (!string.IsNullOrEmpty(body.ApplicationToken))
            return await WithApplicationTokenAsync(body.ApplicationToken, http, db, tokens, states, time, log, ct);
        if (!string.IsNullOrEmpty(body.RefreshToken))
            return await WithRefreshTokenAsync(body.RefreshToken, db, tokens, time, log, ct);
        if (!string.IsNullOrEmpty(body.Username) && !string.IsNullOrEmpty(body.Password))
            return await WithPasswordAsync(body.Username, body.Password, http, db, tokens, passwords, throttle, time, log, ct);
        return ApiErrors.BadRequest("Expected {\"application_token\"}, {\"refresh_token\"} or {\"username\", \"password\"}.");
    }

    private static async Task<Results<Ok<AuthenticateResponse>, JsonHttpResult<ApiError>>> WithApplicationTokenAsync(
        string secret, HttpContext http, CellgateDbContext db, TokenIssuer tokens, PrincipalStates states, TimeProvider time, ILogger log, CancellationToken ct)
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
            { Ip: { } cidr } when !AddressRanges.Contains(cidr, http.Connection.RemoteIpAddress) => "address not allowed",
            _ => null,
        };
        // The same check every request makes: the token, its organisation and its creator are still active.
        if (failure is null && await states.CheckAsync(token!.OrganisationId, null, token.Id, ct) is { Active: false } state)
            failure = state.Reason ?? "not active";
        if (failure is not null)
        {
            AuthLog.ApplicationTokenRejected(log, token?.Id, failure);
            return ApiErrors.InvalidToken("Invalid application token.");
        }
        AuthLog.ApplicationTokenAccepted(log, token!.Id, token.OrganisationId);
        return TypedResults.Ok(new AuthenticateResponse(tokens.AuthToken(token.OrganisationId, token.OrgName, null, token.Id, token.Ip)));
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
        string username, string sha1Hex, HttpContext http, CellgateDbContext db, TokenIssuer tokens, PasswordHasher passwords,
        LoginThrottle throttle, TimeProvider time, ILogger log, CancellationToken ct)
    {
        // Known and unknown usernames take the same path: the same lockout (per username and client address), the same
        // PBKDF2 work, no write, the same answers. Only the right password of an inactive user says more.
        var normalized = username.Trim().ToLowerInvariant();
        var address = http.Connection.RemoteIpAddress;
        var user = await db.Users.Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Username == normalized, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (throttle.LockedUntil(normalized, address) is { } until)
        {
            AuthLog.LoginRejected(log, user?.Id, "locked");
            return Locked(http, until, now, StatusCodes.Status401Unauthorized);
        }
        var matches = false;
        if (user is null) await passwords.VerifyDummyAsync(sha1Hex, ct);
        else matches = await passwords.VerifyAsync(sha1Hex, user.PasswordHash, ct);
        if (!matches)
        {
            var locked = throttle.Fail(normalized, address);
            AuthLog.LoginRejected(log, user?.Id, (user is null ? "unknown user" : "wrong password") + (locked is null ? "" : "; locked"));
            return ApiErrors.InvalidCredentials();
        }
        throttle.Succeed(normalized, address);
        if (user!.Status != UserStatus.Active || user.Organisation!.Status != OrganisationStatus.Active)
        {
            AuthLog.LoginRejected(log, user.Id, "user or organisation not active");
            return ApiErrors.InvalidCredentials("User is not active.");
        }

        var (refresh, expires) = tokens.RefreshToken(user.OrganisationId, user.Id);
        db.RefreshTokens.Add(new RefreshToken { UserId = user.Id, TokenHash = Secrets.Hash(refresh), Created = now, Expires = expires });
        await db.RefreshTokens.Where(r => r.UserId == user.Id && r.Expires <= now).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        AuthLog.LoginAccepted(log, user.Id, user.OrganisationId);
        return TypedResults.Ok(new AuthenticateResponse(tokens.AuthToken(user.OrganisationId, user.Organisation.Name, user.Id, null), refresh));
    }

    /// <summary>
    /// <c>1105 TooManyRequests</c> while a username is locked for the caller's address, with <c>Retry-After</c>; the
    /// same for every username, known or not.
    /// </summary>
    internal static JsonHttpResult<ApiError> Locked(HttpContext http, DateTime until, DateTime now, int status)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiErrors.Result(status, ApiErrors.TooManyRequestsError($"Too many failed password checks from this address; try again after {ApiDates.Core(until)}."));
    }

}

/// <summary>Whether a client address lies in a CIDR range (IPv4-mapped IPv6 addresses count as IPv4).</summary>
public static class AddressRanges
{
    /// <summary>
    /// The key that limits are counted under for a client: its IPv4 address, or its IPv6 /64 (one subscriber's usual
    /// allocation, so rotating through it gains nothing).
    /// </summary>
    public static string ClientKey(IPAddress? remote)
    {
        if (remote is null) return "local";
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        if (remote.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return remote.ToString();
        var bytes = remote.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static bool Contains(string cidr, IPAddress? remote)
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
