using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>EMnify's lookups (issue 8): seeded tables, plain arrays in the spec's shapes, literal paths winning over <c>{id}</c>.</summary>
public sealed class LookupTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    /// <summary>The keys each lookup's items have: the spec's properties, plus <c>description</c> on the status/role/RAT lists (reference §1.2).</summary>
    [Theory]
    [InlineData("/api/v1/country", "id,name,country_code,mcc,iso_code")]
    [InlineData("/api/v1/currency", "id,code,symbol")]
    [InlineData("/api/v1/rat_type", "id,description")]
    [InlineData("/api/v1/service_level", "id,name")]
    [InlineData("/api/v1/breakout_region", "id,name,ip_address")]
    [InlineData("/api/v1/data_blocksize", "id,octets")]
    [InlineData("/api/v1/data_throttle", "id,octets")]
    [InlineData("/api/v1/user/status", "id,description")]
    [InlineData("/api/v1/user/role", "id,name,description")]
    [InlineData("/api/v1/organisation/status", "id,description")]
    [InlineData("/api/v1/endpoint/status", "id,description")]
    [InlineData("/api/v1/sim/status", "id,description")]
    [InlineData("/api/v1/operator", "id,name,country_name,country")]
    public async Task Each_lookup_is_a_plain_array_in_the_specs_shape_ordered_by_id(string path, string keys)
    {
        var response = await (await _app.OperatorAsync()).GetAsync(path);
        var list = await HttpAssert.JsonAsync(response);
        Assert.False(response.Headers.Contains("X-Total-Count"), "lookups are not paged");
        Assert.True(list.GetArrayLength() > 1);
        var ids = new List<long>();
        foreach (var item in list.EnumerateArray())
        {
            Assert.Equal(keys.Split(','), item.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, item.GetProperty("id").ValueKind);
            foreach (var p in item.EnumerateObject().Where(p => p.Name is not ("id" or "country")))
                Assert.Equal(JsonValueKind.String, p.Value.ValueKind); // the spec types these as strings, codes and octets included
            ids.Add(item.GetProperty("id").GetInt64());
        }
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task User_role_and_user_status_are_lookups_not_a_user_called_role()
    {
        var op = await _app.OperatorAsync();
        Assert.Equal("""[{"id":1,"name":"Administrator","description":"Reads and changes everything of the organisation"},{"id":2,"name":"Observer","description":"Reads everything of the organisation, changes nothing"}]""",
            (await op.GetJsonAsync("/api/v1/user/role")).GetRawText());
        Assert.Equal("""[{"id":0,"description":"Activation Pending"},{"id":1,"description":"Active"},{"id":2,"description":"Suspended"}]""",
            (await op.GetJsonAsync("/api/v1/user/status")).GetRawText());
        Assert.Equal("""[{"id":1,"description":"Active"},{"id":2,"description":"Suspended"}]""",
            (await op.GetJsonAsync("/api/v1/organisation/status")).GetRawText());
        // The {id} routes beside them still answer for real ids.
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/v1/user/{CellgateApp.AdminUsername}")).StatusCode);
    }

    [Fact]
    public async Task Countries_carry_the_recorded_ids_and_codes_and_geographic_leaves_out_the_883_range()
    {
        var op = await _app.OperatorAsync();
        var all = (await op.GetJsonAsync("/api/v1/country")).EnumerateArray().ToList();
        var albania = WireShape.Fixture("operator-blacklist.json", "body", 0, "country");
        Assert.Equal(WireShape.Compact(albania), all.Single(c => c.GetProperty("id").GetInt64() == 4).GetRawText());
        Assert.Contains(all, c => c.GetProperty("id").GetInt64() == 219 && c.GetProperty("name").GetString() == "NonTerrestrial 883");
        var geographic = (await op.GetJsonAsync("/api/v1/country?geographic=true")).EnumerateArray().ToList();
        Assert.Equal(all.Count - 1, geographic.Count);
        Assert.DoesNotContain(geographic, c => c.GetProperty("id").GetInt64() == 219);
    }

    [Fact]
    public async Task Operators_list_their_country_with_its_name()
    {
        var op = await _app.OperatorAsync();
        var vodafone = (await op.GetJsonAsync("/api/v1/operator")).EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == 24);
        Assert.Equal("Vodafone", vodafone.GetProperty("name").GetString());
        Assert.Equal("Albania", vodafone.GetProperty("country_name").GetString());
        Assert.Equal(WireShape.Compact(WireShape.Fixture("operator-blacklist.json", "body", 0, "country")), vodafone.GetProperty("country").GetRawText());
    }

    [Fact]
    public async Task Observers_and_customers_read_the_lookups()
    {
        var op = await _app.OperatorAsync();
        await op.PostAsJsonAsync("/api/v1/user", new { username = "look@example.com", name = "L", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = 2 } } });
        var (auth, _) = await _app.LoginAsync("look@example.com", "pw");
        var (customer, _) = await _app.CustomerAsync();
        foreach (var client in new[] { _app.ClientWithToken(auth), customer })
        {
            Assert.NotEqual(0, (await client.GetJsonAsync("/api/v1/currency")).GetArrayLength());
            Assert.NotEqual(0, (await client.GetJsonAsync("/api/v1/operator")).GetArrayLength());
        }
    }
}
