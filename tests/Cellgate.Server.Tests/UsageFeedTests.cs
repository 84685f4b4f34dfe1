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
    private readonly CellgateApp _app = new();
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
        await Eventually.HoldsAsync(async () => await PendingAsync() == 0, "the roller folded usage_pending into the rollups");
        Assert.Equal(pending, await StatisticsAsync());
        using var scope = _app.Services.CreateScope();
        var rollups = scope.ServiceProvider.GetRequiredService<CellgateDbContext>().UsageRollups.AsNoTracking();
        Assert.Equal(1_000_000, await rollups.Where(r => r.DeviceId == device && r.Period == UsagePeriod.Month && r.Start == new DateTime(2026, 2, 1)).SumAsync(r => r.BytesUp + r.BytesDown));
        Assert.Equal(1, await rollups.Where(r => r.DeviceId == device && r.Period == UsagePeriod.Hour && r.Start == new DateTime(2026, 3, 1, 12, 0, 0)).SumAsync(r => r.SmsMt));
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
