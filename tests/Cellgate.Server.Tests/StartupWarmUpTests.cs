using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cellgate.Server.Hosting;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 11 ("a fresh server within 80 % of warm"): the start-up warm-up (Cellgate:Startup:WarmUp) runs the hot paths
/// before /readyz reports ready, and leaves nothing behind: no SMS, no inbox entry, no usage, no event.
/// </summary>
public sealed partial class StartupWarmUpTests
{
    private static async Task<long> CountAsync(string directory, string table)
    {
        await using var connection = await TestDatabase.OpenAsync(directory);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static readonly string[] LeftNothingIn = ["sms", "usage_pending", "usage_records", "webhook_outbox", "sms_limit_counters"];

    [Fact]
    public async Task The_warm_up_runs_the_sms_submit_write_and_rolls_it_back_leaving_no_sms_inbox_entry_usage_or_event()
    {
        // Demo data: the operator organisation has endpoints with SIMs, attached in the simulator (delivered at submit).
        using var control = new CellgateApp().With("Cellgate:Demo:Enabled", "true");
        // In the test host the runtime is never quiet (other tests compile all the time), so the warm-up would run to its
        // bound: 5 s instead of 20 (what the test checks is done within the first round).
        using var app = new CellgateApp().With("Cellgate:Demo:Enabled", "true").With("Cellgate:Startup:WarmUp", "true")
            .With("Cellgate:Startup:WarmUpRequests", "256").With("Cellgate:Startup:WarmUpMaxSeconds", "5");
        _ = control.Server;
        var warmUp = app.Services.GetRequiredService<StartupWarmUp>();
        await warmUp.Completion.WaitAsync(Eventually.DefaultTimeout);

        // The in-memory test server has no socket: the writes only (the process test below sends the requests). On
        // PostgreSQL the write is not run (a sequence is not rolled back).
        if (TestDatabase.IsPostgres) Assert.Equal(0, warmUp.RolledBackWrites);
        else Assert.True(warmUp.RolledBackWrites > 0, "the warm-up ran no submit write");
        foreach (var table in LeftNothingIn) Assert.Equal(0, await CountAsync(app.Directory, table));
        Assert.Equal(await CountAsync(control.Directory, "events"), await CountAsync(app.Directory, "events"));

        // The SMS ids go on where they would have: the first SMS stored after the warm-up is the first one.
        var op = await app.OperatorAsync();
        var endpoint = (await op.GetJsonAsync("/api/v1/endpoint"))[0].GetProperty("id").GetInt64();
        var created = await op.PostAsync($"/api/v1/endpoint/{endpoint}/sms",
            new StringContent("""{"source_address":"+4912345678","payload":"after the warm-up"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith("/sms/1", created.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Readyz_answers_503_starting_while_the_warm_up_runs_and_200_once_it_ended()
    {
        var gate = new TaskCompletionSource();
        using var app = new CellgateApp().With("Cellgate:Startup:WarmUp", "true").With("Cellgate:Startup:WarmUpRequests", "256")
            .With("Cellgate:Startup:WarmUpMaxSeconds", "5") // as above: the test host never goes quiet
            .WithServices(s =>
            {
                s.RemoveAll<StartupWarmUp>();
                s.AddSingleton(sp =>
                {
                    var held = ActivatorUtilities.CreateInstance<StartupWarmUp>(sp);
                    held.StartGate = gate.Task; // the warm-up waits here: it cannot end before the test lets it
                    return held;
                });
            });
        var client = app.CreateClient();
        var starting = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        using (var body = JsonDocument.Parse(await starting.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Starting", body.RootElement.GetProperty("status").GetString());
            Assert.True(body.RootElement.GetProperty("warming_up").GetBoolean());
            Assert.Equal("Healthy", body.RootElement.GetProperty("database").GetProperty("status").GetString());
        }
        // Liveness is not readiness: the process answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        gate.SetResult();
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz never became ready after the warm-up");
        Assert.True(app.Services.GetRequiredService<StartupWarmUp>().Done);
        using var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz"));
        Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        Assert.False(ready.RootElement.TryGetProperty("warming_up", out _));
    }

    [Fact]
    public async Task With_the_warm_up_off_the_server_is_ready_at_once_and_sends_nothing()
    {
        using var app = new CellgateApp().With("Cellgate:Demo:Enabled", "true").With("Cellgate:Startup:WarmUp", "false");
        var client = app.CreateClient();
        var warmUp = app.Services.GetRequiredService<StartupWarmUp>();
        await warmUp.Completion.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(0, warmUp.Requests);
        Assert.Equal(0, warmUp.RolledBackWrites);
    }

    [GeneratedRegex(@"Warm-up done in \d+ ms: \d+ rounds, (?<requests>\d+) requests answered")]
    private static partial Regex DoneLine();

    [Fact]
    public async Task The_real_server_warms_up_over_its_own_port_before_it_is_ready_and_stores_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-warmup-").FullName;
        try
        {
            await using (var server = await ServerProcess.StartAsync(dir, new Dictionary<string, string>
            {
                ["Cellgate__Startup__WarmUp"] = "true",
                ["Cellgate__Startup__WarmUpRequests"] = "256",
                ["Logging__LogLevel__Cellgate.Server.Hosting.StartupWarmUp"] = "Debug",
            }))
            {
                using var client = server.CreateClient();
                await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz never became ready");
                // The requests went through the server's own HTTP port (the pipeline, the bearer token, the submit route).
                var done = await Eventually.ValueAsync(() => Task.FromResult(DoneLine().Match(server.Output)), m => m.Success,
                    _ => $"no warm-up line in the output:\n{server.Output}");
                Assert.True(int.Parse(done.Groups["requests"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, done.Value);
                Assert.DoesNotContain(server.Output.Split('\n'), l => l.StartsWith("fail:", StringComparison.Ordinal)
                    || l.StartsWith("crit:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal));
            }
            foreach (var table in LeftNothingIn) Assert.Equal(0, await CountAsync(dir, table));
        }
        finally
        {
            TestDatabase.Drop(dir);
            Directory.Delete(dir, recursive: true);
        }
    }
}
