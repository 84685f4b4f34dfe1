using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>The demo's webhook: the demo service profile's signed API callback to the built-in receiver, and the receiver itself.</summary>
public sealed class DemoWebhookTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Demo:Enabled", "true");
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_demo_service_profile_has_a_signed_callback_to_the_built_in_receiver()
    {
        var op = await _app.OperatorAsync();
        var profile = await op.GetJsonAsync("/api/v1/service_profile/1");
        var callback = await op.GetJsonAsync($"/api/v1/api_callback/{profile.GetProperty("api_callback").GetProperty("id").GetInt64()}");
        Assert.Equal("http://127.0.0.1:5080/api/v1/demo/webhook_receiver", callback.GetProperty("url").GetString());
        var secret = await op.GetJsonAsync($"/api/v1/api_secret/{profile.GetProperty("api_secret").GetProperty("id").GetInt64()}");
        Assert.StartsWith("Demo", secret.GetProperty("purpose").GetString());
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
