using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>What POST /endpoint/{id}/sms accepts, how it encodes and splits, and what it refuses (storing nothing).</summary>
public sealed class SmsSubmitValidationTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static async Task<List<JsonElement>> PartsAsync(SmsWorld w, long device, long firstId)
    {
        var list = await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms");
        return list.EnumerateArray().Where(s => s.GetProperty("id").GetInt64() >= firstId).OrderBy(s => s.GetProperty("id").GetInt64()).ToList();
    }

    [Theory]
    [InlineData(160, 'a', 1, "0")]
    [InlineData(161, 'a', 2, "0")]
    [InlineData(70, 'ł', 1, "8")]
    [InlineData(71, 'ł', 2, "8")]
    public async Task Payloads_are_gsm_7bit_or_ucs2_and_split_at_the_segment_limits(int length, char c, int parts, string dcs)
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var payload = new string(c, length);
        var id = await w.SendOkAsync(device, new { payload });
        var rows = await PartsAsync(w, device, id);
        Assert.Equal(parts, rows.Count);
        Assert.All(rows, r => Assert.Equal(dcs, r.GetProperty("dcs").GetString()));
        Assert.Equal(payload, string.Concat(rows.Select(r => r.GetProperty("payload").GetString())));
        if (parts == 1) Assert.Equal("", rows[0].GetProperty("udh").GetString());
        else
        {
            var udhs = rows.Select(r => r.GetProperty("udh").GetString()!).ToList();
            Assert.All(udhs, u => Assert.StartsWith("050003", u));
            Assert.Single(udhs.Select(u => u[6..8]).Distinct()); // one reference for the message
            Assert.Equal(["0201", "0202"], udhs.Select(u => u[8..]));
        }
        foreach (var r in rows) await w.WaitForStatusAsync(device, r.GetProperty("id").GetInt64(), 4);
        var inbox = (await w.InboxAsync(device)).EnumerateArray().ToList();
        Assert.Equal(payload, string.Concat(inbox.Select(e => e.GetProperty("payload").GetString())));
    }

    [Fact]
    public async Task Extension_characters_count_two_septets_and_are_never_split()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var fits = new string('a', 158) + "€"; // 160 septets
        Assert.Single(await PartsAsync(w, device, await w.SendOkAsync(device, new { payload = fits })));

        var boundary = new string('a', 152) + "€" + new string('b', 10); // € would straddle septets 153/154
        var rows = await PartsAsync(w, device, await w.SendOkAsync(device, new { payload = boundary }));
        Assert.Equal(2, rows.Count);
        Assert.Equal(new string('a', 152), rows[0].GetProperty("payload").GetString());
        Assert.StartsWith("€", rows[1].GetProperty("payload").GetString());
        Assert.All(rows, r => Assert.Equal("0", r.GetProperty("dcs").GetString()));
    }

    [Fact]
    public async Task Emoji_switch_to_ucs2_and_their_surrogate_pairs_stay_together()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var payload = new string('x', 66) + "😀" + "tail"; // the pair would straddle units 67/68
        var rows = await PartsAsync(w, device, await w.SendOkAsync(device, new { payload }));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("8", r.GetProperty("dcs").GetString()));
        Assert.Equal(new string('x', 66), rows[0].GetProperty("payload").GetString());
        Assert.Equal("😀tail", rows[1].GetProperty("payload").GetString());
    }

    [Fact]
    public async Task A_client_udh_is_honoured_and_the_part_must_fit_beside_it()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = new string('a', 153), udh = "050003CC0201", dcs = 0 });
        var row = (await PartsAsync(w, device, id)).Single();
        Assert.Equal("050003CC0201", row.GetProperty("udh").GetString());
        var tooLong = await w.SendAsync(device, new { payload = new string('a', 154), udh = "050003CC0201" });
        await HttpAssert.ErrorAsync(tooLong, 422, 1400, "InputValidationFailed");
    }

    [Theory]
    [InlineData("EMnify", null, "EMnify", 208)]
    [InlineData("12345", null, "12345", 161)]
    [InlineData("+491701234567", null, "491701234567", 145)]
    [InlineData("491701234567", 145, "491701234567", 145)]
    [InlineData("4711", 208, "4711", 208)]
    public async Task Source_addresses_get_their_type(string address, int? type, string stored, int storedType)
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        object body = type is { } t ? new { payload = "x", source_address = address, source_address_type = new { id = t } } : new { payload = "x", source_address = address };
        var sms = await w.SmsAsync(device, await w.SendOkAsync(device, body));
        Assert.Equal(stored, sms.GetProperty("source_address").GetString());
        Assert.Equal(storedType, sms.GetProperty("source_address_type").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_numeric_json_source_address_is_accepted()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var response = await w.Client.PostAsync($"/api/v1/endpoint/{device}/sms", Resources.Json("""{"payload":"x","source_address":12345689}"""));
        var sms = await w.SmsAsync(device, Resources.IdFromLocation(response));
        Assert.Equal("12345689", sms.GetProperty("source_address").GetString());
        Assert.Equal(161, sms.GetProperty("source_address_type").GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "payload")]
    [InlineData("""{"payload":""}""", "payload")]
    [InlineData("""{"payload":"x","source_address":"TwelveChars!"}""", "source_address")]
    [InlineData("""{"payload":"x","source_address":"1234567890123456"}""", "source_address")]
    [InlineData("""{"payload":"x","source_address":"12ab","source_address_type":{"id":161}}""", "source_address")]
    [InlineData("""{"payload":"x","source_address_type":{"id":999}}""", "source_address_type")]
    [InlineData("""{"payload":"x","expiry_date":"2020-01-01T00:00:00.000+0000"}""", "expiry_date")]
    [InlineData("""{"payload":"x","expiry_date":"2026-03-09T00:00:00.000+0000"}""", "expiry_date")]
    [InlineData("""{"payload":"x","expiry_date":"tomorrow"}""", "expiry_date")]
    [InlineData("""{"payload":"x","udh":"05000"}""", "udh")]
    [InlineData("""{"payload":"x","udh":"zz"}""", "udh")]
    [InlineData("""{"payload":"x","dcs":300}""", "dcs")]
    [InlineData("""{"payload":"zł","dcs":0}""", "payload")]
    [InlineData("""{"payload":"x","pid":256}""", "pid")]
    public async Task Invalid_submissions_are_422_naming_the_field_and_store_nothing(string body, string field)
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var response = await w.Client.PostAsync($"/api/v1/endpoint/{device}/sms", Resources.Json(body));
        var error = await HttpAssert.ErrorAsync(response, 422, 1400, "InputValidationFailed");
        Assert.Contains(error.GetProperty("errors").EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains(field));
        Assert.Empty((await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray());
    }

    [Fact]
    public async Task A_payload_needing_more_parts_than_allowed_is_refused_not_truncated()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var error = await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = new string('a', 153 * 10 + 1) }), 422, 1400, "InputValidationFailed");
        Assert.Contains("11 parts", error.GetProperty("errors")[0].GetProperty("message").GetString());
        await w.SendOkAsync(device, new { payload = new string('a', 153 * 10) });
    }

    [Fact]
    public async Task Malformed_json_is_400_and_unknown_or_foreign_endpoints_are_404()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await HttpAssert.ErrorAsync(await w.Client.PostAsync($"/api/v1/endpoint/{device}/sms", Resources.Json("{\"payload\":")), 400, 1000, "BadRequest");
        await HttpAssert.ErrorAsync(await w.Client.PostAsync("/api/v1/endpoint/None/sms", Resources.Json("{\"payload\":\"x\"}")), 400, 1000, "BadRequest");
        await HttpAssert.ErrorAsync(await w.SendAsync(999999, new { payload = "x" }), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task An_endpoint_without_a_sim_or_without_mt_in_its_profile_is_refused()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var noSim = await w.Client.EndpointAsync(new { name = "no sim", status = new { id = 1 }, service_profile = new { id = w.Setup.ServiceProfileId }, tariff_profile = new { id = w.Setup.TariffProfileId } });
        var e1 = await HttpAssert.ErrorAsync(await w.SendAsync(noSim, new { payload = "x" }), 422, 1400, "InputValidationFailed");
        Assert.Contains("no SIM", e1.GetProperty("errors")[0].GetProperty("message").GetString());

        var device = await w.DeviceAsync();
        await Resources.NoContentAsync(w.Client.DeleteAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}/service/2"));
        var e2 = await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = "x" }), 422, 1400, "InputValidationFailed");
        Assert.Contains("MT SMS", e2.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Empty((await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray());
    }

    [Fact]
    public async Task Every_sms_route_answers_404_for_another_organisations_endpoint_and_sms()
    {
        var op = await SmsWorld.CreateAsync(_app);
        var device = await op.DeviceAsync(attached: false);
        var sms = await op.SendOkAsync(device, new { payload = "operator's" });
        var (customer, _) = await _app.CustomerAsync();

        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/endpoint/{device}/sms"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = "x" }), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/endpoint/{device}/sms/{sms}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.DeleteAsync($"/api/v1/endpoint/{device}/sms/{sms}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/endpoint/{device}/quota/sms"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/sms", new { volume = 1, expiry_date = "2027-01-01 00:00:00", threshold_percentage = 10, status = new { id = 1 } }), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.DeleteAsync($"/api/v1/endpoint/{device}/quota/sms"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/simulator/devices/{device}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PostAsync($"/api/simulator/devices/{device}/attach", null), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { fault = "reject" }), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = "1234", payload = "x" }), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/simulator/devices/{device}/inbox"), 404, 1401, "InvalidReference");

        // Nothing changed: the SMS is still buffered, the handset still detached.
        Assert.Equal(3, (await op.WaitForStatusAsync(device, sms, 3)).GetProperty("status").GetProperty("id").GetInt32());
        Assert.False((await op.Client.GetJsonAsync($"/api/simulator/devices/{device}")).GetProperty("attached").GetBoolean());
        Assert.Equal(0, (await customer.GetFromJsonAsync<JsonElement>("/api/simulator/stats")).GetProperty("received").GetInt64());
    }

    [Fact]
    public async Task Observers_cannot_send_or_cancel_sms()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var sms = await w.SendOkAsync(device, new { payload = "x" });
        await w.Client.PostAsJsonAsync("/api/v1/user", new { username = "obs@example.com", name = "Obs", password = Cellgate.Server.Features.Auth.Secrets.Sha1Hex("pw"), roles = new[] { new { id = 2 } } });
        var (auth, _) = await _app.LoginAsync("obs@example.com", "pw");
        var observer = _app.ClientWithToken(auth);
        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync($"/api/v1/endpoint/{device}/sms")).StatusCode);
        await HttpAssert.ErrorAsync(await observer.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = "x" }), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.DeleteAsync($"/api/v1/endpoint/{device}/sms/{sms}"), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.PostAsync($"/api/simulator/devices/{device}/attach", null), 403, 1104, "Forbidden");
    }
}
