using System.Net.Http.Json;
using Cellgate.Server.Tests.Support;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// The simulator's usage feed (<c>POST /api/simulator/usage</c>, issue 15 benchmarks): batches of usage records with
/// their rollups (device and organisation), quota and limits, under the fake clock (2026-03-01 12:00 UTC).
/// </summary>
public sealed class UsageFeedTests : IDisposable
{
    // On PostgreSQL the writer runs two group transactions at once here, whatever the default (it was 1 because of these
    // tests): a keyed request's chunks must still go one after the other (docs/connectivity.md, "Two writer connections").
    private readonly CellgateApp _app = TestDatabase.IsPostgres ? new CellgateApp().With("Cellgate:Delivery:PostgresWriterConnections", "2") : new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_batch_of_usage_records_appears_in_the_endpoint_and_organisation_statistics_with_exact_sums()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var (a, b) = (await w.DeviceAsync(name: "a"), await w.DeviceAsync(name: "b"));
        var response = await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/simulator/usage", new
        {
            records = new object[]
            {
                new { endpoint_id = a, bytes_up = 1_000_000, bytes_down = 2_000_000 },
                new { endpoint_id = a, bytes_up = 500_000, bytes_down = 0, time = "2026-03-01T10:30:00Z" },
                new { endpoint_id = b, bytes_up = 0, bytes_down = 4_000_000, time = "2026-02-28T23:00:00Z" },
            },
        }));
        Assert.Equal("""{"recorded":3,"blocked":0}""", response.GetRawText());

        var day = Assert.Single((await w.Client.GetJsonAsync($"/api/v1/endpoint/{a}/stats/daily")).EnumerateArray());
        Assert.Equal((3.5, 1.5, 2d), (day.GetProperty("data").GetProperty("volume").GetDouble(), day.GetProperty("data").GetProperty("volume_tx").GetDouble(), day.GetProperty("data").GetProperty("volume_rx").GetDouble()));
        var orgDays = (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats/daily?start_date=2026-02-28&end_date=2026-03-01")).EnumerateArray()
            .Select(d => (d.GetProperty("date").GetString(), d.GetProperty("data").GetProperty("volume").GetString())).ToList();
        Assert.Equal([("2026-02-28", "4"), ("2026-03-01", "3.5")], orgDays);
        var months = await w.Client.GetJsonAsync("/api/v1/organisation/my/stats");
        Assert.Equal((3.5, 4d), (months.GetProperty("current_month").GetProperty("data").GetProperty("volume").GetDouble(), months.GetProperty("last_month").GetProperty("data").GetProperty("volume").GetDouble()));
        var hourly = await w.Client.GetJsonAsync("/api/v1/organisation/my/stats/hourly?start_date=2026-03-01&end_date=2026-03-01");
        Assert.Equal("0.5", hourly.GetProperty("data").GetProperty("tx")[10].GetString());
        Assert.Equal("2", hourly.GetProperty("data").GetProperty("rx")[12].GetString());
    }

    [Fact]
    public async Task Usage_waiting_for_the_roller_is_in_the_statistics_and_rolling_it_up_leaves_every_sum_unchanged()
    {
        _app.With("Cellgate:Usage:RollupSeconds", "600"); // no roll until the clock moves 10 minutes
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var sim = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}")).GetProperty("sim").GetProperty("id").GetInt64();
        var records = Enumerable.Range(0, 40).Select(i => new { endpoint_id = device, bytes_up = 10_000, bytes_down = 40_000, time = i % 2 == 0 ? "2026-03-01T11:10:00Z" : "2026-02-27T08:00:00Z" }).ToArray();
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/simulator/usage", new { records }));
        await w.WaitForStatusAsync(device, await w.SendOkAsync(device, new { payload = "usage", source_address = "1234" }), 4); // delivered: an MT is usage

        async Task<long> PendingAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsagePending.LongCountAsync();
        }
        async Task<string> StatisticsAsync() => string.Join("\n",
            (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats")).GetRawText(),
            (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats/daily?start_date=2026-02-01&end_date=2026-03-01")).GetRawText(),
            (await w.Client.GetJsonAsync($"/api/v1/sim/{sim}/stats")).GetRawText(),
            (await w.Client.GetJsonAsync($"/api/v1/sim/{sim}/stats/daily?start_date=2026-02-01&end_date=2026-03-01")).GetRawText(),
            (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats")).GetRawText(),
            (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats/daily?start_date=2026-02-01&end_date=2026-03-01")).GetRawText(),
            (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats/hourly?start_date=2026-03-01&end_date=2026-03-01")).GetRawText());

        Assert.True(await PendingAsync() > 0, "the feed's and the SMS's usage wait in usage_pending");
        var pending = await StatisticsAsync();
        var days = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats/daily?start_date=2026-02-01&end_date=2026-03-01")).EnumerateArray()
            .Select(d => (d.GetProperty("date").GetString(), d.GetProperty("data").GetProperty("volume").GetDouble(), d.GetProperty("sms").GetProperty("volume").GetDouble())).ToList();
        Assert.Equal([("2026-02-27", 1d, 0d), ("2026-03-01", 1d, 1d)], days); // 20 records of 50,000 bytes a day, and the SMS
        var months = await w.Client.GetJsonAsync("/api/v1/organisation/my/stats");
        Assert.Equal((1d, 1d), (months.GetProperty("current_month").GetProperty("data").GetProperty("volume").GetDouble(), months.GetProperty("last_month").GetProperty("data").GetProperty("volume").GetDouble()));

        w.Advance(TimeSpan.FromMinutes(11));
        // Time keeps moving while the test waits: the roller arms its next interval only after its last (empty) slice, so
        // one advance that lands before that would be lost (as in the test of two rounds below).
        await Eventually.HoldsAsync(async () => await PendingAsync() == 0, "the roller folded usage_pending into the rollups",
            between: () => w.Advance(TimeSpan.FromMinutes(11)));
        Assert.Equal(pending, await StatisticsAsync());
        using var scope = _app.Services.CreateScope();
        var rollups = scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsageRollups.AsNoTracking();
        Assert.Equal(1_000_000, await rollups.Where(r => r.DeviceId == device && r.Period == UsagePeriod.Month && r.Start == new DateTime(2026, 2, 1)).SumAsync(r => r.BytesUp + r.BytesDown));
        Assert.Equal(1, await rollups.Where(r => r.DeviceId == device && r.Period == UsagePeriod.Hour && r.Start == new DateTime(2026, 3, 1, 12, 0, 0)).SumAsync(r => r.SmsMt));
    }

    [Fact]
    public async Task Pending_usage_of_a_months_last_hour_counts_in_its_own_day_and_month_before_and_after_a_roll_and_on_SQLite_is_one_row_per_key_in_one_b_tree()
    {
        _app.With("Cellgate:Usage:RollupSeconds", "600"); // no roll until the clock moves 10 minutes
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var records = new object[]
        {
            new { endpoint_id = device, bytes_up = 1_000_000, bytes_down = 0, time = "2026-02-28T23:59:00Z" },
            new { endpoint_id = device, bytes_up = 0, bytes_down = 3_000_000, time = "2026-03-01T00:00:00Z" },
            new { endpoint_id = device, bytes_up = 2_000_000, bytes_down = 0, time = "2026-02-28T23:01:00Z" }, // the first one's hour
        };
        // Two batches: the second adds to the keys the first left pending.
        for (var n = 0; n < 2; n++) await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/simulator/usage", new { records }));
        async Task<long> PendingAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsagePending.LongCountAsync();
        }
        // PostgreSQL appends a row per batch and key; SQLite keeps one per device, SIM and hour, in one b-tree keyed so
        // (WITHOUT ROWID, no separate index), its day and month computed from the hour.
        Assert.Equal(TestDatabase.IsPostgres ? 4 : 2, await PendingAsync());
        if (!TestDatabase.IsPostgres)
        {
            using var scope = _app.Services.CreateScope();
            var schema = await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().Database
                .SqlQueryRaw<string>("""SELECT sql AS "Value" FROM sqlite_master WHERE tbl_name = 'usage_pending'""").ToListAsync();
            Assert.Contains("WITHOUT ROWID", Assert.Single(schema));
        }
        async Task<string> StatisticsAsync() => string.Join("\n",
            string.Join("\n", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats/daily?start_date=2026-02-28&end_date=2026-03-01")).EnumerateArray()
                .Select(d => $"{d.GetProperty("date").GetString()} {d.GetProperty("data").GetProperty("volume_tx").GetDouble()} {d.GetProperty("data").GetProperty("volume_rx").GetDouble()}")),
            (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats")) is var e
                ? $"endpoint months {e.GetProperty("last_month").GetProperty("data").GetProperty("volume").GetDouble()} {e.GetProperty("current_month").GetProperty("data").GetProperty("volume").GetDouble()}" : "",
            (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats")) is var o
                ? $"organisation months {o.GetProperty("last_month").GetProperty("data").GetProperty("volume").GetDouble()} {o.GetProperty("current_month").GetProperty("data").GetProperty("volume").GetDouble()}" : "",
            (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats/hourly?start_date=2026-02-28&end_date=2026-03-01")) is var h
                ? $"hours {h.GetProperty("data").GetProperty("tx")[23].GetString()} {h.GetProperty("data").GetProperty("rx")[24].GetString()}" : "");
        var pending = await StatisticsAsync();
        Assert.Equal("2026-02-28 6 0\n2026-03-01 0 6\nendpoint months 6 6\norganisation months 6 6\nhours 6 6", pending);

        w.Advance(TimeSpan.FromMinutes(11));
        await Eventually.HoldsAsync(async () => await PendingAsync() == 0, "the roller folded usage_pending into the rollups",
            between: () => w.Advance(TimeSpan.FromMinutes(11)));
        Assert.Equal(pending, await StatisticsAsync());
    }

    [Fact]
    public async Task A_roll_in_slices_of_two_devices_folds_every_pending_row_of_five_devices_exactly_once()
    {
        _app.With("Cellgate:Usage:RollupSeconds", "600").With("Cellgate:Usage:RollupDevices", "2");
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new List<long>();
        for (var i = 0; i < 5; i++) devices.Add(await w.DeviceAsync(name: $"d{i}"));
        // Three requests, so that each device has several pending rows on PostgreSQL (one per request and hour).
        for (var n = 1; n <= 3; n++)
        {
            var records = devices.SelectMany((d, i) => new[]
            {
                new { endpoint_id = d, bytes_up = 100_000 * (i + 1), bytes_down = 0, time = "2026-03-01T11:10:00Z" },
                new { endpoint_id = d, bytes_up = 0, bytes_down = 50_000 * n, time = "2026-02-27T08:00:00Z" },
            }).ToArray();
            await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/simulator/usage", new { records }));
        }
        async Task<long> PendingAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsagePending.LongCountAsync();
        }
        // PostgreSQL appends a row per request, device and hour; SQLite adds to the one row of each device and hour.
        Assert.Equal(TestDatabase.IsPostgres ? 30 : 10, await PendingAsync());
        var before = await SumsAsync(w, devices);
        Assert.Equal(("0.3 0.6 0.9 1.2 1.5", "4.5"), before);

        w.Advance(TimeSpan.FromMinutes(11));
        // Time keeps moving while the test waits: the roller arms its next interval only after its last (empty) slice, so
        // one advance that lands before that would be lost (as in the test of two rounds below).
        await Eventually.HoldsAsync(async () => await PendingAsync() == 0, "the roller folded usage_pending into the rollups",
            between: () => w.Advance(TimeSpan.FromMinutes(11)));
        Assert.Equal(before, await SumsAsync(w, devices));
        using var scope = _app.Services.CreateScope();
        var rollups = scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsageRollups.AsNoTracking();
        foreach (var (d, i) in devices.Select((d, i) => (d, i)))
        {
            Assert.Equal(300_000L * (i + 1), await rollups.Where(r => r.DeviceId == d && r.Period == UsagePeriod.Month && r.Start == new DateTime(2026, 3, 1)).SumAsync(r => r.BytesUp));
            Assert.Equal(300_000L, await rollups.Where(r => r.DeviceId == d && r.Period == UsagePeriod.Day && r.Start == new DateTime(2026, 2, 27)).SumAsync(r => r.BytesDown));
        }
        var org = scope.ServiceProvider.GetRequiredService<CellgateDbContext>().OrganisationUsageRollups.AsNoTracking();
        Assert.Equal(4_500_000L + 1_500_000L, await org.Where(r => r.Period == UsagePeriod.Month).SumAsync(r => r.BytesUp + r.BytesDown));
    }

    [Theory]
    [InlineData(250, 3500, 1000, 250, 71)] // a back-dated backlog (14 rows a device): the next slice takes 71 devices
    [InlineData(71, 994, 1000, 250, 71)] // about the aim: unchanged
    [InlineData(71, 71, 1000, 250, 250)] // one row a device: back up to the most devices a slice
    [InlineData(4, 24, 2, 1000, 1)] // never below one device
    public void A_roll_sizes_its_next_slice_so_that_it_takes_about_the_aimed_rows(int taken, int rows, int aim, int most, int next) =>
        Assert.Equal(next, Cellgate.Server.Features.Simulator.UsageRoller.NextSlice(taken, rows, aim, most));

    [Fact]
    public async Task A_roll_aimed_at_two_rows_a_slice_folds_a_backlog_of_six_hours_a_device_exactly_once()
    {
        // Slices of up to 1,000 devices, but aimed at 2 rows: after the first slice (6 rows a device), one device at a time.
        _app.With("Cellgate:Usage:RollupSeconds", "600").With("Cellgate:Usage:RollupDevices", "1000").With("Cellgate:Usage:RollupSliceRows", "2");
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new List<long>();
        for (var i = 0; i < 4; i++) devices.Add(await w.DeviceAsync(name: $"d{i}"));
        async Task<long> PendingAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsagePending.LongCountAsync();
        }
        for (var round = 1; round <= 2; round++)
        {
            // Back-dated history: each device gets one pending row per hour (six hours over two days).
            var records = devices.SelectMany((d, i) => Enumerable.Range(0, 6).Select(h => new
            {
                endpoint_id = d, bytes_up = 100_000 * (i + 1), bytes_down = 10_000 * round, time = $"2026-02-2{7 + h % 2}T0{h}:15:00Z",
            })).ToArray();
            await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/simulator/usage", new { records }));
            Assert.Equal(24, await PendingAsync());
            w.Advance(TimeSpan.FromMinutes(11));
            // The roller arms its next interval only after its last, empty slice and the idempotency-key sweep: round 2's
            // advance can land before that (it did in CI's PostgreSQL pass, where that tail is slower), so time keeps moving
            // while the test waits.
            await Eventually.HoldsAsync(async () => await PendingAsync() == 0, "the roller folded usage_pending into the rollups",
                between: () => w.Advance(TimeSpan.FromMinutes(11)));
        }
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        foreach (var (d, i) in devices.Select((d, i) => (d, i)))
        {
            Assert.Equal(1_200_000L * (i + 1), await db.UsageRollups.AsNoTracking().Where(r => r.DeviceId == d && r.Period == UsagePeriod.Month).SumAsync(r => r.BytesUp));
            Assert.Equal(180_000L, await db.UsageRollups.AsNoTracking().Where(r => r.DeviceId == d && r.Period == UsagePeriod.Day).SumAsync(r => r.BytesDown));
            var hours = await db.UsageRollups.AsNoTracking().Where(r => r.DeviceId == d && r.Period == UsagePeriod.Hour).Select(r => r.BytesDown).ToListAsync();
            Assert.Equal(Enumerable.Repeat(30_000L, 6), hours); // six hours, each with both rounds' rows once
        }
        Assert.Equal(12_000_000L + 4 * 180_000L, await db.OrganisationUsageRollups.AsNoTracking().Where(r => r.Period == UsagePeriod.Month).SumAsync(r => r.BytesUp + r.BytesDown));
    }

    [Fact]
    public async Task A_batch_that_uses_up_the_data_quota_blocks_the_endpoint()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await Resources.NoContentAsync(w.Client.PatchJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", """{"apply_data_quota":true}"""));
        var quota = await w.Client.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/data",
            new { status = new { id = 1 }, volume = 5, expiry_date = "2030-01-01 00:00:00", threshold_percentage = 20, action_on_exhaustion = new { id = 1 } });
        Assert.True(quota.StatusCode == System.Net.HttpStatusCode.Created, await quota.Content.ReadAsStringAsync());
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{device}/session", new { apn = "em" }), 201);
        var records = Enumerable.Range(0, 6).Select(_ => new { endpoint_id = device, bytes_up = 0, bytes_down = 1_000_000 }).ToArray();
        var response = await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/simulator/usage", new { records }));
        Assert.Equal(1, response.GetProperty("blocked").GetInt32());
        Assert.Equal("BLOCKED", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/connectivity")).GetProperty("status").GetProperty("description").GetString());
        var events = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/event")).EnumerateArray().Select(e => e.GetProperty("event_type").GetProperty("id").GetInt32()).ToList();
        Assert.Contains(19, events);
    }

    /// <summary>Sums of the endpoints' statistics over March 2026: (volume in MB of each endpoint, the organisation's volume).</summary>
    private static async Task<(string Endpoints, string Organisation)> SumsAsync(SmsWorld w, IEnumerable<long> devices)
    {
        var sums = new List<string>();
        foreach (var d in devices)
            sums.Add(string.Join("+", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{d}/stats/daily?start_date=2026-03-01&end_date=2026-03-01")).EnumerateArray()
                .Select(x => x.GetProperty("data").GetProperty("volume").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var org = (await w.Client.GetJsonAsync("/api/v1/organisation/my/stats")).GetProperty("current_month").GetProperty("data").GetProperty("volume").GetDouble();
        return (string.Join(" ", sums), org.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static HttpRequestMessage Feed(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/simulator/usage") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>A database trigger that fails the insert of any usage record of <paramref name="bytesUp"/> bytes up (a fault in the middle of a request).</summary>
    private async Task FailRecordsAsync(long bytesUp, bool on)
    {
        await using var c = await TestDatabase.OpenAsync(_app.Directory);
        await using var command = c.CreateCommand();
        command.CommandText = (TestDatabase.IsPostgres, on) switch
        {
            (false, true) => $"""CREATE TRIGGER fail_usage BEFORE INSERT ON usage_records WHEN NEW."BytesUp" = {bytesUp} BEGIN SELECT RAISE(ABORT, 'injected fault'); END""",
            (false, false) => "DROP TRIGGER fail_usage",
            (true, true) => $"""
                CREATE FUNCTION fail_usage() RETURNS trigger AS $$ BEGIN IF NEW."BytesUp" = {bytesUp} THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER fail_usage BEFORE INSERT ON usage_records FOR EACH ROW EXECUTE FUNCTION fail_usage();
                """,
            (true, false) => "DROP TRIGGER fail_usage ON usage_records; DROP FUNCTION fail_usage();",
        };
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_keyed_request_larger_than_the_write_bound_is_recorded_whole_and_exactly_once_and_a_retry_answers_the_same()
    {
        _app.With("Cellgate:Usage:FeedWriteRecords", "10"); // 95 records: ten writer transactions
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new[] { await w.DeviceAsync(name: "a"), await w.DeviceAsync(name: "b"), await w.DeviceAsync(name: "c") };
        var records = Enumerable.Range(0, 95).Select(i => new { endpoint_id = devices[i % 3], bytes_up = 100_000, bytes_down = 100_000 * (i % 3), time = i % 2 == 0 ? null : "2026-03-01T09:15:00Z" }).ToArray();

        var response = await w.Client.SendAsync(Feed(new { records }, "cdr-file-0001"));
        Assert.Equal("""{"recorded":95,"blocked":0}""", (await HttpAssert.JsonAsync(response)).GetRawText());
        // a: 32 records of 0.1 MB, b: 32 of 0.2 MB, c: 31 of 0.3 MB
        var expected = ("3.2 6.4 9.3", "18.9");
        Assert.Equal(expected, await SumsAsync(w, devices));

        var again = await w.Client.SendAsync(Feed(new { records }, "cdr-file-0001"));
        Assert.Equal("""{"recorded":95,"blocked":0}""", (await HttpAssert.JsonAsync(again)).GetRawText());
        Assert.Equal(expected, await SumsAsync(w, devices));

        var other = await w.Client.SendAsync(Feed(new { records = records.Take(94) }, "cdr-file-0001"));
        await HttpAssert.ErrorAsync(other, 422, 1400, "InputValidationFailed");
        Assert.Equal(expected, await SumsAsync(w, devices));
    }

    [Fact]
    public async Task A_keyed_request_that_fails_half_way_keeps_its_committed_chunks_and_a_retry_with_the_key_records_the_rest_once()
    {
        _app.With("Cellgate:Usage:FeedWriteRecords", "10");
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new[] { await w.DeviceAsync(name: "a"), await w.DeviceAsync(name: "b") };
        // Record 45 (the fifth chunk) carries the bytes the fault refuses, and so does nothing else.
        var records = Enumerable.Range(0, 60).Select(i => new { endpoint_id = devices[i % 2], bytes_up = i == 45 ? 777_777 : 100_000, bytes_down = 0 }).ToArray();
        await FailRecordsAsync(777_777, on: true);

        var failed = await w.Client.SendAsync(Feed(new { records }, "cdr-file-0002"));
        Assert.Equal(500, (int)failed.StatusCode);
        // The first four chunks (40 records) are committed; the failed one and the one queued behind it are not.
        Assert.Equal(("2 2", "4"), await SumsAsync(w, devices));

        await FailRecordsAsync(777_777, on: false);
        var retried = await w.Client.SendAsync(Feed(new { records }, "cdr-file-0002"));
        Assert.Equal("""{"recorded":60,"blocked":0}""", (await HttpAssert.JsonAsync(retried)).GetRawText());
        // a: 30 records of 0.1 MB; b: 29 of 0.1 MB and one of 0.777777 MB — each record once.
        Assert.Equal(("3 3.677777", "6.677777"), await SumsAsync(w, devices));
    }

    [Fact]
    public async Task Concurrent_keyed_and_keyless_requests_through_a_one_write_queue_are_each_recorded_whole_and_once()
    {
        _app.With("Cellgate:Usage:FeedWriteRecords", "10").With("Cellgate:Usage:FeedWritesQueued", "1");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var records = Enumerable.Range(0, 35).Select(_ => new { endpoint_id = device, bytes_up = 10_000, bytes_down = 0 }).ToArray();
        // Four keyed requests (four chunks each), one keyless, and the first keyed one sent twice at once.
        var sends = Enumerable.Range(0, 4).Select(i => w.Client.SendAsync(Feed(new { records }, $"parallel-{i}")))
            .Append(w.Client.SendAsync(Feed(new { records }, null))).Append(w.Client.SendAsync(Feed(new { records }, "parallel-0"))).ToList();
        foreach (var response in await Task.WhenAll(sends))
            Assert.Equal("""{"recorded":35,"blocked":0}""", (await HttpAssert.JsonAsync(response)).GetRawText());
        Assert.Equal(("1.75", "1.75"), await SumsAsync(w, [device])); // 5 x 35 records of 0.01 MB
    }

    [Fact]
    public async Task Keyed_requests_whose_chunks_fill_concurrent_group_transactions_are_each_recorded_whole_and_once()
    {
        // Eight chunks a request; on PostgreSQL two group transactions run at once, so a request's next chunk could run
        // beside the one before it (which inserts or advances the request's row) unless it waits for its commit.
        _app.With("Cellgate:Usage:FeedWriteRecords", "10");
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new[] { await w.DeviceAsync(name: "a"), await w.DeviceAsync(name: "b") };
        var records = Enumerable.Range(0, 80).Select(i => new { endpoint_id = devices[i % 2], bytes_up = 10_000, bytes_down = 0 }).ToArray();
        // Six keys, each sent twice at once, and two keyless requests beside them: eight requests recorded.
        var sends = Enumerable.Range(0, 12).Select(i => w.Client.SendAsync(Feed(new { records }, $"concurrent-{i % 6}")))
            .Concat(Enumerable.Range(0, 2).Select(_ => w.Client.SendAsync(Feed(new { records }, null)))).ToList();
        foreach (var response in await Task.WhenAll(sends))
            Assert.Equal("""{"recorded":80,"blocked":0}""", (await HttpAssert.JsonAsync(response)).GetRawText());
        Assert.Equal(("3.2 3.2", "6.4"), await SumsAsync(w, devices)); // 8 requests x 40 records of 0.01 MB per device
    }

    [Fact]
    public async Task A_request_without_a_key_is_one_transaction_so_a_fault_in_it_records_nothing()
    {
        _app.With("Cellgate:Usage:FeedWriteRecords", "10");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var records = Enumerable.Range(0, 60).Select(i => new { endpoint_id = device, bytes_up = i == 45 ? 777_777 : 100_000, bytes_down = 0 }).ToArray();
        await FailRecordsAsync(777_777, on: true);
        Assert.Equal(500, (int)(await w.Client.SendAsync(Feed(new { records }, null))).StatusCode);
        Assert.Equal(0, (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats/daily")).GetArrayLength());
        await FailRecordsAsync(777_777, on: false);
        await HttpAssert.JsonAsync(await w.Client.SendAsync(Feed(new { records }, null)));
        Assert.Equal(("6.677777", "6.677777"), await SumsAsync(w, [device]));
    }

    [Theory]
    [InlineData(256, 1)]
    [InlineData(8, 2)]
    public async Task A_too_long_idempotency_key_or_two_of_them_are_422_and_nothing_is_recorded(int length, int count)
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/simulator/usage") { Content = JsonContent.Create(new { records = new[] { new { endpoint_id = device, bytes_up = 1 } } }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Enumerable.Range(0, count).Select(i => new string((char)('k' + i), length)));
        await HttpAssert.ErrorAsync(await w.Client.SendAsync(request), 422, 1400, "InputValidationFailed");
        Assert.Equal(0, (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats/daily")).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"records":[]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"records":[{"bytes_up":1}]}""")]
    [InlineData("""{"records":[{"endpoint_id":ENDPOINT,"bytes_up":-1}]}""")]
    [InlineData("""{"records":[{"endpoint_id":ENDPOINT,"bytes_up":1,"time":"yesterday"}]}""")]
    [InlineData("""{"records":[{"endpoint_id":ENDPOINT,"bytes_up":1,"time":"2026-03-02T00:00:00Z"}]}""")]
    [InlineData("""{"records":[{"endpoint_id":ENDPOINT,"bytes_up":1,"time":"2024-01-01T00:00:00Z"}]}""")]
    [InlineData("""{"records":[{"endpoint_id":ENDPOINT,"bytes_up":1},{"endpoint_id":999999,"bytes_up":1}]}""")]
    [InlineData("""{"records":[{"endpoint_id":FOREIGN,"bytes_up":1}]}""")]
    public async Task Malformed_batches_and_others_endpoints_are_422_and_nothing_is_recorded(string body)
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var (customer, _) = await _app.CustomerAsync();
        await customer.SetupAsync();
        var foreign = await customer.EndpointAsync(new { name = "theirs" });
        var response = await w.Client.PostAsync("/api/simulator/usage", Resources.Json(body.Replace("ENDPOINT", device.ToString()).Replace("FOREIGN", foreign.ToString())));
        await HttpAssert.ErrorAsync(response, 422, 1400, "InputValidationFailed");
        Assert.Equal(0, (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/stats/daily")).GetArrayLength());
        Assert.Equal(0, (await customer.GetJsonAsync($"/api/v1/endpoint/{foreign}/stats/daily")).GetArrayLength());
    }
}
