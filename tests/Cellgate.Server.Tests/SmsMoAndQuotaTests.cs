using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>Mobile-originated SMS from simulated handsets, P2P, the service-profile switches, echo, schedules, quotas.</summary>
public sealed class SmsMoAndQuotaTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static Task<HttpResponseMessage> MoAsync(SmsWorld w, long device, string dest, string payload) =>
        w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = dest, payload });

    [Fact]
    public async Task An_mo_sms_to_a_short_code_is_stored_as_mo_on_the_endpoint()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var response = await MoAsync(w, device, "12345", "reply from device");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mo = await w.SmsAsync(device, Resources.IdFromLocation(response));
        Assert.Equal(2, mo.GetProperty("sms_type").GetProperty("id").GetInt32());
        Assert.Equal("MO", mo.GetProperty("sms_type").GetProperty("description").GetString());
        Assert.Equal(4, mo.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("12345", mo.GetProperty("dest_address").GetString());
        Assert.Equal(w.Msisdns[device], mo.GetProperty("source_address").GetString());
        Assert.Equal("reply from device", mo.GetProperty("payload").GetString());
        Assert.Contains((await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray(), s => s.GetProperty("id").GetInt64() == mo.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_detached_handset_cannot_send_and_mo_can_be_disabled_by_the_profile()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        await HttpAssert.ErrorAsync(await MoAsync(w, device, "12345", "x"), 409, 1406, "NotAllowed");
        await w.AttachAsync(device);
        await Resources.NoContentAsync(w.Client.DeleteAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}/service/3"));
        await HttpAssert.ErrorAsync(await MoAsync(w, device, "12345", "x"), 422, 1406, "NotAllowed");
        await HttpAssert.ErrorAsync(await MoAsync(w, device, "12a45", "x"), 422, 1400, "InputValidationFailed");
        Assert.Empty((await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray());
    }

    [Fact]
    public async Task P2p_to_another_cellgate_device_is_delivered_to_it_as_mt_when_the_profile_allows()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sender = await w.DeviceAsync(name: "sender");
        var receiver = await w.DeviceAsync(name: "receiver");
        Assert.Equal(HttpStatusCode.Created, (await MoAsync(w, sender, w.Msisdns[receiver], "hi neighbour")).StatusCode);
        var mt = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{receiver}/sms")).EnumerateArray().Single();
        Assert.Equal(1, mt.GetProperty("sms_type").GetProperty("id").GetInt32());
        Assert.Equal(w.Msisdns[sender], mt.GetProperty("source_address").GetString());
        await w.WaitForStatusAsync(receiver, mt.GetProperty("id").GetInt64(), 4);
        Assert.Equal("hi neighbour", (await w.InboxAsync(receiver))[0].GetProperty("payload").GetString());

        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { sms_p2p_int = false }));
        await HttpAssert.ErrorAsync(await MoAsync(w, sender, w.Msisdns[receiver], "again"), 422, 1406, "NotAllowed");
        Assert.Single((await w.Client.GetJsonAsync($"/api/v1/endpoint/{receiver}/sms")).EnumerateArray());
    }

    [Fact]
    public async Task P2p_to_another_tenants_number_is_answered_exactly_as_to_a_number_that_exists_nowhere()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sender = await w.DeviceAsync(name: "sender");
        var (customer, _) = await _app.CustomerAsync();
        var other = await SmsWorld.CreateAsync(_app, customer);
        var theirs = await other.DeviceAsync(name: "another tenant's", operatorClient: w.Client);
        const string nowhere = "4917099999999";

        // Allowed external P2P: both are stored as MO, FAILED, p2p_ext — and nothing reaches the other tenant.
        var toTheirs = await w.SmsAsync(sender, Resources.IdFromLocation(await MoAsync(w, sender, other.Msisdns[theirs], "hello?")));
        var toNowhere = await w.SmsAsync(sender, Resources.IdFromLocation(await MoAsync(w, sender, nowhere, "hello?")));
        foreach (var mo in new[] { toTheirs, toNowhere })
        {
            Assert.Equal(5, SmsWorld.Status(mo));
            Assert.Equal(1, mo.GetProperty("p2p_ext").GetInt32());
            Assert.Equal("unknownSubscriber", mo.GetProperty("gsm_map_error").GetString());
        }
        Assert.Empty((await other.Client.GetJsonAsync($"/api/v1/endpoint/{theirs}/sms")).EnumerateArray());

        // Refused external P2P: the same answer, byte for byte, apart from the number itself.
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { sms_p2p_ext = false }));
        var refusedTheirs = await (await MoAsync(w, sender, other.Msisdns[theirs], "x")).Content.ReadAsStringAsync();
        var refusedNowhere = await (await MoAsync(w, sender, nowhere, "x")).Content.ReadAsStringAsync();
        Assert.Equal(refusedNowhere, refusedTheirs);
        Assert.Contains("sms_p2p_ext", refusedTheirs);
    }

    [Fact]
    public async Task P2p_applies_the_receivers_sms_quota()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sender = await w.DeviceAsync(name: "sender");
        var receiver = await w.DeviceAsync(name: "receiver");
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { apply_sms_quota = true }));
        var none = await HttpAssert.ErrorAsync(await MoAsync(w, sender, w.Msisdns[receiver], "no quota"), 422, 1406, "NotAllowed");
        Assert.Contains("quota", none.GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.Created, (await w.Client.PostAsJsonAsync($"/api/v1/endpoint/{receiver}/quota/sms",
            new { volume = 1, expiry_date = "2026-04-01 00:00:00", threshold_percentage = 0, status = new { id = 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await MoAsync(w, sender, w.Msisdns[receiver], "one")).StatusCode);
        Assert.Equal("EXHAUSTED", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{receiver}/quota/sms")).GetProperty("status").GetProperty("description").GetString());
        await HttpAssert.ErrorAsync(await MoAsync(w, sender, w.Msisdns[receiver], "two"), 422, 1406, "NotAllowed");
        Assert.Single((await w.Client.GetJsonAsync($"/api/v1/endpoint/{receiver}/sms")).EnumerateArray());
        Assert.Equal(["one"], (await w.Client.GetJsonAsync($"/api/v1/endpoint/{sender}/sms")).EnumerateArray().Select(s => s.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task P2p_to_an_external_number_follows_sms_p2p_ext_and_fails_for_want_of_a_network()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var response = await MoAsync(w, device, "4917012345678", "outside");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mo = await w.SmsAsync(device, Resources.IdFromLocation(response));
        Assert.Equal(5, mo.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(1, mo.GetProperty("p2p_ext").GetInt32());

        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { sms_p2p_ext = false }));
        await HttpAssert.ErrorAsync(await MoAsync(w, device, "4917012345678", "outside"), 422, 1406, "NotAllowed");
    }

    [Fact]
    public async Task An_echo_handset_answers_every_mt_with_an_mo()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        Assert.Equal(HttpStatusCode.OK, (await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { echo = true })).StatusCode);
        var mt = await w.SendOkAsync(device, new { payload = "ping", source_address = "4930123456" });
        await w.WaitForStatusAsync(device, mt, 4);
        var mo = await Eventually.ValueAsync(
            async () => (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray().FirstOrDefault(s => s.GetProperty("sms_type").GetProperty("id").GetInt32() == 2),
            found => found.ValueKind == JsonValueKind.Object, _ => "the echo handset sent no MO");
        Assert.Equal("ping", mo.GetProperty("payload").GetString());
        Assert.Equal("4930123456", mo.GetProperty("dest_address").GetString());
    }

    [Fact]
    public async Task A_handset_with_a_schedule_attaches_and_detaches_on_it()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "when you wake" });
        await w.WaitForStatusAsync(device, id, 3);
        Assert.Equal(HttpStatusCode.OK, (await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { toggle_seconds = 10 })).StatusCode);

        await Eventually.HoldsAsync(async () => (await w.Client.GetJsonAsync($"/api/simulator/devices/{device}")).GetProperty("attached").GetBoolean(),
            "the schedule did not attach the handset", between: () => _app.Clock.Advance(TimeSpan.FromSeconds(1)));
        await w.WaitForStatusAsync(device, id, 4); // the scheduled attach alerted the SMSC
    }

    [Fact]
    public async Task The_sms_quota_is_enforced_when_the_profile_applies_it_and_records_events()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { apply_sms_quota = true }));
        var none = await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = "x" }), 422, 1400, "InputValidationFailed");
        Assert.Contains("quota", none.GetProperty("errors")[0].GetProperty("message").GetString());
        await HttpAssert.ErrorAsync(await w.Client.GetAsync($"/api/v1/endpoint/{device}/quota/sms"), 404, 1401, "InvalidReference");

        var set = await w.Client.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/sms", new { volume = 4, expiry_date = "2026-04-01 00:00:00", threshold_percentage = 50, status = new { id = 1 } });
        Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        var quota = await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/quota/sms");
        Assert.Equal("ACTIVE", quota.GetProperty("status").GetProperty("description").GetString());
        Assert.Equal(4, quota.GetProperty("volume").GetInt64());
        Assert.Equal("2026-04-01 00:00:00", quota.GetProperty("expiry_date").GetString());
        Assert.Equal("Block", quota.GetProperty("action_on_exhaustion").GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Number, quota.GetProperty("auto_refill").ValueKind);

        await w.SendOkAsync(device, new { payload = "one" });
        await w.SendOkAsync(device, new { payload = new string('a', 200) }); // two parts
        Assert.Equal(1, (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/quota/sms")).GetProperty("volume").GetInt64());
        await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = new string('b', 200) }), 422, 1400, "InputValidationFailed");
        await w.SendOkAsync(device, new { payload = "last" });
        var exhausted = await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/quota/sms");
        Assert.Equal("EXHAUSTED", exhausted.GetProperty("status").GetProperty("description").GetString());
        await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = "over" }), 422, 1400, "InputValidationFailed");

        var events = await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/event");
        var types = events.EnumerateArray().Select(e => e.GetProperty("event_type").GetProperty("id").GetInt32()).ToList();
        Assert.Contains(58, types);
        Assert.Single(types, 20);
        Assert.Single(types, 21);
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("event_type").GetProperty("description").GetString() == "SMS quota used up");

        await Resources.NoContentAsync(w.Client.DeleteAsync($"/api/v1/endpoint/{device}/quota/sms"));
        await HttpAssert.ErrorAsync(await w.Client.GetAsync($"/api/v1/endpoint/{device}/quota/sms"), 404, 1401, "InvalidReference");
        Assert.Contains(59, (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/event")).EnumerateArray().Select(e => e.GetProperty("event_type").GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task An_expired_quota_refuses_sms()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { apply_sms_quota = true }));
        await w.Client.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/sms", new { volume = 10, expiry_date = "2026-03-01 13:00:00", threshold_percentage = 10, status = new { id = 1 } });
        await w.SendOkAsync(device, new { payload = "in time" });
        _app.Clock.Advance(TimeSpan.FromHours(2)); // (the auth token lives 4 hours)
        await HttpAssert.ErrorAsync(await w.SendAsync(device, new { payload = "too late" }), 422, 1400, "InputValidationFailed");
        Assert.Equal("EXPIRED", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/quota/sms")).GetProperty("status").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Invalid_quota_bodies_are_422()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var error = await HttpAssert.ErrorAsync(await w.Client.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/sms", new { volume = -1, threshold_percentage = 120 }), 422, 1400, "InputValidationFailed");
        var messages = error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains("volume"));
        Assert.Contains(messages, m => m!.Contains("expiry_date"));
        Assert.Contains(messages, m => m!.Contains("threshold_percentage"));
        Assert.Contains(messages, m => m!.Contains("status"));
    }
}
