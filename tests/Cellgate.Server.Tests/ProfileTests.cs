using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class ProfileTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_service_profile_is_created_read_listed_updated_and_deleted()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/service_profile", new { name = "Default", description = "for trackers" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var id = Resources.IdFromLocation(response);
        Assert.Matches(@"^http://localhost/api/v1/service_profile/\d+$", response.Headers.Location!.ToString());

        var one = await op.GetJsonAsync($"/api/v1/service_profile/{id}");
        Assert.Equal("Default", one.GetProperty("name").GetString());
        Assert.Equal("for trackers", one.GetProperty("description").GetString());
        foreach (var flag in new[] { "allowed_3g", "allowed_4g", "allowed_nb_iot", "sms_p2p_int", "sms_p2p_ext" }) Assert.True(one.GetProperty(flag).GetBoolean(), flag);
        foreach (var flag in new[] { "allowed_nb_iot_geo", "apply_quota", "apply_data_quota", "apply_sms_quota", "retail", "prepaid", "nipdp" }) Assert.False(one.GetProperty(flag).GetBoolean(), flag);
        Assert.Equal(JsonValueKind.Number, one.GetProperty("used_count").ValueKind);
        Assert.False(one.TryGetProperty("api_callback", out _)); // issue 8: an object in the spec, so left out while unset
        Assert.Equal(["Data", "SMS MT", "SMS MO"], one.GetProperty("service").EnumerateArray().Select(s => s.GetProperty("description").GetString()));

        var list = await op.GetJsonAsync("/api/v1/service_profile");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal("0", item.GetProperty("used_count").GetString());
        Assert.False(item.TryGetProperty("service", out _));

        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/service_profile/{id}", "{\"name\":\"Renamed\",\"allowed_3g\":false}"));
        one = await op.GetJsonAsync($"/api/v1/service_profile/{id}");
        Assert.Equal("Renamed", one.GetProperty("name").GetString());
        Assert.False(one.GetProperty("allowed_3g").GetBoolean());
        Assert.Equal("for trackers", one.GetProperty("description").GetString());

        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/service_profile/{id}"));
        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v1/service_profile/{id}"), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task Service_profiles_carry_the_sms_switches()
    {
        var op = await _app.OperatorAsync();
        var id = await op.ServiceProfileAsync();
        var callback = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.com/hook" }));
        var secret = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/api_secret", new { secret = "profile-test-secret" }));
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/service_profile/{id}",
            $"{{\"sms_p2p_int\":false,\"sms_p2p_ext\":false,\"apply_sms_quota\":true,\"esme_interface_type\":{{\"id\":2}},\"api_callback\":{{\"id\":{callback}}},\"api_secret\":{{\"id\":{secret}}}}}"));
        var one = await op.GetJsonAsync($"/api/v1/service_profile/{id}");
        Assert.False(one.GetProperty("sms_p2p_int").GetBoolean());
        Assert.False(one.GetProperty("sms_p2p_ext").GetBoolean());
        Assert.True(one.GetProperty("apply_sms_quota").GetBoolean());
        Assert.Equal("{\"id\":2,\"description\":\"SMPP\"}", one.GetProperty("esme_interface_type").GetRawText());
        Assert.Equal($"{{\"id\":{callback}}}", one.GetProperty("api_callback").GetRawText());
        Assert.Equal($"{{\"id\":{secret}}}", one.GetProperty("api_secret").GetRawText());

        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/service_profile/{id}", "{\"api_callback\":{\"id\":null},\"api_secret\":{\"id\":null}}"));
        one = await op.GetJsonAsync($"/api/v1/service_profile/{id}");
        Assert.False(one.TryGetProperty("api_callback", out _));
        Assert.False(one.TryGetProperty("api_secret", out _));
        Assert.Equal(2, one.GetProperty("esme_interface_type").GetProperty("id").GetInt32());
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v1/service_profile/{id}", "{\"esme_interface_type\":{\"id\":9}}"), 422, 1400, "InputValidationFailed");
        Assert.Equal("[{\"id\":1,\"description\":\"RestAPI\"},{\"id\":2,\"description\":\"SMPP\"}]", (await op.GetJsonAsync("/api/v1/esme_interface_type")).GetRawText());
    }

    [Fact]
    public async Task Sms_mt_and_mo_are_services_added_to_and_removed_from_a_profile()
    {
        var op = await _app.OperatorAsync();
        var id = await op.ServiceProfileAsync();
        Assert.Equal(3, (await op.GetJsonAsync("/api/v1/service")).GetArrayLength());
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/service_profile/{id}/service/2"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/service_profile/{id}/service/3"));
        Assert.Equal(["Data"], (await op.GetJsonAsync($"/api/v1/service_profile/{id}")).GetProperty("service").EnumerateArray().Select(s => s.GetProperty("description").GetString()));
        await Resources.NoContentAsync(op.PutAsync($"/api/v1/service_profile/{id}/service/3", null));
        await Resources.NoContentAsync(op.PutAsync($"/api/v1/service_profile/{id}/service/3", null));
        Assert.Equal(["Data", "SMS MO"], (await op.GetJsonAsync($"/api/v1/service_profile/{id}")).GetProperty("service").EnumerateArray().Select(s => s.GetProperty("description").GetString()));
        await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/service_profile/{id}/service/99", null), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task The_deprecated_apply_quota_sets_apply_data_quota_unless_that_is_given()
    {
        var op = await _app.OperatorAsync();
        var id = await op.ServiceProfileAsync();
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/service_profile/{id}", "{\"apply_quota\":true}"));
        Assert.True((await op.GetJsonAsync($"/api/v1/service_profile/{id}")).GetProperty("apply_data_quota").GetBoolean());
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/service_profile/{id}", "{\"apply_quota\":true,\"apply_data_quota\":false}"));
        Assert.False((await op.GetJsonAsync($"/api/v1/service_profile/{id}")).GetProperty("apply_data_quota").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/service_profile")]
    [InlineData("/api/v1/tariff_profile")]
    public async Task A_profile_needs_a_name(string path)
    {
        var op = await _app.OperatorAsync();
        var json = await HttpAssert.ErrorAsync(await op.PostAsJsonAsync(path, new { description = "x" }), 422, 1400, "InputValidationFailed");
        Assert.Equal(1402, json.GetProperty("errors")[0].GetProperty("error_code").GetInt32());
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync(path, new { name = new string('x', 201) }), 422, 1400, "InputValidationFailed");
    }

    [Fact]
    public async Task A_tariff_profile_is_created_read_listed_updated_and_deleted()
    {
        var op = await _app.OperatorAsync();
        var id = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/tariff_profile", new { name = "All Covered", description = "EU", tariff = new { id = 555 } }));
        var one = await op.GetJsonAsync($"/api/v1/tariff_profile/{id}");
        Assert.Equal($"{{\"id\":{id},\"name\":\"All Covered\",\"description\":\"EU\",\"used_count\":\"0\",\"organisation_id\":\"{await op.OrganisationIdAsync()}\",\"tariff\":{{\"id\":555}}}}", one.GetRawText());
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/tariff_profile/{id}", "{\"name\":\"Renamed\",\"tariff\":{\"id\":556.0}}"));
        var list = await op.GetJsonAsync("/api/v1/tariff_profile");
        Assert.Equal("Renamed", list[0].GetProperty("name").GetString());
        Assert.Equal(556, list[0].GetProperty("tariff").GetProperty("id").GetInt64());
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/tariff_profile/{id}"));
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/tariff_profile/{id}"), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task Profiles_in_use_cannot_be_deleted_and_count_their_endpoints()
    {
        var op = await _app.OperatorAsync();
        var s = await op.SetupAsync();
        var endpoint = await op.EndpointAsync(new { name = "d" });
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v1/service_profile/{s.ServiceProfileId}")).GetProperty("used_count").GetInt32());
        Assert.Equal("1", (await op.GetJsonAsync($"/api/v1/tariff_profile/{s.TariffProfileId}")).GetProperty("used_count").GetString());
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/service_profile/{s.ServiceProfileId}"), 409, 1406, "NotAllowed");
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/tariff_profile/{s.TariffProfileId}"), 409, 1406, "NotAllowed");
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{endpoint}"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/service_profile/{s.ServiceProfileId}"));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/tariff_profile/{s.TariffProfileId}"));
    }
}
