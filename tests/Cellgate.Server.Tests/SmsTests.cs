using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Sms;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>MT SMS through the REST API to simulated handsets: the lifecycle of reference §6 and the issue.</summary>
public sealed class SmsTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static int Status(JsonElement sms) => sms.GetProperty("status").GetProperty("id").GetInt32();

    [Fact]
    public async Task An_sms_to_an_attached_device_is_answered_201_with_an_absolute_location_and_delivered()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var response = await w.SendAsync(device, new { payload = "hello device" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        var parts = location.ToString().Split('/');
        Assert.Equal($"/api/v1/endpoint/{device}/sms/{parts[^1]}", location.AbsolutePath);
        Assert.Equal(parts[^1], parts[8]); // a third-party client reads the id as split("/")[8]

        var sms = await w.WaitForStatusAsync(device, long.Parse(parts[^1]), 4);
        Assert.Equal("DELIVERED", sms.GetProperty("status").GetProperty("description").GetString());
        Assert.Equal("2026-03-01T12:00:00.000+0000", sms.GetProperty("delivery_date").GetString());
        Assert.Equal("2026-03-01T12:00:00.000+0000", sms.GetProperty("final_date").GetString());
        Assert.Equal("2026-03-01T12:00:00.000+0000", sms.GetProperty("last_delivery_attempt").GetString());
        Assert.Equal("2026-03-02T12:00:00.000+0000", sms.GetProperty("expiry_date").GetString()); // submit + 24 h
        var inbox = await w.InboxAsync(device);
        Assert.Equal("hello device", inbox.EnumerateArray().Single().GetProperty("payload").GetString());
    }

    [Fact]
    public async Task The_sms_list_and_item_have_the_recorded_wire_shape()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var alnum = await w.SendOkAsync(device, new { payload = "qwe", source_address = "EMnify" });
        var plain = await w.SendOkAsync(device, new { payload = "sample_test_payload" });
        await w.WaitForStatusAsync(device, plain, 3);
        Assert.Equal(HttpStatusCode.OK, (await w.Client.DeleteAsync($"/api/v1/endpoint/{device}/sms/{alnum}")).StatusCode);

        var response = await w.Client.GetAsync($"/api/v1/endpoint/{device}/sms");
        var list = await HttpAssert.JsonAsync(response);
        Assert.False(response.Headers.Contains("X-Total-Pages")); // the real list is not paged
        Assert.Equal([plain, alnum], list.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));
        string[] added = ["dest_address", "endpoint"];
        var recorded = WireShape.Fixture("sms-list.json", "body");
        foreach (var (ours, theirs) in list.EnumerateArray().Zip(recorded.EnumerateArray().Skip(1)))
            WireShape.AssertSame(theirs, ours, added: added);
        WireShape.AssertSame(recorded[0], await w.SmsAsync(device, plain), added: added);

        var canceled = list[1];
        Assert.Equal("CANCELED", canceled.GetProperty("status").GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, canceled.GetProperty("final_date").ValueKind);
        Assert.Equal("1", canceled.GetProperty("dlr_status_id").GetString());
        Assert.Equal(new[] { "Alphanumeric", "208" }, new[] { canceled.GetProperty("source_address_type").GetProperty("description").GetString(), canceled.GetProperty("source_address_type").GetProperty("id").GetInt32().ToString() });
        var national = list[0];
        Assert.Equal("", national.GetProperty("source_address").GetString());
        Assert.Equal(161, national.GetProperty("source_address_type").GetProperty("id").GetInt32());
        Assert.Equal("0", national.GetProperty("dcs").GetString());
        Assert.Equal(device.ToString(), national.GetProperty("endpoint_id").GetString());
        Assert.Equal(JsonValueKind.String, national.GetProperty("retry_date").ValueKind);
    }

    [Fact]
    public async Task An_unreachable_device_buffers_retries_on_the_schedule_and_gets_its_sms_at_once_on_attach()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "wake up" });

        var first = await w.WaitForStatusAsync(device, id, 3);
        Assert.Equal("1", first.GetProperty("retry_count").GetString());
        Assert.Equal("absentSubscriberSM", first.GetProperty("gsm_map_error").GetString());
        Assert.Equal("2026-03-01T12:00:30.000+0000", first.GetProperty("retry_date").GetString()); // first back-off: 30 s

        w.Advance(TimeSpan.FromSeconds(30));
        var second = await w.WaitForSmsAsync(device, id, s => s.GetProperty("retry_count").GetString() == "2", "retry_count should become 2");
        Assert.Equal("2026-03-01T12:01:30.000+0000", second.GetProperty("retry_date").GetString()); // then 60 s
        Assert.Equal(3, Status(second));

        await w.AttachAsync(device); // no clock movement: the attach itself alerts the SMSC
        var delivered = await w.WaitForStatusAsync(device, id, 4);
        Assert.Equal("2026-03-01T12:00:30.000+0000", delivered.GetProperty("delivery_date").GetString());
    }

    [Fact]
    public async Task An_sms_that_cannot_be_delivered_before_its_expiry_date_expires()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "too late", expiry_date = "2026-03-01T12:10:00.000+0000" });
        await w.WaitForStatusAsync(device, id, 3);
        w.Advance(TimeSpan.FromMinutes(10));
        var expired = await w.WaitForStatusAsync(device, id, 6);
        Assert.Equal("2026-03-01T12:10:00.000+0000", expired.GetProperty("final_date").GetString());
        Assert.Equal("4", expired.GetProperty("dlr_status_id").GetString());
        await w.AttachAsync(device);
        await w.RunDispatcherRoundAsync(); // a whole round after the attach: had the SMS been deliverable, it would be in the inbox now
        Assert.Empty((await w.InboxAsync(device)).EnumerateArray());
        Assert.Equal(6, Status(await w.SmsAsync(device, id)));
    }

    [Fact]
    public async Task Cancel_is_allowed_until_delivery_answering_200_with_an_empty_object_and_refused_after()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "never mind" });
        await w.WaitForStatusAsync(device, id, 3);

        // issue 8: EMnify's spec answers 200 with an empty object; Cellgate used to answer 204
        var cancel = await w.Client.DeleteAsync($"/api/v1/endpoint/{device}/sms/{id}");
        Assert.Equal("{}", (await HttpAssert.JsonAsync(cancel, 200)).GetRawText());
        Assert.StartsWith("application/json", cancel.Content.Headers.ContentType!.ToString());
        Assert.Equal(7, Status(await w.SmsAsync(device, id)));
        await HttpAssert.ErrorAsync(await w.Client.DeleteAsync($"/api/v1/endpoint/{device}/sms/{id}"), 409, 1406, "NotAllowed");

        await w.AttachAsync(device);
        var delivered = await w.SendOkAsync(device, new { payload = "this one arrives" });
        await w.WaitForStatusAsync(device, delivered, 4);
        await HttpAssert.ErrorAsync(await w.Client.DeleteAsync($"/api/v1/endpoint/{device}/sms/{delivered}"), 409, 1406, "NotAllowed");
        await HttpAssert.ErrorAsync(await w.Client.DeleteAsync($"/api/v1/endpoint/{device}/sms/999999"), 404, 1401, "InvalidReference");
        Assert.Equal(["this one arrives"], (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("payload").GetString()));
    }

    [Theory]
    [InlineData("unknown_subscriber", 5, "unknownSubscriber")]
    [InlineData("reject", 5, "smDeliveryFailure")]
    [InlineData("memory_full", 3, "memoryCapacityExceeded")]
    [InlineData("absent_subscriber", 3, "absentSubscriberSM")]
    public async Task Injected_faults_fail_permanently_or_buffer(string fault, int status, string mapError)
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        Assert.Equal(HttpStatusCode.OK, (await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { fault })).StatusCode);
        var id = await w.SendOkAsync(device, new { payload = "fault" });
        var sms = await w.WaitForStatusAsync(device, id, status);
        Assert.Equal(mapError, sms.GetProperty("gsm_map_error").GetString());
        if (status == 5) Assert.NotEqual(JsonValueKind.Null, sms.GetProperty("final_date").ValueKind);
        else
        {
            // Clearing a temporary fault is an alert too: the buffered SMS goes out.
            Assert.Equal(HttpStatusCode.OK, (await w.Client.PatchAsJsonAsync($"/api/simulator/devices/{device}", new { fault = "none" })).StatusCode);
            await w.WaitForStatusAsync(device, id, 4);
        }
    }

    [Fact]
    public async Task An_sms_to_a_device_whose_sim_is_suspended_fails()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var simId = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}")).GetProperty("sim").GetProperty("id").GetInt64();
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/sim/{simId}", new { status = new { id = 2 } }));
        var id = await w.SendOkAsync(device, new { payload = "to a suspended SIM" });
        var sms = await w.WaitForStatusAsync(device, id, 5);
        Assert.Equal("callBarred", sms.GetProperty("gsm_map_error").GetString());
    }

    [Fact]
    public async Task A_released_sim_makes_pending_sms_fail()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "pending" });
        await w.WaitForStatusAsync(device, id, 3);
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/endpoint/{device}", new { sim = new { id = (long?)null } }));
        w.Advance(TimeSpan.FromSeconds(30));
        var sms = await w.WaitForStatusAsync(device, id, 5);
        Assert.Equal("unknownSubscriber", sms.GetProperty("gsm_map_error").GetString());
    }

    [Fact]
    public async Task Sms_to_one_device_arrive_in_submission_order_under_concurrent_submits()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => w.SendOkAsync(device, new { payload = $"m{i}" })));
        await w.AttachAsync(device);
        foreach (var id in ids) await w.WaitForStatusAsync(device, id, 4);
        var received = (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), received);

        // And while attached, with the dispatcher running between submits.
        var more = new List<long>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async t =>
        {
            for (var i = 0; i < 10; i++)
            {
                var id = await w.SendOkAsync(device, new { payload = $"t{t}-{i}" });
                lock (more) more.Add(id);
            }
        }));
        foreach (var id in more) await w.WaitForStatusAsync(device, id, 4);
        received = (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64()).ToList();
        Assert.Equal(received.Order(), received);
        Assert.Equal(70, received.Count);
    }

    [Fact]
    public async Task Optional_paging_of_the_sms_list_adds_the_headers()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        for (var i = 0; i < 5; i++) await w.SendOkAsync(device, new { payload = $"p{i}" });
        var response = await w.Client.GetAsync($"/api/v1/endpoint/{device}/sms?page=2&per_page=2");
        var page = await HttpAssert.JsonAsync(response);
        Assert.Equal(2, page.GetArrayLength());
        Assert.Equal("3", response.Header("X-Total-Pages"));
        Assert.Equal("5", response.Header("X-Total-Count"));
    }

    /// <summary>
    /// SQLite lists an endpoint's SMS from two places (SmsByDevice): those the indexer entered in sms_by_device up to its
    /// mark, and the newer ones from the table's tail. The list, every page (also the one across the mark), the count
    /// and the inbox read the same before and after a pass; another endpoint's SMS stay out.
    /// </summary>
    [Fact]
    public async Task The_sms_list_pages_and_inbox_read_the_same_across_the_mark_of_the_sms_entered_by_endpoint()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var other = await w.DeviceAsync(attached: false, name: "other");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await w.SendOkAsync(device, new { payload = $"entered {i}" }));
            await w.SendOkAsync(other, new { payload = $"other {i}" });
        }
        async Task<List<long>> ListAsync(string query = "") =>
            (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms{query}")).EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), await ListAsync()); // all of them in the tail: no pass yet (the fake clock stands)
        var sqlite = !TestDatabase.IsPostgres; // PostgreSQL lists on an index: no passes, the same answers
        if (sqlite) Assert.Equal(0, await EnteredAsync(device));

        w.Advance(TimeSpan.FromSeconds(2)); // the indexer's pass
        if (sqlite)
        {
            await Eventually.HoldsAsync(async () => await EnteredAsync(device) == 5, "the pass did not enter the endpoint's SMS");
            Assert.Equal(5, await EnteredAsync(other));
        }
        for (var i = 5; i < 8; i++) ids.Add(await w.SendOkAsync(device, new { payload = $"tail {i}" }));

        var expected = ids.OrderDescending().ToList();
        Assert.Equal(expected, await ListAsync());
        for (var page = 1; page <= 4; page++) // 3 in the tail, 5 entered: page 2 holds one of each
        {
            var response = await w.Client.GetAsync($"/api/v1/endpoint/{device}/sms?page={page}&per_page=2");
            Assert.Equal("8", response.Header("X-Total-Count"));
            Assert.Equal("4", response.Header("X-Total-Pages"));
            var read = (await HttpAssert.JsonAsync(response)).EnumerateArray().Select(s => s.GetProperty("id").GetInt64());
            Assert.Equal(expected.Skip((page - 1) * 2).Take(2), read);
        }
        Assert.Equal(expected.Skip(6), await ListAsync("?page=2&per_page=6"));
        Assert.Equal(expected.Skip(6), await ListAsync("?page=5&per_page=2")); // beyond the last page: the last page (Paging)

        await w.AttachAsync(device);
        await Eventually.HoldsAsync(async () => (await w.InboxAsync(device)).GetArrayLength() == 8, "the handset did not receive its 8 SMS");
        var inbox = (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64()).ToList();
        Assert.Equal(ids, inbox); // in order of receipt: the device's queue order
        Assert.Empty((await w.InboxAsync(other)).EnumerateArray());
    }

    /// <summary>
    /// A tail longer than a pass (as after a stop, or SMS stored by a migration's upgrade) is entered in several passes
    /// at once, each in slices: here 2,500 SMS beyond the mark with passes of 1,000 and slices of 100 — every SMS entered
    /// once, the mark at the last, and the list the same as before.
    /// </summary>
    [SkippableFact]
    public async Task A_tail_longer_than_a_pass_is_entered_in_passes_and_slices_each_sms_once()
    {
        Skip.If(TestDatabase.IsPostgres, TestDatabase.SqliteOnly);
        _app.With("Cellgate:SmsByDevice:PassRows", "1000").With("Cellgate:SmsByDevice:SliceRows", "100");
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new[] { await w.DeviceAsync(attached: false), await w.DeviceAsync(attached: false, name: "second") };
        var first = await w.SendOkAsync(devices[0], new { payload = "template" });
        await w.SendOkAsync(devices[1], new { payload = "template" });
        // 2,498 more stored straight into the table, alternating between the two endpoints (copies of the first).
        await using (var connection = await TestDatabase.OpenAsync(_app.Directory))
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2498)
                INSERT INTO sms ("OrganisationId", "DeviceId", "Type", "Status", "Iccid", "Msisdn", "Imsi", "SourceAddress", "SourceAddressType",
                    "Payload", "Dcs", "Pid", "Udh", "PartNumber", "PartCount", "RegisteredDelivery", "EsmeInterfaceType", "P2pExt",
                    "SubmitDate", "ExpiryDate", "RetryDate", "RetryCount", "Alerted", "FaultCount", "HandsetDuplicates")
                SELECT s."OrganisationId", CASE n.i % 2 WHEN 0 THEN {devices[0]} ELSE {devices[1]} END, s."Type", 7, s."Iccid", s."Msisdn", s."Imsi",
                    s."SourceAddress", s."SourceAddressType", 'copy ' || n.i, s."Dcs", s."Pid", s."Udh", 1, 1, 0, 1, 0,
                    s."SubmitDate", s."ExpiryDate", s."RetryDate", 0, 0, 0, 0
                FROM n, sms s WHERE s."Id" = {first} ORDER BY n.i
                """;
            Assert.Equal(2498, await insert.ExecuteNonQueryAsync());
        }
        var expected = new List<long>[2];
        for (var d = 0; d < 2; d++)
            expected[d] = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{devices[d]}/sms")).EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(2500, expected[0].Count + expected[1].Count);

        w.Advance(TimeSpan.FromSeconds(2)); // one wake: passes until the tail is shorter than a pass
        await Eventually.HoldsAsync(async () => await EnteredAsync(devices[0]) + await EnteredAsync(devices[1]) == 2500, "the passes did not enter the tail");
        await using (var connection = await TestDatabase.OpenAsync(_app.Directory))
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = """SELECT (SELECT "Mark" FROM sms_by_device_mark) = (SELECT MAX("Id") FROM sms), (SELECT COUNT(*) FROM sms_by_device)""";
            await using var reader = await check.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1L, reader.GetInt64(0));
            Assert.Equal(2500L, reader.GetInt64(1));
        }
        for (var d = 0; d < 2; d++)
        {
            var listed = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{devices[d]}/sms")).EnumerateArray().Select(x => x.GetProperty("id").GetInt64());
            Assert.Equal(expected[d], listed);
            Assert.Equal(expected[d].Order().Reverse(), expected[d]);
        }
    }

    /// <summary>The entries of <paramref name="device"/> in sms_by_device (SQLite), read from the database file.</summary>
    private async Task<long> EnteredAsync(long device)
    {
        await using var connection = await TestDatabase.OpenAsync(_app.Directory);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM sms_by_device WHERE \"DeviceId\" = {device}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Unpaged_sms_lists_and_inboxes_wait_for_a_heavy_read_permit_and_get_429_with_retry_after_when_the_queue_is_full()
    {
        _app.With("Cellgate:HeavyReads:MaxConcurrent", "1").With("Cellgate:HeavyReads:MaxQueued", "1");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "listed" });
        await w.WaitForStatusAsync(device, id, 4);
        var gate = _app.Services.GetRequiredService<HeavyReadGate>();

        var held = await gate.TryEnterAsync(CancellationToken.None); // a heavy read in progress
        Assert.NotNull(held);
        var queued = w.Client.GetAsync($"/api/v1/endpoint/{device}/sms"); // waits for the permit
        await Eventually.HoldsAsync(() => gate.Queued == 1, "the unpaged list did not wait for a permit");
        await HttpAssert.ErrorAsync(await w.Client.GetAsync($"/api/simulator/devices/{device}/inbox"), 429, 1105, "TooManyRequests");
        var refused = await w.Client.GetAsync($"/api/v1/endpoint/{device}/sms");
        await HttpAssert.ErrorAsync(refused, 429, 1105, "TooManyRequests");
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.False(queued.IsCompleted);
        var paged = await w.Client.GetAsync($"/api/v1/endpoint/{device}/sms?page=1&per_page=10"); // bounded: needs no permit
        Assert.Equal(HttpStatusCode.OK, paged.StatusCode);

        held!.Dispose();
        var list = await HttpAssert.JsonAsync(await queued);
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal("listed", Assert.Single((await w.InboxAsync(device)).EnumerateArray()).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Connectivity_reports_the_simulators_attach_state()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        Assert.Equal("ATTACHED", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/connectivity")).GetProperty("status").GetProperty("description").GetString());
        await w.DetachAsync(device);
        var offline = await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/connectivity");
        WireShape.AssertSame(WireShape.Fixture("endpoint-connectivity.json", "body"), offline);
        Assert.Equal("OFFLINE", offline.GetProperty("status").GetProperty("description").GetString());
    }
}
