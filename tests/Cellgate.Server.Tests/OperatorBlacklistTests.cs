using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>An endpoint's operator blacklist (issue 8): recorded shapes and errors, tenancy, and the simulator refusing the attach.</summary>
public sealed class OperatorBlacklistTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private const long Vodafone = 24, Mtn = 942, TelekomDeutschland = 550;

    /// <summary>A complete endpoint (status and both profiles given, as EMnify requires them).</summary>
    private static async Task<long> EndpointAsync(HttpClient client, string name = "d")
    {
        var setup = await client.SetupAsync();
        return await client.EndpointAsync(new { name, status = new { id = 0 }, service_profile = new { id = setup.ServiceProfileId }, tariff_profile = new { id = setup.TariffProfileId } });
    }

    [Fact]
    public async Task The_blacklist_has_the_recorded_shape_and_put_and_delete_answer_204()
    {
        var op = await _app.OperatorAsync();
        var endpoint = await EndpointAsync(op);
        Assert.Equal(0, (await op.GetJsonAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist")).GetArrayLength());
        await Resources.NoContentAsync(op.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Mtn}", null));
        await Resources.NoContentAsync(op.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}", null));

        var response = await op.GetAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist");
        var list = await HttpAssert.JsonAsync(response);
        Assert.False(response.Headers.Contains("X-Total-Count"), "the recording is a plain array");
        // The recorded operators are seeded with their recorded ids: the bodies are equal, not just alike.
        Assert.Equal(WireShape.Compact(WireShape.Fixture("operator-blacklist.json", "body")), list.GetRawText());

        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}"));
        var left = await op.GetJsonAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist");
        Assert.Equal([Mtn], left.EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}"), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task Blacklisting_an_operator_twice_is_the_recorded_409()
    {
        var op = await _app.OperatorAsync();
        var endpoint = await EndpointAsync(op);
        await Resources.NoContentAsync(op.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}", null));
        var error = await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}", null), 409, 1405, "Duplicated");
        var recorded = WireShape.Fixture("error-409-duplicated.json", "body", "message").GetString()!;
        Assert.Equal(recorded.Replace("553", Vodafone.ToString()).Replace("11380018", endpoint.ToString()), error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_operator_is_404_and_nothing_is_stored()
    {
        var op = await _app.OperatorAsync();
        var endpoint = await EndpointAsync(op);
        var error = await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/999999", null), 404, 1401, "InvalidReference");
        Assert.Equal("Operator with Id '999999' not found.", error.GetProperty("message").GetString());
        Assert.Equal(0, (await op.GetJsonAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist")).GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "/24")]
    [InlineData("DELETE", "/942")]
    public async Task Another_organisations_endpoint_is_404_on_every_method_and_stays_untouched(string method, string suffix)
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        var endpoint = await EndpointAsync(op, "mine");
        await Resources.NoContentAsync(op.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Mtn}", null));
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/endpoint/{endpoint}/operator_blacklist{suffix}");
        var error = await HttpAssert.ErrorAsync(await customer.SendAsync(request), 404, 1401, "InvalidReference");
        Assert.Equal($"Endpoint with Id '{endpoint}' not found.", error.GetProperty("message").GetString());
        Assert.Equal([Mtn], (await op.GetJsonAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist")).EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Observers_read_the_blacklist_but_cannot_change_it()
    {
        var op = await _app.OperatorAsync();
        var endpoint = await EndpointAsync(op);
        await op.PostAsJsonAsync("/api/v1/user", new { username = "obs@example.com", name = "O", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = 2 } } });
        var observer = _app.ClientWithToken((await _app.LoginAsync("obs@example.com", "pw")).AuthToken);
        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist")).StatusCode);
        await HttpAssert.ErrorAsync(await observer.PutAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}", null), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.DeleteAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist/{Vodafone}"), 403, 1104, "Forbidden");
        Assert.Equal(0, (await op.GetJsonAsync($"/api/v1/endpoint/{endpoint}/operator_blacklist")).GetArrayLength());
    }

    [Fact]
    public async Task A_handset_whose_serving_operator_is_blacklisted_cannot_attach()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var handset = await w.Client.GetJsonAsync($"/api/simulator/devices/{device}");
        Assert.Equal(TelekomDeutschland, handset.GetProperty("operator_id").GetInt64()); // the default network

        await Resources.NoContentAsync(w.Client.PutAsync($"/api/v1/endpoint/{device}/operator_blacklist/{TelekomDeutschland}", null));
        var refused = await HttpAssert.ErrorAsync(await w.Client.PostAsync($"/api/simulator/devices/{device}/attach", null), 409, 1406, "NotAllowed");
        Assert.Contains($"Operator with Id '{TelekomDeutschland}' is blacklisted", refused.GetProperty("message").GetString());
        Assert.False((await w.Client.GetJsonAsync($"/api/simulator/devices/{device}")).GetProperty("attached").GetBoolean());

        // Moving to a blacklisted network while attaching is refused too; to an allowed one, the handset attaches.
        await Resources.NoContentAsync(w.Client.PutAsync($"/api/v1/endpoint/{device}/operator_blacklist/{Vodafone}", null));
        await HttpAssert.ErrorAsync(await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { attached = true, operator_id = Vodafone }), 409, 1406, "NotAllowed");
        var attached = await HttpAssert.JsonAsync(await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { attached = true, operator_id = Mtn }));
        Assert.True(attached.GetProperty("attached").GetBoolean());
        Assert.Equal(Mtn, attached.GetProperty("operator_id").GetInt64());
        Assert.Equal(Mtn, (await w.Client.GetJsonAsync($"/api/simulator/devices/{device}")).GetProperty("operator_id").GetInt64());
    }

    [Fact]
    public async Task Taking_the_operator_off_the_blacklist_lets_the_handset_attach_again()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        await Resources.NoContentAsync(w.Client.PutAsync($"/api/v1/endpoint/{device}/operator_blacklist/{TelekomDeutschland}", null));
        await HttpAssert.ErrorAsync(await w.Client.PostAsync($"/api/simulator/devices/{device}/attach", null), 409, 1406, "NotAllowed");
        await Resources.NoContentAsync(w.Client.DeleteAsync($"/api/v1/endpoint/{device}/operator_blacklist/{TelekomDeutschland}"));
        await w.AttachAsync(device);
    }

    [Fact]
    public async Task An_unknown_serving_operator_is_422()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        await HttpAssert.ErrorAsync(await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { operator_id = 999999 }), 422, 1400, "InputValidationFailed");
    }

    [Fact]
    public async Task A_toggle_schedule_does_not_attach_a_handset_on_a_blacklisted_operator()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        await Resources.NoContentAsync(w.Client.PutAsync($"/api/v1/endpoint/{device}/operator_blacklist/{TelekomDeutschland}", null));
        var scheduled = await HttpAssert.JsonAsync(await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { toggle_seconds = 10 }));
        var firstToggle = scheduled.GetProperty("next_toggle").GetString();

        // Wait until the scheduler has handled the due toggle (it moved next_toggle on), then look at the outcome.
        var after = await Eventually.ValueAsync(
            () => w.Client.GetJsonAsync($"/api/simulator/devices/{device}"),
            h => h.GetProperty("next_toggle").GetString() != firstToggle,
            h => $"the scheduler never handled the toggle: {h}",
            between: () => _app.Clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.False(after.GetProperty("attached").GetBoolean());
    }
}
