using System.Security.Claims;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Profiles;

/// <summary>A service; <c>teleservice_code</c> (an integer in the spec) is left out for Data, which has none.</summary>
public sealed record ServiceDto(int Id, string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TeleserviceCode,
    bool UsedWithVlr, bool UsedWithSgsn, IdDescription TrafficType);

/// <summary>
/// A service profile in EMnify's shape. <c>used_count</c> is a string in the list and an integer in the single
/// object, as the spec declares them; the list leaves out the <c>service</c> collection. <c>api_callback</c>,
/// <c>api_secret</c> and <c>esme_interface_type</c> are objects in the spec: left out while unset, never null.
/// </summary>
public sealed record ServiceProfileDto(
    long Id, string Name, string? Description,
    [property: JsonPropertyName("allowed_3g")] bool Allowed3g,
    [property: JsonPropertyName("allowed_4g")] bool Allowed4g,
    bool AllowedNbIot, bool AllowedNbIotGeo, bool ApplyQuota, bool ApplyDataQuota, bool ApplySmsQuota, bool Retail,
    [property: JsonPropertyName("sms_p2p_int")] bool SmsP2pInt,
    [property: JsonPropertyName("sms_p2p_ext")] bool SmsP2pExt,
    bool Prepaid, bool Nipdp, object UsedCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdOnly? ApiCallback,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdOnly? ApiSecret,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdDescription? EsmeInterfaceType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<ServiceDto>? Service);

public sealed record IdOnly(long Id);

public sealed record ServiceProfileRequest(
    string? Name, string? Description,
    [property: JsonPropertyName("allowed_3g")] bool? Allowed3g,
    [property: JsonPropertyName("allowed_4g")] bool? Allowed4g,
    bool? AllowedNbIot, bool? AllowedNbIotGeo, bool? ApplyQuota, bool? ApplyDataQuota, bool? ApplySmsQuota, bool? Retail,
    [property: JsonPropertyName("sms_p2p_int")] bool? SmsP2pInt,
    [property: JsonPropertyName("sms_p2p_ext")] bool? SmsP2pExt,
    bool? Prepaid, bool? Nipdp, IdRef? ApiCallback, IdRef? ApiSecret, StatusRef? EsmeInterfaceType);

public static class ServiceProfilesApi
{
    public const int ServiceData = 1, ServiceSmsMt = 2, ServiceSmsMo = 3;

    /// <summary>Cellgate's read-only service catalogue (EMnify's <c>/api/v1/service</c>); SMS MT/MO carry their GSM teleservice codes.</summary>
    public static IReadOnlyList<ServiceDto> Services { get; } =
    [
        new(ServiceData, "Data", null, false, true, new IdDescription(5, "Data")),
        new(ServiceSmsMt, "SMS MT", 33, true, true, new IdDescription(6, "SMS")),
        new(ServiceSmsMo, "SMS MO", 34, true, true, new IdDescription(6, "SMS")),
    ];

    public static IReadOnlyList<IdDescription> EsmeInterfaceTypes { get; } = [new(1, "RestAPI"), new(2, "SMPP")];

    public static RouteGroupBuilder MapServiceProfiles(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/service_profile").WithTags("Service profiles");
        group.MapGet("/", ListAsync).WithSummary("The organisation's service profiles (not paged)");
        group.MapPost("/", CreateAsync).WithSummary("Create a service profile; name required. 201 with Location, empty body");
        group.MapGet("/{id}", GetAsync).WithSummary("One service profile with its services");
        group.MapPatch("/{id}", UpdateAsync).WithSummary("Change any field; api_callback/api_secret {\"id\":null} clears them");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete; 409 while endpoints use the profile");
        group.MapPut("/{id}/service/{serviceId}", (long id, long serviceId, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct) =>
            SetServiceAsync(id, serviceId, true, caller, db, events, ct)).WithSummary("Add a service (1 Data, 2 SMS MT, 3 SMS MO) to the profile");
        group.MapDelete("/{id}/service/{serviceId}", (long id, long serviceId, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct) =>
            SetServiceAsync(id, serviceId, false, caller, db, events, ct)).WithSummary("Remove a service from the profile");

        api.MapGet("/service", () => TypedResults.Ok(Services)).WithTags("Service profiles").WithSummary("Available services (lookup)");
        api.MapGet("/esme_interface_type", () => TypedResults.Ok(EsmeInterfaceTypes)).WithTags("Service profiles").WithSummary("SMS interface types (lookup)");
        return group;
    }

