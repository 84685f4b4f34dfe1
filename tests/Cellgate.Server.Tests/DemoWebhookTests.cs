using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Webhooks;
using Cellgate.Server.Hosting;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// The demo's webhook: the demo service profile's signed API callback to the built-in receiver at the server's own
/// configured address (admitted by the SSRF guard for exactly that address), and the receiver itself.
/// </summary>
public sealed class DemoWebhookTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Demo:Enabled", "true");
    public void Dispose() => _app.Dispose();

    private static async Task<string?> DemoCallbackAsync(CellgateApp app)
    {
        var op = await app.OperatorAsync();
        var profile = await op.GetJsonAsync("/api/v1/service_profile/1");
        if (!profile.TryGetProperty("api_callback", out var callback)) return null;
        return (await op.GetJsonAsync($"/api/v1/api_callback/{callback.GetProperty("id").GetInt64()}")).GetProperty("url").GetString();
    }

    [Fact]
    public async Task The_demo_service_profile_has_a_signed_callback_to_the_built_in_receiver_at_the_servers_own_address()
    {
        var port = ServerProcess.FreePort();
        _app.With("urls", $"http://0.0.0.0:{port}"); // a wildcard host becomes 127.0.0.1
        Assert.Equal($"http://127.0.0.1:{port}/api/v1/demo/webhook_receiver", await DemoCallbackAsync(_app));
        var op = await _app.OperatorAsync();
        var profile = await op.GetJsonAsync("/api/v1/service_profile/1");
        var secret = await op.GetJsonAsync($"/api/v1/api_secret/{profile.GetProperty("api_secret").GetProperty("id").GetInt64()}");
        Assert.StartsWith("Demo", secret.GetProperty("purpose").GetString());

        // The SSRF guard admits exactly that address for the demo: not another port, not another loopback address.
        var targets = _app.Services.GetRequiredService<WebhookTargets>();
        Assert.True(targets.Allowed("127.0.0.1", port, IPAddress.Loopback));
        Assert.False(targets.Allowed("127.0.0.1", port + 1, IPAddress.Loopback));
        Assert.False(targets.Allowed("127.0.0.2", port, IPAddress.Parse("127.0.0.2")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:0", null)] // chosen at start: unknown while the demo is seeded, so no callback
    [InlineData("https://[::1]:7001;http://localhost:7002", "http://127.0.0.1:7002")] // plain HTTP first; localhost is 127.0.0.1
    [InlineData("https://+:7003", "https://127.0.0.1:7003")]
    [InlineData("http://10.1.2.3:7004/", "http://10.1.2.3:7004")]
    public void The_demo_receiver_address_is_derived_from_the_configured_urls(string urls, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();
        var url = DemoOptions.DefaultReceiverUrl(configuration, out var reason);
        Assert.Equal(expected is null ? null : expected + DemoWebhookReceiver.Path, url);
        Assert.Equal(expected is null, reason is not null);
    }

    [Fact]
    public void An_explicit_kestrel_endpoint_wins_over_urls_as_it_does_for_kestrel()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:7005",
            ["Kestrel:Endpoints:Api:Url"] = "http://[::]:7006",
        }).Build();
        Assert.Equal("http://127.0.0.1:7006" + DemoWebhookReceiver.Path, DemoOptions.DefaultReceiverUrl(configuration, out _));
    }

    [Fact]
    public async Task When_the_servers_port_is_chosen_at_start_the_demo_gets_no_callback_and_the_guard_admits_nothing()
    {
        Assert.Null(await DemoCallbackAsync(_app)); // CellgateApp listens on http://127.0.0.1:0
        Assert.False(_app.Services.GetRequiredService<WebhookTargets>().Allowed("127.0.0.1", 5080, IPAddress.Loopback));
    }

    [Theory]
    [InlineData("https://example.com/hook", "https://example.com/hook")]
    [InlineData("", null)]
    public async Task Cellgate_demo_webhook_receiver_url_overrides_the_derived_address_and_empty_means_none(string configured, string? expected)
    {
        var port = ServerProcess.FreePort();
        _app.With("urls", $"http://127.0.0.1:{port}").With("Cellgate:Demo:WebhookReceiverUrl", configured);
        Assert.Equal(expected, await DemoCallbackAsync(_app));
        Assert.False(_app.Services.GetRequiredService<WebhookTargets>().Allowed("127.0.0.1", port, IPAddress.Loopback)); // nothing admitted
    }

    [Fact]
    public async Task A_real_server_on_another_port_delivers_a_demo_mo_sms_to_its_own_demo_receiver()
    {
        const string token = "demo-webhook-token-0123456789abcdef0123";
        var port = ServerProcess.FreePort();
        var dir = Directory.CreateTempSubdirectory("cellgate-demo-webhook-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(dir, new Dictionary<string, string>
            {
                ["Cellgate__Bootstrap__ApplicationToken"] = token,
                ["Kestrel__Endpoints__Http__Url"] = $"http://0.0.0.0:{port}", // replaces --urls, as a container's setting would
            });
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var auth = await client.PostAsJsonAsync("/api/v1/authenticate", new { application_token = token });
            var jwt = (await auth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_token").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            var mo = await client.PostAsJsonAsync("/api/simulator/devices/1/mo", new { dest_address = "12345", payload = "hello demo" });
            Assert.Equal(HttpStatusCode.Created, mo.StatusCode);
            var got = await Eventually.ValueAsync(
                async () => (await client.GetFromJsonAsync<JsonElement>("/api/v1/demo/webhook_receiver")).EnumerateArray().FirstOrDefault(),
                r => r.ValueKind == JsonValueKind.Object, _ => "the demo receiver got no webhook");
            Assert.Equal("POST", got.GetProperty("method").GetString());
            Assert.True(got.GetProperty("signed").GetBoolean());
            Assert.Contains("hello demo", got.GetProperty("body").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_demo_receiver_keeps_what_it_gets_without_a_token_and_shows_it_to_the_operator_only()
    {
        var anonymous = _app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/demo/webhook_receiver") { Content = Resources.Json("{\"id\":1,\"payload\":\"demo\"}") };
        request.Headers.Add("webhook-id", "wh_42");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PatchAsync("/api/v1/demo/webhook_receiver", Resources.Json("{\"id\":2}"))).StatusCode);

        var got = (await (await _app.OperatorAsync()).GetJsonAsync("/api/v1/demo/webhook_receiver")).EnumerateArray().ToList();
        Assert.Equal(["PATCH", "POST"], got.Select(g => g.GetProperty("method").GetString()));
        Assert.Equal("wh_42", got[1].GetProperty("webhook_id").GetString());
        Assert.Equal("{\"id\":1,\"payload\":\"demo\"}", got[1].GetProperty("body").GetString());
        Assert.False(got[1].GetProperty("signed").GetBoolean());

        var (customer, _) = await _app.CustomerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/demo/webhook_receiver")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/demo/webhook_receiver")).StatusCode);
    }

    [Fact]
    public async Task Without_the_demo_the_receiver_is_not_there()
    {
        using var app = new CellgateApp().With("Cellgate:Demo:Enabled", "false");
        var response = await app.CreateClient().PostAsync("/api/v1/demo/webhook_receiver", Resources.Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
