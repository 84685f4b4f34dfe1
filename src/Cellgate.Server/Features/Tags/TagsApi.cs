using System.Globalization;
using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Tags;

public sealed record TagColorRef(long Id);

/// <summary>A tag of <c>GET /api/v2/tags</c> and <c>GET /api/v2/endpoint/{id}/tags</c>.</summary>
public sealed record TagDto(long Id, string Name, long ResourceCount, TagColorRef TagColor);

/// <summary>The answer of <c>POST /api/v2/tags</c>.</summary>
public sealed record CreatedTagDto(long Id, string Name, TagColorRef TagColor);

public sealed record TagPageDto(long Total, int Page, int PageSize, int LastPage, IReadOnlyList<TagDto> Data);

public sealed record TagColorDto(long Id, string HexColor, string Description);

public sealed record TagRequest(string? Name, IdRef? Color);

public sealed record BulkTagItem(IdRef? Endpoint, IReadOnlyList<IdRef?>? Tags);

public sealed record BulkTagsRequest(IReadOnlyList<BulkTagItem?>? Items);

public sealed record BulkDeleteTagsRequest(IReadOnlyList<IdRef?>? Tags);

/// <summary>Empty JSON object: EMnify's "Empty response body" of the tag operations.</summary>
public sealed record EmptyBody;

/// <summary>
/// EMnify's tag management (<c>/api/v2/tags</c>, <c>/api/v2/endpoint/{id}/tags</c>, <c>/api/v2/bulk-operations/…</c>):
/// named, coloured tags of an organisation, assigned to its endpoints. They live beside the endpoint's free-text
/// <c>tags</c> string of v1, which stays the customer's own text; <c>q=tags:</c> on the endpoint list matches either
/// (docs/connectivity.md).
/// </summary>
public static class TagsApi
{
    public const int MaxNameLength = 100;
    public const int DefaultPageSize = 50, MaxPageSize = 1000;

