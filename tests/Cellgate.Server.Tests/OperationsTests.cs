using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cellgate.Delivery;
using Cellgate.Server.Hosting;
using Cellgate.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// OpenTelemetry listens to every meter named <c>Cellgate</c> in the process, so two apps alive at once would report
/// each other's instruments: these tests run alone, never beside another test's app.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics (alone in the process)";
}

/// <summary>Issue 16: the Prometheus endpoint, the meters of the SMS engine and the cached readiness probe.</summary>
[Collection(MetricsCollection.Name)]
public sealed class OperationsTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Metrics:Enabled", "true"); // off by default in tests

    public void Dispose() => _app.Dispose();

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/> (0 when none).</summary>
    internal static double Sample(string exposition, string name, params string[] labels) => exposition.Split('\n')
        .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
        .Where(l => labels.All(x => l.Contains(x, StringComparison.Ordinal)))
        .Sum(l => double.Parse(l[(l.LastIndexOf('}') is var i and >= 0 ? i + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    [Fact]
    public async Task Metrics_need_a_token_of_the_operator_organisation()
    {
        var anonymous = await _app.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var (customer, _) = await _app.CustomerAsync();
        var forbidden = await customer.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("cellgate_", await forbidden.Content.ReadAsStringAsync());

        var op = await _app.OperatorAsync();
        var response = await op.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("cellgate_auth_attempts_total", text); // the operator's own login, counted
        Assert.Contains("cellgate_sms_queue_depth", text);
    }

    [Fact]
    public async Task Requests_are_measured_without_the_per_request_instruments_that_are_not_collected()
    {
        var op = await _app.OperatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/endpoint")).StatusCode);
        var text = await Eventually.ValueAsync(() => op.GetStringAsync("/metrics"),
            t => t.Contains("http_server_request_duration_seconds", StringComparison.Ordinal), t => $"no http.server.request.duration in the metrics:\n{t}");
        foreach (var dropped in new[] { "aspnetcore_authentication_", "aspnetcore_authorization_", "aspnetcore_routing_match_attempts", "aspnetcore_memory_pool_" })
            Assert.DoesNotContain(dropped, text);
    }

    [Fact]
    public async Task The_smpp_session_gauge_reports_zero_for_every_bind_type_while_nothing_is_bound()
    {
        var op = await _app.OperatorAsync();
        var text = await op.GetStringAsync("/metrics");
        foreach (var kind in new[] { "transmitter", "receiver", "transceiver" })
        {
            var line = text.Split('\n').SingleOrDefault(l => l.StartsWith("cellgate_smpp_sessions{", StringComparison.Ordinal)
                && l.Contains($"cellgate_smpp_bind_type=\"{kind}\"", StringComparison.Ordinal));
            Assert.True(line is not null, $"no cellgate_smpp_sessions series for {kind}:\n{text}");
            Assert.Equal(0, Sample(text, "cellgate_smpp_sessions", $"cellgate_smpp_bind_type=\"{kind}\""));
        }
    }

    [Fact]
    public async Task The_sms_counters_and_the_delivery_latency_move_when_an_sms_is_sent_and_delivered()
    {
        var world = await SmsWorld.CreateAsync(_app);
        var device = await world.DeviceAsync();
        var op = await _app.OperatorAsync();
        var before = await op.GetStringAsync("/metrics");

        var sms = await world.SendOkAsync(device, new { payload = "metrics" });
        await world.WaitForStatusAsync(device, sms, 4);
        // That one was delivered at submit (docs/sms.md): a buffered one delivered by a dispatcher round moves the round series.
        var later = await world.DeviceAsync(attached: false, name: "later");
        var buffered = await world.SendOkAsync(later, new { payload = "metrics" });
        await world.AttachAsync(later);
        await world.WaitForStatusAsync(later, buffered, 4);

        var after = await Eventually.ValueAsync(() => op.GetStringAsync("/metrics"),
            t => Sample(t, "cellgate_sms_delivered_total") > Sample(before, "cellgate_sms_delivered_total"),
            t => $"cellgate_sms_delivered_total did not move:\n{t}");
        Assert.True(Sample(after, "cellgate_sms_accepted_total", "cellgate_interface=\"rest\"", "cellgate_sms_direction=\"mt\"")
                    > Sample(before, "cellgate_sms_accepted_total", "cellgate_interface=\"rest\"", "cellgate_sms_direction=\"mt\""));
        Assert.True(Sample(after, "cellgate_sms_attempts_total", "cellgate_sms_result=\"Delivered\"") >= 1);
        Assert.True(Sample(after, "cellgate_sms_delivery_duration_seconds_count") >= 1);
        Assert.True(Sample(after, "cellgate_dispatcher_round_size_count") >= 1);
        Assert.True(Sample(after, "cellgate_writer_group_size_count") >= 1);
        Assert.True(Sample(after, "cellgate_writer_sync_duration_seconds_count") >= 1);
        Assert.True(Sample(after, "cellgate_auth_attempts_total", "cellgate_auth_kind=\"bearer\"", "cellgate_auth_result=\"success\"") >= 1);
        // Bounded labels only: every label of a cellgate series is one of these (no organisation, device or SMS id).
        string[] allowed = ["cellgate_interface", "cellgate_sms_direction", "cellgate_sms_result", "cellgate_sms_error", "cellgate_sms_status",
            "cellgate_auth_kind", "cellgate_auth_result", "cellgate_webhook_result", "cellgate_webhook_answer", "cellgate_webhook_circuit_state", "cellgate_smpp_bind_type", "le"];
        var labels = after.Split('\n').Where(l => l.StartsWith("cellgate_", StringComparison.Ordinal))
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, @"[{,](\w+)=""").Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, l => Assert.True(allowed.Contains(l) || l.StartsWith("otel_", StringComparison.Ordinal), $"unexpected label {l}"));
    }

    /// <summary>
    /// Issue 11: a dispatcher round is one write of the group-commit writer, and every write queued behind it (submits
    /// among them) waits for it. While a backlog drains, a round claims what fits in
    /// <c>Cellgate:Delivery:RoundBudgetMilliseconds</c> at the cost per SMS of earlier rounds — here 1 ms, far less than
    /// 250 SMS take on any machine — not <c>BatchSize</c>, which would take the whole backlog of this handset at once.
    /// </summary>
    [Fact]
    public async Task While_a_backlog_drains_a_dispatcher_round_claims_what_fits_in_its_time_budget_not_the_whole_batch()
    {
        _app.With("Cellgate:Delivery:BatchSize", "5000").With("Cellgate:Delivery:RoundBudgetMilliseconds", "1");
        var world = await SmsWorld.CreateAsync(_app);
        var device = await world.DeviceAsync(attached: false);
        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1500), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => ids.Add(await world.SendOkAsync(device, new { payload = $"backlog {i}" })));
        await world.WaitForStatusAsync(device, ids.Max(), 3); // the last one buffered behind the absent handset's head
        var op = await _app.OperatorAsync();
        var before = await op.GetStringAsync("/metrics");

        await world.AttachAsync(device); // the whole backlog is due at once
        await world.WaitForStatusAsync(device, ids.Max(), 4);
        var after = await Eventually.ValueAsync(() => op.GetStringAsync("/metrics"),
            t => Sample(t, "cellgate_dispatcher_round_size_sum") - Sample(before, "cellgate_dispatcher_round_size_sum") >= 1500,
            t => $"the rounds that delivered the backlog are not in the metrics:\n{t}");
        var rounds = Sample(after, "cellgate_dispatcher_round_size_count") - Sample(before, "cellgate_dispatcher_round_size_count");
        var small = Sample(after, "cellgate_dispatcher_round_size_bucket", "le=\"250\"") - Sample(before, "cellgate_dispatcher_round_size_bucket", "le=\"250\"");
        Assert.True(rounds >= 1500 / 250, $"the backlog of 1,500 SMS was delivered in {rounds} rounds");
        Assert.Equal(rounds, small); // none claimed more than 250
        Assert.Equal(1500, (await world.InboxAsync(device)).GetArrayLength());
    }

    [Fact]
    public async Task A_cancelled_sms_and_a_failed_login_are_counted()
    {
        var world = await SmsWorld.CreateAsync(_app);
        var device = await world.DeviceAsync(attached: false);
        var sms = await world.SendOkAsync(device, new { payload = "to cancel" });
        await world.WaitForStatusAsync(device, sms, 3); // buffered: the handset is detached
        Assert.Equal(HttpStatusCode.OK, (await world.Client.DeleteAsync($"/api/v1/endpoint/{device}/sms/{sms}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { application_token = "not-a-token" })).StatusCode);

        var op = await _app.OperatorAsync();
        var text = await Eventually.ValueAsync(() => op.GetStringAsync("/metrics"),
            t => Sample(t, "cellgate_sms_cancelled_total", "cellgate_interface=\"rest\"") >= 1
                 && Sample(t, "cellgate_auth_attempts_total", "cellgate_auth_kind=\"application_token\"", "cellgate_auth_result=\"failure\"") >= 1,
            t => $"the cancel or the failed login was not counted:\n{t}");
        Assert.True(Sample(text, "cellgate_sms_attempts_total", "cellgate_sms_result=\"Undelivered\"", "cellgate_sms_error=\"absentSubscriberSM\"") >= 1);
    }

    [Fact]
    public async Task The_queue_depth_gauge_is_the_cached_count_of_the_background_check()
    {
        var world = await SmsWorld.CreateAsync(_app);
        var device = await world.DeviceAsync(attached: false);
        var sms = await world.SendOkAsync(device, new { payload = "waits" });
        await world.WaitForStatusAsync(device, sms, 3);
        var monitor = _app.Services.GetRequiredService<OperationsMonitor>();
        var op = await _app.OperatorAsync();

        await monitor.RefreshAsync(countQueue: true); // what the background loop does every RefreshSeconds
        var text = await Eventually.ValueAsync(() => op.GetStringAsync("/metrics"),
            t => Sample(t, "cellgate_sms_queue_depth", "cellgate_sms_status=\"buffered\"") >= 1, t => $"no buffered SMS in the gauge:\n{t}");
        Assert.Equal(monitor.Last!.Buffered, Sample(text, "cellgate_sms_queue_depth", "cellgate_sms_status=\"buffered\""));
    }

    [Fact]
    public async Task A_queue_count_that_runs_out_of_time_leaves_the_database_reachable_and_writes_open()
    {
        // Seen with a million SMS queued on a busy machine: SELECT 1 answered, the count took longer than the check's
        // bound, and the check reported the database unreachable: every API write answered 503 until the count got faster.
        _app.With("Cellgate:Health:DatabaseTimeoutSeconds", "1");
        var world = await SmsWorld.CreateAsync(_app);
        var device = await world.DeviceAsync();
        var monitor = _app.Services.GetRequiredService<OperationsMonitor>();
        await monitor.RefreshAsync(countQueue: true);
        var counted = monitor.Last!.CountedAt;
        monitor.BeforeCount = ct => Task.Delay(Timeout.InfiniteTimeSpan, ct); // the count answers only when the bound cancels it

        var snapshot = await monitor.RefreshAsync(countQueue: true);
        monitor.BeforeCount = null;
        Assert.True(snapshot.DatabaseOk, snapshot.Error);
        Assert.Equal(counted, snapshot.CountedAt); // the gauge keeps its last count
        var ready = await HttpAssert.JsonAsync(await _app.CreateClient().GetAsync("/readyz"));
        Assert.Equal("Healthy", ready.GetProperty("database").GetProperty("status").GetString());
        await world.SendOkAsync(device, new { payload = "writes stay open" });
    }

    [Fact]
    public async Task A_slow_queue_count_is_spaced_out_to_twenty_times_its_own_time()
    {
        // A count reads every waiting SMS's row: with a million SMS draining it took a second of CPU every RefreshSeconds.
        var monitor = _app.Services.GetRequiredService<OperationsMonitor>();
        monitor.BeforeCount = _ =>
        {
            _app.Clock.Advance(TimeSpan.FromSeconds(1)); // this count takes a second (of the injected clock)
            return Task.CompletedTask;
        };
        await monitor.RefreshAsync(countQueue: true);
        monitor.BeforeCount = null;
        var counted = monitor.Last!.CountedAt;

        // RefreshSeconds (5) twice over is not enough: the next count waits 20 × 1 s.
        _app.Clock.Advance(TimeSpan.FromSeconds(10));
        var snapshot = await monitor.RefreshAsync();
        Assert.True(snapshot.DatabaseOk, snapshot.Error);
        Assert.Equal(counted, snapshot.CountedAt);

        // Once that much time has passed, the queue is counted again.
        _app.Clock.Advance(TimeSpan.FromSeconds(120));
        snapshot = await monitor.RefreshAsync();
        Assert.NotEqual(counted, snapshot.CountedAt);
    }

    [Fact]
    public async Task Readyz_reports_the_cached_database_check_the_writer_backlog_and_the_dispatcher()
    {
        var client = _app.CreateClient();
        var first = await HttpAssert.JsonAsync(await client.GetAsync("/readyz"));
        Assert.Equal("Healthy", first.GetProperty("status").GetString());
        Assert.Equal("Healthy", first.GetProperty("database").GetProperty("status").GetString());
        Assert.True(first.GetProperty("writer").GetProperty("backlog").GetInt32() >= 0);
        Assert.True(first.GetProperty("dispatcher").GetProperty("enabled").GetBoolean());
        Assert.True(first.GetProperty("dispatcher").GetProperty("alive").GetBoolean());
        Assert.Equal(0, first.GetProperty("queue").GetProperty("pending").GetInt64());

        // Cached: the same check answers every probe until the background loop runs again.
        var checkedAt = first.GetProperty("database").GetProperty("checked_at").GetString();
        var second = await HttpAssert.JsonAsync(await client.GetAsync("/readyz"));
        Assert.Equal(checkedAt, second.GetProperty("database").GetProperty("checked_at").GetString());

        // The loop runs on the injected clock: a refresh interval later there is a new check.
        _app.Clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(async () =>
            (await HttpAssert.JsonAsync(await client.GetAsync("/readyz"))).GetProperty("database").GetProperty("checked_at").GetString() != checkedAt,
            "/readyz did not show a newer database check after the refresh interval");
    }
}
