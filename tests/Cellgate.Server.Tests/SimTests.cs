using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Sims;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class SimTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private async Task<(HttpClient Client, List<ImportedSim> Sims)> OperatorWithSimsAsync(int count = 3)
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync();
        return (op, await op.ImportSimsAsync(count, await op.OrganisationIdAsync()));
    }

    private static async Task<int> StatusAsync(HttpClient client, long sim) =>
        (await client.GetJsonAsync($"/api/v1/sim/{sim}")).GetProperty("status").GetProperty("id").GetInt32();

    [Fact]
    public async Task Listed_sims_have_the_recorded_shape()
    {
        var (op, sims) = await OperatorWithSimsAsync();
        await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        var response = await op.GetAsync("/api/v1/sim");
        var list = await HttpAssert.JsonAsync(response);
        Assert.Equal(3, list.GetArrayLength());
        WireShape.AssertSame(WireShape.Fixture("sim-list.json", "body", 0), list[0], added: ["iccid_with_luhn"]);
        WireShape.AssertSame(WireShape.Fixture("sim-list.json", "body", 1), list[1], added: ["iccid_with_luhn"]);
        Assert.False(list[1].TryGetProperty("endpoint", out _));
        Assert.False(list[1].TryGetProperty("activation_date", out _));
        Assert.Matches(WireShape.CoreDate, list[0].GetProperty("production_date").GetString());
        Assert.Matches(WireShape.CoreDate, list[0].GetProperty("activation_date").GetString());
        Assert.Matches(WireShape.CoreDate, list[0].GetProperty("endpoint").GetProperty("created").GetString());
        Assert.Equal("2000", response.Header("X-Count-Per-Page"));
        Assert.Equal("3", response.Header("X-Total-Count"));
        Assert.Equal("1", response.Header("X-Total-Pages"));
        Assert.Equal("id", response.Header("X-Sort"));
    }

    [Fact]
    public async Task A_single_sim_has_the_recorded_shape()
    {
        var (op, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"sim\":{\"id\":null}}"));
        var sim = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        WireShape.AssertSame(WireShape.Fixture("sim-get.json", "body"), sim, added: ["iccid_with_luhn"]);
        Assert.Equal(sims[0].Iccid, sim.GetProperty("iccid").GetString());
        Assert.Equal(19, sim.GetProperty("iccid").GetString()!.Length);
        var luhn = sim.GetProperty("iccid_with_luhn").GetString()!;
        Assert.Equal(sims[0].Iccid + SimNumbers.LuhnDigit(sims[0].Iccid), luhn);
        Assert.Equal(15, sim.GetProperty("imsi").GetString()!.Length);
        Assert.Equal(JsonValueKind.String, sim.GetProperty("msisdn").ValueKind);
        Assert.Equal(await op.OrganisationIdAsync(), sim.GetProperty("issuer_org").GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("8988303000006738593", '7')] // examples/endpoint-list-2024.json: 89883030000067385937
    [InlineData("8988303000006738591", '1')] // 89883030000067385911
    [InlineData("7992739871", '3')] // the textbook example
    public void The_luhn_digit_is_the_recorded_one(string iccid, char digit) => Assert.Equal(digit, SimNumbers.LuhnDigit(iccid));

    [Fact]
    public async Task Per_page_defaults_to_2000_and_is_capped_at_2500()
    {
        var (op, _) = await OperatorWithSimsAsync(1);
        Assert.Equal("2000", (await op.GetAsync("/api/v1/sim")).Header("X-Count-Per-Page"));
        Assert.Equal("2500", (await op.GetAsync("/api/v1/sim?per_page=9999")).Header("X-Count-Per-Page"));
        Assert.Equal("2000", (await op.GetAsync("/api/v1/sim?per_page=0")).Header("X-Count-Per-Page"));
    }

    [Fact]
    public async Task Filters_find_free_sims_statuses_and_number_prefixes()
    {
        var (op, sims) = await OperatorWithSimsAsync(4);
        var endpoint = await op.EndpointAsync(new { name = "d", sim = new { id = sims[1].Id } });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{sims[2].Id}", "{\"status\":{\"id\":4}}"));
        static List<long> Ids(JsonElement list) => list.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToList();

        Assert.Equal([sims[0].Id, sims[2].Id, sims[3].Id], Ids(await op.GetJsonAsync("/api/v1/sim?q=endpoint:null")));
        Assert.Equal([sims[1].Id], Ids(await op.GetJsonAsync($"/api/v1/sim?q=endpoint:{endpoint}")));
        Assert.Equal([sims[1].Id], Ids(await op.GetJsonAsync("/api/v1/sim?q=status:1")));
        Assert.Equal([sims[0].Id, sims[1].Id, sims[3].Id], Ids(await op.GetJsonAsync("/api/v1/sim?q=status:0|1")));
        Assert.Equal([sims[3].Id], Ids(await op.GetJsonAsync($"/api/v1/sim?q=iccid:{sims[3].Iccid}")));
        Assert.Equal(4, Ids(await op.GetJsonAsync($"/api/v1/sim?q=iccid:{sims[0].Iccid[..12]}")).Count);
        var one = await op.GetJsonAsync($"/api/v1/sim/{sims[3].Id}");
        Assert.Equal([sims[3].Id], Ids(await op.GetJsonAsync($"/api/v1/sim?q=imsi:{one.GetProperty("imsi").GetString()}")));
        Assert.Equal([sims[3].Id], Ids(await op.GetJsonAsync($"/api/v1/sim?q=msisdn:{one.GetProperty("msisdn").GetString()}")));
        Assert.Equal([sims[3].Id], Ids(await op.GetJsonAsync($"/api/v1/sim?q=iccid_with_luhn:{one.GetProperty("iccid_with_luhn").GetString()}")));
        Assert.Equal([sims[3].Id], Ids(await op.GetJsonAsync($"/api/v1/sim?q=iccid:{one.GetProperty("iccid_with_luhn").GetString()}")));
        Assert.Equal([sims[3].Id, sims[2].Id, sims[1].Id, sims[0].Id], Ids(await op.GetJsonAsync("/api/v1/sim?sort=-iccid")));
        Assert.Equal([sims[2].Id, sims[1].Id, sims[0].Id, sims[3].Id], Ids(await op.GetJsonAsync("/api/v1/sim?sort=-status,id")));
    }

    [Theory]
    [InlineData("q=status:9")]
    [InlineData("q=iccid:89x")]
    [InlineData("q=endpoint:abc")]
    [InlineData("q=nope:1")]
    [InlineData("sort=nope")]
    public async Task Invalid_sim_criteria_are_422(string query)
    {
        var (op, _) = await OperatorWithSimsAsync(1);
        var response = await op.GetAsync("/api/v1/sim?" + query);
        Assert.Equal(422, (int)response.StatusCode);
    }

    [Fact]
    public async Task Status_changes_follow_the_allowed_transitions()
    {
        var (op, sims) = await OperatorWithSimsAsync(2);
        var sim = sims[0].Id;
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":2}}"), 422, 1400, "InputValidationFailed");
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":1,\"description\":\"Activated\"}}"));
        Assert.Equal(1, await StatusAsync(op, sim));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":1}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":2.0,\"description\":\"Suspended\"}}"));
        Assert.Equal(2, await StatusAsync(op, sim));
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":0}}"), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":4}}"), 422, 1400, "InputValidationFailed");
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{sim}", "{\"status\":{\"id\":1}}"));
        Assert.Equal(1, await StatusAsync(op, sim));

        var other = sims[1].Id;
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{other}", "{\"status\":{\"id\":4}}"));
        Assert.Equal("Factory Test", (await op.GetJsonAsync($"/api/v1/sim/{other}")).GetProperty("status").GetProperty("description").GetString());
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/sim/{other}", "{\"status\":{\"id\":2}}"), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/sim/{other}", "{\"status\":{\"id\":3}}"), 422, 1400, "InputValidationFailed");
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{other}", "{\"status\":{\"id\":1}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{other}", "{}"));
    }

    [Fact]
    public async Task A_sim_is_deleted_for_good_but_not_while_assigned()
    {
        var (op, sims) = await OperatorWithSimsAsync(1);
        var endpoint = await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/sim/{sims[0].Id}"), 409, 1406, "NotAllowed");
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{endpoint}", "{\"sim\":{\"id\":null}}"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/sim/{sims[0].Id}"));
        Assert.Equal(3, await StatusAsync(op, sims[0].Id));
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/sim/{sims[0].Id}", "{\"status\":{\"id\":1}}"), 422, 1400, "InputValidationFailed");
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/sim/{sims[0].Id}"));
    }

    [Fact]
    public async Task The_status_lookup_lists_all_five_statuses()
    {
        var op = await _app.OperatorAsync();
        Assert.Equal(
            "[{\"id\":0,\"description\":\"Issued\"},{\"id\":1,\"description\":\"Activated\"},{\"id\":2,\"description\":\"Suspended\"},{\"id\":3,\"description\":\"Deleted\"},{\"id\":4,\"description\":\"Factory Test\"}]",
            (await op.GetJsonAsync("/api/v1/sim/status")).GetRawText());
    }

    [Fact]
    public async Task Unknown_sims_are_404()
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/sim/404"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync("/api/v1/sim/404", "{}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.DeleteAsync("/api/v1/sim/404"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/sim/None"), 400, 1000, "BadRequest");
    }
}
