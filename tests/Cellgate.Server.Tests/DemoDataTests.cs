using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class DemoDataTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Demo:Enabled", "true");
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_first_start_gives_the_operator_profiles_an_ip_space_sims_and_three_endpoints()
    {
        var op = await _app.OperatorAsync();
        Assert.Equal("Default service profile", Assert.Single((await op.GetJsonAsync("/api/v1/service_profile")).EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("Default tariff profile", Assert.Single((await op.GetJsonAsync("/api/v1/tariff_profile")).EnumerateArray()).GetProperty("name").GetString());
        var space = Assert.Single((await op.GetJsonAsync("/api/v1/ip_address_space")).EnumerateArray());
        Assert.Equal("10.192.0.0/24", space.GetProperty("ip_address_space").GetString());
        Assert.Equal(3, space.GetProperty("used_count").GetInt32());

        var sims = await op.GetJsonAsync("/api/v1/sim");
        Assert.Equal(10, sims.GetArrayLength());
        Assert.All(sims.EnumerateArray(), s => Assert.Equal(s.GetProperty("iccid").GetString() + s.GetProperty("iccid_with_luhn").GetString()![^1],
            s.GetProperty("iccid_with_luhn").GetString()));
        Assert.Equal(7, (await op.GetJsonAsync("/api/v1/sim?q=endpoint:null")).GetArrayLength());

        var endpoints = await op.GetJsonAsync("/api/v1/endpoint");
        Assert.Equal(["Demo device 1", "Demo device 2", "Demo device 3"], endpoints.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal([0, 0, 1], endpoints.EnumerateArray().Select(e => e.GetProperty("status").GetProperty("id").GetInt32()));
        Assert.Equal([1, 1, 0], endpoints.EnumerateArray().Select(e => e.GetProperty("sim").GetProperty("status").GetProperty("id").GetInt32()));
        Assert.Equal(["10.192.0.1", "10.192.0.2", "10.192.0.3"], endpoints.EnumerateArray().Select(e => e.GetProperty("ip_address").GetString()));
        Assert.All(endpoints.EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.GetProperty("sim").GetProperty("msisdn").ValueKind));

        var events = await op.GetJsonAsync("/api/v1/event?sort=id");
        // issue 8: EMnify's sources only (Cellgate's own "4 System" is gone); EMnify records such actions as API
        Assert.All(events.EnumerateArray(), e => Assert.Equal("{\"id\":2,\"description\":\"API\"}", e.GetProperty("event_source").GetRawText()));
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("event_type").GetProperty("id").GetInt32() == 8);
    }

    [Fact]
    public async Task The_demo_endpoints_work_like_any_other()
    {
        var op = await _app.OperatorAsync();
        var free = (await op.GetJsonAsync("/api/v1/sim?q=endpoint:null"))[0].GetProperty("id").GetInt64();
        var id = await op.EndpointAsync(new { name = "mine", sim = new { id = free } });
        Assert.Equal("10.192.0.4", (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetProperty("ip_address").GetString());
        await Resources.NoContentAsync(op.PatchJsonAsync("/api/v1/endpoint/1", "{\"sim\":{\"id\":null}}"));
        await Resources.NoContentAsync(op.DeleteAsync("/api/v1/endpoint/1"));
        Assert.Equal(3, (await op.GetJsonAsync("/api/v1/endpoint")).GetArrayLength());
    }

    [Fact]
    public async Task Demo_data_is_seeded_only_on_the_first_start_of_an_empty_database()
    {
        var op = await _app.OperatorAsync();
        await Resources.NoContentAsync(op.PatchJsonAsync("/api/v1/endpoint/3", "{\"sim\":{\"id\":null}}"));
        await Resources.NoContentAsync(op.DeleteAsync("/api/v1/endpoint/3"));

        // A second server on the same database file: it is no longer empty, so nothing is seeded again.
        using var again = new CellgateApp(_app.Directory).With("Cellgate:Demo:Enabled", "true");
        var client = await again.OperatorAsync();
        Assert.Equal(2, (await client.GetJsonAsync("/api/v1/endpoint")).GetArrayLength());
        Assert.Equal(10, (await client.GetJsonAsync("/api/v1/sim")).GetArrayLength());
        Assert.Single((await client.GetJsonAsync("/api/v1/service_profile")).EnumerateArray());
    }

    [Fact]
    public async Task Turned_off_there_is_no_demo_data()
    {
        using var off = new CellgateApp();
        var op = await off.OperatorAsync();
        foreach (var path in new[] { "/api/v1/endpoint", "/api/v1/sim", "/api/v1/service_profile", "/api/v1/tariff_profile", "/api/v1/ip_address_space", "/api/v1/event" })
            Assert.Equal(0, (await op.GetJsonAsync(path)).GetArrayLength());
    }

    [Theory]
    [InlineData("Cellgate:Demo:IpAddressSpace", "not a network")]
    [InlineData("Cellgate:Demo:IpAddressSpace", "10.0.0.1/24")]
    [InlineData("Cellgate:Demo:IpAddressSpace", "10.0.0.0/30")]
    [InlineData("Cellgate:Demo:SimCount", "3")]
    public void Invalid_demo_options_stop_the_start(string key, string value)
    {
        using var bad = new CellgateApp().With("Cellgate:Demo:Enabled", "true").With(key, value);
        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("Demo", error.ToString());
    }
}
