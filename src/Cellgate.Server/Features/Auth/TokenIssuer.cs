using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Features.Auth;

/// <summary>Mints the JWTs Cellgate hands out: auth tokens (HS384, as EMnify), refresh tokens and application tokens.</summary>
public sealed class TokenIssuer(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>Audience of refresh tokens; never accepted as a bearer token.</summary>
    public const string RefreshAudience = "/api/v1/authentication/refresh";

    /// <summary>Audience of application tokens; never accepted as a bearer token.</summary>
    public const string ApplicationAudience = "/api/v1/application_token";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>An auth token; <paramref name="ipRange"/> (CIDR) restricts every request made with it to that range.</summary>
    public string AuthToken(long organisationId, string organisationName, long? userId, long? applicationTokenId, string? ipRange = null)
    {
        var claims = new Dictionary<string, object>
        {
            [CellgateClaims.Organisation] = organisationId,
            [CellgateClaims.OrganisationName] = organisationName,
            [JwtRegisteredClaimNames.Jti] = Secrets.NewUrlSafe(16),
        };
        if (userId is { } u) claims[CellgateClaims.User] = u;
        if (applicationTokenId is { } a) claims[CellgateClaims.Application] = a;
        if (ipRange is not null) claims[CellgateClaims.IpRange] = ipRange;
        return Create(options.Value.Audience, claims, TimeSpan.FromMinutes(options.Value.AuthTokenMinutes));
    }

    public (string Token, DateTime Expires) RefreshToken(long organisationId, long userId)
    {
        var lifetime = TimeSpan.FromDays(options.Value.RefreshTokenDays);
        var token = Create(RefreshAudience, new Dictionary<string, object>
        {
            [CellgateClaims.Organisation] = organisationId,
            [CellgateClaims.User] = userId,
            [JwtRegisteredClaimNames.Jti] = Secrets.NewUrlSafe(32),
        }, lifetime);
        return (token, time.GetUtcNow().UtcDateTime + lifetime);
    }

    /// <summary>
    /// Application tokens are decodable JWTs (<c>sub</c>, <c>esc.org</c>, <c>esc.orgName</c>) because emnify's own tools
    /// decode them (reference §2.3); a 256-bit random <c>jti</c> makes them unguessable. The server only keeps their hash.
    /// </summary>
    public string ApplicationToken(long organisationId, string organisationName, string subject) =>
        Create(ApplicationAudience, new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [CellgateClaims.Organisation] = organisationId,
            [CellgateClaims.OrganisationName] = organisationName,
            [JwtRegisteredClaimNames.Jti] = Secrets.NewUrlSafe(32),
        }, lifetime: null);

    private string Create(string audience, Dictionary<string, object> claims, TimeSpan? lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            IssuedAt = now,
            Claims = claims,
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.HmacSha384),
        };
        if (lifetime is { } l) descriptor.Expires = now + l;
        return _handler.CreateToken(descriptor);
    }
}
