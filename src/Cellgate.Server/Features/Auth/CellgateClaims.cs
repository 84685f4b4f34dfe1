using System.Globalization;
using System.Security.Claims;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Auth;

/// <summary>The claims of EMnify's auth token (reference §2.3) and how a handler reads its caller from them.</summary>
public static class CellgateClaims
{
    public const string Organisation = "esc.org";
    public const string OrganisationName = "esc.orgName";
    public const string User = "esc.user";
    public const string Application = "esc.app";
    public const string Role = "esc.role";

    /// <summary>The address range an auth token may be used from (copied from its IP-restricted application token).</summary>
    public const string IpRange = "cellgate.ip";

    public static long OrganisationId(this ClaimsPrincipal principal) => principal is CellgatePrincipal p ? p.OrganisationId
        : Long(principal, Organisation) ?? throw new InvalidOperationException("The caller has no organisation claim.");

    public static long? UserId(this ClaimsPrincipal principal) => principal is CellgatePrincipal p ? p.UserId : Long(principal, User);

    public static long? ApplicationTokenId(this ClaimsPrincipal principal) => principal is CellgatePrincipal p ? p.ApplicationTokenId : Long(principal, Application);

    /// <summary>The caller's current role, as checked on this request (not as it was when the token was issued).</summary>
    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(nameof(UserRole.Admin));

    private static long? Long(ClaimsPrincipal principal, string type) =>
        principal.FindFirst(type)?.Value is { } v && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
