using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Cellgate.Delivery;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cellgate.Server.Tests;

/// <summary>
/// The SMS engine and the simulator under faults (issue 7, items 12–16): a transport that throws, leases that run
/// out, database errors in background loops and in echo replies, a PATCH racing the schedule, a deleted device.
/// Faults are injected into the real storage (SQLite triggers that abort a statement) or the real transport.
/// </summary>
public sealed class SmsFaultTests : IDisposable
{
    private readonly CellgateApp _app = new();
    private readonly LogSink _logs = new();

    public SmsFaultTests() => _app.WithServices(s => s.AddSingleton<ILoggerProvider>(_logs));

    public void Dispose() => _app.Dispose();

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>Runs SQL on the application's database file from outside (to install or remove an injected fault).</summary>
    private async Task SqlAsync(string sql)
    {
        await using var connection = await TestDatabase.OpenAsync(_app.Directory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await TestDatabase.OpenAsync(_app.Directory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Installs a trigger <c>injected_fault</c> that aborts the statement (SQLite's RAISE or PostgreSQL's).</summary>
    private Task InjectFaultAsync(string timing, string table, string? when = null) => SqlAsync(TestDatabase.IsPostgres
        ? $"""
          CREATE OR REPLACE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;
          CREATE TRIGGER injected_fault {timing} ON {table} FOR EACH ROW {(when is null ? "" : $"WHEN ({when})")} EXECUTE FUNCTION injected_fault();
          """
        : $"""CREATE TRIGGER injected_fault {timing} ON {table} {(when is null ? "" : $"WHEN {when}")} BEGIN SELECT RAISE(ABORT, 'injected fault'); END""");

    private Task RemoveFaultAsync(string table) => SqlAsync(TestDatabase.IsPostgres ? $"DROP TRIGGER injected_fault ON {table}" : "DROP TRIGGER injected_fault");

    /// <summary>Once armed, throws for every batch holding an SMS with the payload "poison"; otherwise the real simulator.</summary>
    private sealed class PoisonTransport(NetworkSimulator simulator, Func<bool> armed) : ISmsTransport
    {
        public ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken) =>
            armed() && batch.Any(s => s.Payload == "poison")
                ? throw new InvalidOperationException("the transport chokes on this SMS")
                : simulator.DeliverAsync(batch, cancellationToken);
    }

    private volatile bool _poisonArmed;

    private void UsePoisonTransport() => _app.WithServices(s =>
    {
        s.AddSmsTransport(SmsTransports.Simulator, sp => new PoisonTransport(sp.GetRequiredService<NetworkSimulator>(), () => _poisonArmed));
    });

    [Fact]
    public async Task A_transport_that_throws_on_one_sms_fails_only_that_sms_counting_each_attempt_and_it_ends_failed()
    {
        UsePoisonTransport();
        _app.With("Cellgate:Delivery:MaxFaultedAttempts", "2");
        var w = await SmsWorld.CreateAsync(_app);
        var a = await w.DeviceAsync(attached: false, name: "a");
        var b = await w.DeviceAsync(attached: false, name: "b");
        var before = await w.SendOkAsync(a, new { payload = "before" });
        var poison = await w.SendOkAsync(a, new { payload = "poison" });
        var after = await w.SendOkAsync(a, new { payload = "after" });
        var other = await w.SendOkAsync(b, new { payload = "other device" });
        foreach (var (device, sms) in new[] { (a, before), (a, poison), (a, after), (b, other) })
            await w.WaitForStatusAsync(device, sms, 3); // buffered for the detached handsets
        _poisonArmed = true;
        await w.AttachAsync(b);
        await w.AttachAsync(a); // all due at once: one round holds the poison and the rest

        // The round is not lost: everything but the poison SMS gets its real outcome.
        await w.WaitForStatusAsync(a, before, 4);
        await w.WaitForStatusAsync(b, other, 4);
        var first = await w.WaitForStatusAsync(a, poison, 3);
        Assert.Equal("1", first.GetProperty("retry_count").GetString());
        Assert.Equal("systemFailure", first.GetProperty("gsm_map_error").GetString());
        Assert.Equal("2026-03-01T12:00:30.000+0000", first.GetProperty("retry_date").GetString()); // the back-off, not a hot loop
        await w.RunDispatcherRoundAsync();
        Assert.Equal(3, SmsWorld.Status(await w.SmsAsync(a, after))); // still waits behind the poison SMS (per-device order)

        // The second faulted attempt is the last (MaxFaultedAttempts 2): FAILED, and the SMS behind it goes out.
        w.Advance(TimeSpan.FromSeconds(30));
        var failed = await w.WaitForStatusAsync(a, poison, 5);
        Assert.Equal("2", failed.GetProperty("retry_count").GetString());
        Assert.Equal("systemFailure", failed.GetProperty("gsm_map_error").GetString());
        Assert.Equal("2026-03-01T12:00:30.000+0000", failed.GetProperty("final_date").GetString());
        await w.WaitForStatusAsync(a, after, 4);
        Assert.Equal(["before", "after"], (await w.InboxAsync(a)).EnumerateArray().Select(e => e.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task A_lease_that_runs_out_counts_as_an_attempt_and_an_sms_whose_leases_keep_running_out_fails()
    {
        _app.With("Cellgate:Delivery:Enabled", "false").With("Cellgate:Delivery:MaxFaultedAttempts", "2"); // the test plays the nodes
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "claimed by nodes that die" });
        var writer = _app.Services.GetRequiredService<SmsWriter>();
        Task<List<ClaimedSms>> ClaimAsync(string node) => writer.WriteAsync((c, t, ct) => SmsQueue.ClaimAsync(c, t, node, Now, Now.AddSeconds(30), 100, cancellationToken: ct));

        Assert.Equal(0, Assert.Single(await ClaimAsync("node-a")).RetryCount);
        _app.Clock.Advance(TimeSpan.FromSeconds(31)); // node-a died holding it
        var second = Assert.Single(await ClaimAsync("node-b"));
        Assert.Equal(1, second.RetryCount);
        Assert.Equal(1, second.FaultCount);
        Assert.Equal("1", (await w.SmsAsync(device, id)).GetProperty("retry_count").GetString());

        _app.Clock.Advance(TimeSpan.FromSeconds(31)); // node-b died too: the second faulted attempt reaches the limit
        await w.RunDispatcherRoundAsync();
        var sms = await w.SmsAsync(device, id);
        Assert.Equal(5, SmsWorld.Status(sms));
        Assert.Equal("systemFailure", sms.GetProperty("gsm_map_error").GetString());
        Assert.Empty((await w.InboxAsync(device)).EnumerateArray()); // failed without another hand-over
    }

    [Fact]
    public async Task A_database_error_in_the_simulator_schedule_is_logged_and_the_schedule_goes_on()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        Assert.Equal(HttpStatusCode.OK, (await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { toggle_seconds = 5 })).StatusCode);
        await InjectFaultAsync("""BEFORE UPDATE OF "Attached" """, "simulated_devices");

        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        await Eventually.HoldsAsync(() => Task.FromResult(_logs.Has(3210) || lifetime.ApplicationStopping.IsCancellationRequested),
            "the schedule's database error was neither logged nor fatal", between: () => _app.Clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "a database error in the schedule stopped the host");
        Assert.True(_logs.Has(3210));

        await RemoveFaultAsync("simulated_devices");
        await Eventually.HoldsAsync(async () => (await w.Client.GetJsonAsync($"/api/simulator/devices/{device}")).GetProperty("attached").GetBoolean(),
            "the schedule did not go on after the error", between: () => _app.Clock.Advance(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_failing_echo_reply_does_not_fail_the_delivery_of_the_sms_it_answers()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        Assert.Equal(HttpStatusCode.OK, (await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { echo = true })).StatusCode);
        await InjectFaultAsync("BEFORE INSERT", "sms", """NEW."Type" = 2""");

        var mt = await w.SendOkAsync(device, new { payload = "ping" });
        var delivered = await w.WaitForStatusAsync(device, mt, 4);
        Assert.Equal("0", delivered.GetProperty("retry_count").GetString());
        await Eventually.HoldsAsync(() => _logs.Has(3220), "the failed echo was not logged");
        Assert.Equal(["ping"], (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("payload").GetString()));

        await RemoveFaultAsync("sms");
        var again = await w.SendOkAsync(device, new { payload = "pong" });
        await w.WaitForStatusAsync(device, again, 4);
        await Eventually.HoldsAsync(async () => (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray()
            .Any(s => s.GetProperty("sms_type").GetProperty("id").GetInt32() == 2 && s.GetProperty("payload").GetString() == "pong"), "echoes did not resume");
    }

    [Fact]
    public async Task A_patch_racing_a_scheduled_toggle_changes_only_its_own_fields()
    {
        _app.With("Cellgate:Delivery:Enabled", "false"); // nothing else writes while the test holds the writer
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        await w.DetachAsync(device); // the handset's row exists, detached
        var writer = _app.Services.GetRequiredService<SmsWriter>();

        // The schedule's toggle is in the writer; hold it there until the PATCH has read the handset and queued its write.
        using var release = new ManualResetEventSlim();
        var toggle = writer.WriteAsync((c, t) =>
        {
            release.Wait(Eventually.DefaultTimeout);
            using var attach = SqlCommands.Create(c, t, """UPDATE simulated_devices SET "Attached" = TRUE WHERE "DeviceId" = @id""", ("@id", device));
            return attach.ExecuteNonQuery();
        });
        var patch = w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { echo = true });
        await Eventually.HoldsAsync(() => writer.Queued >= 1 || patch.IsCompleted, "the PATCH did not reach the writer");
        release.Set();
        Assert.Equal(1, await toggle);
        Assert.Equal(HttpStatusCode.OK, (await patch).StatusCode);

        var state = await w.Client.GetJsonAsync($"/api/simulator/devices/{device}");
        Assert.True(state.GetProperty("echo").GetBoolean());
        Assert.True(state.GetProperty("attached").GetBoolean(), "the PATCH of echo reverted the scheduled attach");
    }

    [Fact]
    public async Task Deleting_a_device_removes_its_simulated_handset_and_sms_quota()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var kept = await w.DeviceAsync(name: "kept");
        var device = await w.DeviceAsync(name: "deleted");
        Assert.Equal(HttpStatusCode.Created, (await w.Client.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/sms",
            new { volume = 10, expiry_date = "2026-04-01 00:00:00", threshold_percentage = 50, status = new { id = 1 } })).StatusCode);
        Assert.Equal(2, (await w.Client.GetJsonAsync("/api/simulator/stats")).GetProperty("attached").GetInt64());

        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/endpoint/{device}", new { sim = new { id = (long?)null } }));
        await Resources.NoContentAsync(w.Client.DeleteAsync($"/api/v1/endpoint/{device}"));

        Assert.Equal(1, (await w.Client.GetJsonAsync("/api/simulator/stats")).GetProperty("attached").GetInt64());
        Assert.Equal(0, await CountAsync($"""SELECT COUNT(*) FROM simulated_devices WHERE "DeviceId" = {device}"""));
        Assert.Equal(0, await CountAsync($"""SELECT COUNT(*) FROM sms_quotas WHERE "DeviceId" = {device}"""));
        Assert.Equal(1, await CountAsync($"""SELECT COUNT(*) FROM simulated_devices WHERE "DeviceId" = {kept}"""));
    }

    /// <summary>Keeps the event ids logged by the application.</summary>
    private sealed class LogSink : ILoggerProvider
    {
        private readonly ConcurrentDictionary<int, int> _ids = new();
        public bool Has(int eventId) => _ids.ContainsKey(eventId);
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(LogSink sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink._ids.AddOrUpdate(eventId.Id, 1, (_, n) => n + 1);
        }
    }
}
