using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 15, the rest of the data plane: the SMS limit catalogue and its assignment to service profiles (enforced on
/// MT and MO), <c>warning_percent</c> events of data traffic limits, and inclusive volumes with the usage counted
/// against them. The fake clock starts 2026-03-01 12:00 UTC.
/// </summary>
public sealed class TrafficLimitCatalogueTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static async Task<List<int>> EventTypesAsync(HttpClient client, long device) =>
        (await client.GetJsonAsync($"/api/v1/endpoint/{device}/event")).EnumerateArray().Select(e => e.GetProperty("event_type").GetProperty("id").GetInt32()).ToList();

    [Fact]
    public async Task The_catalogue_lists_sms_limits_per_service_in_emnifys_shape()
    {
        var client = await _app.OperatorAsync();
        var all = await client.GetJsonAsync("/api/v1/traffic_limit");
        Assert.Equal(12, all.GetArrayLength());
        Assert.Equal("""{"id":1,"service":{"id":2,"description":"SMS MT"},"volume":10,"period":{"id":1,"time_units":1,"unit":"DAY"}}""", all[0].GetRawText());
        var mo = await client.GetJsonAsync("/api/v1/service/3/traffic_limit");
        Assert.Equal(6, mo.GetArrayLength());
        Assert.Equal("""{"id":7,"volume":10,"period":{"id":1,"time_units":1,"unit":"DAY"}}""", mo[0].GetRawText());
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/service/1/traffic_limit")).GetArrayLength());
        await HttpAssert.ErrorAsync(await client.GetAsync("/api/v1/service/99/traffic_limit"), 404, 1401, "InvalidReference");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/service/abc/traffic_limit")).StatusCode);
    }

    [Fact]
    public async Task An_assigned_sms_mt_limit_refuses_the_sms_over_it_until_the_day_ends_and_records_the_event()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sp = w.Setup.ServiceProfileId;
        var device = await w.DeviceAsync();
        // Limit 1: 10 SMS MT a day.
        var put = await HttpAssert.JsonAsync(await w.Client.PutAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/1", null));
        Assert.Equal("{}", put.GetRawText());
        for (var i = 0; i < 10; i++) await w.SendOkAsync(device, new { payload = $"sms {i}" });
        await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = "one too many" }), 422, 1400, "InputValidationFailed");
        Assert.Contains(1012, await EventTypesAsync(w.Client, device));

        // The next UTC day counts afresh.
        _app.Clock.Advance(TimeSpan.FromHours(12));
        var client = await _app.OperatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = "a new day" })).StatusCode);

        // Removing it lifts it; a limit of another service or an unknown one is refused.
        await HttpAssert.ErrorAsync(await client.PutAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/7", null), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await client.PutAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/99", null), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await client.PutAsync($"/api/v1/service_profile/{sp}/service/9/traffic_limit/1", null), 404, 1401, "InvalidReference");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/x", null)).StatusCode);
        // A service with an assigned limit cannot be removed from the profile (EMnify's rule).
        await HttpAssert.ErrorAsync(await client.DeleteAsync($"/api/v1/service_profile/{sp}/service/2"), 409, 1406, "NotAllowed");
        Assert.Equal("{}", (await HttpAssert.JsonAsync(await client.DeleteAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/1"))).GetRawText());
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = $"free {i}" })).StatusCode);
    }

    /// <summary>
    /// Issue 12: MT submitted at the same moment are stored by one write, which looks the devices' limits up once for
    /// the whole batch (PostgreSQL) instead of once per SMS; the limit still holds exactly, per device.
    /// </summary>
    [Fact]
    public async Task An_sms_mt_limit_holds_exactly_for_each_device_when_sms_to_several_devices_are_submitted_at_once()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sp = w.Setup.ServiceProfileId;
        long[] devices = [await w.DeviceAsync(name: "a"), await w.DeviceAsync(name: "b")];
        Assert.Equal("{}", (await HttpAssert.JsonAsync(await w.Client.PutAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/1", null))).GetRawText());
        var answers = await Task.WhenAll(Enumerable.Range(0, 28).Select(async i =>
        {
            var device = devices[i % 2];
            return (device, (await w.SendAsync(device, new { payload = $"sms {i}" })).StatusCode);
        }));
        foreach (var device in devices)
        {
            var mine = answers.Where(a => a.device == device).Select(a => a.StatusCode).ToList();
            Assert.Equal(10, mine.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(4, mine.Count(s => s == HttpStatusCode.UnprocessableEntity));
        }
    }

    /// <summary>
    /// Issue 11: a submit batch's limits in one statement on SQLite too (<c>SmsLimits.FindManyAsync</c>, over a JSON array of
    /// ids): the same limit as the per-device lookup for every device, none for a device without one or unknown.
    /// </summary>
    [Fact]
    public async Task A_batchs_sms_limits_read_at_once_are_those_the_per_device_lookup_reads()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sp = w.Setup.ServiceProfileId;
        long[] devices = [await w.DeviceAsync(name: "a"), await w.DeviceAsync(name: "b")];
        var writer = _app.Services.GetRequiredService<Cellgate.Delivery.SmsWriter>();
        Task<(Dictionary<long, int>? Many, int?[] One)> ReadAsync() => writer.WriteAsync(async (c, t, ct) =>
        {
            long[] ids = [devices[0], devices[1], devices[1], 999_999];
            var many = await Features.Connectivity.SmsLimits.FindManyAsync(c, t, ids, Features.Profiles.ServiceProfilesApi.ServiceSmsMt, ct);
            var one = ids.Select(id => Features.Connectivity.SmsLimits.Find(c, t, id, Features.Profiles.ServiceProfilesApi.ServiceSmsMt)?.Id).ToArray();
            return (many?.ToDictionary(x => x.Key, x => x.Value.Id), one);
        });

        var (many, one) = await ReadAsync();
        Assert.Empty(many!);
        Assert.All(one, Assert.Null);

        Assert.Equal("{}", (await HttpAssert.JsonAsync(await w.Client.PutAsync($"/api/v1/service_profile/{sp}/service/2/traffic_limit/1", null))).GetRawText());
        (many, one) = await ReadAsync();
        Assert.Equal(new Dictionary<long, int> { [devices[0]] = 1, [devices[1]] = 1 }, many);
        Assert.Equal([1, 1, 1, null], one);
    }

    [Fact]
    public async Task An_assigned_sms_mo_limit_refuses_the_handsets_sms_over_it()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await HttpAssert.JsonAsync(await w.Client.PutAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}/service/3/traffic_limit/7", null));
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = "12345", payload = $"mo {i}" })).StatusCode);
        await HttpAssert.ErrorAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = "12345", payload = "over" }), 422, 1406, "NotAllowed");
        Assert.Equal(10, (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).GetArrayLength());
    }

    [Fact]
    public async Task A_data_traffic_limit_warns_once_at_its_warning_percent()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sp = w.Setup.ServiceProfileId;
        Assert.Equal(HttpStatusCode.Created, (await w.Client.PostAsJsonAsync($"/api/v1/service_profile/{sp}/traffic_limit",
            new { service = new { id = 1 }, volume = 10, period = new { id = 2 }, warning_percent = 50 })).StatusCode);
        var device = await w.DeviceAsync();
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/session", new { apn = "em" }), 201);
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/consume", new { megabytes = 4 }));
        Assert.DoesNotContain(1011, await EventTypesAsync(w.Client, device));
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/consume", new { megabytes = 1 }));
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/consume", new { megabytes = 1 }));
        var events = await EventTypesAsync(w.Client, device);
        Assert.Single(events, e => e == 1011);
        Assert.DoesNotContain(11, events);
    }

    [Fact]
    public async Task Inclusive_volumes_are_assigned_listed_with_their_usage_and_pointed_at_by_tariff_profiles()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var client = w.Client;
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active")).GetArrayLength());
        var created = await client.PutAsync("/api/v1/organisation/my/inclusive_volume/2", JsonContent.Create(new { pooled = true }));
        var assigned = await HttpAssert.JsonAsync(created, 201);
        Assert.Equal("""{"id":1,"start_date":"2026-03-01T00:00:00.000Z","pooled":true}""", assigned.GetRawText());
        // A future one (not active yet) with an end.
        var later = await HttpAssert.JsonAsync(await client.PutAsync("/api/v1/organisation/my/inclusive_volume/1",
            JsonContent.Create(new { start_date = "2026-05-01", end_date = "2026-06-30", pooled = false })), 201);
        Assert.Equal("2026-06-30T23:59:59.000Z", later.GetProperty("end_date").GetString());

        // The only active volume counts all the organisation's traffic.
        var device = await w.DeviceAsync();
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync($"/api/simulator/devices/{device}/session", new { apn = "em" }), 201);
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync($"/api/simulator/devices/{device}/consume", new { megabytes = 3 }));
        var active = Assert.Single((await client.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active")).EnumerateArray());
        Assert.Equal("""{"id":1,"volume":500,"rate":15,"pooled":true,"start_date":"2026-03-01T00:00:00.000Z","currency":{"id":1,"code":"EUR","symbol":"€"},"tariff":{"id":1,"name":"Cellgate","tariff_status_id":1,"ratezone":{"id":1,"name":"Global","ratezone_status_id":1}},"used_volume":3}""",
            active.GetRawText());

        // A tariff profile pointed at it: only its endpoints count (the device's profile is another one).
        var tp = await client.TariffProfileAsync("with volume");
        await Resources.NoContentAsync(client.PutAsync($"/api/v1/tariff_profile/{tp}/inclusive_volume/1", null));
        await HttpAssert.ErrorAsync(await client.PutAsync($"/api/v1/tariff_profile/{tp}/inclusive_volume/1", null), 409, 1405, "Duplicated");
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active"))[0].GetProperty("used_volume").GetDouble());
        await Resources.NoContentAsync(client.DeleteAsync($"/api/v1/tariff_profile/{tp}/inclusive_volume/1"));
        await HttpAssert.ErrorAsync(await client.DeleteAsync($"/api/v1/tariff_profile/{tp}/inclusive_volume/1"), 400, 1000, "BadRequest");
        Assert.Equal(3, (await client.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active"))[0].GetProperty("used_volume").GetDouble());
        await HttpAssert.ErrorAsync(await client.PutAsync($"/api/v1/tariff_profile/{tp}/inclusive_volume/99", null), 404, 1401, "InvalidReference");
    }

    [Theory]
    [InlineData("/api/v1/organisation/my/inclusive_volume/9", """{}""", 404)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/1", """{"start_date":"2026-03-15"}""", 422)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/1", """{"start_date":"2026-02-01"}""", 422)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/1", """{"start_date":"soon"}""", 422)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/1", """{"end_date":"2026-03-30"}""", 422)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/1", """{"start_date":"2026-05-01","end_date":"2026-04-30"}""", 422)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/1", """{"pooled":"yes"}""", 400)]
    [InlineData("/api/v1/organisation/my/inclusive_volume/x", """{}""", 400)]
    public async Task Malformed_inclusive_volume_assignments_are_emnify_errors(string url, string body, int status)
    {
        var client = await _app.OperatorAsync();
        var response = await client.PutAsync(url, Resources.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.TryGetProperty("error_code", out _), text);
        Assert.Equal(0, (await client.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active")).GetArrayLength());
    }

    [Fact]
    public async Task A_customers_inclusive_volumes_are_its_parents_to_assign_and_read_but_not_the_other_way_round()
    {
        var op = await _app.OperatorAsync();
        var (customer, customerId) = await _app.CustomerAsync();
        var operatorId = await op.OrganisationIdAsync();
        await HttpAssert.JsonAsync(await op.PutAsync($"/api/v1/organisation/{customerId}/inclusive_volume/3", null), 201);
        Assert.Single((await customer.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active")).EnumerateArray());
        Assert.Single((await op.GetJsonAsync($"/api/v1/organisation/{customerId}/inclusive_volume/active")).EnumerateArray());
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/organisation/{operatorId}/inclusive_volume/active"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PutAsync($"/api/v1/organisation/{operatorId}/inclusive_volume/3", null), 404, 1401, "InvalidReference");
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/organisation/my/inclusive_volume/active")).GetArrayLength());
        // The customer's volume is not the operator's to put on the operator's tariff profile.
        var tp = await op.TariffProfileAsync();
        await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/tariff_profile/{tp}/inclusive_volume/1", null), 404, 1401, "InvalidReference");
    }
}
