using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellgate.Server.Features.Webhooks;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// SMS webhooks (issue 10) against a real HTTP receiver on loopback: the MO and delivery-report bodies of reference §7.1,
/// the signatures, the outbox's retries (500, down, slow, 429 with Retry-After), the circuit breaker, the SSRF guard
/// and the delivery log. The fake clock drives retry times; each test advances it and runs a dispatcher round.
/// </summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "webhook-test-secret-0123456789abcdef";
    private CellgateApp _app = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        // Only this receiver's host:port is allowed past the SSRF guard (any other loopback port stays forbidden).
        _app = new CellgateApp()
            .With("Cellgate:Webhooks:AllowedTargets:0", $"127.0.0.1:{_receiver.Port}")
            .With("Cellgate:Webhooks:ClientErrorAttempts", "1")
            .With("Cellgate:Webhooks:CircuitFailureThreshold", "3");
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _receiver.DisposeAsync();
    }

    private WebhookDispatcher Dispatcher => _app.Services.GetRequiredService<WebhookDispatcher>();

    /// <summary>An organisation with a device whose service profile has an API callback to <paramref name="url"/> (and the secret).</summary>
    private async Task<(SmsWorld World, long Device, long Callback)> WorldAsync(string? url = null, bool signed = true)
    {
        var world = await SmsWorld.CreateAsync(_app);
        var callback = await Resources.CreatedAsync(world.Client.PostAsJsonAsync("/api/v1/api_callback", new { url = url ?? _receiver.Url(), purpose = "test" }));
        long? secret = signed ? await Resources.CreatedAsync(world.Client.PostAsJsonAsync("/api/v1/api_secret", new { secret = Secret, purpose = "test" })) : null;
        var patch = await world.Client.PatchAsJsonAsync($"/api/v1/service_profile/{world.Setup.ServiceProfileId}",
            new { api_callback = new { id = callback }, api_secret = new { id = secret } });
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        return (world, await world.DeviceAsync(name: "Chargepoint Berlin"), callback);
    }

    private static async Task<long> MoAsync(SmsWorld w, long device, string payload, string dest = "12345")
    {
        var response = await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = dest, payload });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Resources.IdFromLocation(response);
    }

    private Task<WebhookReceiver.Request> NthRequestAsync(int n) => Eventually.ValueAsync(
        () => Task.FromResult(_receiver.Received.Count >= n ? _receiver.Received[n - 1] : null),
        r => r is not null, _ => $"the receiver got {_receiver.Received.Count} request(s), not {n}")!;

    private static Task<JsonElement> DeliveryAsync(SmsWorld w, Func<JsonElement, bool> done, string what) => Eventually.ValueAsync(
        async () => (await w.Client.GetJsonAsync("/api/v1/webhook_delivery")).EnumerateArray().FirstOrDefault(),
        d => d.ValueKind == JsonValueKind.Object && done(d), d => $"the newest webhook is not {what}: {d}");

    /// <summary>Moves the fake clock, runs a round and waits until the requests it started have ended.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _app.Clock.Advance(by);
        await Dispatcher.RunRoundAsync();
        await Dispatcher.DrainAsync();
    }

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order().ToArray();

    [Fact]
    public async Task An_mo_sms_arrives_as_a_post_in_emnifys_shape_signed_with_a_jwt_and_a_standard_webhooks_signature()
    {
        var (w, device, _) = await WorldAsync();
        var id = await MoAsync(w, device, "This is a message send from the device");
        var request = await NthRequestAsync(1);

        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.StartsWith("application/json", request.Header("content-type"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(["dcs", "dest_address", "endpoint", "id", "multi_part_info", "organisation", "payload", "pid", "source_address", "submit_date"], Keys(body));
        Assert.Equal(id, body.GetProperty("id").GetInt64());
        Assert.Equal(0, body.GetProperty("pid").GetInt32());
        Assert.Equal(0, body.GetProperty("dcs").GetInt32());
        Assert.Equal(w.Msisdns[device], body.GetProperty("source_address").GetString());
        Assert.Equal("12345", body.GetProperty("dest_address").GetString());
        Assert.Equal(device, body.GetProperty("endpoint").GetProperty("id").GetInt64());
        Assert.Equal("Chargepoint Berlin", body.GetProperty("endpoint").GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("multi_part_info").GetProperty("partno").GetInt32());
        Assert.Equal(1, body.GetProperty("multi_part_info").GetProperty("total").GetInt32());
        Assert.Equal(id, body.GetProperty("multi_part_info").GetProperty("identifier").GetInt64());
        Assert.Equal("2026-03-01 12:00:00", body.GetProperty("submit_date").GetString());
        Assert.Equal(await w.Client.OrganisationIdAsync(), body.GetProperty("organisation").GetProperty("id").GetInt64());
        Assert.Equal("This is a message send from the device", body.GetProperty("payload").GetString());

        // Standard Webhooks: v1 HMAC-SHA256 over "id.timestamp.body" with the secret; a tampered body does not verify.
        var key = Encoding.UTF8.GetBytes(Secret);
        var webhookId = request.Header("webhook-id");
        Assert.StartsWith("wh_", webhookId);
        var timestamp = long.Parse(request.Header("webhook-timestamp"));
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds(), timestamp);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{request.Text}")));
        Assert.Equal(expected, request.Header("webhook-signature"));
        Assert.True(WebhookSigning.Verify(key, webhookId, timestamp, request.Body, request.Header("webhook-signature")));
        var tampered = Encoding.UTF8.GetBytes(request.Text.Replace("send from", "sent from"));
        Assert.False(WebhookSigning.Verify(key, webhookId, timestamp, tampered, request.Header("webhook-signature")));
        Assert.False(WebhookSigning.Verify(Encoding.UTF8.GetBytes("another secret"), webhookId, timestamp, request.Body, request.Header("webhook-signature")));

        // The bearer JWT: HS256 with the secret; jti is the webhook id; body_sha256 binds the body.
        var auth = request.Header("authorization");
        Assert.StartsWith("Bearer ", auth);
        var parts = auth["Bearer ".Length..].Split('.');
        Assert.Equal(3, parts.Length);
        var mac = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        Assert.Equal(mac, parts[2]);
        var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])).RootElement;
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).RootElement;
        Assert.Equal("cellgate", claims.GetProperty("iss").GetString());
        Assert.Equal(webhookId, claims.GetProperty("jti").GetString());
        Assert.Equal("sms.mo", claims.GetProperty("sub").GetString());
        Assert.Equal(timestamp, claims.GetProperty("iat").GetInt64());
        Assert.Equal(timestamp + 300, claims.GetProperty("exp").GetInt64());
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(request.Body)), claims.GetProperty("body_sha256").GetString());

        var log = await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
        Assert.Equal(webhookId, log.GetProperty("webhook_id").GetString());
        Assert.Equal(200, log.GetProperty("last_status_code").GetInt32());
        Assert.Equal(id, log.GetProperty("sms_id").GetInt64());
    }

    [Fact]
    public async Task Without_an_api_secret_the_webhook_is_sent_unsigned_but_with_its_webhook_id()
    {
        var (w, device, _) = await WorldAsync(signed: false);
        await MoAsync(w, device, "unsigned");
        var request = await NthRequestAsync(1);
        Assert.Equal("", request.Header("authorization"));
        Assert.Equal("", request.Header("webhook-signature"));
        Assert.StartsWith("wh_", request.Header("webhook-id"));
    }

    [Fact]
    public async Task The_parts_of_a_concatenated_mo_arrive_in_order_each_with_consistent_multi_part_info()
    {
        var (w, device, _) = await WorldAsync();
        var first = await MoAsync(w, device, new string('a', 200)); // two GSM parts
        var one = JsonDocument.Parse((await NthRequestAsync(1)).Body).RootElement;
        var two = JsonDocument.Parse((await NthRequestAsync(2)).Body).RootElement;
        foreach (var (part, n) in new[] { (one, 1), (two, 2) })
        {
            var info = part.GetProperty("multi_part_info");
            Assert.Equal(n, info.GetProperty("partno").GetInt32());
            Assert.Equal(2, info.GetProperty("total").GetInt32());
            Assert.Equal(first, info.GetProperty("identifier").GetInt64());
        }
        Assert.Equal(new string('a', 200), one.GetProperty("payload").GetString() + two.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task An_mo_to_a_long_number_is_p2p_and_sends_no_webhook()
    {
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "to a person", dest: "4915112345678");
        await MoAsync(w, device, "to the application");
        var request = await NthRequestAsync(1);
        Assert.Contains("to the application", request.Text);
        await AdvanceAsync(TimeSpan.Zero);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task The_delivery_report_of_an_mt_sms_arrives_as_a_patch_with_status_status()
    {
        var (w, device, _) = await WorldAsync();
        var sms = await w.SendOkAsync(device, new { payload = "hello device", source_address = "1234" });
        var request = await NthRequestAsync(1);
        Assert.Equal("PATCH", request.Method);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(["endpoint", "final_date", "id", "organisation", "status", "submit_date"], Keys(body));
        Assert.Equal(sms, body.GetProperty("id").GetInt64());
        Assert.Equal("DELIVERED", body.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(4, body.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal(["id", "name"], Keys(body.GetProperty("endpoint")));
        Assert.Equal(["id"], Keys(body.GetProperty("organisation")));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", body.GetProperty("submit_date").GetString()!);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", body.GetProperty("final_date").GetString()!);
    }

    [Fact]
    public async Task The_delivery_reports_of_a_devices_sms_delivered_in_one_round_wait_each_behind_the_previous_and_arrive_in_order()
    {
        // Issue 12: on PostgreSQL a round's delivery reports are enqueued by one statement, which does not see its own
        // rows; a device's later reports must still wait (no next attempt) behind its first, as when enqueued one by one.
        var gate = new TaskCompletionSource();
        _receiver.Answer = _ => new WebhookReceiver.Reply(200, HoldUntil: gate.Task);
        var (w, first, _) = await WorldAsync();
        var devices = new[] { first, await w.DeviceAsync(name: "second") };
        foreach (var device in devices) await w.DetachAsync(device);
        var sent = devices.ToDictionary(d => d, _ => new List<long>());
        for (var i = 0; i < 4; i++)
            foreach (var device in devices) sent[device].Add(await w.SendOkAsync(device, new { payload = $"report {i}", source_address = "1234" }));
        var deviceOf = sent.SelectMany(p => p.Value.Select(id => (id, p.Key))).ToDictionary(x => x.id, x => x.Key);
        foreach (var device in devices) await w.AttachAsync(device);

        var reports = await Eventually.ValueAsync(
            async () => (await w.Client.GetJsonAsync("/api/v1/webhook_delivery")).EnumerateArray().ToList(),
            r => r.Count == 8, r => $"{r.Count} delivery reports enqueued, not 8");
        foreach (var device in devices)
        {
            var own = reports.Where(r => deviceOf[r.GetProperty("sms_id").GetInt64()] == device).ToList();
            Assert.Equal(3, own.Count(r => !r.TryGetProperty("next_attempt", out _)));
        }
        gate.TrySetResult();
        await Eventually.HoldsAsync(() => _receiver.Received.Count >= 8, "not all 8 delivery reports arrived");
        var bodies = _receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(8, bodies.Count);
        foreach (var device in devices) Assert.Equal(sent[device], bodies.Where(id => deviceOf[id] == device));
    }

    [Fact]
    public async Task An_expired_mt_sms_reports_expired()
    {
        var (w, device, _) = await WorldAsync();
        await w.DetachAsync(device);
        var sms = await w.SendOkAsync(device, new { payload = "never delivered", source_address = "1234", expiry_date = "2026-03-01T13:00:00.000Z" });
        _app.Clock.Advance(TimeSpan.FromHours(2));
        await w.WaitForStatusAsync(device, sms, 6);
        var body = JsonDocument.Parse((await NthRequestAsync(1)).Body).RootElement;
        Assert.Equal(sms, body.GetProperty("id").GetInt64());
        Assert.Equal("EXPIRED", body.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal(6, body.GetProperty("status").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_receiver_answering_500_gets_the_webhook_again_with_the_same_webhook_id_until_it_accepts()
    {
        _receiver.Answer = r => new WebhookReceiver.Reply(r.Number == 1 ? 500 : 200);
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "retry me");
        var first = await NthRequestAsync(1);
        var pending = await DeliveryAsync(w, d => d.GetProperty("attempts").GetInt32() == 1, "attempted once");
        Assert.Equal("pending", pending.GetProperty("state").GetString());
        Assert.Equal(500, pending.GetProperty("last_status_code").GetInt32());
        await AdvanceAsync(TimeSpan.FromSeconds(3)); // before the first back-off (5 s ± 20 %)
        Assert.Single(_receiver.Received);
        await AdvanceAsync(TimeSpan.FromSeconds(4));
        var second = await NthRequestAsync(2);
        Assert.Equal(first.Header("webhook-id"), second.Header("webhook-id"));
        Assert.Equal(first.Body, second.Body);
        var log = await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
        var detail = await w.Client.GetJsonAsync($"/api/v1/webhook_delivery/{log.GetProperty("id").GetInt64()}");
        Assert.Equal([500, 200], detail.GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_webhook_once_it_is_up()
    {
        var down = WebhookReceiver.Down();
        await _receiver.StopAsync();
        await using var receiver = down;
        _app.With("Cellgate:Webhooks:AllowedTargets:1", $"127.0.0.1:{down.Port}");
        var (w, device, _) = await WorldAsync(down.Url());
        await MoAsync(w, device, "are you there");
        var failed = await DeliveryAsync(w, d => d.GetProperty("attempts").GetInt32() == 1, "attempted once");
        Assert.Null(failed.TryGetProperty("last_status_code", out var s) ? s : null);
        Assert.Contains("Connection", failed.GetProperty("last_error").GetString());
        await down.StartOnAsync(down.Port);
        await AdvanceAsync(TimeSpan.FromSeconds(7));
        Assert.Contains("are you there", (await Eventually.ValueAsync(() => Task.FromResult(down.Received.FirstOrDefault()), r => r is not null, _ => "nothing arrived"))!.Text);
        await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_tried_again()
    {
        var never = new TaskCompletionSource();
        _receiver.Answer = r => r.Number == 1 ? new WebhookReceiver.Reply(200, HoldUntil: never.Task) : new WebhookReceiver.Reply(200);
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "slow");
        await NthRequestAsync(1);
        _app.Clock.Advance(TimeSpan.FromSeconds(11)); // the request timeout (10 s) runs on the injected clock
        var timedOut = await DeliveryAsync(w, d => d.GetProperty("attempts").GetInt32() == 1, "timed out");
        Assert.Equal("pending", timedOut.GetProperty("state").GetString());
        Assert.Contains("no answer within 10 s", timedOut.GetProperty("last_error").GetString());
        await AdvanceAsync(TimeSpan.FromSeconds(7));
        await NthRequestAsync(2);
        await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
        never.TrySetResult();
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_no_earlier_than_the_receiver_asked()
    {
        _receiver.Answer = r => r.Number == 1 ? new WebhookReceiver.Reply(429, new Dictionary<string, string> { ["Retry-After"] = "120" }) : new WebhookReceiver.Reply(200);
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "throttled");
        var log = await DeliveryAsync(w, d => d.GetProperty("attempts").GetInt32() == 1, "attempted once");
        Assert.Equal(429, log.GetProperty("last_status_code").GetInt32());
        Assert.Equal("2026-03-01T12:02:00.000Z", log.GetProperty("next_attempt").GetString());
        await AdvanceAsync(TimeSpan.FromSeconds(100));
        Assert.Single(_receiver.Received);
        await AdvanceAsync(TimeSpan.FromSeconds(21));
        await NthRequestAsync(2);
        await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
    }

    [Fact]
    public async Task A_4xx_answer_fails_the_webhook_after_the_configured_attempts_and_it_can_be_replayed()
    {
        _receiver.Answer = r => new WebhookReceiver.Reply(r.Number == 1 ? 400 : 204);
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "rejected");
        var failed = await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "failed", "failed");
        Assert.Equal(400, failed.GetProperty("last_status_code").GetInt32());
        var id = failed.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await w.Client.PostAsync($"/api/v1/webhook_delivery/{id}/replay", null)).StatusCode);
        var again = await NthRequestAsync(2);
        Assert.Equal((await NthRequestAsync(1)).Header("webhook-id"), again.Header("webhook-id"));
        await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered after the replay");
        await HttpAssert.ErrorAsync(await w.Client.PostAsync($"/api/v1/webhook_delivery/{id}/replay", null), 409, 1406, "NotAllowed");
    }

    [Fact]
    public async Task A_redirect_is_not_followed_to_a_forbidden_address()
    {
        await using var forbidden = await WebhookReceiver.StartAsync(); // loopback, but not on the allow-list
        _receiver.Answer = _ => new WebhookReceiver.Reply(307, new Dictionary<string, string> { ["Location"] = forbidden.Url("/stolen") });
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "redirected");
        var failed = await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "failed", "failed");
        Assert.Equal(307, failed.GetProperty("last_status_code").GetInt32());
        Assert.Contains("redirect not followed", failed.GetProperty("last_error").GetString());
        Assert.Empty(forbidden.Received);
    }

    [Fact]
    public async Task A_callback_to_a_loopback_address_off_the_allow_list_is_refused_at_connect_time()
    {
        await using var forbidden = await WebhookReceiver.StartAsync();
        var (w, device, _) = await WorldAsync(forbidden.Url());
        await MoAsync(w, device, "ssrf");
        var failed = await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "failed", "failed");
        Assert.Contains("SSRF guard", failed.GetProperty("last_error").GetString());
        Assert.Empty(forbidden.Received);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("::1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void The_ssrf_guard_refuses_internal_addresses_by_default(string address, bool forbidden) =>
        Assert.Equal(forbidden, WebhookTargets.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_holds_webhooks_back_and_closes_after_a_successful_trial()
    {
        var up = false;
        _receiver.Answer = _ => new WebhookReceiver.Reply(up ? 200 : 503);
        var (w, device, callback) = await WorldAsync();
        await MoAsync(w, device, "circuit");
        // Each failure must be recorded (its retry scheduled from the clock of that moment) before the clock moves on:
        // the receiver seeing a request does not mean its outcome has been written yet.
        async Task RecordedAsync(int attempts) =>
            await Eventually.HoldsAsync(() => _receiver.Received.Count >= attempts && Dispatcher.Activity.Recorded >= attempts,
                $"attempt {attempts} was not made and recorded: {_receiver.Received.Count} received, {Dispatcher.Activity}");
        await NthRequestAsync(1);
        await RecordedAsync(1);
        await AdvanceAsync(TimeSpan.FromSeconds(7)); // 2nd attempt (5 s ± 20 %)
        await RecordedAsync(2);
        await AdvanceAsync(TimeSpan.FromSeconds(13)); // 3rd attempt (10 s ± 20 %): the third failure opens the circuit
        await RecordedAsync(3);
        Assert.Equal(3, _receiver.Received.Count);
        var state = await w.Client.GetJsonAsync($"/api/v1/api_callback/{callback}");
        Assert.Equal("open", state.GetProperty("circuit_state").GetString());
        await AdvanceAsync(TimeSpan.FromSeconds(25)); // the retry is due (20 s ± 20 %) but the circuit is open (30 s)
        Assert.Equal(3, _receiver.Received.Count);
        up = true;
        await AdvanceAsync(TimeSpan.FromSeconds(10)); // the circuit's time is up: one trial request
        await NthRequestAsync(4);
        await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
        Assert.Equal("closed", (await w.Client.GetJsonAsync($"/api/v1/api_callback/{callback}")).GetProperty("circuit_state").GetString());
    }

    [Fact]
    public async Task A_round_claims_only_the_free_slots_of_a_destination_and_puts_nothing_back()
    {
        _app.With("Cellgate:Webhooks:MaxConcurrencyPerDestination", "2");
        var hold = new TaskCompletionSource();
        _receiver.Answer = _ => new WebhookReceiver.Reply(200, HoldUntil: hold.Task);
        var (w, first, _) = await WorldAsync();
        var devices = new List<long> { first };
        for (var i = 0; i < 5; i++) devices.Add(await w.DeviceAsync(name: $"slot {i}"));
        foreach (var device in devices) await MoAsync(w, device, $"from {device}");
        await NthRequestAsync(2);
        for (var i = 0; i < 3; i++) await Dispatcher.RunRoundAsync();
        // Two slots, two requests out: the four others were never claimed (so never released either).
        Assert.Equal(2, Dispatcher.Activity.Claimed);
        Assert.Equal(0, Dispatcher.Activity.Parked);
        Assert.Equal(2, _receiver.Received.Count);
        hold.TrySetResult();
        await Eventually.HoldsAsync(() => _receiver.Received.Count == 6 && Dispatcher.Activity.Recorded == 6,
            $"not all six webhooks were delivered and recorded: {_receiver.Received.Count} received, {Dispatcher.Activity}");
        Assert.Equal(6, Dispatcher.Activity.Claimed); // each claimed once
        Assert.Equal(6, _receiver.Received.Select(r => r.Header("webhook-id")).Distinct().Count());
    }

    [Fact]
    public async Task A_dead_destination_with_a_backlog_is_not_claimed_round_after_round()
    {
        // The regression of docs/benchmarks.md ("REST submit and delivery"): a dead receiver's webhooks were claimed and
        // put back every round, one writer transaction each, and SMS submissions waited behind them on the one writer.
        var dead = new TaskCompletionSource();
        var hang = false;
        _receiver.Answer = _ => Volatile.Read(ref hang) ? new WebhookReceiver.Reply(200, HoldUntil: dead.Task) : new WebhookReceiver.Reply(503);
        var (w, first, callback) = await WorldAsync();
        var devices = new List<long> { first, await w.DeviceAsync(name: "dead 2"), await w.DeviceAsync(name: "dead 3") };
        var mos = new Dictionary<long, List<long>>();
        foreach (var device in devices)
        {
            mos[device] = [];
            for (var i = 0; i < 4; i++) mos[device].Add(await MoAsync(w, device, $"backlog {device}/{i}"));
        }
        // The three heads fail (503): the third failure opens the circuit (threshold 3 in this class).
        await Eventually.HoldsAsync(() => Dispatcher.Activity.Recorded >= 3, $"the first attempts were not recorded: {Dispatcher.Activity}");
        Assert.Equal("open", (await w.Client.GetJsonAsync($"/api/v1/api_callback/{callback}")).GetProperty("circuit_state").GetString());
        Volatile.Write(ref hang, true); // from now on the receiver accepts connections and never answers

        var before = Dispatcher.Activity;
        var requests = _receiver.Received.Count;
        var trialArrived = false;
        for (var second = 0; second < 45; second++) // the retries fall due, the circuit half-opens (30 s), its trial times out (10 s)
        {
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Dispatcher.RunRoundAsync();
            // Once the trial is claimed, its request reaches the receiver before the clock moves on: moved faster than
            // a slow machine sends it, the clock ran the trial's timeout out before it left (seen in CI).
            if (!trialArrived && Dispatcher.Activity.Claimed > before.Claimed)
            {
                await Eventually.HoldsAsync(() => _receiver.Received.Count > requests, "the half-open trial did not reach the receiver");
                trialArrived = true;
            }
        }
        var after = Dispatcher.Activity;
        var claimed = after.Claimed - before.Claimed;
        Assert.InRange(claimed, 1, 2); // the half-open trial (and at most one more), not the backlog every round
        await Eventually.HoldsAsync(() => _receiver.Received.Count > requests, "the half-open trial did not reach the receiver");
        Assert.InRange(_receiver.Received.Count - requests, 1, 2);
        Assert.InRange(after.Parked - before.Parked, 1, 12 + claimed); // each webhook moved out of the way once (the trial's again after it failed)

        // The receiver comes back: every webhook arrives, once, in order per device.
        _receiver.Answer = _ => new WebhookReceiver.Reply(200);
        var accepted = () => _receiver.Received.Where(r => r.Number > requests + claimed).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        for (var i = 0; i < 60 && accepted().Count < 12; i++)
        {
            _app.Clock.Advance(TimeSpan.FromSeconds(5));
            await Dispatcher.RunRoundAsync();
            await Dispatcher.DrainAsync();
        }
        await Eventually.HoldsAsync(() => accepted().Count >= 12, $"only {accepted().Count} of 12 webhooks arrived after the receiver came back");
        var bodies = accepted();
        Assert.Equal(12, bodies.Select(b => b.GetProperty("id").GetInt64()).Distinct().Count());
        foreach (var device in devices)
            Assert.Equal(mos[device], bodies.Where(b => b.GetProperty("endpoint").GetProperty("id").GetInt64() == device).Select(b => b.GetProperty("id").GetInt64()));
        dead.TrySetResult();
    }

    [Fact]
    public async Task After_an_outage_longer_than_park_seconds_with_more_webhooks_than_a_round_reads_every_webhook_arrives_in_order_per_device()
    {
        // The stall of docs/benchmarks.md ("Webhooks: notes", the full-size outage): parking moved a device's oldest
        // webhooks behind its newer ones, and a round's window (here 4 rows) held only rows waiting for their device's
        // older webhook, so once the receiver was back nothing was sent.
        _app.With("Cellgate:Webhooks:BatchSize", "4")
            .With("Cellgate:Webhooks:MaxConcurrencyPerDestination", "1")
            .With("Cellgate:Webhooks:ParkSeconds", "60");
        var down = WebhookReceiver.Down();
        await _receiver.StopAsync();
        await using var receiver = down;
        _app.With("Cellgate:Webhooks:AllowedTargets:1", $"127.0.0.1:{down.Port}");
        var (w, first, _) = await WorldAsync(down.Url());
        var devices = new List<long> { first, await w.DeviceAsync(name: "outage 2"), await w.DeviceAsync(name: "outage 3") };
        var mos = devices.ToDictionary(d => d, _ => new List<long>());
        // Three minutes down (three times ParkSeconds), an MO from each device every 10 s: 54 webhooks, 18 per device.
        for (var step = 0; step < 18; step++)
        {
            foreach (var device in devices) mos[device].Add(await MoAsync(w, device, $"outage {device}/{step}"));
            await AdvanceAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Empty(down.Received);
        Assert.True(Dispatcher.Activity.Parked > 0, $"nothing was parked: {Dispatcher.Activity}");

        // The receiver is back: within a bounded number of rounds (far more than 54 × 1 slot needs) every webhook arrives.
        await down.StartOnAsync(down.Port);
        for (var i = 0; i < 400 && down.Received.Count < 54; i++) await AdvanceAsync(TimeSpan.FromSeconds(2));
        await Eventually.HoldsAsync(() => down.Received.Count >= 54,
            $"only {down.Received.Count} of 54 webhooks arrived after the receiver came back ({Dispatcher.Activity})");
        var bodies = down.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(54, bodies.Select(b => b.GetProperty("id").GetInt64()).Distinct().Count());
        foreach (var device in devices)
        {
            Assert.Equal(mos[device], bodies.Where(b => b.GetProperty("endpoint").GetProperty("id").GetInt64() == device)
                .Select(b => b.GetProperty("id").GetInt64()).Distinct());
        }
        await Eventually.HoldsAsync(async () => (await w.Client.GetJsonAsync("/api/v1/webhook_delivery?state=pending")).GetArrayLength() == 0,
            "webhooks are still pending");
    }

    [Fact]
    public async Task A_webhook_waiting_behind_an_older_one_of_its_device_is_sent_as_soon_as_the_older_one_fails()
    {
        // The second MO's webhook waits (pending, no next_attempt) while the first is in flight, and is made due in the
        // transaction that records the first one's end (here FAILED: a 400, ClientErrorAttempts 1 in this class) — not
        // by the orphan sweep, which runs every LeaseSeconds (3600 here) and so not during this test.
        _app.With("Cellgate:Webhooks:LeaseSeconds", "3600");
        var gate = new TaskCompletionSource();
        _receiver.Answer = r => r.Number == 1 ? new WebhookReceiver.Reply(400, HoldUntil: gate.Task) : new WebhookReceiver.Reply(200);
        var (w, device, _) = await WorldAsync();
        await MoAsync(w, device, "refused by the receiver");
        await NthRequestAsync(1);
        var second = await MoAsync(w, device, "sent once the first failed");
        var waiting = await DeliveryAsync(w, d => d.GetProperty("sms_id").GetInt64() == second, "the second MO's");
        Assert.Equal("pending", waiting.GetProperty("state").GetString());
        Assert.False(waiting.TryGetProperty("next_attempt", out _), $"a waiting webhook has no next attempt: {waiting}");
        gate.TrySetResult();
        Assert.Contains("sent once the first failed", (await NthRequestAsync(2)).Text);
        await DeliveryAsync(w, d => d.GetProperty("state").GetString() == "delivered", "delivered");
        var states = (await w.Client.GetJsonAsync("/api/v1/webhook_delivery")).EnumerateArray().Select(d => d.GetProperty("state").GetString()).ToList();
        Assert.Equal(["delivered", "failed"], states);
    }

    [Fact]
    public async Task Callbacks_and_secrets_are_created_listed_and_deleted_and_the_secret_is_never_returned()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var created = await w.Client.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.com/hook", purpose = "mine" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("", await created.Content.ReadAsStringAsync());
        var callback = Resources.IdFromLocation(created);
        var one = await w.Client.GetJsonAsync($"/api/v1/api_callback/{callback}");
        Assert.Equal("https://example.com/hook", one.GetProperty("url").GetString());
        Assert.Equal("mine", one.GetProperty("purpose").GetString());
        Assert.Single((await w.Client.GetJsonAsync("/api/v1/api_callback")).EnumerateArray());

        var secret = await Resources.CreatedAsync(w.Client.PostAsJsonAsync("/api/v1/api_secret", new { secret = Secret, purpose = "signing" }));
        var listed = await w.Client.GetStringAsync("/api/v1/api_secret");
        Assert.DoesNotContain(Secret, listed);
        Assert.DoesNotContain("secret\"", listed.Replace("api_secret", ""));
        var s = await w.Client.GetJsonAsync($"/api/v1/api_secret/{secret}");
        Assert.Equal(["id", "organisation_id", "purpose"], Keys(s));

        Assert.Equal(HttpStatusCode.NoContent, (await w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}",
            new { api_callback = new { id = callback }, api_secret = new { id = secret } })).StatusCode);
        var profile = await w.Client.GetJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}");
        Assert.Equal(callback, profile.GetProperty("api_callback").GetProperty("id").GetInt64());
        Assert.Equal(secret, profile.GetProperty("api_secret").GetProperty("id").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await w.Client.DeleteAsync($"/api/v1/api_callback/{callback}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Client.DeleteAsync($"/api/v1/api_secret/{secret}")).StatusCode);
        await HttpAssert.ErrorAsync(await w.Client.GetAsync($"/api/v1/api_callback/{callback}"), 404, 1401, "InvalidReference");
        profile = await w.Client.GetJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}");
        Assert.False(profile.TryGetProperty("api_callback", out _));
        Assert.False(profile.TryGetProperty("api_secret", out _));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"url\":\"ftp://example.com/\"}")]
    [InlineData("{\"url\":\"not a url\"}")]
    [InlineData("{\"url\":\"https://user:pass@example.com/\"}")]
    public async Task An_api_callback_needs_an_absolute_http_url(string body)
    {
        var client = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await client.PostAsync("/api/v1/api_callback", Resources.Json(body)), 422, 1400, "InputValidationFailed");
    }

    [Fact]
    public async Task A_service_profile_cannot_reference_another_organisations_callback_or_secret()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        var theirs = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.com/op" }));
        var theirSecret = await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/api_secret", new { secret = Secret }));
        var profile = await customer.ServiceProfileAsync();
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/v1/service_profile/{profile}", new { api_callback = new { id = theirs } }), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/v1/service_profile/{profile}", new { api_secret = new { id = theirSecret } }), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync("/api/v1/service_profile", new { name = "x", api_callback = new { id = theirs } }), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/api_callback/{theirs}"), 404, 1401, "InvalidReference");
        Assert.Empty((await customer.GetJsonAsync("/api/v1/api_callback")).EnumerateArray());
        Assert.Empty((await customer.GetJsonAsync("/api/v1/api_secret")).EnumerateArray());
    }
}