    /// <summary>The colour catalogue (Cellgate's; EMnify's own palette is not published).</summary>
    public static readonly TagColorDto[] Colors =
    [
        new(1, "#E53935", "Red"), new(2, "#FB8C00", "Orange"), new(3, "#FDD835", "Yellow"), new(4, "#43A047", "Green"),
        new(5, "#00897B", "Teal"), new(6, "#1E88E5", "Blue"), new(7, "#3949AB", "Indigo"), new(8, "#8E24AA", "Purple"),
        new(9, "#D81B60", "Pink"), new(10, "#6D4C41", "Brown"), new(11, "#757575", "Grey"), new(12, "#212121", "Black"),
    ];

    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder root)
    {
        var v2 = root.MapGroup("/api/v2").RequireAuthorization(AuthSetup.ApiPolicy).WithApiErrorResponses().WithTags("Tags");
        v2.MapGet("/tags", ListAsync).WithSummary("The organisation's tags (page, page_size default 50; name: contains)");
        v2.MapPost("/tags", CreateAsync).WithSummary("Create a tag (name unique in the organisation; color: a tag colour id, default by name)");
        v2.MapPatch("/tags/{tag_id}", UpdateAsync).WithSummary("Rename or recolour a tag");
        v2.MapDelete("/tags/{tag_id}", DeleteAsync).WithSummary("Delete a tag and its assignments");
        v2.MapGet("/tag-colors", () => TypedResults.Ok(Colors)).WithSummary("The tag colours");
        v2.MapGet("/endpoint/{endpoint_id}/tags", EndpointTagsAsync).WithSummary("The tags assigned to an endpoint (not paged)");
        v2.MapPost("/endpoint/{endpoint_id}/tags", AssignAsync).WithSummary("Assign a tag ({\"id\"}) to an endpoint; 409 when it already is");
        v2.MapDelete("/endpoint/{endpoint_id}/tags/{tag_id}", UnassignAsync).WithSummary("Unassign a tag from an endpoint");
        v2.MapPost("/bulk-operations/endpoint/add-tags", BulkAddAsync).WithSummary("Assign tags to endpoints, all or nothing (409 when one is already assigned)");
        v2.MapPost("/bulk-operations/endpoint/remove-tags", BulkRemoveAsync).WithSummary("Unassign tags from endpoints, all or nothing");
        v2.MapPost("/bulk-operations/tag/delete-tags", BulkDeleteAsync).WithSummary("Delete tags, all or nothing");
        return root;
    }

    private static IQueryable<TagDto> Project(CellgateDbContext db, IQueryable<Tag> tags) =>
        tags.Select(t => new TagDto(t.Id, t.Name, db.DeviceTags.LongCount(a => a.TagId == t.Id), new TagColorRef(t.ColorId)));

    internal static async Task<Results<Ok<TagPageDto>, JsonHttpResult<ApiError>>> ListAsync(
        string? name, string? page, string? page_size, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (!TryInt("page", page, 1, out var p, out var error) || !TryInt("page_size", page_size, DefaultPageSize, out var size, out error)) return error!;
        if (size < 1) size = DefaultPageSize;
        size = Math.Min(size, MaxPageSize);
        p = Math.Max(p, 1);
        var org = caller.OrganisationId();
        var tags = db.Tags.AsNoTracking().Where(t => t.OrganisationId == org);
        if (!string.IsNullOrEmpty(name)) tags = tags.Where(t => t.Name.Contains(name));
        var total = await tags.LongCountAsync(ct);
        var last = (int)Math.Max(1, (total + size - 1) / size);
        var data = await Project(db, tags.OrderBy(t => t.Id).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return TypedResults.Ok(new TagPageDto(total, p, size, last, data));
    }

    private static bool TryInt(string field, string? raw, int fallback, out int value, out JsonHttpResult<ApiError>? error)
    {
        value = fallback;
        error = null;
        if (string.IsNullOrEmpty(raw)) return true;
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = (int)Math.Clamp(l, int.MinValue, int.MaxValue);
            return true;
        }
        error = ApiErrors.BadRequest($"Cannot parse parameter {field} as Integer: For input string: \"{raw}\"");
        return false;
    }

    private static int DefaultColor(string name) => (int)(Math.Abs((long)StringComparer.Ordinal.GetHashCode(name)) % Colors.Length) + 1;

    private static bool ValidColor(long id) => id >= 1 && id <= Colors.Length;

    internal static async Task<Results<Created<CreatedTagDto>, JsonHttpResult<ApiError>>> CreateAsync(
        TagRequest body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var v = new RequestValidation("Tag", "Create tag validation error");
        var name = body.Name?.Trim();
        if (v.Required("name", name)) v.MaxLength("name", name, MaxNameLength);
        if (body.Color is { } color && (color.Id is not { } c || !ValidColor(c))) v.Add(ApiErrors.InvalidReference("Tag color", color.Id));
        if (v.Failed) return v.ToResult();
        if (await db.Tags.AnyAsync(t => t.OrganisationId == org && t.Name == name, ct)) return Duplicate(name!);
        // A colour id the catalogue does not know was refused above; without one, the name picks it (stable, not random).
        var tag = new Tag { OrganisationId = org, Name = name!, ColorId = (int)(body.Color?.Id ?? DefaultColor(name!)), Created = time.GetUtcNow().UtcDateTime };
        db.Tags.Add(tag);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent create of the same name won; anything else is not ours to hide.
            if (!await db.Tags.AsNoTracking().AnyAsync(t => t.OrganisationId == org && t.Name == name, ct)) throw;
            return Duplicate(name!);
        }
        return TypedResults.Created(ApiLocation.For(http, $"/api/v2/tags/{tag.Id}"), new CreatedTagDto(tag.Id, tag.Name, new TagColorRef(tag.ColorId)));
    }

    private static JsonHttpResult<ApiError> Duplicate(string name) => ApiErrors.Duplicated($"Tag with name '{name}' already exists.");

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long tag_id, TagRequest body, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == tag_id && t.OrganisationId == org, ct);
        if (tag is null) return ApiErrors.NotFound("Tag", tag_id);
        var v = new RequestValidation("Tag", "Update tag validation error");
        var name = body.Name?.Trim();
        if (body.Name is not null && v.Required("name", name)) v.MaxLength("name", name, MaxNameLength);
        if (body.Color is { } color && (color.Id is not { } c || !ValidColor(c))) v.Add(ApiErrors.InvalidReference("Tag color", color.Id));
        if (v.Failed) return v.ToResult();
        if (name is not null && name != tag.Name)
        {
            if (await db.Tags.AnyAsync(t => t.OrganisationId == org && t.Name == name, ct)) return Duplicate(name);
            tag.Name = name;
        }
        if (body.Color?.Id is { } colorId) tag.ColorId = (int)colorId;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(long tag_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var removed = await db.Tags.Where(t => t.Id == tag_id && t.OrganisationId == org).ExecuteDeleteAsync(ct);
        return removed == 0 ? ApiErrors.NotFound("Tag", tag_id) : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<List<TagDto>>, JsonHttpResult<ApiError>>> EndpointTagsAsync(long endpoint_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == endpoint_id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", endpoint_id);
        var tags = db.Tags.AsNoTracking().Where(t => t.OrganisationId == org && db.DeviceTags.Any(a => a.DeviceId == endpoint_id && a.TagId == t.Id)).OrderBy(t => t.Id);
        return TypedResults.Ok(await Project(db, tags).ToListAsync(ct));
    }

    internal static async Task<Results<Created<EmptyBody>, JsonHttpResult<ApiError>>> AssignAsync(
        long endpoint_id, IdRef body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == endpoint_id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", endpoint_id);
        var v = new RequestValidation("Tag assignment", "Assign tag validation error");
        if (body.Id is not { } tagId) return v.Add(ApiErrors.Required(v.ObjectName, "id")).ToResult();
        if (!await db.Tags.AnyAsync(t => t.Id == tagId && t.OrganisationId == org, ct)) return v.Add(ApiErrors.InvalidReference("Tag", tagId)).ToResult();
        var result = await AssignAllAsync(db, [(endpoint_id, tagId)], ct);
        if (result is not null) return result;
        return TypedResults.Created(ApiLocation.For(http, $"/api/v2/endpoint/{endpoint_id}/tags"), new EmptyBody());
    }

    /// <summary>Inserts the pairs in one transaction; 409 (nothing stored) when one is already assigned.</summary>
    private static async Task<JsonHttpResult<ApiError>?> AssignAllAsync(CellgateDbContext db, IReadOnlyCollection<(long Device, long Tag)> pairs, CancellationToken ct)
    {
        var devices = pairs.Select(p => p.Device).Distinct().ToList();
        var existing = await db.DeviceTags.AsNoTracking().Where(a => devices.Contains(a.DeviceId)).ToListAsync(ct);
        if (pairs.FirstOrDefault(p => existing.Any(e => e.DeviceId == p.Device && e.TagId == p.Tag)) is var (dev, tag) && dev != 0)
            return Assigned(dev, tag);
        db.DeviceTags.AddRange(pairs.Distinct().Select(p => new DeviceTag { DeviceId = p.Device, TagId = p.Tag }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent assignment of the same pair won (or an endpoint or tag was deleted meanwhile).
            db.ChangeTracker.Clear();
            var now = await db.DeviceTags.AsNoTracking().Where(a => devices.Contains(a.DeviceId)).ToListAsync(ct);
            if (pairs.FirstOrDefault(p => now.Any(e => e.DeviceId == p.Device && e.TagId == p.Tag)) is var (d2, t2) && d2 != 0) return Assigned(d2, t2);
            throw;
        }
        return null;
    }

    private static JsonHttpResult<ApiError> Assigned(long device, long tag) =>
        ApiErrors.Duplicated($"Tag with Id '{tag}' is already assigned to Endpoint with Id '{device}'.");

    internal static async Task<Results<Ok<EmptyBody>, JsonHttpResult<ApiError>>> UnassignAsync(long endpoint_id, long tag_id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == endpoint_id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", endpoint_id);
        var removed = await db.DeviceTags.Where(a => a.DeviceId == endpoint_id && a.TagId == tag_id).ExecuteDeleteAsync(ct);
        return removed == 0 ? ApiErrors.NotFound("Tag", tag_id) : TypedResults.Ok(new EmptyBody());
    }

    /// <summary>The (endpoint, tag) pairs of a bulk body, each checked to be the caller's; a 422 naming every bad one otherwise.</summary>
    private static async Task<(List<(long Device, long Tag)> Pairs, JsonHttpResult<ApiError>? Error)> PairsAsync(
        BulkTagsRequest body, long org, CellgateDbContext db, string message, CancellationToken ct)
    {
        var v = new RequestValidation("Bulk tag operation", message);
        var pairs = new List<(long, long)>();
        if (body.Items is not { Count: > 0 } items) return ([], v.Add(ApiErrors.Required(v.ObjectName, "items")).ToResult());
        if (items.Count > MaxPageSize) return ([], v.Add(ApiErrors.Invalid(v.ObjectName, "items", $"has more than {MaxPageSize} entries")).ToResult());
        foreach (var (item, i) in items.Select((x, i) => (x, i)))
        {
            if (item?.Endpoint?.Id is not { } device) { v.Add(ApiErrors.Required(v.ObjectName, $"items[{i}].endpoint.id")); continue; }
            if (item.Tags is not { Count: > 0 } tags) { v.Add(ApiErrors.Required(v.ObjectName, $"items[{i}].tags")); continue; }
            foreach (var (t, j) in tags.Select((x, j) => (x, j)))
                if (t?.Id is { } tag) pairs.Add((device, tag));
                else v.Add(ApiErrors.Required(v.ObjectName, $"items[{i}].tags[{j}].id"));
        }
        if (v.Failed) return ([], v.ToResult());
        var deviceIds = pairs.Select(p => p.Item1).Distinct().ToList();
        var tagIds = pairs.Select(p => p.Item2).Distinct().ToList();
        var ownDevices = await db.Devices.Where(d => d.OrganisationId == org && deviceIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
        var ownTags = await db.Tags.Where(t => t.OrganisationId == org && tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var d in deviceIds.Except(ownDevices)) v.Add(ApiErrors.InvalidReference("Endpoint", d));
        foreach (var t in tagIds.Except(ownTags)) v.Add(ApiErrors.InvalidReference("Tag", t));
        return v.Failed ? ([], v.ToResult()) : (pairs, null);
    }

    internal static async Task<Results<Ok<EmptyBody>, JsonHttpResult<ApiError>>> BulkAddAsync(BulkTagsRequest body, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var (pairs, error) = await PairsAsync(body, caller.OrganisationId(), db, "Bulk assign tags validation error", ct);
        if (error is not null) return error;
        return await AssignAllAsync(db, pairs, ct) is { } conflict ? conflict : TypedResults.Ok(new EmptyBody());
    }

    internal static async Task<Results<Ok<EmptyBody>, JsonHttpResult<ApiError>>> BulkRemoveAsync(BulkTagsRequest body, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var (pairs, error) = await PairsAsync(body, caller.OrganisationId(), db, "Bulk unassign tags validation error", ct);
        if (error is not null) return error;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var group in pairs.GroupBy(p => p.Device))
        {
            var tags = group.Select(p => p.Tag).ToList();
            await db.DeviceTags.Where(a => a.DeviceId == group.Key && tags.Contains(a.TagId)).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new EmptyBody());
    }

    internal static async Task<Results<Ok<EmptyBody>, JsonHttpResult<ApiError>>> BulkDeleteAsync(BulkDeleteTagsRequest body, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var v = new RequestValidation("Bulk tag operation", "Bulk delete tags validation error");
        if (body.Tags is not { Count: > 0 } tags) return v.Add(ApiErrors.Required(v.ObjectName, "tags")).ToResult();
        if (tags.Count > MaxPageSize) return v.Add(ApiErrors.Invalid(v.ObjectName, "tags", $"has more than {MaxPageSize} entries")).ToResult();
        var ids = new List<long>();
        foreach (var (t, i) in tags.Select((x, i) => (x, i)))
            if (t?.Id is { } id) ids.Add(id);
            else v.Add(ApiErrors.Required(v.ObjectName, $"tags[{i}].id"));
        if (v.Failed) return v.ToResult();
        ids = ids.Distinct().ToList();
        var own = await db.Tags.Where(t => t.OrganisationId == org && ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var missing in ids.Except(own)) v.Add(ApiErrors.InvalidReference("Tag", missing));
        if (v.Failed) return v.ToResult();
        await db.Tags.Where(t => t.OrganisationId == org && ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new EmptyBody());
    }
}
