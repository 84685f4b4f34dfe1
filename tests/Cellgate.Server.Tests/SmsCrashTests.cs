using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// Crash safety with the real server process: SMS submitted concurrently, the process killed with SIGKILL mid-burst,
/// restarted on the same SQLite file. Every SMS answered 201 must exist and reach a final state, and no handset may
/// receive an SMS twice. Delivery is at least once (an SMS handed to the simulator just before the kill is handed
/// over again after the restart); the handset's inbox is unique per SMS id, so such a redelivery is counted as a
/// suppressed duplicate and never shows as a second message.
/// </summary>
public sealed class SmsCrashTests
{
    private const string Token = "crash-test-token-0123456789abcdef";

    [Fact]
    public async Task Every_sms_acknowledged_before_a_sigkill_survives_and_is_delivered_exactly_once_to_the_handset()
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-crash-").FullName;
        var env = new Dictionary<string, string>
        {
            ["Cellgate__Bootstrap__ApplicationToken"] = Token,
            ["Cellgate__Delivery__LeaseSeconds"] = "2", // so the restarted node takes over the dead one's claims quickly
        };
        try
        {
            var acknowledged = new ConcurrentDictionary<long, long>(); // sms id → device
            await using (var server = await ServerProcess.StartAsync(dir, env))
            {
                var client = await ClientAsync(server);
                using var stop = new CancellationTokenSource();
                var workers = Enumerable.Range(0, 8).Select(async worker =>
                {
                    var device = 1 + worker % 2; // the two enabled, attached demo devices
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        try
                        {
                            var response = await client.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = $"w{worker}-{i}" });
                            if (response.StatusCode == HttpStatusCode.Created)
                                acknowledged[long.Parse(response.Headers.Location!.ToString().Split('/')[^1])] = device;
                        }
                        catch (HttpRequestException) { return; } // the process is gone
                        catch (TaskCanceledException) { return; }
                    }
                }).ToList();

                // A broken submit path fails here (with the count reached) instead of hanging the run.
                await Eventually.HoldsAsync(() => acknowledged.Count >= 300, $"300 SMS were not acknowledged (only {acknowledged.Count})");
                server.Kill(); // SIGKILL, mid-burst
                await Task.WhenAll(workers).WaitAsync(Eventually.DefaultTimeout);
                stop.Cancel();
            }

            await using var restarted = await ServerProcess.StartAsync(dir, env);
            var again = await ClientAsync(restarted);
            // device → sms id → status, once every stored SMS is final (or the deadline fails the test with what is left).
            var stored = await Eventually.ValueAsync(async () =>
            {
                var now = new Dictionary<long, Dictionary<long, int>>();
                foreach (var device in new[] { 1L, 2L })
                    now[device] = (await again.GetFromJsonAsync<JsonElement>($"/api/v1/endpoint/{device}/sms")).EnumerateArray()
                        .ToDictionary(sms => sms.GetProperty("id").GetInt64(), sms => sms.GetProperty("status").GetProperty("id").GetInt32());
                return now;
            }, s => s.Values.All(d => d.Values.All(x => x >= 4)), s => $"{s.Values.Sum(d => d.Values.Count(x => x < 4))} SMS are not final after the restart");

            // Every acknowledged SMS exists, on its device, delivered; every stored SMS is final (none stuck).
            Assert.All(acknowledged, a => Assert.True(stored[a.Value].TryGetValue(a.Key, out var s) && s == 4, $"SMS {a.Key} is {(stored[a.Value].TryGetValue(a.Key, out var x) ? x : -1)}"));
            Assert.All(stored.Values.SelectMany(d => d), kv => Assert.Equal(4, kv.Value));

            // Each handset received each of its SMS exactly once, in submission order.
            foreach (var (device, sms) in stored)
            {
                var received = (await again.GetFromJsonAsync<JsonElement>($"/api/simulator/devices/{device}/inbox")).EnumerateArray()
                    .Select(e => e.GetProperty("sms_id").GetInt64()).ToList();
                Assert.Equal(sms.Keys.Order(), received);
            }
            var stats = await again.GetFromJsonAsync<JsonElement>("/api/simulator/stats");
            Assert.Equal(stored.Values.Sum(d => d.Count), stats.GetProperty("received").GetInt64());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<HttpClient> ClientAsync(ServerProcess server) => server.CreateClientAsync(Token);
}
