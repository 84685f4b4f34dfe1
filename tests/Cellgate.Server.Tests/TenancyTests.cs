using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>Another organisation's endpoint, SIM, profile, IP space or event is a 404 on every route and method; observers only read.</summary>
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

    public static TheoryData<string, string, string?, bool> Routes()
    {
        var data = new TheoryData<string, string, string?, bool>();
        (string Method, string Path, string? Body)[] routes =
        [
            ("GET", "/api/v1/endpoint/{endpoint}", null),
            ("PATCH", "/api/v1/endpoint/{endpoint}", "{\"name\":\"stolen\"}"),
            ("DELETE", "/api/v1/endpoint/{endpoint}", null),
            ("GET", "/api/v1/endpoint/{endpoint}/connectivity", null),
            ("PATCH", "/api/v1/endpoint/{endpoint}/connectivity", "{\"pdp_context\":null}"),
            // GET /api/v1/endpoint/{endpoint}/event is EMnify's documented exception, 200 []: EventTests.
            ("GET", "/api/v1/sim/{sim}", null),
            ("PATCH", "/api/v1/sim/{sim}", "{\"status\":{\"id\":1}}"),
            ("DELETE", "/api/v1/sim/{sim}", null),
            ("GET", "/api/v1/service_profile/{sp}", null),
            ("PATCH", "/api/v1/service_profile/{sp}", "{\"name\":\"stolen\"}"),
            ("DELETE", "/api/v1/service_profile/{sp}", null),
            ("PUT", "/api/v1/service_profile/{sp}/service/2", null),
            ("DELETE", "/api/v1/service_profile/{sp}/service/2", null),
            ("GET", "/api/v1/tariff_profile/{tp}", null),
            ("PATCH", "/api/v1/tariff_profile/{tp}", "{\"name\":\"stolen\"}"),
            ("DELETE", "/api/v1/tariff_profile/{tp}", null),
            ("GET", "/api/v1/ip_address_space/{space}", null),
            ("DELETE", "/api/v1/ip_address_space/{space}", null),
        ];
        foreach (var (method, path, body) in routes)
        {
            data.Add(method, path, body, true);
            data.Add(method, path, body, false);
        }
        return data;
    }

    private static string Fill(string path, Owned o) => path
        .Replace("{endpoint}", o.Endpoint.ToString()).Replace("{sim}", o.Sim.ToString())
        .Replace("{sp}", o.ServiceProfile.ToString()).Replace("{tp}", o.TariffProfile.ToString()).Replace("{space}", o.Space.ToString());

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_organisations_object_is_404_and_stays_untouched(string method, string path, string? body, bool operatorOwns)
    {
        var (owner, owned, stranger) = await TwoOrganisationsAsync(operatorOwns);
        var url = Fill(path, owned);
        var before = await Snapshot(owner, owned);

        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = Resources.Json(body);
        await HttpAssert.ErrorAsync(await stranger.SendAsync(request), 404, 1401, "InvalidReference");

        Assert.Equal(before, await Snapshot(owner, owned));
    }

    private static async Task<string> Snapshot(HttpClient owner, Owned o) => string.Join("\n",
        (await owner.GetJsonAsync($"/api/v1/endpoint/{o.Endpoint}")).GetRawText(),
        (await owner.GetJsonAsync($"/api/v1/sim/{o.Sim}")).GetRawText(),
        (await owner.GetJsonAsync($"/api/v1/service_profile/{o.ServiceProfile}")).GetRawText(),
        (await owner.GetJsonAsync($"/api/v1/tariff_profile/{o.TariffProfile}")).GetRawText(),
        (await owner.GetJsonAsync($"/api/v1/ip_address_space/{o.Space}")).GetRawText(),
        (await owner.GetJsonAsync($"/api/v1/endpoint/{o.Endpoint}/event")).GetArrayLength());

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
