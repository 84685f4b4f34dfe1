using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>The operator's SIM import and EMnify's BIC registration (<c>/api/v1/sim_batch/bic/{bic}</c>).</summary>
public sealed class SimInventoryTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static object Sim(string iccid, string imsi, string? msisdn) => new { iccid, imsi, msisdn };

    private static async Task<string> ImportForRegistrationAsync(HttpClient op, int count, string? bic = null)
    {
        var sims = Enumerable.Range(0, count).Select(_ => Resources.NewNumbers()).Select(n => Sim(n.Iccid, n.Imsi, n.Msisdn)).ToList();
        var json = await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { bic, sims }), 201);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("customer_org").ValueKind);
        return json.GetProperty("bic").GetString()!;
    }

    [Fact]
    public async Task The_operator_imports_sims_straight_into_a_customer_organisation()
    {
        var op = await _app.OperatorAsync();
        var (customer, customerId) = await _app.CustomerAsync();
        var n = Resources.NewNumbers();
        var response = await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new
        {
            customer_org = new { id = customerId }, sim_status = new { id = 1 }, production_date = "2015-03-06T11:15:57.000+0000",
            sims = new[] { Sim(n.Iccid, n.Imsi, "+" + n.Msisdn) },
        });
        var json = await HttpAssert.JsonAsync(response, 201);
        Assert.Matches(@"/api/v1/sim_batch/bic/CG[0-9A-F]{16}$", response.Headers.Location!.ToString());
        Assert.Equal(customerId, json.GetProperty("customer_org").GetProperty("id").GetInt64());
        var id = json.GetProperty("sim")[0].GetProperty("id").GetInt64();

        var sim = await customer.GetJsonAsync($"/api/v1/sim/{id}");
        Assert.Equal(n.Iccid, sim.GetProperty("iccid").GetString());
        Assert.Equal(n.Msisdn, sim.GetProperty("msisdn").GetString());
        Assert.Equal("2015-03-06T11:15:57.000+0000", sim.GetProperty("production_date").GetString());
        Assert.Equal(1, sim.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(customerId, sim.GetProperty("customer_org").GetProperty("id").GetInt64());
        Assert.Equal(await op.OrganisationIdAsync(), sim.GetProperty("issuer_org").GetProperty("id").GetInt64());
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/sim")).GetArrayLength());
    }

    [Fact]
    public async Task A_twenty_digit_iccid_is_checked_and_stored_without_its_luhn_digit()
    {
        var op = await _app.OperatorAsync();
        var orgId = await op.OrganisationIdAsync();
        var response = await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { customer_org = new { id = orgId }, sims = new[] { Sim("89883030000067385937", "295050901900082", "423663921524357") } });
        var json = await HttpAssert.JsonAsync(response, 201);
        Assert.Equal("8988303000006738593", json.GetProperty("sim")[0].GetProperty("iccid").GetString());
        var sim = await op.GetJsonAsync($"/api/v1/sim/{json.GetProperty("sim")[0].GetProperty("id").GetInt64()}");
        Assert.Equal("89883030000067385937", sim.GetProperty("iccid_with_luhn").GetString());
    }

    [Theory]
    [InlineData("898830300000673859", "295050901900082", "423663921524357", "sims[0].iccid")]
    [InlineData("89883030000067385938", "295050901900082", "423663921524357", "sims[0].iccid")]
    [InlineData("1988303000006738593", "295050901900082", "423663921524357", "sims[0].iccid")]
    [InlineData("898830300000673859x", "295050901900082", "423663921524357", "sims[0].iccid")]
    [InlineData("8988303000006738593", "2950509019", "423663921524357", "sims[0].imsi")]
    [InlineData("8988303000006738593", "29505090190008x", "423663921524357", "sims[0].imsi")]
    [InlineData("8988303000006738593", "295050901900082", "0423663921524357", "sims[0].msisdn")]
    [InlineData("8988303000006738593", "295050901900082", "12345", "sims[0].msisdn")]
    public async Task Badly_formatted_numbers_are_422_naming_the_field(string iccid, string imsi, string msisdn, string field)
    {
        var op = await _app.OperatorAsync();
        var json = await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = new[] { Sim(iccid, imsi, msisdn) } }), 422, 1400, "InputValidationFailed");
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(1403, error.GetProperty("error_code").GetInt32());
        Assert.StartsWith($"SIM batch - {field} has invalid format", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_sim_without_msisdn_is_accepted_and_an_empty_batch_is_not()
    {
        var op = await _app.OperatorAsync();
        var n = Resources.NewNumbers();
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = new[] { new { iccid = n.Iccid, imsi = n.Imsi } } }), 201);
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = Array.Empty<object>() }), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { }), 422, 1400, "InputValidationFailed");
    }

    [Theory]
    [InlineData("iccid")]
    [InlineData("imsi")]
    [InlineData("msisdn")]
    public async Task A_number_that_already_exists_is_409_duplicated(string field)
    {
        var op = await _app.OperatorAsync();
        var a = Resources.NewNumbers();
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = new[] { Sim(a.Iccid, a.Imsi, a.Msisdn) } }), 201);
        var b = Resources.NewNumbers();
        var clash = field switch
        {
            "iccid" => Sim(a.Iccid, b.Imsi, b.Msisdn),
            "imsi" => Sim(b.Iccid, a.Imsi, b.Msisdn),
            _ => Sim(b.Iccid, b.Imsi, a.Msisdn),
        };
        var json = await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = new[] { clash } }), 409, 1405, "Duplicated");
        Assert.Contains("already exists", json.GetProperty("message").GetString());
        WireShape.AssertSame(WireShape.Fixture("error-409-duplicated.json", "body"), json);
    }

    [Fact]
    public async Task A_number_twice_in_one_batch_is_409_duplicated()
    {
        var op = await _app.OperatorAsync();
        var a = Resources.NewNumbers();
        var b = Resources.NewNumbers();
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = new[] { Sim(a.Iccid, a.Imsi, a.Msisdn), Sim(a.Iccid, b.Imsi, b.Msisdn) } }), 409, 1405, "Duplicated");
        Assert.Empty(await op.GetFromJsonAsync<JsonElement[]>("/api/v1/admin/sim_batch") ?? []);
    }

    [Fact]
    public async Task Only_the_operator_imports_and_only_into_itself_or_its_customers()
    {
        var (customer, customerId) = await _app.CustomerAsync();
        var n = Resources.NewNumbers();
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync("/api/v1/admin/sim_batch", new { sims = new[] { Sim(n.Iccid, n.Imsi, n.Msisdn) } }), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await customer.GetAsync("/api/v1/admin/sim_batch"), 403, 1104, "Forbidden");
        var op = await _app.OperatorAsync();
        var json = await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { customer_org = new { id = 999 }, sims = new[] { Sim(n.Iccid, n.Imsi, n.Msisdn) } }), 422, 1400, "InputValidationFailed");
        Assert.Equal(1401, json.GetProperty("errors")[0].GetProperty("error_code").GetInt32());
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new { customer_org = new { id = customerId }, sims = new[] { Sim(n.Iccid, n.Imsi, n.Msisdn) } }), 201);
    }

    [Fact]
    public async Task A_customer_registers_a_batch_by_its_bic_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var bic = await ImportForRegistrationAsync(op, 2);
        var (customer, customerId) = await _app.CustomerAsync();
        Assert.Equal(0, (await customer.GetJsonAsync("/api/v1/sim")).GetArrayLength());

        var check = await customer.GetJsonAsync($"/api/v1/sim_batch/bic/{bic}");
        Assert.Equal("2", check.GetProperty("quantity").GetString());
        Assert.Equal(bic, check.GetProperty("bic").GetString());

        var response = await customer.PatchJsonAsync($"/api/v1/sim_batch/bic/{bic}", "{\"sim_status\":{\"id\":1}}");
        var json = await HttpAssert.JsonAsync(response);
        WireShape.AssertSame(WireShape.Fixture("sim-batch-register.json", "response_ok", "body"), json);
        Assert.Equal(2, json.GetProperty("sim").GetArrayLength());

        var sims = await customer.GetJsonAsync("/api/v1/sim");
        Assert.Equal(2, sims.GetArrayLength());
        Assert.All(sims.EnumerateArray(), s => Assert.Equal(1, s.GetProperty("status").GetProperty("id").GetInt32()));
        Assert.All(sims.EnumerateArray(), s => Assert.Equal(customerId, s.GetProperty("customer_org").GetProperty("id").GetInt64()));
        var events = await customer.GetJsonAsync("/api/v1/event?q=type:48");
        Assert.Equal("Batch of 2 SIM(s) registered.", Assert.Single(events.EnumerateArray()).GetProperty("description").GetString());

        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/sim_batch/bic/{bic}"), 400, 1000, "BadRequest");
        var batches = await op.GetJsonAsync("/api/v1/admin/sim_batch");
        Assert.Equal(customerId, batches[0].GetProperty("customer_org").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_python_sdk_body_form_registers_too()
    {
        var op = await _app.OperatorAsync();
        var bic = await ImportForRegistrationAsync(op, 1, bic: "BIC-0001");
        Assert.Equal("BIC-0001", bic);
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.JsonAsync(await customer.PatchJsonAsync("/api/v1/sim_batch/bic/BIC-0001", "{\"id\":1,\"description\":\"Activated\"}"));
        Assert.Equal(1, (await customer.GetJsonAsync("/api/v1/sim"))[0].GetProperty("status").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task An_unusable_bic_is_422_with_an_empty_body_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var bic = await ImportForRegistrationAsync(op, 1);
        var (customer, _) = await _app.CustomerAsync();

        async Task EmptyUnprocessable(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
            Assert.Equal(0, response.Content.Headers.ContentLength);
        }
        await EmptyUnprocessable(await customer.PatchJsonAsync("/api/v1/sim_batch/bic/NO-SUCH-BIC", "{\"sim_status\":{\"id\":1}}"));
        await EmptyUnprocessable(await customer.PatchJsonAsync($"/api/v1/sim_batch/bic/{bic}", "{\"sim_status\":{\"id\":2}}"));
        await EmptyUnprocessable(await customer.PatchJsonAsync($"/api/v1/sim_batch/bic/{bic}", "{}"));
        await HttpAssert.JsonAsync(await customer.PatchJsonAsync($"/api/v1/sim_batch/bic/{bic}", "{\"sim_status\":{\"id\":0}}"));
        await EmptyUnprocessable(await op.PatchJsonAsync($"/api/v1/sim_batch/bic/{bic}", "{\"sim_status\":{\"id\":1}}"));
        await HttpAssert.ErrorAsync(await customer.GetAsync("/api/v1/sim_batch/bic/NO-SUCH-BIC"), 404, 1201, "NotFound");
    }

    [Fact]
    public async Task Registered_sims_are_issued_unless_asked_otherwise_and_serve_endpoints()
    {
        var op = await _app.OperatorAsync();
        var bic = await ImportForRegistrationAsync(op, 1);
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.JsonAsync(await customer.PatchJsonAsync($"/api/v1/sim_batch/bic/{bic}", "{\"sim_status\":{\"id\":0}}"));
        var sim = (await customer.GetJsonAsync("/api/v1/sim"))[0];
        Assert.Equal(0, sim.GetProperty("status").GetProperty("id").GetInt32());
        await customer.SetupAsync("10.99.0.0/24");
        var endpoint = await customer.EndpointAsync(new { name = "d", sim = new { id = sim.GetProperty("id").GetInt64() } });
        Assert.Equal(1, (await customer.GetJsonAsync($"/api/v1/endpoint/{endpoint}")).GetProperty("sim").GetProperty("status").GetProperty("id").GetInt32());
    }
}
