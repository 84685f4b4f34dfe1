using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class EndpointTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private async Task<(HttpClient Client, OrgSetup Setup, List<ImportedSim> Sims)> OperatorWithSimsAsync(int sims = 3)
    {
        var op = await _app.OperatorAsync();
        var setup = await op.SetupAsync("10.191.216.64/28");
        var imported = await op.ImportSimsAsync(sims, await op.OrganisationIdAsync());
        return (op, setup, imported);
    }

    [Fact]
    public async Task Listed_endpoints_have_the_recorded_shape_with_and_without_a_sim()
    {
        var (op, s, sims) = await OperatorWithSimsAsync();
        await op.EndpointAsync(new { name = "with sim", status = new { id = 0 }, service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId }, sim = new { id = sims[0].Id }, tags = "demo" });
        await op.EndpointAsync(new { name = "no sim", status = new { id = 1 }, service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId } });

        var response = await op.GetAsync("/api/v1/endpoint");
        var list = await HttpAssert.JsonAsync(response);
        Assert.Equal(2, list.GetArrayLength());
        var withSim = list[0];
        var withoutSim = list[1];
        string[] added2022 = ["sim.iccid_with_luhn", "sim.sim_profile_type_id"];
        WireShape.AssertSame(WireShape.Fixture("endpoint-list-2022.json", "body", 0), withSim, added: added2022);
        WireShape.AssertSame(WireShape.Fixture("endpoint-list-2022.json", "body", 1), withoutSim);
        WireShape.AssertSame(WireShape.Fixture("endpoint-list-2024.json", "body", 1), withSim);
        WireShape.AssertSame(WireShape.Fixture("endpoint-list-2024.json", "body", 0), withoutSim);
        Assert.False(withoutSim.TryGetProperty("sim", out _));
        Assert.Equal(JsonValueKind.Null, withSim.GetProperty("imei").ValueKind);
        Assert.Matches(WireShape.CoreDate, withSim.GetProperty("created").GetString());
        Assert.Matches(WireShape.CoreDate, withSim.GetProperty("last_updated").GetString());
        Assert.Equal("10.191.216.65", withSim.GetProperty("ip_address").GetString());
        Assert.Equal("10.191.216.66", withoutSim.GetProperty("ip_address").GetString());

        foreach (var (name, value) in new[] { ("X-Current-Page", "1"), ("X-Count-Per-Page", "1000"), ("X-Total-Count", "2"), ("X-Total-Pages", "1"),
                     ("X-Sort", "id"), ("X-Page", "1"), ("X-Per-Page", "1000"), ("X-Pages", "1"), ("X-Count", "2") })
            Assert.Equal(value, response.Header(name));
    }

    [Fact]
    public async Task A_single_endpoint_has_the_recorded_shape_with_the_ip_space_expanded()
    {
        var (op, s, sims) = await OperatorWithSimsAsync();
        var withSim = await op.EndpointAsync(new { name = "Luboi", tags = "demo", service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId }, sim = new { id = sims[0].Id } });
        var noSim = await op.EndpointAsync(new { name = "First Device", status = new { id = 1 }, service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId } });

        var one = await op.GetJsonAsync($"/api/v1/endpoint/{withSim}");
        WireShape.AssertSame(WireShape.Fixture("endpoint-get.json", "examples", 0, "body"), one,
            added: ["tariff_profile.satellite_capable", "sim.iccid_with_luhn", "sim.sim_profile_type_id"]);
        var two = await op.GetJsonAsync($"/api/v1/endpoint/{noSim}");
        WireShape.AssertSame(WireShape.Fixture("endpoint-get.json", "examples", 1, "body"), two);
        Assert.False(two.TryGetProperty("sim", out _));
        var space = one.GetProperty("ip_address_space");
        Assert.Equal("10.191.216.64/28", space.GetProperty("ip_address_space").GetString());
        Assert.Equal(4, space.GetProperty("ip_address_version").GetInt32());
        Assert.Equal(sims[0].Iccid, one.GetProperty("sim").GetProperty("iccid").GetString());
        Assert.Equal(20, one.GetProperty("sim").GetProperty("iccid_with_luhn").GetString()!.Length);
    }

    [Fact]
    public async Task Creating_answers_201_with_an_absolute_location_ending_in_the_id_and_the_endpoint_as_get_returns_it()
    {
        // issue 8: the recorded 2022 answer had an empty body; EMnify's 2025/26 spec documents the created endpoint
        var (op, s, sims) = await OperatorWithSimsAsync();
        var response = await op.PostAsJsonAsync("/api/v1/endpoint", new { name = "syobg5zuaujrrc246gva", status = new { id = 0 },
            service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId }, sim = new { id = sims[0].Id } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.Matches(@"^http://localhost/api/v1/endpoint/\d+$", location.ToString());
        var id = long.Parse(location.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var body = await HttpAssert.JsonAsync(response, 201);
        Assert.Equal(id, body.GetProperty("id").GetInt64());
        Assert.Equal((await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetRawText(), body.GetRawText());
        Assert.Equal("syobg5zuaujrrc246gva", body.GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("sim").GetProperty("status").GetProperty("id").GetInt32()); // after the SIM's activation
    }

    [Fact]
    public async Task Creating_an_enabled_endpoint_with_an_issued_sim_activates_the_sim()
    {
        var (op, s, sims) = await OperatorWithSimsAsync();
        Assert.Equal(0, (await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}")).GetProperty("status").GetProperty("id").GetInt32());
        var id = await op.EndpointAsync(new { name = "d", status = new { id = 0 }, service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId }, sim = new { id = sims[0].Id } });

        var sim = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        Assert.Equal(1, sim.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("Activated", sim.GetProperty("status").GetProperty("description").GetString());
        Assert.Matches(WireShape.CoreDate, sim.GetProperty("activation_date").GetString());
        Assert.Equal(id, sim.GetProperty("endpoint").GetProperty("id").GetInt64());
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetProperty("sim").GetProperty("status").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Creating_a_disabled_endpoint_leaves_an_issued_sim_issued()
    {
        var (op, s, sims) = await OperatorWithSimsAsync();
        await op.EndpointAsync(new { name = "d", status = new { id = 1 }, service_profile = new { id = s.ServiceProfileId }, tariff_profile = new { id = s.TariffProfileId }, sim = new { id = sims[0].Id } });
        var sim = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        Assert.Equal(0, sim.GetProperty("status").GetProperty("id").GetInt32());
        Assert.False(sim.TryGetProperty("activation_date", out _));
    }

    [Theory] // issue 8: EMnify's spec requires all three; Cellgate used to default them and answer 201
    [InlineData("{\"name\":\"x\"}", new[] { "status", "service_profile", "tariff_profile" })]
    [InlineData("{\"name\":\"x\",\"status\":{\"id\":0}}", new[] { "service_profile", "tariff_profile" })]
    [InlineData("{\"name\":\"x\",\"service_profile\":{\"id\":1},\"tariff_profile\":{\"id\":1}}", new[] { "status" })]
    public async Task Create_without_status_or_profiles_is_1402_Required_for_each_missing_one(string body, string[] missing)
    {
        var (op, s, _) = await OperatorWithSimsAsync();
        body = body.Replace("\"service_profile\":{\"id\":1}", $"\"service_profile\":{{\"id\":{s.ServiceProfileId}}}")
            .Replace("\"tariff_profile\":{\"id\":1}", $"\"tariff_profile\":{{\"id\":{s.TariffProfileId}}}");
        var json = await HttpAssert.ErrorAsync(await op.PostAsync("/api/v1/endpoint", Resources.Json(body)), 422, 1400, "InputValidationFailed");
        Assert.Equal("Create endpoint validation error", json.GetProperty("message").GetString());
        var errors = json.GetProperty("errors").EnumerateArray().ToList();
        Assert.All(errors, e => Assert.Equal("{1402,Required}", $"{{{e.GetProperty("error_code").GetInt32()},{e.GetProperty("error_token").GetString()}}}"));
        Assert.Equal(missing.Select(f => $"Endpoint - {f} is required"), errors.Select(e => e.GetProperty("message").GetString()));
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/endpoint")).GetArrayLength());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"name\":\"   \"}")]
    public async Task Name_is_required(string body)
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        body = await op.WithEndpointDefaultsAsync(JsonDocument.Parse(body).RootElement);
        var json = await HttpAssert.ErrorAsync(await op.PostAsync("/api/v1/endpoint", Resources.Json(body)), 422, 1400, "InputValidationFailed");
        Assert.Equal("Create endpoint validation error", json.GetProperty("message").GetString());
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(1402, error.GetProperty("error_code").GetInt32());
        Assert.Equal("Endpoint - name is required", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_bad_service_profile_on_update_is_the_recorded_422_with_a_nested_invalid_reference()
    {
        var (op, s, _) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d" });
        var response = await op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"service_profile\":{\"id\":-1}}");
        var json = await HttpAssert.ErrorAsync(response, 422, 1400, "InputValidationFailed");
        Assert.Equal(WireShape.Compact(WireShape.Fixture("error-422-validation.json", "body")), WireShape.Compact(json));
    }

    [Fact]
    public async Task Bad_references_on_create_are_listed_one_by_one()
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        var response = await op.PostEndpointAsync(new
        {
            name = "d", service_profile = new { id = 999 }, tariff_profile = new { id = 998 }, sim = new { id = 997 }, ip_address_space = new { id = 996 },
        });
        var json = await HttpAssert.ErrorAsync(response, 422, 1400, "InputValidationFailed");
        var errors = json.GetProperty("errors").EnumerateArray().ToList();
        Assert.All(errors, e => Assert.Equal(1401, e.GetProperty("error_code").GetInt32()));
        Assert.All(errors, e => Assert.Equal("InvalidReference", e.GetProperty("error_token").GetString()));
        Assert.Equal(
            ["Service profile with Id '999' not found.", "Tariff profile with Id '998' not found.", "IP address space with Id '996' not found.", "SIM with Id '997' not found."],
            errors.Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_unknown_endpoint_is_the_recorded_404()
    {
        var op = await _app.OperatorAsync();
        var json = await HttpAssert.ErrorAsync(await op.PatchJsonAsync("/api/v1/endpoint/-1", "{}"), 404, 1401, "InvalidReference");
        Assert.Equal(WireShape.Compact(WireShape.Fixture("error-404-invalid-reference.json", "body")), WireShape.Compact(json));
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/endpoint/12345"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.DeleteAsync("/api/v1/endpoint/12345"), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task A_non_numeric_id_is_the_recorded_400()
    {
        var op = await _app.OperatorAsync();
        var json = await HttpAssert.ErrorAsync(await op.PatchJsonAsync("/api/v1/endpoint/None", "{}"), 400, 1000, "BadRequest");
        Assert.Equal(WireShape.Compact(WireShape.Fixture("error-400-bad-request.json", "body")), WireShape.Compact(json));
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/endpoint/abc/event"), 400, 1000, "BadRequest");
    }

    [Fact]
    public async Task Ids_sent_as_floats_are_accepted()
    {
        var (op, s, sims) = await OperatorWithSimsAsync();
        var other = await op.ServiceProfileAsync("other");
        var id = await op.EndpointAsync(new { name = "d", status = new { id = 0.0 }, service_profile = new { id = (double)s.ServiceProfileId }, sim = new { id = (double)sims[0].Id } });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", $"{{\"status\":{{\"id\":1.0,\"description\":\"Disabled\"}},\"service_profile\":{{\"id\":{other}.0}}}}"));
        var e = await op.GetJsonAsync($"/api/v1/endpoint/{id}");
        Assert.Equal(1, e.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(other, e.GetProperty("service_profile").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_fractional_id_is_400()
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d" });
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":1.5}}"), 400, 1000, "BadRequest");
    }

    [Fact]
    public async Task Sim_id_null_releases_the_sim_which_is_suspended()
    {
        var (op, _, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"sim\":{\"id\":null}}"));

        Assert.False((await op.GetJsonAsync($"/api/v1/endpoint/{id}")).TryGetProperty("sim", out _));
        var sim = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        Assert.False(sim.TryGetProperty("endpoint", out _));
        Assert.Equal(2, sim.GetProperty("status").GetProperty("id").GetInt32());
        var free = await op.GetJsonAsync("/api/v1/sim?q=endpoint:null");
        Assert.Contains(free.EnumerateArray(), x => x.GetProperty("id").GetInt64() == sims[0].Id);
    }

    [Fact]
    public async Task Disabling_suspends_the_sim_and_enabling_activates_it_again()
    {
        var (op, _, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        async Task<int> SimStatus() => (await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}")).GetProperty("status").GetProperty("id").GetInt32();
        Assert.Equal(1, await SimStatus());
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":1}}"));
        Assert.Equal(2, await SimStatus());
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":0}}"));
        Assert.Equal(1, await SimStatus());
    }

    [Fact]
    public async Task Assigning_a_sim_to_an_enabled_endpoint_activates_it_and_replacing_it_releases_the_old_one()
    {
        var (op, _, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d" });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", $"{{\"sim\":{{\"id\":{sims[0].Id}}}}}"));
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}")).GetProperty("status").GetProperty("id").GetInt32());

        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", $"{{\"sim\":{{\"id\":{sims[1].Id}}}}}"));
        Assert.Equal(sims[1].Id, (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetProperty("sim").GetProperty("id").GetInt64());
        var old = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        Assert.Equal(2, old.GetProperty("status").GetProperty("id").GetInt32());
        Assert.False(old.TryGetProperty("endpoint", out _));
    }

    [Fact]
    public async Task A_sim_already_assigned_elsewhere_is_409_duplicated()
    {
        var (op, _, sims) = await OperatorWithSimsAsync();
        var first = await op.EndpointAsync(new { name = "a", sim = new { id = sims[0].Id } });
        await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "b", sim = new { id = sims[0].Id } }), 409, 1405, "Duplicated");
        var second = await op.EndpointAsync(new { name = "b" });
        var json = await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/endpoint/{second}", $"{{\"sim\":{{\"id\":{sims[0].Id}}}}}"), 409, 1405, "Duplicated");
        Assert.Contains($"Endpoint with Id '{first}'", json.GetProperty("message").GetString());
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{first}", $"{{\"sim\":{{\"id\":{sims[0].Id}}}}}"));
    }

    [Fact]
    public async Task A_deleted_sim_cannot_be_assigned()
    {
        var (op, _, sims) = await OperatorWithSimsAsync();
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/sim/{sims[0].Id}"));
        await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "b", sim = new { id = sims[0].Id } }), 422, 1400, "InputValidationFailed");
    }

    [Fact]
    public async Task Deleting_an_endpoint_with_an_assigned_sim_is_409_and_changes_nothing()
    {
        // issue 8: EMnify's spec answers 409; Cellgate used to release the SIM and answer 204
        var (op, _, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        var before = (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetRawText();
        var events = (await op.GetJsonAsync("/api/v1/event")).GetArrayLength();
        var json = await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/endpoint/{id}"), 409, 1406, "NotAllowed");
        Assert.Equal($"Endpoint with Id '{id}' still has SIM with Id '{sims[0].Id}' assigned; release the SIM first.", json.GetProperty("message").GetString());
        Assert.Equal(before, (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetRawText());
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}")).GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(events, (await op.GetJsonAsync("/api/v1/event")).GetArrayLength());
    }

    [Fact]
    public async Task Deleting_an_endpoint_after_releasing_its_sim_as_the_python_sdk_does_keeps_the_sim_suspended()
    {
        var (op, _, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d", sim = new { id = sims[0].Id } });
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{sims[0].Id}", "{\"status\":{\"id\":2}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":1}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"sim\":{\"id\":null}}"));
        var response = await op.DeleteAsync($"/api/v1/endpoint/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v1/endpoint/{id}"), 404, 1401, "InvalidReference");
        var sim = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        Assert.Equal(2, sim.GetProperty("status").GetProperty("id").GetInt32());
        Assert.False(sim.TryGetProperty("endpoint", out _));
    }

    [Fact]
    public async Task A_partial_update_changes_only_what_is_sent_and_moves_last_updated()
    {
        var (op, s, sims) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "First Device (Example)", tags = "Customer A", imei = "3554631177373901", imei_lock = true, sim = new { id = sims[0].Id } });
        var before = await op.GetJsonAsync($"/api/v1/endpoint/{id}");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"name\":\"First Device (Example)new\"}"));
        var after = await op.GetJsonAsync($"/api/v1/endpoint/{id}");
        Assert.Equal("First Device (Example)new", after.GetProperty("name").GetString());
        foreach (var field in new[] { "tags", "imei", "imei_lock", "status", "sim", "ip_address", "service_profile", "tariff_profile", "created" })
            Assert.Equal(before.GetProperty(field).GetRawText(), after.GetProperty(field).GetRawText());
        Assert.NotEqual(before.GetProperty("last_updated").GetString(), after.GetProperty("last_updated").GetString());
    }

    [Fact]
    public async Task An_empty_update_is_204_and_changes_nothing()
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d" });
        var before = (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetRawText();
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{}"));
        Assert.Equal(before, (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetRawText());
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("35546311773739012")]
    [InlineData("35546311773739A")]
    public async Task An_imei_must_have_15_or_16_digits(string imei)
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        var json = await HttpAssert.ErrorAsync(await op.PostEndpointAsync(new { name = "d", imei }), 422, 1400, "InputValidationFailed");
        Assert.Equal(1403, json.GetProperty("errors")[0].GetProperty("error_code").GetInt32());
    }

    [Theory]
    [InlineData("{\"status\":{\"id\":2}}")]
    [InlineData("{\"status\":{\"id\":7}}")]
    [InlineData("{\"name\":\"\"}")]
    public async Task Invalid_updates_are_422(string body)
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d" });
        var json = await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/endpoint/{id}", body), 422, 1400, "InputValidationFailed");
        Assert.Equal("Update endpoint validation error", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_status_lookup_lists_enabled_disabled_and_deleted()
    {
        var op = await _app.OperatorAsync();
        var json = await op.GetJsonAsync("/api/v1/endpoint/status");
        Assert.Equal("[{\"id\":0,\"description\":\"Enabled\"},{\"id\":1,\"description\":\"Disabled\"},{\"id\":2,\"description\":\"Deleted\"}]", json.GetRawText());
    }

    [Fact]
    public async Task Connectivity_is_offline_as_recorded_and_can_be_reset()
    {
        var (op, _, _) = await OperatorWithSimsAsync();
        var id = await op.EndpointAsync(new { name = "d" });
        var json = await op.GetJsonAsync($"/api/v1/endpoint/{id}/connectivity");
        Assert.Equal(WireShape.Compact(WireShape.Fixture("endpoint-connectivity.json", "body")), WireShape.Compact(json));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}/connectivity", "{\"pdp_context\":null}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}/connectivity", "{\"location\":null}"));
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/endpoint/999/connectivity"), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task A_client_runs_the_whole_device_lifecycle()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync();
        await op.ImportSimsAsync(2, await op.OrganisationIdAsync());

        var serviceProfile = (await op.GetJsonAsync("/api/v1/service_profile"))[0].GetProperty("id").GetInt64();
        var tariffProfile = (await op.GetJsonAsync("/api/v1/tariff_profile"))[0].GetProperty("id").GetInt64();
        var freeSim = (await op.GetJsonAsync("/api/v1/sim?q=endpoint:null"))[0].GetProperty("id").GetInt64();
        var id = await op.EndpointAsync(new { name = "tracker", status = new { id = 0 }, service_profile = new { id = serviceProfile }, tariff_profile = new { id = tariffProfile }, sim = new { id = freeSim } });
        Assert.Equal("tracker", (await op.GetJsonAsync($"/api/v1/endpoint/{id}")).GetProperty("name").GetString());

        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"name\":\"tracker 2\"}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{freeSim}", "{\"status\":{\"id\":2,\"description\":\"Suspended\"}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":1.0,\"description\":\"Disabled\"}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{freeSim}", "{\"status\":{\"id\":1,\"description\":\"Activated\"}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":0,\"description\":\"Enabled\"}}"));
        var e = await op.GetJsonAsync($"/api/v1/endpoint/{id}");
        Assert.Equal("tracker 2", e.GetProperty("name").GetString());
        Assert.Equal(0, e.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(1, e.GetProperty("sim").GetProperty("status").GetProperty("id").GetInt32());

        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/sim/{freeSim}", "{\"status\":{\"id\":2,\"description\":\"Suspended\"}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"status\":{\"id\":1,\"description\":\"Disabled\"}}"));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{id}", "{\"sim\":{\"id\":null}}"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{id}"));
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/endpoint")).GetArrayLength());
        Assert.Equal(2, (await op.GetJsonAsync("/api/v1/sim?q=endpoint:null")).GetArrayLength());
    }
}
