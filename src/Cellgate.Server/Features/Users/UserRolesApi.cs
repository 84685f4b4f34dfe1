using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Lookups;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Users;

/// <summary>What a role may do with one kind of object.</summary>
public sealed record PermissionDto(string Resource, bool Read, bool Write);

/// <summary>The body of <c>GET /api/v1/user/{id}/role/permission</c> (the spec leaves the object open; this is Cellgate's).</summary>
public sealed record RolePermissionsDto(RoleDto Role, IReadOnlyList<PermissionDto> Permissions);

/// <summary>
/// A user's role. EMnify lets a user hold several roles; a Cellgate user holds exactly one (Administrator or Observer),
/// so <c>PUT …/role/{role_id}</c> replaces it (409 when the user already has it) and <c>DELETE</c> of the user's role
/// is 409: assign the other role instead.
/// </summary>
public static class UserRolesApi
{
    /// <summary>The kinds of objects of the API; an Observer reads them all and changes none (except its own password).</summary>
    private static readonly string[] Resources =
    [
        "endpoint", "sim", "sim_batch", "service_profile", "tariff_profile", "ip_address_space", "operator_blacklist",
        "sms", "sms_quota", "event", "user", "organisation", "application_token",
    ];

    public static RouteGroupBuilder MapUserRoles(this RouteGroupBuilder users)
    {
        users.MapGet("/{id}/role/permission", PermissionsAsync).WithSummary("What the user's role allows, per kind of object");
        users.MapPut("/{id}/role/{roleId}", AssignAsync).WithSummary("Give the user this role (1 Administrator, 2 Observer), replacing its role; 409 when it has it");
        users.MapDelete("/{id}/role/{roleId}", RemoveAsync).WithSummary("Take a role away: 404 when the user lacks it, 409 for its only role (a user keeps one)");
        return users;
    }

    private static async Task<LookupValue?> RoleAsync(CellgateDbContext db, long roleId, CancellationToken ct) =>
        await db.LookupValues.AsNoTracking().FirstOrDefaultAsync(v => v.List == LookupLists.UserRole && v.Id == roleId, ct);

    internal static async Task<Results<Ok<RolePermissionsDto>, JsonHttpResult<ApiError>>> PermissionsAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var user = await UsersApi.Visible(db, caller.OrganisationId()).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return ApiErrors.NotFound("User", id);
        var role = await RoleAsync(db, (int)user.Role, ct);
        var write = user.Role == UserRole.Admin;
        return TypedResults.Ok(new RolePermissionsDto(new RoleDto((int)user.Role, role?.Name ?? user.Role.ToString(), role?.Description),
            Array.ConvertAll(Resources, r => new PermissionDto(r, true, write))));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> AssignAsync(
        long id, long roleId, ClaimsPrincipal caller, CellgateDbContext db, PrincipalStates states, CancellationToken ct)
    {
        var user = await UsersApi.Visible(db, caller.OrganisationId()).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return ApiErrors.NotFound("User", id);
        if (await RoleAsync(db, roleId, ct) is null) return ApiErrors.NotFound("Role", roleId);
        var role = (UserRole)roleId;
        if (user.Role == role) return ApiErrors.Duplicated($"Role with Id '{roleId}' is already assigned to User with Id '{id}'.");
        if (user.Id == caller.UserId() && role != UserRole.Admin) return ApiErrors.NotAllowed("Suspending or demoting your own user is not allowed.");
        user.Role = role;
        await db.SaveChangesAsync(ct);
        await states.ForgetUserAsync(user.Id, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> RemoveAsync(
        long id, long roleId, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var user = await UsersApi.Visible(db, caller.OrganisationId()).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return ApiErrors.NotFound("User", id);
        if ((long)user.Role != roleId) return ApiErrors.NotFound("Role", roleId);
        return ApiErrors.Conflict($"Role with Id '{roleId}' is the only role of User with Id '{id}': assign another role instead.");
    }
}
