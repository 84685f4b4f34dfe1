using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary><c>GET /api/v1/ip_address_space/available</c> and the (deprecated) <c>PUT /api/v1/ip_address_space/{id}</c> (issue 8).</summary>
public sealed class IpAddressSpacePoolTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Available_spaces_are_ten_unassigned_networks_in_the_specs_shape()
    {
        var list = await (await _app.OperatorAsync()).GetJsonAsync("/api/v1/ip_address_space/available");
        Assert.Equal(10, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), s =>
        {
            Assert.Equal(["id", "ip_address_space", "ip_address_version"], s.EnumerateObject().Select(p => p.Name));
            Assert.Matches(@"^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d{1,3}\.0/24$", s.GetProperty("ip_address_space").GetString());
            Assert.Equal(4, s.GetProperty("ip_address_version").GetInt32());
        });
        Assert.Equal(0, (await (await _app.OperatorAsync()).GetJsonAsync("/api/v1/ip_address_space/available?ip_address_version=6")).GetArrayLength());
    }

    [Fact]
    public async Task Put_assigns_an_available_space_which_then_is_no_longer_available()
    {
        var op = await _app.OperatorAsync();
        var offered = (await op.GetJsonAsync("/api/v1/ip_address_space/available"))[0];
        var offeredId = offered.GetProperty("id").GetInt64();
        var cidr = offered.GetProperty("ip_address_space").GetString();

        var response = await op.PutAsync($"/api/v1/ip_address_space/{offeredId}", null);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        var assignedId = Resources.IdFromLocation(response);
        var mine = await op.GetJsonAsync($"/api/v1/ip_address_space/{assignedId}");
        Assert.Equal(cidr, mine.GetProperty("ip_address_space").GetString());
        Assert.Contains((await op.GetJsonAsync("/api/v1/ip_address_space")).EnumerateArray(), s => s.GetProperty("ip_address_space").GetString() == cidr);

        // Assigned now: a second PUT of the offer is 409, also for another organisation, and the offer is not made again.
        await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/ip_address_space/{offeredId}", null), 409, 1405, "Duplicated");
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.ErrorAsync(await customer.PutAsync($"/api/v1/ip_address_space/{offeredId}", null), 409, 1405, "Duplicated");
        for (var i = 0; i < 5; i++)
            Assert.DoesNotContain((await op.GetJsonAsync("/api/v1/ip_address_space/available")).EnumerateArray(), s => s.GetProperty("ip_address_space").GetString() == cidr);
    }

    [Fact]
    public async Task Put_of_an_assigned_space_is_409_when_it_is_yours_and_404_when_it_is_not()
    {
        var op = await _app.OperatorAsync();
        var space = await op.IpSpaceAsync("10.77.0.0/24");
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/ip_address_space/{space}", null), 409, 1405, "Duplicated");
        await HttpAssert.ErrorAsync(await customer.PutAsync($"/api/v1/ip_address_space/{space}", null), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.PutAsync("/api/v1/ip_address_space/987654", null), 404, 1401, "InvalidReference");
        Assert.Equal(0, (await customer.GetJsonAsync("/api/v1/ip_address_space")).GetArrayLength());
    }

    [Fact]
    public async Task Observers_see_the_offers_but_cannot_assign_one()
    {
        var op = await _app.OperatorAsync();
        await op.PostAsJsonAsync("/api/v1/user", new { username = "ipobs@example.com", name = "O", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = 2 } } });
        var observer = _app.ClientWithToken((await _app.LoginAsync("ipobs@example.com", "pw")).AuthToken);
        var offeredId = (await observer.GetJsonAsync("/api/v1/ip_address_space/available"))[0].GetProperty("id").GetInt64();
        await HttpAssert.ErrorAsync(await observer.PutAsync($"/api/v1/ip_address_space/{offeredId}", null), 403, 1104, "Forbidden");
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/ip_address_space")).GetArrayLength());
    }
}