    private static List<ServiceDto> ServicesOf(ServiceProfile p) =>
        Services.Where(s => s.Id switch { ServiceData => p.AllowData, ServiceSmsMt => p.AllowSmsMt, _ => p.AllowSmsMo }).ToList();

    public static ServiceProfileDto ToDto(ServiceProfile p, long usedCount, bool single) => new(
        p.Id, p.Name, p.Description, p.Allowed3g, p.Allowed4g, p.AllowedNbIot, p.AllowedNbIotGeo, p.ApplyDataQuota, p.ApplyDataQuota,
        p.ApplySmsQuota, p.Retail, p.SmsP2pInt, p.SmsP2pExt, p.Prepaid, p.Nipdp,
        single ? usedCount : usedCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        p.ApiCallbackId is { } cb ? new IdOnly(cb) : null, p.ApiSecretId is { } sec ? new IdOnly(sec) : null,
        p.EsmeInterfaceType is { } t ? EsmeInterfaceTypes.FirstOrDefault(e => e.Id == t) : null,
        single ? ServicesOf(p) : null);

    internal static async Task<Ok<List<ServiceProfileDto>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var rows = await db.ServiceProfiles.AsNoTracking().Where(p => p.OrganisationId == orgId).OrderBy(p => p.Id)
            .Select(p => new { Profile = p, Used = db.Devices.LongCount(d => d.ServiceProfileId == p.Id) }).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(r => ToDto(r.Profile, r.Used, single: false)));
    }

    internal static async Task<Results<Ok<ServiceProfileDto>, JsonHttpResult<ApiError>>> GetAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.ServiceProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Service profile", id);
        var used = await db.Devices.LongCountAsync(d => d.ServiceProfileId == id, ct);
        return TypedResults.Ok(ToDto(profile, used, single: true));
    }

    private static void Apply(ServiceProfile p, ServiceProfileRequest body, RequestValidation v, bool create)
    {
        if (create || body.Name is not null)
        {
            v.Required("name", body.Name);
            v.MaxLength("name", body.Name, 200);
        }
        v.MaxLength("description", body.Description, 1000);
        if (body.EsmeInterfaceType is { } t && !EsmeInterfaceTypes.Any(e => e.Id == t.Id))
            v.Invalid("esme_interface_type", "must be 1 (RestAPI) or 2 (SMPP)");
        if (v.Failed) return;

        if (body.Name is not null) p.Name = body.Name.Trim();
        if (body.Description is not null) p.Description = body.Description;
        if (body.Allowed3g is { } a3) p.Allowed3g = a3;
        if (body.Allowed4g is { } a4) p.Allowed4g = a4;
        if (body.AllowedNbIot is { } nb) p.AllowedNbIot = nb;
        if (body.AllowedNbIotGeo is { } geo) p.AllowedNbIotGeo = geo;
        if ((body.ApplyDataQuota ?? body.ApplyQuota) is { } dq) p.ApplyDataQuota = dq; // apply_quota is the deprecated alias
        if (body.ApplySmsQuota is { } sq) p.ApplySmsQuota = sq;
        if (body.Retail is { } r) p.Retail = r;
        if (body.SmsP2pInt is { } pi) p.SmsP2pInt = pi;
        if (body.SmsP2pExt is { } pe) p.SmsP2pExt = pe;
        if (body.Prepaid is { } pp) p.Prepaid = pp;
        if (body.Nipdp is { } n) p.Nipdp = n;
        if (body.ApiCallback is { } cb) p.ApiCallbackId = cb.Id;
        if (body.ApiSecret is { } sec) p.ApiSecretId = sec.Id;
        if (body.EsmeInterfaceType is { } et) p.EsmeInterfaceType = et.Id;
    }

    internal static async Task<Results<Created, JsonHttpResult<ApiError>>> CreateAsync(
        ServiceProfileRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, TimeProvider time, CancellationToken ct)
    {
        body ??= new ServiceProfileRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var orgId = caller.OrganisationId();
        var profile = new ServiceProfile { OrganisationId = orgId, Name = "", Created = time.GetUtcNow().UtcDateTime };
        var v = new RequestValidation("Service profile", "Create service profile validation error");
        await Webhooks.ApiCallbacksApi.CheckReferencesAsync(db, orgId, body.ApiCallback, body.ApiSecret, v, ct);
        Apply(profile, body, v, create: true);
        if (v.Failed) return v.ToResult();

        var actor = await EventLog.ActorAsync(caller, db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ServiceProfiles.Add(profile);
        await db.SaveChangesAsync(ct);
        events.Add(db, orgId, EventTypes.ServiceProfileCreated, $"Service profile {profile.Id} '{profile.Name}' created", actor);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/service_profile/{profile.Id}"));
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> UpdateAsync(
        long id, ServiceProfileRequest? body, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.ServiceProfiles.FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Service profile", id);
        if (body is null) return TypedResults.NoContent();
        var v = new RequestValidation("Service profile", "Update service profile validation error");
        var smsQuotaBefore = profile.ApplySmsQuota;
        await Webhooks.ApiCallbacksApi.CheckReferencesAsync(db, orgId, body.ApiCallback, body.ApiSecret, v, ct);
        Apply(profile, body, v, create: false);
        if (v.Failed) return v.ToResult();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        events.Add(db, orgId, EventTypes.ServiceProfileUpdated, $"Service profile {profile.Id} '{profile.Name}' updated", actor);
        if (profile.ApplySmsQuota != smsQuotaBefore)
            events.Add(db, orgId, profile.ApplySmsQuota ? EventTypes.SmsQuotaEnabled : EventTypes.SmsQuotaDisabled,
                $"SMS quota management {(profile.ApplySmsQuota ? "enabled" : "disabled")} in service profile {profile.Id} '{profile.Name}'", actor);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> DeleteAsync(
        long id, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.ServiceProfiles.FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Service profile", id);
        var used = await db.Devices.LongCountAsync(d => d.ServiceProfileId == id, ct);
        if (used > 0) return ApiErrors.Conflict($"Service profile with Id '{id}' is used by {used} endpoint(s) and cannot be deleted.");
        db.ServiceProfiles.Remove(profile);
        events.Add(db, orgId, EventTypes.ServiceProfileDeleted, $"Service profile {profile.Id} '{profile.Name}' deleted", await EventLog.ActorAsync(caller, db, ct));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, JsonHttpResult<ApiError>>> SetServiceAsync(
        long id, long serviceId, bool enabled, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var profile = await db.ServiceProfiles.FirstOrDefaultAsync(p => p.Id == id && p.OrganisationId == orgId, ct);
        if (profile is null) return ApiErrors.NotFound("Service profile", id);
        var service = Services.FirstOrDefault(s => s.Id == serviceId);
        if (service is null) return ApiErrors.NotFound("Service", serviceId);
        // EMnify: "A service can only be removed if it has no assigned traffic limits" (the SMS limits of the catalogue).
        if (!enabled && await db.ServiceTrafficLimits.AnyAsync(l => l.ServiceProfileId == id && l.ServiceId == service.Id, ct))
            return ApiErrors.Conflict($"Service '{service.Description}' of service profile with Id '{id}' has an assigned traffic limit; remove it first.");
        switch (service.Id)
        {
            case ServiceData: profile.AllowData = enabled; break;
            case ServiceSmsMt: profile.AllowSmsMt = enabled; break;
            default: profile.AllowSmsMo = enabled; break;
        }
        if (db.ChangeTracker.HasChanges())
        {
            events.Add(db, orgId, EventTypes.ServiceProfileUpdated,
                $"Service '{service.Description}' {(enabled ? "added to" : "removed from")} service profile {profile.Id}", await EventLog.ActorAsync(caller, db, ct));
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }
}
