using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>Paging edge rules (reference §1.4), q filters and sorts of <c>GET /api/v1/endpoint</c>.</summary>
public sealed class EndpointQueryTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static List<string> Names(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();

    private async Task<HttpClient> FiveEndpointsAsync()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.10.0.0/24");
        foreach (var name in new[] { "e1", "e2", "e3", "e4", "e5" }) await op.EndpointAsync(new { name });
        return op;
    }

    [Theory]
    [InlineData("?per_page=2", 1, 2, new[] { "e1", "e2" })]
    [InlineData("?per_page=2&page=2", 2, 2, new[] { "e3", "e4" })]
    [InlineData("?per_page=2&page=3", 3, 2, new[] { "e5" })]
    [InlineData("?per_page=2&page=99", 3, 2, new[] { "e5" })]
    [InlineData("?per_page=2&page=0", 1, 2, new[] { "e1", "e2" })]
    [InlineData("?per_page=2&page=-4", 1, 2, new[] { "e1", "e2" })]
    [InlineData("?per_page=0", 1, 1000, new[] { "e1", "e2", "e3", "e4", "e5" })]
    [InlineData("?per_page=-1", 1, 1000, new[] { "e1", "e2", "e3", "e4", "e5" })]
    [InlineData("?per_page=100000", 1, 1000, new[] { "e1", "e2", "e3", "e4", "e5" })]
    public async Task Paging_follows_the_documented_edge_rules(string query, int page, int perPage, string[] names)
    {
        var op = await FiveEndpointsAsync();
        var response = await op.GetAsync("/api/v1/endpoint" + query);
        Assert.Equal(names, Names(await HttpAssert.JsonAsync(response)));
        Assert.Equal(page.ToString(), response.Header("X-Current-Page"));
        Assert.Equal(perPage.ToString(), response.Header("X-Count-Per-Page"));
        Assert.Equal("5", response.Header("X-Total-Count"));
        Assert.Equal(((5 + perPage - 1) / perPage).ToString(), response.Header("X-Total-Pages"));
    }

    [Fact]
    public async Task An_empty_list_still_has_every_paging_header()
    {
        var op = await _app.OperatorAsync();
        var response = await op.GetAsync("/api/v1/endpoint");
        Assert.Equal("[]", (await HttpAssert.JsonAsync(response)).GetRawText());
        Assert.Equal("1", response.Header("X-Total-Pages"));
        Assert.Equal("0", response.Header("X-Total-Count"));
        Assert.Equal("1", response.Header("X-Current-Page"));
        Assert.Equal("1000", response.Header("X-Count-Per-Page"));
    }

    [Theory]
    [InlineData("page=x")]
    [InlineData("per_page=1.5")]
    public async Task Non_numeric_paging_parameters_are_400(string query)
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/endpoint?" + query), 400, 1000, "BadRequest");
    }

    [Fact]
    public async Task String_filters_are_case_sensitive_prefix_matches_and_tags_match_anywhere()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.20.0.0/24");
        await op.EndpointAsync(new { name = "Alpha 1", tags = "Customer A, Project B", imei = "355463117737390" });
        await op.EndpointAsync(new { name = "Alpha 2", tags = "Customer B", status = new { id = 1 } });
        await op.EndpointAsync(new { name = "Beta Alpha", tags = null as string });

        Assert.Equal(["Alpha 1", "Alpha 2"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=name:Alpha")));
        Assert.Equal(["Alpha 2"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=name:Alpha%202")));
        Assert.Empty(Names(await op.GetJsonAsync("/api/v1/endpoint?q=name:alpha")));
        Assert.Equal(["Alpha 1", "Alpha 2"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=tags:Customer")));
        Assert.Equal(["Alpha 1"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=tags:Project")));
        Assert.Equal(["Alpha 2"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=status:1")));
        Assert.Equal(["Alpha 1", "Beta Alpha"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=status:0")));
        Assert.Equal(["Alpha 1"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=name:Alpha,status:0")));
        Assert.Equal(["Alpha 1"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=imei:3554631")));
        Assert.Equal(["Alpha 2"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=ip_address:10.20.0.2")));
        Assert.Equal(["Alpha 1", "Alpha 2", "Beta Alpha"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=ip_address:10.20.")));
    }

    [Fact]
    public async Task Sim_filters_match_the_assigned_sims_numbers()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.21.0.0/24");
        var sims = await op.ImportSimsAsync(2, await op.OrganisationIdAsync());
        await op.EndpointAsync(new { name = "one", sim = new { id = sims[0].Id } });
        await op.EndpointAsync(new { name = "two", sim = new { id = sims[1].Id }, status = new { id = 1 } });
        await op.EndpointAsync(new { name = "none" });
        var two = await op.GetJsonAsync($"/api/v1/sim/{sims[1].Id}");

        Assert.Equal(["one"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=iccid:{sims[0].Iccid}")));
        Assert.Equal(["one", "two"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=iccid:{sims[0].Iccid[..10]}")));
        Assert.Equal(["two"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=iccid_with_luhn:{two.GetProperty("iccid_with_luhn").GetString()}")));
        Assert.Equal(["two"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=imsi:{two.GetProperty("imsi").GetString()}")));
        Assert.Equal(["two"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=msisdn:{two.GetProperty("msisdn").GetString()}")));
        Assert.Equal(["one"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=sim_status:1")));
        Assert.Equal(["two"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=sim_status:0")));
    }

    [Fact]
    public async Task Profile_id_and_date_filters_select_exactly()
    {
        var op = await _app.OperatorAsync();
        var s = await op.SetupAsync("10.22.0.0/24");
        var other = await op.ServiceProfileAsync("other");
        var first = await op.EndpointAsync(new { name = "a" });
        _app.Clock.Advance(TimeSpan.FromDays(2));
        op = await _app.OperatorAsync(); // the auth token expired meanwhile
        await op.EndpointAsync(new { name = "b", service_profile = new { id = other } });

        Assert.Equal(["b"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=service_profile:{other}")));
        Assert.Equal(["a", "b"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=tariff_profile:{s.TariffProfileId}")));
        Assert.Equal(["a"], Names(await op.GetJsonAsync($"/api/v1/endpoint?q=id:{first}")));
        Assert.Equal(["a"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=created:2026-03-01")));
        Assert.Equal(["b"], Names(await op.GetJsonAsync("/api/v1/endpoint?q=last_updated:2026-03-03")));
    }

    [Theory]
    [InlineData("q=status:x", 1301, "InvalidQueryCriteria")]
    [InlineData("q=status:2", 1301, "InvalidQueryCriteria")]
    [InlineData("q=unknown:1", 1301, "InvalidQueryCriteria")]
    [InlineData("q=name", 1301, "InvalidQueryCriteria")]
    [InlineData("q=name:", 1301, "InvalidQueryCriteria")]
    [InlineData("q=imei:abc", 1301, "InvalidQueryCriteria")]
    [InlineData("q=created:yesterday", 1301, "InvalidQueryCriteria")]
    [InlineData("sort=unknown", 1302, "InvalidSortCriteria")]
    [InlineData("sort=name,-bogus", 1302, "InvalidSortCriteria")]
    public async Task Invalid_criteria_are_422(string query, int code, string token)
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/endpoint?" + query), 422, code, token);
    }

    [Fact]
    public async Task Sorts_take_minus_and_plus_prefixes_and_break_ties_by_id()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.23.0.0/24");
        await op.EndpointAsync(new { name = "b" });
        await op.EndpointAsync(new { name = "a", status = new { id = 1 } });
        await op.EndpointAsync(new { name = "c" });
        await op.EndpointAsync(new { name = "a" });

        var response = await op.GetAsync("/api/v1/endpoint?sort=-id");
        Assert.Equal(["a", "c", "a", "b"], Names(await HttpAssert.JsonAsync(response)));
        Assert.Equal("-id", response.Header("X-Sort"));
        response = await op.GetAsync("/api/v1/endpoint?sort=name");
        var byName = await HttpAssert.JsonAsync(response);
        Assert.Equal(["a", "a", "b", "c"], Names(byName));
        Assert.True(byName[0].GetProperty("id").GetInt64() < byName[1].GetProperty("id").GetInt64());
        Assert.Equal("name", response.Header("X-Sort"));
        Assert.Equal(["c", "b", "a", "a"], Names(await op.GetJsonAsync("/api/v1/endpoint?sort=-name")));
        Assert.Equal(["c", "b", "a", "a"], Names(await op.GetJsonAsync("/api/v1/endpoint?sort=status,-name")));
        Assert.Equal(["b", "a", "c", "a"], Names(await op.GetJsonAsync("/api/v1/endpoint?sort=%2Bip_address")));
        Assert.Equal(["b", "a", "c", "a"], Names(await op.GetJsonAsync("/api/v1/endpoint?sort=last_updated")));
    }

    [Fact]
    public async Task Filters_and_sorts_combine_with_paging()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.24.0.0/24");
        for (var i = 0; i < 7; i++) await op.EndpointAsync(new { name = $"dev-{i}" });
        await op.EndpointAsync(new { name = "other" });
        var response = await op.GetAsync("/api/v1/endpoint?q=name:dev-&sort=-name&per_page=3&page=2");
        Assert.Equal(["dev-3", "dev-2", "dev-1"], Names(await HttpAssert.JsonAsync(response)));
        Assert.Equal("7", response.Header("X-Total-Count"));
        Assert.Equal("3", response.Header("X-Total-Pages"));
        Assert.Equal("-name", response.Header("X-Sort"));
    }

    [Fact]
    public async Task The_plain_list_pages_the_same_as_the_general_query_path_after_creates_and_deletes()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.25.0.0/24");
        var ids = new List<long>();
        for (var i = 0; i < 45; i++) ids.Add(await op.EndpointAsync(new { name = $"p{i:D2}" }));

        async Task SamePagesAsync(int expectedTotal)
        {
            for (var page = 0; page <= 4; page++)
            {
                // "sort=id,id" is the same order, but takes the general COUNT/OFFSET path.
                var plain = await op.GetAsync($"/api/v1/endpoint?per_page=20&page={page}");
                var general = await op.GetAsync($"/api/v1/endpoint?per_page=20&page={page}&sort=id,id");
                Assert.Equal(Names(await HttpAssert.JsonAsync(general)), Names(await HttpAssert.JsonAsync(plain)));
                Assert.Equal(expectedTotal.ToString(), plain.Header("X-Total-Count"));
                Assert.Equal(general.Header("X-Current-Page"), plain.Header("X-Current-Page"));
                Assert.Equal(general.Header("X-Total-Pages"), plain.Header("X-Total-Pages"));
                Assert.Equal("id", plain.Header("X-Sort"));
            }
        }

        await SamePagesAsync(45);
        Assert.Equal("p40", Names(await op.GetJsonAsync("/api/v1/endpoint?per_page=20&page=3"))[0]);
        foreach (var id in new[] { ids[0], ids[21], ids[44] }) await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{id}"));
        await SamePagesAsync(42);
        Assert.Equal("p22", Names(await op.GetJsonAsync("/api/v1/endpoint?per_page=20&page=2"))[0]);
        await op.EndpointAsync(new { name = "late" });
        await SamePagesAsync(43);
        Assert.Equal("late", Names(await op.GetJsonAsync("/api/v1/endpoint?per_page=20&page=3"))[^1]);
    }
}
