using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Users;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Organisations;

/// <summary>An organisation; <c>organisation_type_id</c> and <c>organisation_status_id</c> are strings, as EMnify's spec types them for <c>/organisation/my</c>.</summary>
public sealed record OrganisationDto(
    long Id, string Name, IdDescription OrganisationType, IdDescription Status,
    string OrganisationTypeId, string OrganisationStatusId, string CountryId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OrganisationRef? Parent,
    string Created);

public sealed record NewAdmin(string? Username, string? Name, string? Password);

public sealed record CreateOrganisationRequest(string? Name, NewAdmin? Admin, CountryRequest? Country);

public sealed record UpdateOrganisationRequest(string? Name, StatusRef? Status, CountryRequest? Country);

/// <summary><c>{"id": n}</c>: a country of <c>/api/v1/country</c>.</summary>
public sealed record CountryRequest(long? Id);

/// <summary>
/// EMnify's reseller model: the operator's master organisation creates customer organisations, each with its first
/// admin. A customer organisation sees only itself; the master sees itself and its customers.
/// </summary>
public static class OrganisationsApi
{
    public static IdDescription Describe(OrganisationType t) => new((int)t, t.ToString());
    public static IdDescription Describe(OrganisationStatus s) => new((int)s, s.ToString());

    public static OrganisationDto ToDto(Organisation o, Organisation? parent) => new(o.Id, o.Name, Describe(o.Type), Describe(o.Status),
        ((int)o.Type).ToString(CultureInfo.InvariantCulture), ((int)o.Status).ToString(CultureInfo.InvariantCulture), o.CountryId.ToString(CultureInfo.InvariantCulture),
        parent is null ? null : new OrganisationRef(parent.Id, parent.Name), ApiDates.Core(o.Created));

    public static RouteGroupBuilder MapOrganisations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organisation").WithTags("Organisations");
        group.MapGet("/my", MyAsync).WithSummary("Your own organisation");
        group.MapGet("/", ListChildrenAsync).WithPaging().WithSummary("The customer organisations below yours (paged)");
        group.MapPost("/", CreateAsync).WithSummary("Create a customer organisation with its first admin user (master organisation only)");
        group.MapGet("/{id}", GetAsync).WithSummary("Your organisation or one of its customers");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Rename a customer organisation, or suspend (status.id 2) / reactivate (1) it");
        return group;
    }

    private static async Task<OrganisationDto?> LoadVisibleAsync(CellgateDbContext db, long callerOrg, long id, CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && (o.Id == callerOrg || o.ParentId == callerOrg), ct);
        if (org is null) return null;
        var parent = org.ParentId is { } p && org.Id != callerOrg ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == p, ct) : null;
        return ToDto(org, parent);
    }

    /// <summary>Served from the snapshot the token check has just read (see <see cref="PrincipalStates"/>): no extra query.</summary>
    internal static async Task<Ok<OrganisationDto>> MyAsync(ClaimsPrincipal caller, PrincipalStates states, CancellationToken ct)
    {
        var org = await states.OrganisationAsync(caller.OrganisationId(), ct);
        return TypedResults.Ok(ToDto(org!, parent: null));
    }

    internal static async Task<Results<Ok<OrganisationDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var dto = await LoadVisibleAsync(db, caller.OrganisationId(), id, ct);
        return dto is null ? ApiErrors.NotFound("Organisation", id) : TypedResults.Ok(dto);
    }

    internal static async Task<Results<Ok<List<OrganisationDto>>, JsonHttpResult<ApiError>>> ListChildrenAsync(
        HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (!PageRequest.TryRead(http.Request, 1000, 1000, out var page, out var error)) return error!;
        var orgId = caller.OrganisationId();
        var parent = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var query = db.Organisations.AsNoTracking().Where(o => o.ParentId == orgId).OrderBy(o => o.Id);
        var result = page.Resolve(await query.LongCountAsync(ct));
        var children = await query.Skip(result.Skip).Take(result.PerPage).ToListAsync(ct);
        result.WriteHeaders(http.Response, "id");
        return TypedResults.Ok(children.ConvertAll(o => ToDto(o, parent)));
    }

    internal static async Task<Results<Created<OrganisationDto>, JsonHttpResult<ApiError>>> CreateAsync(
        CreateOrganisationRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, PasswordHasher passwords, TimeProvider time, CancellationToken ct)
    {
        var parentId = caller.OrganisationId();
        var parent = await db.Organisations.FirstAsync(o => o.Id == parentId, ct);
        if (parent.Type != OrganisationType.Master) return ApiErrors.Forbidden();

        var v = new RequestValidation("Organisation", "Create organisation validation error");
        v.Required("name", body.Name);
        v.MaxLength("name", body.Name, 200);
        if (body.Admin is null) v.Add(ApiErrors.Required(v.ObjectName, "admin"));
        else UsersApi.ValidateNewUser(v, "admin.", body.Admin.Username, body.Admin.Name, body.Admin.Password);
        await ValidateCountryAsync(v, db, body.Country, ct);
        if (v.Failed) return v.ToResult();

        var username = body.Admin!.Username!.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.Username == username, ct))
            return ApiErrors.Duplicated($"User with username '{username}' already exists.");

        var now = time.GetUtcNow().UtcDateTime;
        var org = new Organisation
        {
            Name = body.Name!.Trim(), ParentId = parentId, Type = OrganisationType.Customer, Created = now,
            CountryId = body.Country?.Id ?? LookupSeed.DefaultCountryId,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Organisations.Add(org);
        await db.SaveChangesAsync(ct);
        db.Users.Add(new User
        {
            OrganisationId = org.Id, Username = username, Name = body.Admin.Name!.Trim(), Role = UserRole.Admin,
            PasswordHash = await passwords.HashAsync(body.Admin.Password!, ct), Created = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/organisation/{org.Id}"), ToDto(org, parent));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, UpdateOrganisationRequest body, ClaimsPrincipal caller, CellgateDbContext db, PrincipalStates states, CancellationToken ct)
    {
        var callerOrg = caller.OrganisationId();
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id && (o.Id == callerOrg || o.ParentId == callerOrg), ct);
        if (org is null) return ApiErrors.NotFound("Organisation", id);
        if (org.Id == callerOrg) return ApiErrors.NotAllowed("Updating of own organisation not allowed.");

        var v = new RequestValidation("Organisation", "Update organisation validation error");
        if (body.Name is not null) { v.Required("name", body.Name); v.MaxLength("name", body.Name, 200); }
        if (body.Status is { } s && (s.Id is not { } sid || !Enum.IsDefined((OrganisationStatus)sid)))
            v.Invalid("status", "must be 1 (Active) or 2 (Suspended)");
        await ValidateCountryAsync(v, db, body.Country, ct);
        if (v.Failed) return v.ToResult();

        if (body.Name is not null) org.Name = body.Name.Trim();
        if (body.Country?.Id is { } country) org.CountryId = country;
        if (body.Status?.Id is { } status) org.Status = (OrganisationStatus)status;
        await db.SaveChangesAsync(ct);
        await states.ForgetOrganisationAsync(org.Id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>A given country must name a row of the country lookup (422 <c>1401</c> otherwise).</summary>
    private static async Task ValidateCountryAsync(RequestValidation v, CellgateDbContext db, CountryRequest? country, CancellationToken ct)
    {
        if (country is null) return;
        if (country.Id is not { } id) v.Add(ApiErrors.Required(v.ObjectName, "country.id"));
        else if (!await db.Countries.AnyAsync(c => c.Id == id, ct)) v.Add(ApiErrors.InvalidReference("Country", id));
    }
}
