using System.Globalization;
using System.Net.Mail;
using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Users;

public sealed record OrganisationRef(long Id, string Name);

public sealed record UserDto(long Id, string Username, string Name, string Created, IdDescription Status,
    OrganisationRef Organisation, IReadOnlyList<IdDescription> Roles, IReadOnlyList<object> Mfa);

public sealed record CreateUserRequest(string? Username, string? Name, string? Password, List<StatusRef>? Roles, StatusRef? Status);

public sealed record UpdateUserRequest(string? Name, StatusRef? Status, List<StatusRef>? Roles);

public sealed record ChangePasswordRequest(string? OldPassword, string? NewPassword);

public static class UsersApi
{
    public static IdDescription Describe(UserStatus s) => new((int)s, s switch
    {
        UserStatus.ActivationPending => "Activation Pending",
        UserStatus.Active => "Active",
        UserStatus.Deleted => "Deleted",
        _ => "Suspended",
    });

    public static IdDescription Describe(UserRole r) => new((int)r, r.ToString());

    public static UserDto ToDto(User u, Organisation org) => new(u.Id, u.Username, u.Name, ApiDates.Core(u.Created), Describe(u.Status),
        new OrganisationRef(org.Id, org.Name), [Describe(u.Role)], []);

    private static readonly QueryCriteria<User> Criteria = new QueryCriteria<User>()
        .Sort("id", u => u.Id).Sort("username", u => u.Username).Sort("name", u => u.Name).Sort("created", u => u.Created).Sort("status", u => u.Status)
        .Filter("username", (q, v) => q.Where(u => u.Username.Contains(v.ToLower())))
        .Filter("name", (q, v) => q.Where(u => u.Name.Contains(v)))
        .Filter("status", (q, v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && Enum.IsDefined((UserStatus)s) ? q.Where(u => u.Status == (UserStatus)s) : null);

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/user").WithTags("Users");
        group.MapGet("/", ListAsync).WithPaging().WithSummary("List the users of your organisation (paged; q: username, name, status; sort: id, username, name, created, status)");
        group.MapPost("/", CreateAsync).WithSummary("Create a user; the password is the SHA-1 hex of the real password");
        group.MapGet("/{id}", GetAsync).WithSummary("One user, by id or username");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change name, status (0 Activation Pending, 1 Active, 2 Suspended) or roles (1 Admin, 2 Observer)");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a user of your organisation (not yourself): its logins and tokens stop at once");
        group.MapUserRoles();
        group.MapPatch("/password", ChangePasswordAsync).WithMetadata(new AllowObserverWritesAttribute())
            .WithSummary("Change your own password (both as SHA-1 hex); signs out every refresh token of yours");
        return group;
    }

    internal static async Task<Results<Ok<List<UserDto>>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, string? q, string? sort, CancellationToken ct)
    {
        if (!PageRequest.TryRead(http.Request, 1000, 1000, out var page, out var error)) return error!;
        var orgId = caller.OrganisationId();
        var org = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        if (!Criteria.TryApply(Visible(db, orgId).AsNoTracking(), q, sort, u => u.Id, out var query, out var applied, out error))
            return error!;
        var result = page.Resolve(await query.LongCountAsync(ct));
        var users = await query.Skip(result.Skip).Take(result.PerPage).ToListAsync(ct);
        result.WriteHeaders(http.Response, applied);
        return TypedResults.Ok(users.ConvertAll(u => ToDto(u, org)));
    }

    internal static async Task<Results<Ok<UserDto>, JsonHttpResult<ApiError>>> GetAsync(string id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        // {id} is a canonical numeric id or a username (reference §8); a number written otherwise (01, +1, " 1 ") is 400.
        if (CanonicalIds.IsNonCanonicalNumber(id)) return CanonicalIds.CannotParse("id", "Long", id);
        var orgId = caller.OrganisationId();
        var users = Visible(db, orgId).AsNoTracking().Include(u => u.Organisation);
        var user = CanonicalIds.IsCanonical(id) && long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var numeric)
            ? await users.FirstOrDefaultAsync(u => u.Id == numeric, ct)
            : await users.FirstOrDefaultAsync(u => u.Username == id.ToLowerInvariant(), ct);
        return user is null ? ApiErrors.NotFound("User", id) : TypedResults.Ok(ToDto(user, user.Organisation!));
    }

    /// <summary>Validates a new user; shared with organisation creation (its first admin).</summary>
    internal static void ValidateNewUser(RequestValidation v, string field, string? username, string? name, string? password)
    {
        if (v.Required($"{field}username", username) && (!MailAddress.TryCreate(username!.Trim(), out var mail) || mail.Address != username.Trim()))
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, $"{field}username", "Expecting an e-mail address"));
        v.MaxLength($"{field}username", username, 254);
        v.Required($"{field}name", name);
        v.MaxLength($"{field}name", name, 200);
        if (v.Required($"{field}password", password) && !Secrets.IsSha1Hex(password))
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, $"{field}password", "Expecting the SHA-1 hex (40 characters) of the password"));
    }

    internal static async Task<Results<Created<UserDto>, JsonHttpResult<ApiError>>> CreateAsync(
        CreateUserRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, PasswordHasher passwords, TimeProvider time, CancellationToken ct)
    {
        var v = new RequestValidation("User", "Create user validation error");
        ValidateNewUser(v, "", body.Username, body.Name, body.Password);
        var role = ReadRole(v, body.Roles) ?? UserRole.Admin;
        var status = ReadStatus(v, body.Status) ?? UserStatus.Active;
        if (v.Failed) return v.ToResult();

        var username = body.Username!.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.Username == username, ct))
            return ApiErrors.Duplicated($"User with username '{username}' already exists.");
        var orgId = caller.OrganisationId();
        var org = await db.Organisations.FirstAsync(o => o.Id == orgId, ct);
        var user = new User
        {
            OrganisationId = orgId, Username = username, Name = body.Name!.Trim(), Role = role, Status = status,
            PasswordHash = await passwords.HashAsync(body.Password!, ct), Created = time.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/user/{user.Id}"), ToDto(user, org));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, UpdateUserRequest body, ClaimsPrincipal caller, CellgateDbContext db, PrincipalStates states, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var user = await Visible(db, orgId).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return ApiErrors.NotFound("User", id);
        var v = new RequestValidation("User", "Update user validation error");
        if (body.Name is not null) { v.Required("name", body.Name); v.MaxLength("name", body.Name, 200); }
        var role = ReadRole(v, body.Roles);
        var status = ReadStatus(v, body.Status);
        if (v.Failed) return v.ToResult();
        if (user.Id == caller.UserId() && ((status is { } s && s != UserStatus.Active) || role is UserRole.Observer))
            return ApiErrors.NotAllowed("Suspending or demoting your own user is not allowed.");

        if (body.Name is not null) user.Name = body.Name.Trim();
        if (role is { } r) user.Role = r;
        if (status is { } st)
        {
            if (st != UserStatus.Active) await db.RefreshTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
            user.Status = st;
        }
        await db.SaveChangesAsync(ct);
        await states.ForgetUserAsync(user.Id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The organisation's users that have not been deleted: every user route reads through this.</summary>
    internal static IQueryable<User> Visible(CellgateDbContext db, long orgId) =>
        db.Users.Where(u => u.OrganisationId == orgId && u.Status != UserStatus.Deleted);

    /// <summary>
    /// Marks the user <see cref="UserStatus.Deleted"/> (the row stays, so events keep their actor) and frees the username.
    /// <see cref="PrincipalStates"/> refuses a user that is not active, so the user's auth tokens stop at once; its
    /// refresh tokens are removed.
    /// </summary>
    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, PrincipalStates states, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var user = await Visible(db, orgId).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return ApiErrors.NotFound("User", id);
        if (user.Id == caller.UserId()) return ApiErrors.NotAllowed("Deleting your own user is not allowed.");
        user.Status = UserStatus.Deleted;
        user.Username = string.Create(CultureInfo.InvariantCulture, $"deleted-{user.Id}@deleted.invalid");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.RefreshTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await states.ForgetUserAsync(user.Id, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> ChangePasswordAsync(
        ChangePasswordRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, PasswordHasher passwords,
        LoginThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        if (caller.UserId() is not { } userId)
            return ApiErrors.NotAllowed("Only a user login (not an application token) can change a password.");
        var v = new RequestValidation("Password", "Change password validation error");
        if (v.Required("old_password", body.OldPassword) && !Secrets.IsSha1Hex(body.OldPassword))
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, "old_password", "Expecting the SHA-1 hex (40 characters) of the password"));
        if (v.Required("new_password", body.NewPassword) && !Secrets.IsSha1Hex(body.NewPassword))
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, "new_password", "Expecting the SHA-1 hex (40 characters) of the password"));
        if (v.Failed) return v.ToResult();

        // A wrong old_password counts as a failed login (same lockout, per username and client address): a token must not
        // become an unlimited password oracle.
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        var address = http.Connection.RemoteIpAddress;
        var now = time.GetUtcNow().UtcDateTime;
        if (throttle.LockedUntil(user.Username, address) is { } until)
            return AuthenticateApi.Locked(http, until, now, StatusCodes.Status429TooManyRequests);
        if (!await passwords.VerifyAsync(body.OldPassword!, user.PasswordHash, ct))
        {
            throttle.Fail(user.Username, address);
            return ApiErrors.Validation("Change password validation error", [ApiErrors.Invalid("Password", "old_password", "does not match the current password")]);
        }
        throttle.Succeed(user.Username, address);
        user.PasswordHash = await passwords.HashAsync(body.NewPassword!, ct);
        await db.RefreshTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static UserRole? ReadRole(RequestValidation v, List<StatusRef>? roles)
    {
        if (roles is null) return null;
        var ids = roles.Select(r => r?.Id).ToList();
        if (ids.Count == 0 || ids.Any(i => i is not (1 or 2)))
        {
            v.Invalid("roles", "must list role ids 1 (Admin) or 2 (Observer)");
            return null;
        }
        return ids.Contains(1) ? UserRole.Admin : UserRole.Observer;
    }

    private static UserStatus? ReadStatus(RequestValidation v, StatusRef? status)
    {
        if (status is null) return null;
        if (status.Id is { } s && Enum.IsDefined((UserStatus)s) && (UserStatus)s != UserStatus.Deleted) return (UserStatus)s;
        v.Invalid("status", "must be 0 (Activation Pending), 1 (Active) or 2 (Suspended)");
        return null;
    }
}
