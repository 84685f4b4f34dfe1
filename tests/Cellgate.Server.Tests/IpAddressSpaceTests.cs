using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class IpAddressSpaceTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static async Task<string> IpOfAsync(HttpClient client, long endpoint) =>
        (await client.GetJsonAsync($"/api/v1/endpoint/{endpoint}")).GetProperty("ip_address").GetString()!;

    [Fact]
    public async Task Creating_a_space_answers_201_with_the_space_and_lists_it_with_its_counts()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = "10.191.216.64/28", ip_address_version = 4 });
        var created = await HttpAssert.JsonAsync(response, 201);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"{{\"id\":{id},\"ip_address_space\":\"10.191.216.64/28\",\"ip_address_version\":4}}", created.GetRawText());
        Assert.EndsWith($"/api/v1/ip_address_space/{id}", response.Headers.Location!.ToString());

        await op.ServiceProfileAsync();
        await op.TariffProfileAsync();
        await op.EndpointAsync(new { name = "d" });
        var list = await op.GetJsonAsync("/api/v1/ip_address_space");
        Assert.Equal($"[{{\"id\":{id},\"ip_address_space\":\"10.191.216.64/28\",\"ip_address_version\":4,\"used_count\":1,\"available_count\":13}}]", list.GetRawText());
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/ip_address_space/{id}")).GetProperty("used_count").GetInt32());
    }

    [Fact]
    public async Task Allocation_skips_the_network_and_broadcast_addresses_and_exhaustion_is_the_recorded_404()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.191.216.64/30");
        var a = await op.EndpointAsync(new { name = "a" });
        var b = await op.EndpointAsync(new { name = "b" });
        Assert.Equal("10.191.216.65", await IpOfAsync(op, a));
        Assert.Equal("10.191.216.66", await IpOfAsync(op, b));

        var json = await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "c" }), 404, 1601, "Unavailable");
        Assert.Equal(WireShape.Compact(WireShape.Fixture("error-404-no-ip-address.json", "body")), WireShape.Compact(json));
        Assert.Equal(2, (await op.GetJsonAsync("/api/v1/endpoint")).GetArrayLength());
    }

    [Fact]
    public async Task A_freed_address_is_handed_out_again_but_never_twice_at_once()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.30.0.0/29"); // .1 to .6
        var ids = new List<long>();
        for (var i = 0; i < 6; i++) ids.Add(await op.EndpointAsync(new { name = $"d{i}" }));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{ids[2]}"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{ids[4]}"));
        var again = await op.EndpointAsync(new { name = "again" });
        Assert.Equal("10.30.0.3", await IpOfAsync(op, again));
        Assert.Equal("10.30.0.5", await IpOfAsync(op, await op.EndpointAsync(new { name = "again 2" })));
        await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "full" }), 404, 1601, "Unavailable");

        var addresses = (await op.GetJsonAsync("/api/v1/endpoint")).EnumerateArray().Select(e => e.GetProperty("ip_address").GetString()).ToList();
        Assert.Equal(6, addresses.Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_creates_never_share_an_address()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.31.0.0/24");
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => op.EndpointAsync(new { name = $"c{i}" })));
        var addresses = (await op.GetJsonAsync("/api/v1/endpoint")).EnumerateArray().Select(e => e.GetProperty("ip_address").GetString()).ToList();
        Assert.Equal(20, ids.Distinct().Count());
        Assert.Equal(20, addresses.Distinct().Count());
    }

    [Fact]
    public async Task When_the_first_space_is_full_the_next_one_is_used_and_a_given_space_is_respected()
    {
        var op = await _app.OperatorAsync();
        var s = await op.SetupAsync("10.40.0.0/30");
        var second = await op.IpSpaceAsync("10.41.0.0/29");
        await op.EndpointAsync(new { name = "a" });
        var b = await op.EndpointAsync(new { name = "b", ip_address_space = new { id = second } });
        Assert.Equal("10.41.0.1", await IpOfAsync(op, b));
        await op.EndpointAsync(new { name = "c" });
        Assert.Equal("10.41.0.2", await IpOfAsync(op, await op.EndpointAsync(new { name = "d" })));
        await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "e", ip_address_space = new { id = s.IpAddressSpaceId } }), 404, 1601, "Unavailable");
    }

    [Fact]
    public async Task A_requested_address_must_be_usable_and_free()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.50.0.0/24");
        var a = await op.EndpointAsync(new { name = "a", ip_address = "10.50.0.77" });
        Assert.Equal("10.50.0.77", await IpOfAsync(op, a));
        Assert.Equal("10.50.0.78", await IpOfAsync(op, await op.EndpointAsync(new { name = "next" })));
        foreach (var ip in new[] { "10.50.0.77", "10.50.0.0", "10.50.0.255", "10.51.0.1", "10.50.0", "010.50.0.1" })
            await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "x", ip_address = ip }), 422, 1400, "InputValidationFailed");
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{a}", "{\"ip_address\":\"10.50.0.77\"}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{a}", "{\"ip_address\":\"10.50.0.10\"}"));
        Assert.Equal("10.50.0.10", await IpOfAsync(op, a));
    }

    [Fact]
    public async Task Moving_an_endpoint_to_another_space_allocates_an_address_there()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.60.0.0/24");
        var other = await op.IpSpaceAsync("10.61.0.0/24");
        var a = await op.EndpointAsync(new { name = "a" });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{a}", $"{{\"ip_address_space\":{{\"id\":{other}}}}}"));
        var e = await op.GetJsonAsync($"/api/v1/endpoint/{a}");
        Assert.Equal("10.61.0.1", e.GetProperty("ip_address").GetString());
        Assert.Equal(other, e.GetProperty("ip_address_space").GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("10.0.0.1/24")]
    [InlineData("10.0.0.0/31")]
    [InlineData("10.0.0.0/32")]
    [InlineData("10.0.0.0/7")]
    [InlineData("10.0.0.0")]
    [InlineData("fd00::/64")]
    [InlineData("300.0.0.0/24")]
    [InlineData("")]
    public async Task Invalid_networks_are_422(string cidr)
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = cidr }), 422, 1400, "InputValidationFailed");
    }

    [Fact]
    public async Task Ipv6_is_refused()
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = "10.0.0.0/24", ip_address_version = 6 }), 422, 1400, "InputValidationFailed");
    }

    [Fact]
    public async Task Overlapping_spaces_are_409_across_organisations()
    {
        var op = await _app.OperatorAsync();
        await op.IpSpaceAsync("10.70.0.0/24");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = "10.70.0.128/25" }), 409, 1405, "Duplicated");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = "10.0.0.0/8" }), 409, 1405, "Duplicated");
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = "10.70.0.0/24" }), 409, 1405, "Duplicated");
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = "10.71.0.0/24" })).StatusCode);
    }

    [Fact]
    public async Task A_space_in_use_cannot_be_released()
    {
        var op = await _app.OperatorAsync();
        var s = await op.SetupAsync("10.80.0.0/24");
        var a = await op.EndpointAsync(new { name = "a" });
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/ip_address_space/{s.IpAddressSpaceId}"), 409, 1406, "NotAllowed");
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{a}"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/ip_address_space/{s.IpAddressSpaceId}"));
        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v1/ip_address_space/{s.IpAddressSpaceId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "b" }), 404, 1601, "Unavailable");
    }
}
