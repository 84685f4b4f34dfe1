using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Hosting;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Smpp.Server;

public sealed record CreateSmppAccountRequest(string? SystemId, string? Password, string? Description);

public sealed record UpdateSmppAccountRequest(string? Password, string? Description, StatusRef? Status);

/// <summary>An SMPP account as listed: never its password. <c>password</c> appears once, in the answer that generated it.</summary>
public sealed record SmppAccountDto(
    long Id, string SystemId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    IdDescription Status, string Created,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password = null);

/// <summary>
/// <c>/api/v1/smpp_account</c>: the organisation's SMPP bind credentials (a Cellgate addition: EMnify hands them out
/// with the service profile, reference §7.2). Passwords are stored hashed; disabling or deleting an account ends its
/// binds at once.
/// </summary>
public static class SmppAccountsApi
{
    public const int MaxSystemId = 15, MaxPassword = 8;
    private static readonly IdDescription Enabled = new(0, "Enabled"), Disabled = new(1, "Disabled");

    public static RouteGroupBuilder MapSmppAccounts(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/smpp_account").WithTags("SMPP accounts");
        group.MapGet("/", ListAsync).WithSummary("List the organisation's SMPP accounts (Cellgate addition; never their passwords)");
        group.MapPost("/", CreateAsync).CarriesSecrets()
            .WithSummary("Create an SMPP account (Cellgate addition): system_id and password for binds to the SMPP server; a password generated when none is given is shown only in this response");
        group.MapGet("/{id}", GetAsync).WithSummary("One SMPP account (Cellgate addition)");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change the password or description, or disable (status.id 1) an SMPP account; disabling ends its binds (Cellgate addition)");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete an SMPP account and end its binds (Cellgate addition)");
        return group;
    }

    internal static SmppAccountDto ToDto(SmppAccount a, string? password = null) =>
        new(a.Id, a.SystemId, a.Description, a.Status == SmppAccountStatus.Disabled ? Disabled : Enabled, ApiDates.Iso(a.Created), password);

    /// <summary>An SMPP password: 1 to 8 printable ASCII characters (the password field holds 9 octets with its NUL).</summary>
    internal static bool ValidPassword(string password) => password.Length is >= 1 and <= MaxPassword && password.All(c => c is > ' ' and <= '~');

    internal static bool ValidSystemId(string systemId) => systemId.Length is >= 1 and <= MaxSystemId && systemId.All(c => c is > ' ' and <= '~');

    /// <summary>A new SMPP password: 8 characters, no look-alikes.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", MaxPassword);

    internal static async Task<Ok<List<SmppAccountDto>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var list = await db.SmppAccounts.AsNoTracking().Where(a => a.OrganisationId == org).OrderBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(list.ConvertAll(a => ToDto(a)));
    }

    internal static async Task<Results<Ok<SmppAccountDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var account = await db.SmppAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.OrganisationId == org, ct);
        return account is null ? ApiErrors.NotFound("SMPP account", id) : TypedResults.Ok(ToDto(account));
    }

    internal static async Task<Results<Created<SmppAccountDto>, JsonHttpResult<ApiError>>> CreateAsync(
        CreateSmppAccountRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, PasswordHasher hasher, TimeProvider time, CancellationToken ct)
    {
        var v = new RequestValidation("SMPP account", "Create SMPP account validation error");
        var systemId = body.SystemId?.Trim() ?? "";
        if (v.Required("system_id", systemId) && !ValidSystemId(systemId))
            v.Invalid("system_id", $"must be 1 to {MaxSystemId} printable ASCII characters without spaces");
        if (body.Password is not null && !ValidPassword(body.Password))
            v.Invalid("password", $"must be 1 to {MaxPassword} printable ASCII characters without spaces (SMPP 3.4 limit)");
        v.MaxLength("description", body.Description, 500);
        if (v.Failed) return v.ToResult();
        if (await db.SmppAccounts.AnyAsync(a => a.SystemId == systemId, ct))
            return ApiErrors.Duplicated($"An SMPP account with system_id '{systemId}' already exists.");

        var password = body.Password ?? NewPassword();
        var account = new SmppAccount
        {
            OrganisationId = caller.OrganisationId(), SystemId = systemId, Description = body.Description,
            PasswordHash = await hasher.HashAsync(Secrets.Sha1Hex(password), ct), Created = time.GetUtcNow().UtcDateTime,
        };
        db.SmppAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ApiErrors.Duplicated($"An SMPP account with system_id '{systemId}' already exists.");
        }
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/smpp_account/{account.Id}"), ToDto(account, body.Password is null ? password : null));
    }

    internal static async Task<Results<Ok<SmppAccountDto>, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, UpdateSmppAccountRequest body, ClaimsPrincipal caller, CellgateDbContext db, PasswordHasher hasher, SmppSessions sessions, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var account = await db.SmppAccounts.FirstOrDefaultAsync(a => a.Id == id && a.OrganisationId == org, ct);
        if (account is null) return ApiErrors.NotFound("SMPP account", id);
        var v = new RequestValidation("SMPP account", "Update SMPP account validation error");
        if (body.Password is not null && !ValidPassword(body.Password))
            v.Invalid("password", $"must be 1 to {MaxPassword} printable ASCII characters without spaces (SMPP 3.4 limit)");
        v.MaxLength("description", body.Description, 500);
        if (body.Status is { } status && status.Id is not (0 or 1)) v.Invalid("status", "must be 0 (Enabled) or 1 (Disabled)");
        if (v.Failed) return v.ToResult();

        if (body.Description is not null) account.Description = body.Description;
        if (body.Password is not null) account.PasswordHash = await hasher.HashAsync(Secrets.Sha1Hex(body.Password), ct);
        if (body.Status?.Id is { } s) account.Status = (SmppAccountStatus)s;
        await db.SaveChangesAsync(ct);
        if (account.Status == SmppAccountStatus.Disabled || body.Password is not null) sessions.EndBinds(account.Id);
        return TypedResults.Ok(ToDto(account));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, SmppSessions sessions, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var deleted = await db.SmppAccounts.Where(a => a.Id == id && a.OrganisationId == org).ExecuteDeleteAsync(ct);
        if (deleted == 0) return ApiErrors.NotFound("SMPP account", id);
        sessions.EndBinds(id);
        return TypedResults.NoContent();
    }
}
