using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Hosting;
using Cellgate.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Another organisation's objects are a 404 on every route and method (the routes read from the application itself, each
/// with a rule in <see cref="Rules"/>); lists show only the caller's own; observers only read.
/// </summary>
public sealed class TenancyTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private sealed record Owned(long Endpoint, long Sim, long ServiceProfile, long TariffProfile, long Space);

    /// <summary>Fills one organisation; returns its client, what it owns, and a client of another organisation.</summary>
    private async Task<(HttpClient Owner, Owned Objects, HttpClient Stranger)> TwoOrganisationsAsync(bool operatorOwns)
    {
        var op = await _app.OperatorAsync();
        var (customer, customerId) = await _app.CustomerAsync();
        var owner = operatorOwns ? op : customer;
        var setup = await owner.SetupAsync("10.5.0.0/24");
        var sims = await op.ImportSimsAsync(2, operatorOwns ? await op.OrganisationIdAsync() : customerId);
        var endpoint = await owner.EndpointAsync(new { name = "mine", sim = new { id = sims[0].Id } });
        return (owner, new Owned(endpoint, sims[1].Id, setup.ServiceProfileId, setup.TariffProfileId, setup.IpAddressSpaceId), operatorOwns ? customer : op);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // How every API route is scoped. The generated test below reads the application's routes (EndpointDataSource) and
    // fails for any route without a rule here, so a new route is covered the day it is added. Placeholders in a rule's
    // path name the owner's objects: {endpoint} {sim} {sp} {tp} {space} {sms} {user} {token} {org} {smpp} {callback} {secret}
    // {webhook} {stream} {tag}.
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>How a route is scoped, and so what a caller of another organisation must get from it.</summary>
    public abstract record Scope;

    /// <summary>
    /// A list of one object's events, where EMnify answers an unknown or foreign id with 200 <c>[]</c> (its documented
    /// quirk): a stranger gets exactly <c>[]</c>, never the owner's events.
    /// </summary>
    public sealed record EmptyForStranger(string Path) : Scope;

    /// <summary>Addresses one object of the caller's organisation: a stranger gets 404 and nothing changes.</summary>
    public sealed record TenantObject(string Path, string? Body = null) : Scope;

    /// <summary>The organisation hierarchy: a parent may address its customers, a customer gets 404 for its parent.</summary>
    public sealed record ParentOrSelf(string Path, string? Body = null) : Scope;

    /// <summary>Lists (or counts) the caller's own objects: a stranger's answer never mentions the owner's.</summary>
    public sealed record OrganisationList : Scope;

    /// <summary>Creates in the caller's organisation (references to others' objects: <see cref="Another_organisations_object_cannot_be_referenced"/>).</summary>
    public sealed record OwnCreate : Scope;

    /// <summary>Acts on the caller itself (its own password, its own organisation).</summary>
    public sealed record CallerOnly : Scope;

    /// <summary>The same for everyone: enumerations, no tenant data (<paramref name="Path"/>: a concrete URL when the route has parameters).</summary>
    public sealed record ReferenceData(string? Path = null) : Scope;

    /// <summary>Needs no token (authentication).</summary>
    public sealed record Public : Scope;

    /// <summary>Operator organisation only: a customer gets 403 (or 404) and nothing changes.</summary>
    public sealed record OperatorOnly(string? Body = null) : Scope;

    /// <summary>
    /// A stream of the caller's organisation's changes that stays open (Server-Sent Events): not probed here (reading it
    /// to the end would not end); <see cref="LiveTests"/> checks that a stream hears nothing of another organisation.
    /// </summary>
    public sealed record OrganisationStream : Scope;

    /// <summary>Addressed by a secret the caller holds rather than by tenant (a SIM batch's BIC).</summary>
    public sealed record BySecret(string Why) : Scope;

    private const string Stolen = "{\"name\":\"stolen\"}";

    /// <summary>Keyed by "METHOD /route/pattern" exactly as ASP.NET has it (no trailing slash).</summary>
    public static readonly Dictionary<string, Scope> Rules = new()
    {
        ["POST /api/v1/authenticate"] = new Public(),

        ["GET /api/v1/application_token"] = new OrganisationList(),
        ["POST /api/v1/application_token"] = new OwnCreate(),
        ["GET /api/v1/application_token/{id}"] = new TenantObject("/api/v1/application_token/{token}"),
        ["PATCH /api/v1/application_token/{id}"] = new TenantObject("/api/v1/application_token/{token}", "{\"status\":{\"id\":1}}"),
        ["DELETE /api/v1/application_token/{id}"] = new TenantObject("/api/v1/application_token/{token}"),
        ["GET /api/v1/smpp_account"] = new OrganisationList(),
        ["POST /api/v1/smpp_account"] = new OwnCreate(),
        ["GET /api/v1/smpp_account/{id}"] = new TenantObject("/api/v1/smpp_account/{smpp}"),
        ["PATCH /api/v1/smpp_account/{id}"] = new TenantObject("/api/v1/smpp_account/{smpp}", "{\"status\":{\"id\":1},\"password\":\"stolen\"}"),
        ["DELETE /api/v1/smpp_account/{id}"] = new TenantObject("/api/v1/smpp_account/{smpp}"),

        ["GET /api/v1/organisation/my"] = new CallerOnly(),
        ["GET /api/v1/organisation"] = new OrganisationList(),
        ["POST /api/v1/organisation"] = new OperatorOnly("{\"name\":\"x\",\"admin\":{\"username\":\"x@example.com\",\"name\":\"x\",\"password\":\"0000000000000000000000000000000000000000\"}}"),
        ["GET /api/v1/organisation/{id}"] = new ParentOrSelf("/api/v1/organisation/{org}"),
        ["PATCH /api/v1/organisation/{id}"] = new ParentOrSelf("/api/v1/organisation/{org}", "{\"status\":{\"id\":2}}"),

        ["GET /api/v1/user"] = new OrganisationList(),
        ["POST /api/v1/user"] = new OwnCreate(),
        ["GET /api/v1/user/{id}"] = new TenantObject("/api/v1/user/{user}"),
        ["PATCH /api/v1/user/{id}"] = new TenantObject("/api/v1/user/{user}", "{\"status\":{\"id\":2}}"),
        ["PATCH /api/v1/user/password"] = new CallerOnly(),
        ["DELETE /api/v1/user/{id}"] = new TenantObject("/api/v1/user/{user}"),
        ["PUT /api/v1/user/{id}/role/{roleId}"] = new TenantObject("/api/v1/user/{user}/role/1"),
        ["DELETE /api/v1/user/{id}/role/{roleId}"] = new TenantObject("/api/v1/user/{user}/role/2"),
        ["GET /api/v1/user/{id}/role/permission"] = new TenantObject("/api/v1/user/{user}/role/permission"),
        ["GET /api/v1/user/{id}/event"] = new EmptyForStranger("/api/v1/user/{user}/event"),
        ["GET /api/v1/user/role"] = new ReferenceData(),
        ["GET /api/v1/user/status"] = new ReferenceData(),

        ["GET /api/v1/endpoint"] = new OrganisationList(),
        ["POST /api/v1/endpoint"] = new OwnCreate(),
        ["GET /api/v1/endpoint/status"] = new ReferenceData(),
        ["GET /api/v1/endpoint/{id}"] = new TenantObject("/api/v1/endpoint/{endpoint}"),
        ["PATCH /api/v1/endpoint/{id}"] = new TenantObject("/api/v1/endpoint/{endpoint}", Stolen),
        ["DELETE /api/v1/endpoint/{id}"] = new TenantObject("/api/v1/endpoint/{endpoint}"),
        ["GET /api/v1/endpoint/{id}/connectivity"] = new TenantObject("/api/v1/endpoint/{endpoint}/connectivity"),
        ["PATCH /api/v1/endpoint/{id}/connectivity"] = new TenantObject("/api/v1/endpoint/{endpoint}/connectivity", "{\"pdp_context\":null}"),
        ["GET /api/v1/endpoint/{id}/event"] = new EmptyForStranger("/api/v1/endpoint/{endpoint}/event"),
        ["GET /api/v1/endpoint/{id}/operator_blacklist"] = new TenantObject("/api/v1/endpoint/{endpoint}/operator_blacklist"),
        ["PUT /api/v1/endpoint/{id}/operator_blacklist/{operatorId}"] = new TenantObject("/api/v1/endpoint/{endpoint}/operator_blacklist/550"),
        ["DELETE /api/v1/endpoint/{id}/operator_blacklist/{operatorId}"] = new TenantObject("/api/v1/endpoint/{endpoint}/operator_blacklist/550"),
        ["GET /api/v1/endpoint/{endpoint_id}/sms"] = new TenantObject("/api/v1/endpoint/{endpoint}/sms"),
        ["POST /api/v1/endpoint/{endpoint_id}/sms"] = new TenantObject("/api/v1/endpoint/{endpoint}/sms", "{\"payload\":\"stolen\",\"source_address\":\"1234\"}"),
        ["GET /api/v1/endpoint/{endpoint_id}/sms/{sms_id}"] = new TenantObject("/api/v1/endpoint/{endpoint}/sms/{sms}"),
        ["DELETE /api/v1/endpoint/{endpoint_id}/sms/{sms_id}"] = new TenantObject("/api/v1/endpoint/{endpoint}/sms/{sms}"),
        ["GET /api/v1/endpoint/{id}/quota/sms"] = new TenantObject("/api/v1/endpoint/{endpoint}/quota/sms"),
        ["POST /api/v1/endpoint/{id}/quota/sms"] = new TenantObject("/api/v1/endpoint/{endpoint}/quota/sms",
            "{\"volume\":1,\"expiry_date\":\"2030-01-01 00:00:00\",\"threshold_percentage\":10,\"status\":{\"id\":1}}"),
        ["DELETE /api/v1/endpoint/{id}/quota/sms"] = new TenantObject("/api/v1/endpoint/{endpoint}/quota/sms"),

        ["GET /api/v1/sim"] = new OrganisationList(),
        ["GET /api/v1/sim/status"] = new ReferenceData(),
        ["GET /api/v1/sim/{id}"] = new TenantObject("/api/v1/sim/{sim}"),
        ["PATCH /api/v1/sim/{id}"] = new TenantObject("/api/v1/sim/{sim}", "{\"status\":{\"id\":1}}"),
        ["DELETE /api/v1/sim/{id}"] = new TenantObject("/api/v1/sim/{sim}"),
        ["GET /api/v1/sim/{id}/event"] = new EmptyForStranger("/api/v1/sim/{sim}/event"),
        ["GET /api/v1/sim_batch/bic/{bic}"] = new BySecret("the BIC printed on a batch is its capability"),
        ["PATCH /api/v1/sim_batch/bic/{bic}"] = new BySecret("the BIC printed on a batch is its capability"),
        ["POST /api/v1/admin/sim_batch"] = new OperatorOnly("{\"sims\":[]}"),
        ["GET /api/v1/admin/sim_batch"] = new OperatorOnly(),
        ["GET /api/v1/admin/smpp_upstream"] = new OperatorOnly(),

        ["GET /api/v1/service_profile"] = new OrganisationList(),
        ["POST /api/v1/service_profile"] = new OwnCreate(),
        ["GET /api/v1/service_profile/{id}"] = new TenantObject("/api/v1/service_profile/{sp}"),
        ["PATCH /api/v1/service_profile/{id}"] = new TenantObject("/api/v1/service_profile/{sp}", Stolen),
        ["DELETE /api/v1/service_profile/{id}"] = new TenantObject("/api/v1/service_profile/{sp}"),
        ["PUT /api/v1/service_profile/{id}/service/{serviceId}"] = new TenantObject("/api/v1/service_profile/{sp}/service/2"),
        ["DELETE /api/v1/service_profile/{id}/service/{serviceId}"] = new TenantObject("/api/v1/service_profile/{sp}/service/2"),
        ["GET /api/v1/service"] = new ReferenceData(),
        ["GET /api/v1/esme_interface_type"] = new ReferenceData(),

        ["GET /api/v1/tariff_profile"] = new OrganisationList(),
        ["POST /api/v1/tariff_profile"] = new OwnCreate(),
        ["GET /api/v1/tariff_profile/{id}"] = new TenantObject("/api/v1/tariff_profile/{tp}"),
        ["PATCH /api/v1/tariff_profile/{id}"] = new TenantObject("/api/v1/tariff_profile/{tp}", Stolen),
        ["DELETE /api/v1/tariff_profile/{id}"] = new TenantObject("/api/v1/tariff_profile/{tp}"),

        ["GET /api/v1/ip_address_space"] = new OrganisationList(),
        ["POST /api/v1/ip_address_space"] = new OwnCreate(),
        ["GET /api/v1/ip_address_space/{id}"] = new TenantObject("/api/v1/ip_address_space/{space}"),
        ["DELETE /api/v1/ip_address_space/{id}"] = new TenantObject("/api/v1/ip_address_space/{space}"),
        ["PUT /api/v1/ip_address_space/{id}"] = new TenantObject("/api/v1/ip_address_space/{space}"),
        ["GET /api/v1/ip_address_space/available"] = new ReferenceData(),

        ["GET /api/v1/organisation/status"] = new ReferenceData(),
        ["GET /api/v1/operator"] = new ReferenceData(),
        ["GET /api/v1/country"] = new ReferenceData(),
        ["GET /api/v1/currency"] = new ReferenceData(),
        ["GET /api/v1/rat_type"] = new ReferenceData(),
        ["GET /api/v1/service_level"] = new ReferenceData(),
        ["GET /api/v1/breakout_region"] = new ReferenceData(),
        ["GET /api/v1/data_blocksize"] = new ReferenceData(),
        ["GET /api/v1/data_throttle"] = new ReferenceData(),

        ["GET /api/v1/event"] = new OrganisationList(),
        ["GET /api/v1/event/type"] = new ReferenceData(),

        ["GET /api/v2/data_stream"] = new OrganisationList(),
        ["POST /api/v2/data_stream"] = new OwnCreate(),
        ["GET /api/v2/data_stream/type"] = new ReferenceData(),
        ["GET /api/v2/data_stream/status"] = new ReferenceData(),
        ["GET /api/v2/data_stream/filter_field_type"] = new ReferenceData(),
        ["GET /api/v2/data_stream/{id}"] = new TenantObject("/api/v2/data_stream/{stream}"),
        ["PATCH /api/v2/data_stream/{id}"] = new TenantObject("/api/v2/data_stream/{stream}", Stolen),
        ["DELETE /api/v2/data_stream/{id}"] = new TenantObject("/api/v2/data_stream/{stream}"),
        ["POST /api/v2/data_stream/{id}/restart"] = new TenantObject("/api/v2/data_stream/{stream}/restart"),

        ["GET /api/simulator/devices/{id}"] = new TenantObject("/api/simulator/devices/{endpoint}"),
        ["PATCH /api/simulator/devices/{id}"] = new TenantObject("/api/simulator/devices/{endpoint}", "{\"attached\":false}"),
        ["POST /api/simulator/devices/{id}/attach"] = new TenantObject("/api/simulator/devices/{endpoint}/attach"),
        ["POST /api/simulator/devices/{id}/detach"] = new TenantObject("/api/simulator/devices/{endpoint}/detach"),
        ["POST /api/simulator/devices/{id}/mo"] = new TenantObject("/api/simulator/devices/{endpoint}/mo", "{\"dest_address\":\"1234\",\"payload\":\"stolen\"}"),
        ["GET /api/simulator/devices/{id}/inbox"] = new TenantObject("/api/simulator/devices/{endpoint}/inbox"),
        ["GET /api/simulator/stats"] = new OrganisationList(),

        ["GET /api/v1/api_callback"] = new OrganisationList(),
        ["POST /api/v1/api_callback"] = new OwnCreate(),
        ["GET /api/v1/api_callback/{api_callback_id}"] = new TenantObject("/api/v1/api_callback/{callback}"),
        ["DELETE /api/v1/api_callback/{api_callback_id}"] = new TenantObject("/api/v1/api_callback/{callback}"),
        ["GET /api/v1/api_secret"] = new OrganisationList(),
        ["POST /api/v1/api_secret"] = new OwnCreate(),
        ["GET /api/v1/api_secret/{api_secret_id}"] = new TenantObject("/api/v1/api_secret/{secret}"),
        ["DELETE /api/v1/api_secret/{api_secret_id}"] = new TenantObject("/api/v1/api_secret/{secret}"),
        ["GET /api/v1/webhook_delivery"] = new OrganisationList(),
        ["GET /api/v1/webhook_delivery/{id}"] = new TenantObject("/api/v1/webhook_delivery/{webhook}"),
        ["POST /api/v1/webhook_delivery/{id}/replay"] = new TenantObject("/api/v1/webhook_delivery/{webhook}/replay"),
        ["POST /api/v1/demo/webhook_receiver"] = new Public(),
        ["PATCH /api/v1/demo/webhook_receiver"] = new Public(),
        ["GET /api/v1/demo/webhook_receiver"] = new OperatorOnly(),

        ["GET /api/v1/endpoint/{id}/connectivity_info"] = new TenantObject("/api/v1/endpoint/{endpoint}/connectivity_info"),
        ["GET /api/v1/endpoint/{id}/stats"] = new TenantObject("/api/v1/endpoint/{endpoint}/stats"),
        ["GET /api/v1/endpoint/{id}/stats/daily"] = new TenantObject("/api/v1/endpoint/{endpoint}/stats/daily"),
        ["GET /api/v1/sim/{id}/stats"] = new TenantObject("/api/v1/sim/{sim}/stats"),
        ["GET /api/v1/sim/{id}/stats/daily"] = new TenantObject("/api/v1/sim/{sim}/stats/daily"),
        ["GET /api/v1/organisation/my/stats"] = new CallerOnly(),
        ["GET /api/v1/organisation/my/stats/daily"] = new CallerOnly(),
        ["GET /api/v1/organisation/my/stats/hourly"] = new CallerOnly(),
        ["GET /api/v1/organisation/{id}/stats"] = new ParentOrSelf("/api/v1/organisation/{org}/stats"),
        ["GET /api/v1/organisation/{id}/stats/daily"] = new ParentOrSelf("/api/v1/organisation/{org}/stats/daily"),
        ["GET /api/v1/organisation/{id}/stats/hourly"] = new ParentOrSelf("/api/v1/organisation/{org}/stats/hourly"),
        ["GET /api/v1/stats/daily"] = new CallerOnly(),
        ["GET /api/v1/endpoint/{id}/quota/data"] = new TenantObject("/api/v1/endpoint/{endpoint}/quota/data"),
        ["POST /api/v1/endpoint/{id}/quota/data"] = new TenantObject("/api/v1/endpoint/{endpoint}/quota/data",
            "{\"volume\":1,\"expiry_date\":\"2030-01-01 00:00:00\",\"threshold_percentage\":10,\"status\":{\"id\":1},\"action_on_exhaustion\":{\"id\":1}}"),
        ["DELETE /api/v1/endpoint/{id}/quota/data"] = new TenantObject("/api/v1/endpoint/{endpoint}/quota/data"),
        ["GET /api/v1/service_profile/{id}/traffic_limit"] = new TenantObject("/api/v1/service_profile/{sp}/traffic_limit"),
        ["POST /api/v1/service_profile/{id}/traffic_limit"] = new TenantObject("/api/v1/service_profile/{sp}/traffic_limit", "{\"service\":{\"id\":1},\"volume\":1}"),
        ["DELETE /api/v1/service_profile/{id}/traffic_limit"] = new TenantObject("/api/v1/service_profile/{sp}/traffic_limit"),
        ["DELETE /api/v1/service_profile/{id}/traffic_limit/{limit_id}"] = new TenantObject("/api/v1/service_profile/{sp}/traffic_limit/1"),
        ["GET /api/v1/endpoint/{id}/traffic_limit_extension"] = new TenantObject("/api/v1/endpoint/{endpoint}/traffic_limit_extension"),
        ["POST /api/v1/endpoint/{id}/traffic_limit_extension"] = new TenantObject("/api/v1/endpoint/{endpoint}/traffic_limit_extension", "{\"volume\":1}"),
        ["DELETE /api/v1/endpoint/{id}/traffic_limit_extension"] = new TenantObject("/api/v1/endpoint/{endpoint}/traffic_limit_extension"),
        ["GET /api/v1/traffic_limit"] = new ReferenceData(),
        ["GET /api/v1/service/{id}/traffic_limit"] = new ReferenceData("/api/v1/service/2/traffic_limit"),
        ["PUT /api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}"] = new TenantObject("/api/v1/service_profile/{sp}/service/2/traffic_limit/1"),
        ["DELETE /api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}"] = new TenantObject("/api/v1/service_profile/{sp}/service/2/traffic_limit/1"),
        ["GET /api/v1/organisation/{id}/inclusive_volume/active"] = new ParentOrSelf("/api/v1/organisation/{org}/inclusive_volume/active"),
        ["PUT /api/v1/organisation/{id}/inclusive_volume/{inclusive_volume_id}"] = new ParentOrSelf("/api/v1/organisation/{org}/inclusive_volume/1", "{}"),
        ["PUT /api/v1/tariff_profile/{id}/inclusive_volume/{inclusive_volume_id}"] = new TenantObject("/api/v1/tariff_profile/{tp}/inclusive_volume/1"),
        ["DELETE /api/v1/tariff_profile/{id}/inclusive_volume/{inclusive_volume_id}"] = new TenantObject("/api/v1/tariff_profile/{tp}/inclusive_volume/1"),
        ["GET /api/simulator/devices/{id}/session"] = new TenantObject("/api/simulator/devices/{endpoint}/session"),
        ["POST /api/simulator/devices/{id}/session"] = new TenantObject("/api/simulator/devices/{endpoint}/session", "{\"apn\":\"em\"}"),
        ["DELETE /api/simulator/devices/{id}/session"] = new TenantObject("/api/simulator/devices/{endpoint}/session"),
        ["POST /api/simulator/devices/{id}/consume"] = new TenantObject("/api/simulator/devices/{endpoint}/consume", "{\"megabytes\":1}"),
        ["POST /api/simulator/usage"] = new OwnCreate(),

        ["GET /api/v2/tags"] = new OrganisationList(),
        ["POST /api/v2/tags"] = new OwnCreate(),
        ["PATCH /api/v2/tags/{tag_id}"] = new TenantObject("/api/v2/tags/{tag}", Stolen),
        ["DELETE /api/v2/tags/{tag_id}"] = new TenantObject("/api/v2/tags/{tag}"),
        ["GET /api/v2/tag-colors"] = new ReferenceData(),
        ["GET /api/v2/endpoint/{endpoint_id}/tags"] = new TenantObject("/api/v2/endpoint/{endpoint}/tags"),
        ["POST /api/v2/endpoint/{endpoint_id}/tags"] = new TenantObject("/api/v2/endpoint/{endpoint}/tags", "{\"id\":1}"),
        ["DELETE /api/v2/endpoint/{endpoint_id}/tags/{tag_id}"] = new TenantObject("/api/v2/endpoint/{endpoint}/tags/{tag}"),
        // Bulk bodies name endpoints and tags: another organisation's are a 422 (TagTests.Bulk_operations_cannot_reach_another_organisations_endpoints_or_tags).
        ["POST /api/v2/bulk-operations/endpoint/add-tags"] = new OwnCreate(),
        ["POST /api/v2/bulk-operations/endpoint/remove-tags"] = new OwnCreate(),
        ["POST /api/v2/bulk-operations/tag/delete-tags"] = new OwnCreate(),

        ["GET /api/v1/live"] = new OrganisationStream(),
        ["GET /api/v1/sms/stats"] = new OrganisationList(),
    };

    /// <summary>"METHOD /pattern" of every API route the application has, from its endpoint data source.</summary>
    private List<string> ApplicationRoutes()
    {
        _app.CreateClient().Dispose(); // starts the host
        return _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/") && raw != OpenApiSetup.DocumentPath)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Distinct().Order().ToList();
    }

    [Fact]
    public void Every_api_route_has_a_rule_saying_how_it_is_scoped()
    {
        var routes = ApplicationRoutes();
        var missing = routes.Where(r => !Rules.ContainsKey(r)).ToList();
        var stale = Rules.Keys.Where(k => !routes.Contains(k)).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            (missing.Count == 0 ? "" : "Routes without a tenancy rule. Add one line per route to TenancyTests.Rules, choosing its scope "
                + "(TenantObject, EmptyForStranger, ParentOrSelf, OrganisationList, OwnCreate, CallerOnly, ReferenceData, Public, OperatorOnly, BySecret, OrganisationStream); "
                + "in a TenantObject path, name the owner's objects {endpoint} {sim} {sp} {tp} {space} {sms} {user} {token} {org} {smpp} {callback} {secret} {webhook} {stream} {tag}, e.g.\n"
                + string.Join("\n", missing.Select(Suggestion)) + "\n")
            + (stale.Count == 0 ? "" : "Rules for routes that no longer exist (remove them):\n" + string.Join("\n", stale)));
    }

    private static string Suggestion(string route)
    {
        var method = route[..route.IndexOf(' ')];
        var path = route[(route.IndexOf(' ') + 1)..];
        var scope = path.Contains('{') ? $"new TenantObject(\"{path}\"{(method is "POST" or "PUT" or "PATCH" ? ", \"{}\"" : "")})"
            : method == "GET" ? "new OrganisationList()" : "new OwnCreate()";
        return $"        [\"{route}\"] = {scope},";
    }

    /// <summary>The owner's objects by placeholder, plus strings only the owner's data contains.</summary>
    private sealed record Tenant(HttpClient Owner, HttpClient Stranger, Dictionary<string, long> Objects, string[] Markers, bool StrangerIsCustomer);

    private async Task<Tenant> OwnerWithEverythingAsync(bool operatorOwns)
    {
        var op = await _app.OperatorAsync();
        var (customer, customerId) = await _app.CustomerAsync();
        var owner = operatorOwns ? op : customer;
        var world = await SmsWorld.CreateAsync(_app, owner);
        // An API callback (to an address the SSRF guard refuses: the webhook fails, its row stays) and a secret on the profile.
        var callback = await Resources.CreatedAsync(owner.PostAsJsonAsync("/api/v1/api_callback", new { url = "http://127.0.0.1:9/tenancy-marker-callback" }));
        var secret = await Resources.CreatedAsync(owner.PostAsJsonAsync("/api/v1/api_secret", new { secret = "tenancy-secret-0123456789", purpose = "tenancy-marker-secret" }));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await owner.PatchAsJsonAsync($"/api/v1/service_profile/{world.Setup.ServiceProfileId}",
            new { api_callback = new { id = callback }, api_secret = new { id = secret } })).StatusCode);
        var device = await world.DeviceAsync(name: "tenancy-marker-device", operatorClient: op);
        var sim = (await owner.GetJsonAsync($"/api/v1/endpoint/{device}")).GetProperty("sim").GetProperty("id").GetInt64();
        var sms = await world.SendOkAsync(device, new { payload = "tenancy-marker-sms", source_address = "1234" });
        await world.WaitForStatusAsync(device, sms, 4);
        var webhook = await Eventually.ValueAsync(async () => (await owner.GetJsonAsync("/api/v1/webhook_delivery")).EnumerateArray().Select(w => w.GetProperty("id").GetInt64()).FirstOrDefault(),
            id => id > 0, _ => "the delivery report was not enqueued");
        var user = await Resources.CreatedAsync(owner.PostAsJsonAsync("/api/v1/user", new
        {
            username = "tenancy-marker-user@example.com", name = "Marker", password = Secrets.Sha1Hex("marker password"), roles = new[] { new { id = 2 } },
        }));
        await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/application_token", new { description = "tenancy-marker-token" }));
        var token = (await owner.GetJsonAsync("/api/v1/application_token")).EnumerateArray()
            .Single(t => t.GetProperty("description").GetString() == "tenancy-marker-token").GetProperty("id").GetInt64();
        var smpp = await Resources.CreatedAsync(owner.PostAsJsonAsync("/api/v1/smpp_account", new { system_id = "tenancy-smpp", description = "tenancy-marker-smpp" }));
        var stream = await Resources.CreatedAsync(owner.PostAsJsonAsync("/api/v2/data_stream",
            DataStreamTests.RestApi("https://example.com/tenancy-marker-stream", name: "tenancy-marker-stream", paused: true)));
        Assert.Equal(System.Net.HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/service_profile/{world.Setup.ServiceProfileId}/traffic_limit",
            new { service = new { id = 1 }, volume = 1000 })).StatusCode);
        await HttpAssert.JsonAsync(await owner.PutAsync($"/api/v1/service_profile/{world.Setup.ServiceProfileId}/service/2/traffic_limit/2", null));
        await HttpAssert.JsonAsync(await owner.PutAsync("/api/v1/organisation/my/inclusive_volume/2", null), 201);
        var tag = (await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v2/tags", new { name = "tenancy-marker-tag" }), 201)).GetProperty("id").GetInt64();
        await HttpAssert.JsonAsync(await owner.PostAsJsonAsync($"/api/v2/endpoint/{device}/tags", new { id = tag }), 201);
        var objects = new Dictionary<string, long>
        {
            ["tag"] = tag,
            ["stream"] = stream,
            ["endpoint"] = device, ["sim"] = sim, ["sp"] = world.Setup.ServiceProfileId, ["tp"] = world.Setup.TariffProfileId,
            ["space"] = world.Setup.IpAddressSpaceId, ["sms"] = sms, ["user"] = user, ["token"] = token, ["smpp"] = smpp,
            ["org"] = operatorOwns ? await op.OrganisationIdAsync() : customerId,
            ["callback"] = callback, ["secret"] = secret, ["webhook"] = webhook,
        };
        return new Tenant(owner, operatorOwns ? customer : op, objects,
            ["tenancy-marker-device", "tenancy-marker-sms", "tenancy-marker-user", "tenancy-marker-token", "tenancy-marker-smpp", "tenancy-smpp",
             "tenancy-marker-callback", "tenancy-marker-secret", "tenancy-marker-stream", "tenancy-marker-tag"], StrangerIsCustomer: operatorOwns);
    }

    private static string Fill(string path, Owned o) => path
        .Replace("{endpoint}", o.Endpoint.ToString()).Replace("{sim}", o.Sim.ToString())
        .Replace("{sp}", o.ServiceProfile.ToString()).Replace("{tp}", o.TariffProfile.ToString()).Replace("{space}", o.Space.ToString());

    private static string Fill(string path, Dictionary<string, long> objects) =>
        objects.Aggregate(path, (p, o) => p.Replace("{" + o.Key + "}", o.Value.ToString()));

    private static async Task<string> SnapshotAsync(Tenant t)
    {
        var o = t.Objects;
        var parts = new List<string>();
        foreach (var url in new[]
        {
            $"/api/v1/endpoint/{o["endpoint"]}", $"/api/v1/sim/{o["sim"]}", $"/api/v1/service_profile/{o["sp"]}", $"/api/v1/tariff_profile/{o["tp"]}",
            $"/api/v1/ip_address_space/{o["space"]}", $"/api/v1/endpoint/{o["endpoint"]}/sms", $"/api/v1/user/{o["user"]}",
            $"/api/v1/application_token/{o["token"]}", $"/api/v1/organisation/{o["org"]}", $"/api/simulator/devices/{o["endpoint"]}",
            $"/api/v1/endpoint/{o["endpoint"]}/quota/sms", $"/api/v1/smpp_account/{o["smpp"]}", $"/api/v1/api_callback/{o["callback"]}",
            $"/api/v1/api_secret/{o["secret"]}",
            $"/api/v2/data_stream/{o["stream"]}",
            $"/api/v2/tags", $"/api/v2/endpoint/{o["endpoint"]}/tags",
            $"/api/v1/endpoint/{o["endpoint"]}/quota/data", $"/api/v1/service_profile/{o["sp"]}/traffic_limit", $"/api/v1/endpoint/{o["endpoint"]}/stats", $"/api/v1/endpoint/{o["endpoint"]}/connectivity", "/api/v1/organisation/my/inclusive_volume/active",
        })
        {
            var response = await t.Owner.GetAsync(url);
            parts.Add($"{url} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        parts.Add($"events: {(await t.Owner.GetJsonAsync($"/api/v1/endpoint/{o["endpoint"]}/event")).GetArrayLength()}");
        return string.Join("\n", parts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_route_lets_another_organisation_read_or_change_the_owners_objects(bool operatorOwns)
    {
        var routes = ApplicationRoutes().Where(Rules.ContainsKey).ToList(); // unruled routes fail the test above
        Assert.True(routes.Count(r => Rules[r] is TenantObject) > 30, $"only {routes.Count} routes found");
        var t = await OwnerWithEverythingAsync(operatorOwns);
        var before = await SnapshotAsync(t);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var method = route[..route.IndexOf(' ')];
            var pattern = route[(route.IndexOf(' ') + 1)..];
            (string Path, string? Body, int[] Expected)? probe = Rules[route] switch
            {
                TenantObject r => (r.Path, r.Body, [404]),
                EmptyForStranger r => (r.Path, null, [200]),
                ParentOrSelf r when t.StrangerIsCustomer => (r.Path, r.Body, [404]),
                OperatorOnly r when t.StrangerIsCustomer => (pattern, r.Body, [403, 404]),
                ReferenceData { Path: { } path } when method == "GET" => (path, null, [200]),
                OrganisationList or ReferenceData or CallerOnly when method == "GET" => (pattern, null, [200]),
                _ => null,
            };
            if (probe is not { } p) continue;
            var request = new HttpRequestMessage(new HttpMethod(method), Fill(p.Path, t.Objects));
            if (p.Body is not null || method is "POST" or "PUT" or "PATCH") request.Content = Resources.Json(p.Body ?? "{}");
            var response = await t.Stranger.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!p.Expected.Contains((int)response.StatusCode))
                failures.Add($"{route} ({request.RequestUri}): expected {string.Join(" or ", p.Expected)}, got {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            else if (t.Markers.FirstOrDefault(m => text.Contains(m)) is { } leaked)
                failures.Add($"{route}: the answer mentions the owner's '{leaked}'");
            else if (Rules[route] is EmptyForStranger && text.Trim() != "[]")
                failures.Add($"{route}: expected [] for another organisation's object, got {text[..Math.Min(200, text.Length)]}");
        }
        Assert.True(failures.Count == 0, "Cross-tenant access:\n" + string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync(t));
    }

    [Theory]
    [InlineData("/api/v1/endpoint", true)]
    [InlineData("/api/v1/endpoint", false)]
    [InlineData("/api/v1/sim", true)]
    [InlineData("/api/v1/sim", false)]
    [InlineData("/api/v1/service_profile", true)]
    [InlineData("/api/v1/service_profile", false)]
    [InlineData("/api/v1/tariff_profile", true)]
    [InlineData("/api/v1/tariff_profile", false)]
    [InlineData("/api/v1/ip_address_space", true)]
    [InlineData("/api/v1/ip_address_space", false)]
    [InlineData("/api/v1/event", true)]
    [InlineData("/api/v1/event", false)]
    public async Task Lists_show_only_the_callers_own_objects(string path, bool operatorOwns)
    {
        var (owner, _, stranger) = await TwoOrganisationsAsync(operatorOwns);
        Assert.NotEqual(0, (await owner.GetJsonAsync(path)).GetArrayLength());
        // The stranger may own events of its own (the operator imported SIMs); none mention the owner's objects.
        var theirs = await stranger.GetJsonAsync(path);
        if (path.EndsWith("/event")) Assert.DoesNotContain(theirs.EnumerateArray(), e => e.TryGetProperty("endpoint", out _));
        else Assert.Equal(0, theirs.GetArrayLength());
    }

    [Theory]
    [InlineData("service_profile", "Service profile")]
    [InlineData("tariff_profile", "Tariff profile")]
    [InlineData("sim", "SIM")]
    [InlineData("ip_address_space", "IP address space")]
    public async Task Another_organisations_object_cannot_be_referenced(string field, string resource)
    {
        var (_, owned, stranger) = await TwoOrganisationsAsync(operatorOwns: true);
        await stranger.SetupAsync("10.6.0.0/24");
        var id = field switch { "service_profile" => owned.ServiceProfile, "tariff_profile" => owned.TariffProfile, "sim" => owned.Sim, _ => owned.Space };
        var body = $"{{\"name\":\"x\",\"{field}\":{{\"id\":{id}}}}}";
        var json = await HttpAssert.ErrorAsync(await stranger.PostAsync("/api/v1/endpoint",
            Resources.Json(await stranger.WithEndpointDefaultsAsync(System.Text.Json.JsonDocument.Parse(body).RootElement))), 422, 1400, "InputValidationFailed");
        Assert.Equal($"{resource} with Id '{id}' not found.", json.GetProperty("errors")[0].GetProperty("message").GetString());
        var own = await stranger.EndpointAsync(new { name = "own" });
        await HttpAssert.ErrorAsync(await stranger.PatchJsonAsync($"/api/v1/endpoint/{own}", body), 422, 1400, "InputValidationFailed");
    }

    [Theory]
    [InlineData("POST", "/api/v1/endpoint", "{\"name\":\"x\"}")]
    [InlineData("PATCH", "/api/v1/endpoint/{endpoint}", "{\"name\":\"x\"}")]
    [InlineData("DELETE", "/api/v1/endpoint/{endpoint}", null)]
    [InlineData("PATCH", "/api/v1/endpoint/{endpoint}/connectivity", "{\"location\":null}")]
    [InlineData("PATCH", "/api/v1/sim/{sim}", "{\"status\":{\"id\":1}}")]
    [InlineData("DELETE", "/api/v1/sim/{sim}", null)]
    [InlineData("POST", "/api/v1/service_profile", "{\"name\":\"x\"}")]
    [InlineData("PATCH", "/api/v1/service_profile/{sp}", "{\"name\":\"x\"}")]
    [InlineData("PUT", "/api/v1/service_profile/{sp}/service/2", null)]
    [InlineData("POST", "/api/v1/tariff_profile", "{\"name\":\"x\"}")]
    [InlineData("DELETE", "/api/v1/tariff_profile/{tp}", null)]
    [InlineData("POST", "/api/v1/ip_address_space", "{\"ip_address_space\":\"10.7.0.0/24\"}")]
    [InlineData("DELETE", "/api/v1/ip_address_space/{space}", null)]
    [InlineData("PATCH", "/api/v1/sim_batch/bic/ANY", "{\"sim_status\":{\"id\":1}}")]
    [InlineData("POST", "/api/v1/admin/sim_batch", "{\"sims\":[]}")]
    [InlineData("POST", "/api/v2/data_stream", "{\"destination\":{\"connection_type\":\"RestAPI\",\"credentials\":{\"url\":\"https://example.com\"}}}")]
    public async Task Observers_read_but_cannot_write(string method, string path, string? body)
    {
        var (owner, owned, _) = await TwoOrganisationsAsync(operatorOwns: true);
        await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/user", new
        {
            username = "observer@example.com", name = "Observer", password = Secrets.Sha1Hex("observer password"), roles = new[] { new { id = 2 } },
        }), 201);
        var (token, _) = await _app.LoginAsync("observer@example.com", "observer password");
        var observer = _app.ClientWithToken(token);
        Assert.Equal(1, (await observer.GetJsonAsync("/api/v1/endpoint")).GetArrayLength());

        var request = new HttpRequestMessage(new HttpMethod(method), Fill(path, owned));
        if (body is not null) request.Content = Resources.Json(body);
        await HttpAssert.ErrorAsync(await observer.SendAsync(request), 403, 1104, "Forbidden");
    }
}
