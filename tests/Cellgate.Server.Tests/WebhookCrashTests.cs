using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// The webhook outbox with the real server process: webhooks committed before a SIGKILL are all delivered after the
/// restart (at least once, each with its stable <c>webhook-id</c>, in order per device), and a SIGTERM hands the
/// node's leases back at once, so the restarted node sends at once instead of waiting for the leases to run out.
/// The demo service profile's API callback is pointed at the test's receiver (Cellgate:Demo:WebhookReceiverUrl).
/// </summary>
public sealed class WebhookCrashTests
{
    private const string Token = "webhook-crash-token-0123456789abcdef";

    private static Dictionary<string, string> Environment(WebhookReceiver receiver, int leaseSeconds, int timeoutSeconds) => new()
    {
        ["Cellgate__Bootstrap__ApplicationToken"] = Token,
        ["Cellgate__Demo__WebhookReceiverUrl"] = receiver.Url(),
        ["Cellgate__Webhooks__AllowedTargets__0"] = $"127.0.0.1:{receiver.Port}",
        ["Cellgate__Webhooks__LeaseSeconds"] = leaseSeconds.ToString(),
        ["Cellgate__Webhooks__RequestTimeoutSeconds"] = timeoutSeconds.ToString(),
        ["Cellgate__Webhooks__FirstRetryDelaySeconds"] = "1",
        ["Cellgate__Webhooks__MaxRetryDelaySeconds"] = "2",
        ["Cellgate__Webhooks__CircuitOpenSeconds"] = "1",
    };

    private static Task<HttpClient> ClientAsync(ServerProcess server) => server.CreateClientAsync(Token);

    private static async Task<long> MoAsync(HttpClient client, long device, string payload)
    {
        var response = await client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = "12345", payload });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Resources.IdFromLocation(response);
    }

    [Fact]
    public async Task Every_webhook_committed_before_a_sigkill_is_delivered_after_the_restart_with_a_stable_webhook_id()
    {
        var up = false;
        var accepted = new System.Collections.Concurrent.ConcurrentQueue<WebhookReceiver.Request>();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = r =>
        {
            if (!Volatile.Read(ref up)) return new WebhookReceiver.Reply(503);
            accepted.Enqueue(r);
            return new WebhookReceiver.Reply(200);
        };
        var dir = Directory.CreateTempSubdirectory("cellgate-webhook-crash-").FullName;
        var env = Environment(receiver, leaseSeconds: 5, timeoutSeconds: 1);
        try
        {
            var mos = new Dictionary<long, long>(); // MO id → device
            await using (var server = await ServerProcess.StartAsync(dir, env))
            {
                var client = await ClientAsync(server);
                for (var i = 0; i < 20; i++)
                {
                    var device = 1 + i % 2; // the two enabled, attached demo devices
                    mos[await MoAsync(client, device, $"crash-{i}")] = device;
                }
                await Eventually.HoldsAsync(() => receiver.Received.Count >= 3, "the dispatcher did not try the receiver");
                server.Kill(); // SIGKILL, with every webhook pending
            }
            var before = receiver.Received.Select(r => r.Header("webhook-id")).ToHashSet();
            Volatile.Write(ref up, true);

            await using var restarted = await ServerProcess.StartAsync(dir, env);
            await Eventually.HoldsAsync(() => accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetInt64()).ToHashSet().SetEquals(mos.Keys),
                $"not every MO webhook was accepted after the restart ({accepted.Count} of {mos.Count})");

            var all = receiver.Received.Where(r => r.Body.Length > 0).ToList();
            // A webhook id always carries the same body (receivers drop duplicates by it); one id per MO.
            foreach (var group in all.GroupBy(r => r.Header("webhook-id")))
                Assert.Single(group.Select(r => r.Text).Distinct());
            Assert.Equal(mos.Count, all.Select(r => r.Header("webhook-id")).Distinct().Count());
            Assert.Subset(all.Select(r => r.Header("webhook-id")).ToHashSet(), before);
            // In order per device: each device's webhooks were accepted in MO order.
            foreach (var device in new[] { 1L, 2L })
            {
                var order = accepted.Select(r => JsonDocument.Parse(r.Body).RootElement)
                    .Where(b => b.GetProperty("endpoint").GetProperty("id").GetInt64() == device)
                    .Select(b => b.GetProperty("id").GetInt64()).Distinct().ToList();
                Assert.Equal(order.Order(), order);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_sigterm_hands_back_the_leases_of_webhooks_in_flight_so_the_next_start_sends_them_at_once()
    {
        var hold = new TaskCompletionSource();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => new WebhookReceiver.Reply(200, HoldUntil: hold.Task);
        var dir = Directory.CreateTempSubdirectory("cellgate-webhook-term-").FullName;
        var env = Environment(receiver, leaseSeconds: 900, timeoutSeconds: 60); // a lease that would outlast the test
        try
        {
            long mo;
            await using (var server = await ServerProcess.StartAsync(dir, env))
            {
                mo = await MoAsync(await ClientAsync(server), 1, "in flight at shutdown");
                await Eventually.HoldsAsync(() => receiver.Received.Count >= 1, "the webhook was not sent");
                Assert.Equal(0, await server.TerminateAsync());
                Assert.Contains("released the leases of 1 webhooks", server.Output);
            }
            receiver.Answer = _ => new WebhookReceiver.Reply(200);
            hold.TrySetResult();

            await using var restarted = await ServerProcess.StartAsync(dir, env);
            var client = await ClientAsync(restarted);
            var delivered = await Eventually.ValueAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/api/v1/webhook_delivery")).EnumerateArray()
                    .FirstOrDefault(d => d.GetProperty("sms_id").GetInt64() == mo),
                d => d.ValueKind == JsonValueKind.Object && d.GetProperty("state").GetString() == "delivered",
                d => $"the webhook was not delivered after the restart: {d}");
            Assert.Equal(1, delivered.GetProperty("attempts").GetInt32()); // the cancelled request was not an attempt
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
