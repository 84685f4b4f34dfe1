using System.Net.Http.Json;
using Cellgate.Delivery;
using Cellgate.Server.Tests.Support;
using Cellgate.Storage.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>The queue's guarantees, driven directly: leases between nodes, and the handset dropping redeliveries.</summary>
public sealed class SmsEngineTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Delivery:Enabled", "false"); // no dispatcher of its own: the test plays the nodes
    public void Dispose() => _app.Dispose();

    private SmsWriter Writer => _app.Services.GetRequiredService<SmsWriter>();
    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    private Task<List<ClaimedSms>> ClaimAsync(string node) =>
        Writer.WriteAsync((c, t, ct) => SmsQueue.ClaimAsync(c, t, node, Now, Now.AddSeconds(30), 100, cancellationToken: ct));

    private Task RecordAsync(string node, params DeliveryOutcome[] outcomes) =>
        Writer.WriteAsync(async (c, t, ct) => { await SmsQueue.RecordAsync(c, t, node, Now, outcomes, new RetryPolicy(new DeliveryOptions()), new Dictionary<long, ClaimedSms>(), ct: ct); return 0; });

    /// <summary>
    /// Issue 12: on PostgreSQL the writer runs two groups at once, each on its own connection
    /// (<c>Cellgate:Delivery:PostgresWriterConnections</c> = 2, the default): a write that waits for the database
    /// (here for a lock another session holds) does not hold up the writes queued behind it.
    /// </summary>
    [SkippableFact]
    public async Task On_postgresql_with_two_writer_connections_a_write_waiting_for_a_lock_does_not_hold_up_the_writes_queued_behind_it()
    {
        Skip.IfNot(TestDatabase.IsPostgres, "PostgreSQL only: SQLite has one writer connection");
        using var app = new CellgateApp().With("Cellgate:Delivery:Enabled", "false").With("Cellgate:Delivery:PostgresWriterConnections", "2");
        var writer = app.Services.GetRequiredService<SmsWriter>(); // starts the writer
        await using var outside = await TestDatabase.OpenAsync(app.Directory);
        async Task<long> Outside(string sql)
        {
            await using var command = outside.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }
        await Outside("SELECT 1 FROM (SELECT pg_advisory_lock(-4711)) AS l"); // a negative key: no device's order lock
        var waiting = writer.WriteAsync(async (c, t, ct) =>
        {
            await using var command = SqlCommands.Create(c, t, "SELECT pg_advisory_xact_lock(-4711)");
            await command.ExecuteNonQueryAsync(ct);
            return 1;
        });
        await Eventually.HoldsAsync(async () => await Outside("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0,
            "the write never waited for the lock");

        Assert.Equal(2, await writer.WriteAsync((c, t) => 2).WaitAsync(Eventually.DefaultTimeout));
        Assert.False(waiting.IsCompleted);
        await Outside("SELECT 1 FROM (SELECT pg_advisory_unlock(-4711)) AS u");
        Assert.Equal(1, await waiting.WaitAsync(Eventually.DefaultTimeout));
    }

    /// <summary>
    /// Issue 12: a group holds the order lock of every device its writes name, in every transaction of its connection.
    /// Npgsql re-initialises one transaction object per connection, and the locks a transaction took were remembered by
    /// that object: from the second group on, the writer believed it held them and took none (a device's SMS of two
    /// writer connections then committed out of id order; SmsCrashTests on PostgreSQL delivered 167 before 164).
    /// </summary>
    [SkippableFact]
    public async Task On_postgresql_each_group_takes_the_order_locks_of_the_devices_its_writes_name_not_only_the_first_on_a_connection()
    {
        Skip.IfNot(TestDatabase.IsPostgres, "PostgreSQL only: SQLite takes no order locks");
        using var app = new CellgateApp().With("Cellgate:Delivery:Enabled", "false").With("Cellgate:Delivery:PostgresWriterConnections", "1");
        var writer = app.Services.GetRequiredService<SmsWriter>();
        const long device = 4_242;
        Task<long> HeldAsync() => writer.WriteAsync(async (c, t, ct) =>
        {
            await using var command = SqlCommands.Create(c, t, $"""
                SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND classid = 0 AND objid = {device} AND objsubid = 1
                """);
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, () => [device]);
        for (var group = 1; group <= 3; group++) Assert.Equal(1L, await HeldAsync()); // one group after the other, one connection
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<long>> InboxIdsAsync(SmsWorld w, long device) =>
        [.. (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64())];

    /// <summary>
    /// Issue 12, two writer connections: the network's alert (an attach) committed in one group while a dispatcher round
    /// in the other group had claimed the handset's first SMS, read the handset as detached and was recording "absent".
    /// The alert found nothing to make due (the round's changes were not committed), then the round moved both SMS behind
    /// the next retry time: two SMS buffered for an attached handset (SmsTests' concurrent-submit test, 1 run in 5).
    /// The alert now waits for the round's claim lock and makes them due after it. The round is held open here by
    /// another session holding the device's order lock, which the round takes to park the SMS behind the first (issue 11:
    /// the second is parked already, so no row of it is written; before, the round waited for a row lock on it).
    /// </summary>
    [SkippableFact]
    public async Task On_postgresql_an_attach_while_a_round_records_the_handset_absent_still_makes_its_buffered_sms_due()
    {
        Skip.IfNot(TestDatabase.IsPostgres, "PostgreSQL only: SQLite runs one group at a time");
        using var app = new CellgateApp().With("Cellgate:Delivery:PostgresWriterConnections", "2");
        var w = await SmsWorld.CreateAsync(app);
        var device = await w.DeviceAsync(attached: false);
        var first = await w.SendOkAsync(device, new { payload = "first" });
        var second = await w.SendOkAsync(device, new { payload = "second" });
        await w.WaitForSmsAsync(device, first, json => SmsWorld.Status(json) == 3, "not buffered (absent)");
        await w.WaitForSmsAsync(device, second, json => SmsWorld.Status(json) == 3, "not buffered behind the first");

        await using var outside = await TestDatabase.OpenAsync(app.Directory);
        await using var hold = await outside.BeginTransactionAsync();
        await ScalarAsync(outside, hold, $"SELECT 1 FROM (SELECT pg_advisory_xact_lock({device})) l");
        w.Advance(TimeSpan.FromSeconds(30)); // the first due: the round claims it, finds the handset absent
        await Eventually.HoldsAsync(async () => await ScalarAsync(outside, hold, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0,
            "the round never waited to park the SMS behind the first");

        var attach = w.Client.PostAsync($"/api/simulator/devices/{device}/attach", null);
        await Eventually.HoldsAsync(async () => attach.IsCompleted || await ScalarAsync(outside, hold, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 1,
            "the attach neither completed nor waited");
        await hold.RollbackAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await attach).StatusCode);
        await w.WaitForStatusAsync(device, first, 4);
        await w.WaitForStatusAsync(device, second, 4);
        Assert.Equal([first, second], await InboxIdsAsync(w, device));
    }

    /// <summary>
    /// Issue 12: on PostgreSQL the writer runs a group without a savepoint per write; a write that fails (here an SQL
    /// error, which aborts a PostgreSQL transaction) rolls the group back and the group runs again without it. Its
    /// caller gets the error; the writes before and after it in the same group commit, once each (SQLite: savepoints).
    /// </summary>
    [Fact]
    public async Task A_failing_write_fails_alone_and_the_other_writes_of_its_group_commit_once()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        using var hold = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The writer is busy with this write while the next three queue up: they run as one group.
        var first = Writer.WriteAsync((c, t) => { holding.TrySetResult(); hold.Wait(TimeSpan.FromSeconds(30)); return 0; });
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var runs = 0;
        Task<int> Rename(string name) => Writer.WriteAsync((c, t) =>
        {
            Interlocked.Increment(ref runs);
            using var command = SqlCommands.Create(c, t, """UPDATE devices SET "Tags" = COALESCE("Tags", '') || @tag WHERE "Id" = @id""", ("@tag", name), ("@id", device));
            return command.ExecuteNonQuery();
        });
        var before = Rename("a");
        var failing = Writer.WriteAsync((c, t) =>
        {
            using var command = SqlCommands.Create(c, t, "SELECT * FROM no_such_table");
            return command.ExecuteNonQuery();
        });
        var after = Rename("b");
        hold.Set();
        await first;
        Assert.Equal(1, await before);
        Assert.Equal(1, await after);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => failing);
        Assert.Equal("ab", (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}")).GetProperty("tags").GetString());
        Assert.InRange(runs, 2, 4); // PostgreSQL ran the group twice (before the failure, and again without it)
    }

    /// <summary>
    /// Issue 15: a bulk write (the usage feed's chunks) queued before other writes does not take them into its group:
    /// they commit first, in a group of their own, and the bulk write runs in the next group.
    /// </summary>
    [Fact]
    public async Task Writes_queued_behind_a_bulk_write_commit_in_a_group_before_it_not_in_its_group()
    {
        // One writer connection: with two (PostgreSQL's default) the bulk write may start beside the held write at once.
        using var app = new CellgateApp().With("Cellgate:Delivery:Enabled", "false").With("Cellgate:Delivery:PostgresWriterConnections", "1");
        var writer = app.Services.GetRequiredService<SmsWriter>();
        using var hold = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The writer is busy with this write while the next ones queue up.
        var first = writer.WriteAsync((c, t) => { holding.TrySetResult(); hold.Wait(TimeSpan.FromSeconds(30)); return 0; });
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Task<int>? small = null;
        var bulk = writer.WriteBulkAsync((c, t) =>
        {
            // In the small write's group, the small write could not complete before this work ends: the wait runs out.
            order.Enqueue(small!.Wait(TimeSpan.FromSeconds(5)) ? "bulk after the small write's commit" : "bulk in the small write's group");
            return 0;
        });
        small = writer.WriteAsync((c, t) => { order.Enqueue("small"); return 0; });
        hold.Set();
        await Task.WhenAll(first, bulk, small);
        Assert.Equal(["small", "bulk after the small write's commit"], order);
    }

    [Fact]
    public async Task Two_nodes_never_hold_the_same_sms_and_a_dead_nodes_lease_runs_out()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "leased" });

        var a = await ClaimAsync("node-a");
        Assert.Equal([id], a.Select(s => s.Id));
        Assert.Empty(await ClaimAsync("node-b"));
        Assert.Equal(2, (await w.SmsAsync(device, id)).GetProperty("status").GetProperty("id").GetInt32());

        // node-b cannot record an outcome for an SMS it does not hold.
        await RecordAsync("node-b", new DeliveryOutcome(id, device, DeliveryResult.Delivered));
        Assert.Equal(2, (await w.SmsAsync(device, id)).GetProperty("status").GetProperty("id").GetInt32());

        // node-a dies; after its lease, node-b takes over.
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([id], (await ClaimAsync("node-b")).Select(s => s.Id));
        await RecordAsync("node-b", new DeliveryOutcome(id, device, DeliveryResult.Delivered));
        await RecordAsync("node-a", new DeliveryOutcome(id, device, DeliveryResult.Undelivered, NetworkErrors.UnknownSubscriber)); // too late: ignored
        Assert.Equal(4, (await w.SmsAsync(device, id)).GetProperty("status").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_later_sms_to_a_device_is_not_claimed_while_an_earlier_one_is_held()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var first = await w.SendOkAsync(device, new { payload = "first" });
        Assert.Equal([first], (await ClaimAsync("node-a")).Select(s => s.Id));
        var second = await w.SendOkAsync(device, new { payload = "second" });
        Assert.Empty(await ClaimAsync("node-b")); // would overtake "first"
        await RecordAsync("node-a", new DeliveryOutcome(first, device, DeliveryResult.Delivered));
        Assert.Equal([second], (await ClaimAsync("node-b")).Select(s => s.Id));
    }

    private Task<long[]> InsertAsync(long device, int count) => Writer.WriteAsync((c, t) => Enumerable.Range(0, count)
        .Select(i => SmsQueue.Insert(c, t, new NewSms(1, device, null, "", "", "", SmsType.Mt, SmsStatus.DeliveryAttemptPending,
            "", 161, null, 0, 0, Now, Now.AddHours(1), [new NewPart($"sms {i}", "")]))[0]).ToArray());

    [Fact]
    public async Task A_claim_takes_no_more_sms_of_one_device_than_a_round_hands_over_and_leaves_the_rest_untouched()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var busy = await w.DeviceAsync(name: "busy");
        var other = await w.DeviceAsync(name: "other");
        var ids = await InsertAsync(busy, 200);
        var otherId = (await InsertAsync(other, 1))[0];

        var claimed = await Writer.WriteAsync((c, t, ct) => SmsQueue.ClaimAsync(c, t, "node-a", Now, Now.AddSeconds(30), 1000, cancellationToken: ct));
        Assert.Equal(ids.Take(SmsQueue.MaxPerDevice).Append(otherId), claimed.Select(s => s.Id)); // the head 16, in order, and the other device
        var rest = await w.SmsAsync(busy, ids[SmsQueue.MaxPerDevice]);
        Assert.Equal(1, SmsWorld.Status(rest)); // not claimed: no lease, no attempt
        Assert.Equal("0", rest.GetProperty("retry_count").GetString());

        // While they are in flight another node gets nothing of the device; once recorded, the next 16 in order.
        Assert.Empty(await ClaimAsync("node-b"));
        await RecordAsync("node-a", [.. ids.Take(SmsQueue.MaxPerDevice).Select(id => new DeliveryOutcome(id, busy, DeliveryResult.Delivered))]);
        Assert.Equal(ids.Skip(SmsQueue.MaxPerDevice).Take(SmsQueue.MaxPerDevice), (await ClaimAsync("node-b")).Select(s => s.Id));
    }

    [Fact]
    public async Task A_claim_with_a_smaller_per_device_bound_takes_exactly_that_many_from_the_head()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var ids = await InsertAsync(device, 10);
        var claimed = await Writer.WriteAsync((c, t, ct) => SmsQueue.ClaimAsync(c, t, "node-a", Now, Now.AddSeconds(30), 1000, perDevice: 3, cancellationToken: ct));
        Assert.Equal(ids.Take(3), claimed.Select(s => s.Id));
    }

    [Fact]
    public async Task An_attach_while_an_sms_is_in_flight_makes_a_failed_attempt_retry_at_once()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "racing the attach" });
        Assert.Equal([id], (await ClaimAsync("node-a")).Select(s => s.Id)); // the handset is read as detached...
        await w.AttachAsync(device);                                          // ...then attaches before the outcome is recorded
        await RecordAsync("node-a", new DeliveryOutcome(id, device, DeliveryResult.Undelivered, NetworkErrors.AbsentSubscriber));
        var sms = await w.SmsAsync(device, id);
        Assert.Equal(3, sms.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("2026-03-01T12:00:00.000+0000", sms.GetProperty("retry_date").GetString()); // due now, not after the back-off
        Assert.Equal([id], (await ClaimAsync("node-a")).Select(s => s.Id));
    }

    [Fact]
    public async Task An_attach_flags_every_sms_of_the_device_in_flight_not_only_its_head()
    {
        // The alert reads the device's queue from its head up to the first SMS not in flight (they are its head): the
        // second of three in flight, absent after the attach, retries at once too; the SMS not claimed are left alone.
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await w.SendOkAsync(device, new { payload = $"in flight {i}" }));
        var claimed = await Writer.WriteAsync((c, t, ct) => SmsQueue.ClaimAsync(c, t, "node-a", Now, Now.AddSeconds(30), 1000, perDevice: 3, cancellationToken: ct));
        Assert.Equal(ids.Take(3), claimed.Select(s => s.Id));
        await w.AttachAsync(device);
        await RecordAsync("node-a", new DeliveryOutcome(ids[0], device, DeliveryResult.Delivered),
            new DeliveryOutcome(ids[1], device, DeliveryResult.Undelivered, NetworkErrors.AbsentSubscriber), new DeliveryOutcome(ids[2], device, DeliveryResult.Deferred));
        var second = await w.SmsAsync(device, ids[1]);
        Assert.Equal(3, second.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("2026-03-01T12:00:00.000+0000", second.GetProperty("retry_date").GetString()); // due now, not after the back-off
        Assert.Equal([ids[1]], (await ClaimAsync("node-a")).Select(s => s.Id)); // the SMS behind it wait for it (parked)
    }

    [Fact]
    public async Task An_sms_queued_behind_a_buffered_one_is_buffered_at_once_with_the_same_retry_time()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync(attached: false);
        var first = await w.SendOkAsync(device, new { payload = "first" });
        await ClaimAsync("node-a");
        await RecordAsync("node-a", new DeliveryOutcome(first, device, DeliveryResult.Undelivered, NetworkErrors.AbsentSubscriber));
        var second = await w.SmsAsync(device, await w.SendOkAsync(device, new { payload = "second" }));
        Assert.Equal(3, second.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("2026-03-01T12:00:30.000+0000", second.GetProperty("retry_date").GetString());
        Assert.Equal("0", second.GetProperty("retry_count").GetString());
    }

    [Fact]
    public async Task A_redelivered_sms_reaches_the_handset_once_and_is_counted_as_a_duplicate()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "at least once" });
        var claimed = await ClaimAsync("node-a");
        var transport = _app.Services.GetRequiredKeyedService<ISmsTransport>(SmsTransports.Simulator);

        var once = await transport.DeliverAsync(claimed, CancellationToken.None);
        var twice = await transport.DeliverAsync(claimed, CancellationToken.None); // as after a crash before recording
        Assert.Equal(DeliveryResult.Delivered, once.Single().Result);
        Assert.Equal(DeliveryResult.Delivered, twice.Single().Result);

        var inbox = await w.InboxAsync(device);
        var entry = Assert.Single(inbox.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("sms_id").GetInt64());
        Assert.Equal(1, entry.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, (await w.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/simulator/stats")).GetProperty("duplicates_suppressed").GetInt64());
    }

    [Fact]
    public async Task A_failed_write_in_a_group_rolls_back_alone()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var good = Writer.WriteAsync((c, t) => SmsQueue.Insert(c, t, new NewSms(1, device, null, "", "", "", SmsType.Mt, SmsStatus.DeliveryAttemptPending,
            "", 161, null, 0, 0, Now, Now.AddHours(1), [new NewPart("kept", "")])));
        var bad = Writer.WriteAsync<int>((c, t) =>
        {
            SmsQueue.Insert(c, t, new NewSms(1, device, null, "", "", "", SmsType.Mt, SmsStatus.DeliveryAttemptPending,
                "", 161, null, 0, 0, Now, Now.AddHours(1), [new NewPart("rolled back", "")]));
            throw new InvalidOperationException("refused");
        });
        await good;
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        var payloads = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).EnumerateArray().Select(s => s.GetProperty("payload").GetString()).ToList();
        Assert.Contains("kept", payloads);
        Assert.DoesNotContain("rolled back", payloads);
    }

    /// <summary>How the group of the write running this commits: "lazy" (without waiting for the disk) or "flushed".</summary>
    private static async ValueTask<string> CommitModeAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t)
    {
        await using var command = CommitModeCommand(c, t);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string CommitMode(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t)
    {
        using var command = CommitModeCommand(c, t);
        return (string)command.ExecuteScalar()!;
    }

    private static System.Data.Common.DbCommand CommitModeCommand(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        // SQLite: synchronous is 1 (NORMAL) or 2 (FULL). PostgreSQL: synchronous_commit set for this transaction
        // (SET LOCAL: source "session") — the server's own setting may be off already (CI's throw-away cluster).
        command.CommandText = TestDatabase.IsPostgres
            ? "SELECT CASE WHEN source = 'session' AND setting = 'off' THEN 'lazy' ELSE 'flushed' END FROM pg_settings WHERE name = 'synchronous_commit'"
            : "SELECT CASE WHEN synchronous = 1 THEN 'lazy' ELSE 'flushed' END FROM pragma_synchronous";
        return command;
    }

    [Fact]
    public async Task A_group_of_lazy_writes_commits_without_waiting_for_the_disk_and_the_next_other_write_waits_again()
    {
        await SmsWorld.CreateAsync(_app);
        Assert.Equal("lazy", await Writer.WriteLazyAsync((c, t, _) => CommitModeAsync(c, t)));
        Assert.Equal("flushed", await Writer.WriteAsync((c, t, _) => CommitModeAsync(c, t)));
        Assert.Equal("lazy", await Writer.WriteLazyAsync((c, t, _) => CommitModeAsync(c, t)));
        Assert.Equal("flushed", await Writer.WriteAsync((c, t, _) => CommitModeAsync(c, t)));
        // The synchronous overload (the webhook dispatcher's rounds).
        Assert.Equal("lazy", await Writer.WriteLazyAsync((c, t) => CommitMode(c, t)));
        Assert.Equal("flushed", await Writer.WriteAsync((c, t) => CommitMode(c, t)));
    }

    [SkippableFact]
    public async Task A_lazy_write_in_a_group_with_another_write_waits_for_the_disk_with_it()
    {
        // PostgreSQL runs two writer loops: which group takes which write is not up to the test.
        Skip.If(TestDatabase.IsPostgres, "SQLite only: one writer loop, so the two writes queued behind a held group form the next group");
        await SmsWorld.CreateAsync(_app);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Writer.WriteAsync(async (_, _, _) => { await gate.Task; return 0; });
        await Eventually.HoldsAsync(() => Task.FromResult(Writer.Queued == 0), "the writer did not take the first write");
        var lazy = Writer.WriteLazyAsync((c, t, _) => CommitModeAsync(c, t));
        var durable = Writer.WriteAsync((c, t, _) => CommitModeAsync(c, t));
        await Eventually.HoldsAsync(() => Task.FromResult(Writer.Queued == 2), "the two writes were not queued behind the held group");
        gate.SetResult();
        await held;
        Assert.Equal("flushed", await lazy);
        Assert.Equal("flushed", await durable);
    }
}
