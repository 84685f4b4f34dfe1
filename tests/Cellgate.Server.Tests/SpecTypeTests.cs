using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 8: fields typed as EMnify's published OpenAPI document types them, where no recorded response says
/// otherwise. An object or string in the spec is never <c>null</c> on the wire: it is left out while unset.
/// The expected types are the spec's (schema names in the comments).
/// </summary>
public sealed class SpecTypeTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static void AssertKinds(JsonElement json, params (string Field, JsonValueKind Kind)[] fields)
    {
        foreach (var (field, kind) in fields)
        {
            Assert.True(json.TryGetProperty(field, out var value), $"{field} is missing in {json.GetRawText()}");
            Assert.True(value.ValueKind == kind, $"{field} is {value.ValueKind}, the spec types it as {kind}: {json.GetRawText()}");
        }
    }

    private static void AssertNoNulls(JsonElement json, params string[] fields)
    {
        foreach (var field in fields)
            Assert.True(!json.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Null, $"{field} is null in {json.GetRawText()}");
    }

    [Fact]
    public async Task Validating_a_bic_answers_the_specs_sim_batch_fields_with_their_types()
    {
        // SIM_ValidateSIMBatchByBIC_Response_200
        var op = await _app.OperatorAsync();
        var n = Resources.NewNumbers();
        var imported = await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/admin/sim_batch",
            new { bic = "SPEC-BATCH-1", sims = new[] { new { iccid = n.Iccid, imsi = n.Imsi, msisdn = n.Msisdn } } }), 201);
        var (customer, _) = await _app.CustomerAsync();
        var batch = await customer.GetJsonAsync("/api/v1/sim_batch/bic/SPEC-BATCH-1");

        Assert.Equal(["sim_batch_status_id", "bsn", "bic", "quantity", "sim_model_id", "issuer_org_id", "reseller_org_id", "activated", "id", "status", "model"],
            batch.EnumerateObject().Select(p => p.Name));
        AssertKinds(batch, ("sim_batch_status_id", JsonValueKind.String), ("bsn", JsonValueKind.String), ("bic", JsonValueKind.String),
            ("quantity", JsonValueKind.String), ("sim_model_id", JsonValueKind.String), ("issuer_org_id", JsonValueKind.String),
            ("reseller_org_id", JsonValueKind.Number), ("activated", JsonValueKind.String), ("id", JsonValueKind.Number),
            ("status", JsonValueKind.Object), ("model", JsonValueKind.Object));
        Assert.Equal(imported.GetProperty("id").GetInt64(), batch.GetProperty("id").GetInt64());
        Assert.Equal("1", batch.GetProperty("quantity").GetString());
        Assert.Equal(await op.OrganisationIdAsync(), batch.GetProperty("reseller_org_id").GetInt64());
        Assert.Equal("{\"id\":1,\"description\":\"Unregistered\"}", batch.GetProperty("status").GetRawText());
        var model = batch.GetProperty("model");
        AssertKinds(model, ("id", JsonValueKind.Number), ("description", JsonValueKind.String), ("memory_size", JsonValueKind.Number),
            ("formfactor", JsonValueKind.Object), ("manufacturer", JsonValueKind.Object));
        Assert.Equal(batch.GetProperty("sim_model_id").GetString(), model.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task My_organisation_has_its_type_and_status_ids_as_strings()
    {
        // Organization_MyOrganisationGet_Response_200: organisation_type_id, organisation_status_id are strings
        var my = await (await _app.OperatorAsync()).GetJsonAsync("/api/v1/organisation/my");
        AssertKinds(my, ("id", JsonValueKind.Number), ("name", JsonValueKind.String),
            ("organisation_type_id", JsonValueKind.String), ("organisation_status_id", JsonValueKind.String), ("created", JsonValueKind.String));
        Assert.Equal(my.GetProperty("organisation_type").GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            my.GetProperty("organisation_type_id").GetString());
        Assert.Equal(my.GetProperty("status").GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            my.GetProperty("organisation_status_id").GetString());
    }

    [Fact]
    public async Task A_service_profile_leaves_out_an_unset_callback_secret_and_interface_and_shows_them_as_objects_once_set()
    {
        // Service Profiles_ServiceProfileByProfileIdGet_Response_200: api_callback, api_secret, esme_interface_type are objects
        var op = await _app.OperatorAsync();
        var id = await op.ServiceProfileAsync();
        var fields = new[] { "api_callback", "api_secret", "esme_interface_type" };
        foreach (var json in new[] { await op.GetJsonAsync($"/api/v1/service_profile/{id}"), (await op.GetJsonAsync("/api/v1/service_profile"))[0] })
        {
            AssertNoNulls(json, fields);
            Assert.All(fields, f => Assert.False(json.TryGetProperty(f, out _), f));
        }
        var callback = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.com/hook" }));
        var secret = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/api_secret", new { secret = "spec-type-test-secret" }));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/service_profile/{id}",
            $"{{\"api_callback\":{{\"id\":{callback}}},\"api_secret\":{{\"id\":{secret}}},\"esme_interface_type\":{{\"id\":1}}}}"));
        var set = await op.GetJsonAsync($"/api/v1/service_profile/{id}");
        AssertKinds(set, ("api_callback", JsonValueKind.Object), ("api_secret", JsonValueKind.Object), ("esme_interface_type", JsonValueKind.Object));
    }

    [Fact]
    public async Task Services_carry_an_integer_teleservice_code_or_none()
    {
        // ApiV1ServiceGetResponsesContentApplicationJsonSchemaItems: teleservice_code is an integer
        var op = await _app.OperatorAsync();
        var services = await op.GetJsonAsync("/api/v1/service");
        Assert.All(services.EnumerateArray(), s => AssertNoNulls(s, "teleservice_code"));
        Assert.Equal([33, 34], services.EnumerateArray().Where(s => s.TryGetProperty("teleservice_code", out _)).Select(s => s.GetProperty("teleservice_code").GetInt32()));
        var id = await op.ServiceProfileAsync();
        Assert.All((await op.GetJsonAsync($"/api/v1/service_profile/{id}")).GetProperty("service").EnumerateArray(), s => AssertNoNulls(s, "teleservice_code"));
    }

    [Fact]
    public async Task An_application_token_without_expiry_or_ip_range_leaves_them_out_and_names_its_creator_as_an_object()
    {
        // ApiV1ApplicationTokenGetResponsesContentApplicationJsonSchemaItems: expiry_date and ip are strings, creator an object
        var op = await _app.OperatorAsync();
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "plain" }));
        var plain = (await op.GetJsonAsync("/api/v1/application_token")).EnumerateArray().Single(t => t.GetProperty("description").GetString() == "plain");
        Assert.False(plain.TryGetProperty("expiry_date", out _));
        Assert.False(plain.TryGetProperty("ip", out _));
        // Made with the bootstrap application token: the creator is the user behind it (issue 7), an object as in the spec.
        Assert.Equal(JsonValueKind.Object, plain.GetProperty("creator").ValueKind);
        AssertKinds(plain, ("id", JsonValueKind.Number), ("created", JsonValueKind.String), ("status", JsonValueKind.Object));
        var one = await op.GetJsonAsync($"/api/v1/application_token/{plain.GetProperty("id").GetInt64()}");
        AssertNoNulls(one, "expiry_date", "ip");
    }
}
