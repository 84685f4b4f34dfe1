using System.Text.RegularExpressions;
using Cellgate.Delivery;
using Cellgate.Storage;
using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Tests;

/// <summary>
/// The statements that read one device's queue must read it on the queue's partial index. A statement whose WHERE does
/// not imply the index's filter (SmsQueueFilter.Pending) cannot use it: SQLite then walks the primary key over the SMS
/// of every other device, which cost a quarter of the drain's database time with 1,000 devices' backlogs (issue 11).
/// </summary>
public sealed partial class SmsQueuePlanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cellgate-plan-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Every_statement_over_one_devices_queue_reads_the_pending_index_not_the_table()
    {
        await using var connection = await MigratedAsync("plan.db");

        // The submit path's queue-tail reads too (MtRows: one per device of a batch).
        var statements = SmsQueue.DeviceQueueStatements.Concat(Features.Sms.MtRows.TailStatements).ToList();
        Assert.Contains(SmsQueue.RecordDeliveredRangeSql, statements);
        foreach (var sql in statements)
        {
            var plan = await PlanAsync(connection, sql);
            var text = string.Join("\n", plan);
            Assert.True(plan.Any(p => p.Contains("USING INDEX ix_sms_pending_by_device (DeviceId=?", StringComparison.Ordinal)), $"{sql}\n{text}");
            // No scan of sms (by its name or the statements' aliases for it) and no walk of a primary-key range.
            Assert.DoesNotContain(plan, p => TableScan().IsMatch(p) || p.Contains("PRIMARY KEY (rowid>?", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// <c>ix_sms_due</c> holds no parked SMS (issue 11: releasing a backlog moved each SMS's entry out of the parked part
    /// of the index, a scattered page write per SMS drained); the claim's window repeats the filter's term, so SQLite
    /// still reads its window on that index, in due order, and never sorts the queue.
    /// </summary>
    [Fact]
    public async Task The_claim_window_reads_the_due_index_which_leaves_parked_sms_out()
    {
        await using var connection = await MigratedAsync("due.db");
        await using (var index = connection.CreateCommand())
        {
            index.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'ix_sms_due'";
            Assert.EndsWith($"WHERE {Cellgate.Storage.Entities.SmsQueueFilter.Due}", (string)(await index.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }
        var plan = await PlanAsync(connection, SmsQueue.ClaimSql);
        var text = string.Join("\n", plan);
        var window = plan.FindIndex(p => p.Contains("USING INDEX ix_sms_due", StringComparison.Ordinal));
        var windowRead = plan.IndexOf("SCAN w");
        Assert.True(window >= 0 && windowRead > window, text);
        // The window is read in due order off the index; what is sorted afterwards is its devices (a few rows) and the
        // runs claimed (at most the round's limit), never the queue.
        Assert.DoesNotContain(plan[window..windowRead], p => p.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
    }

    /// <summary>
    /// The expiry sweep reads the pending SMS by the second they expire on <c>ix_sms_pending_expiry_by_second</c> (an
    /// expression index the SQLite migration creates outside EF's model: a migration that rebuilds <c>sms</c> would drop
    /// it, which this catches), not the table: keyed by (second, device, id), a backlog's drain deletes a device's run
    /// from a few of its pages instead of one page per SMS (issue 11).
    /// </summary>
    [Fact]
    public async Task The_expiry_sweep_reads_the_index_by_second_of_expiry()
    {
        await using var connection = await MigratedAsync("expiry.db");
        var plan = await PlanAsync(connection, SmsQueue.ExpireSqlSqlite);
        var text = string.Join("\n", plan);
        Assert.True(plan.Any(p => p.Contains("USING INDEX ix_sms_pending_expiry_by_second (<expr><?)", StringComparison.Ordinal)), text);
        Assert.DoesNotContain(plan, p => TableScan().IsMatch(p));
    }

    /// <summary>
    /// The parts of a multi-part SMS are found by <c>"Id" = @id OR "MessageId" = @id</c> (SMPP query_sm, replace_sm,
    /// cancel_sm, the outbox's receipt state, the REST cancel). <c>IX_sms_MessageId</c> is partial (only rows with a
    /// MessageId): the equality implies its filter, so each of these reads the primary key and that index, never the table.
    /// </summary>
    [Fact]
    public async Task Finding_a_messages_parts_reads_the_partial_message_id_index()
    {
        await using var connection = await MigratedAsync("parts.db");
        await using (var index = connection.CreateCommand())
        {
            index.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'IX_sms_MessageId'";
            Assert.EndsWith("WHERE \"MessageId\" IS NOT NULL", (string)(await index.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }
        string[] statements =
        [
            """SELECT "Status", "FinalDate", "GsmMapError" FROM sms WHERE "Id" = @id OR "MessageId" = @id""",
            """SELECT COUNT(*) FROM sms WHERE ("Id" = @id OR "MessageId" = @id) AND "OrganisationId" = @org AND "FinalDate" IS NULL AND "Type" = 1""",
            """UPDATE sms SET "RetryDate" = @at WHERE "Id" = @id OR "MessageId" = @id""",
        ];
        foreach (var sql in statements)
        {
            var plan = await PlanAsync(connection, sql);
            var text = string.Join("\n", plan);
            Assert.True(plan.Any(p => p.Contains("INDEX IX_sms_MessageId (MessageId=?)", StringComparison.Ordinal)), $"{sql}\n{text}");
            Assert.DoesNotContain(plan, p => TableScan().IsMatch(p));
        }
    }

    /// <summary>
    /// A round's (and a delivery at submit's) reads of its devices' states — the devices with their SIMs for the precheck,
    /// the simulated handsets, a submit batch's SMS limits, and the handset's receipt of the SMS — take the ids as one
    /// JSON array and must find each row by its key, not scan the table.
    /// </summary>
    [Fact]
    public async Task The_per_round_reads_of_the_devices_states_find_each_device_by_its_key()
    {
        await using var connection = await MigratedAsync("states.db");
        (string Sql, string Table)[] statements =
        [
            (SmsQueue.DeviceStatesSqlite, "d"), (Features.Simulator.SimulatorStore.LoadSqliteSql, "simulated_devices"),
            (Features.Connectivity.SmsLimits.FindManySqlite, "d"), // a submit batch's SMS limits
            (Features.Simulator.SimulatorStore.ReceiveSqliteSql, "sms"), // the handset's inbox: the SMS it received, by id
        ];
        foreach (var (sql, table) in statements)
        {
            var plan = await PlanAsync(connection, sql);
            var text = string.Join("\n", plan);
            Assert.True(plan.Any(p => p.StartsWith($"SEARCH {table} USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal)), $"{sql}\n{text}");
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN " + table, StringComparison.Ordinal) || p.StartsWith("SCAN devices", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// An endpoint's SMS list (and the count a paged list takes first) and its handset's inbox read the endpoint's SMS by
    /// key, never every SMS: on SQLite the tail above sms_by_device_mark by id (a range of the table's key) and the rest
    /// through sms_by_device's key, in id order without a sort; the indexer's pass reads the tail by id. Until 2026-12 the
    /// model declared the listing index on the columns of the partial queue index, EF took the two for one, and each of
    /// these read every SMS of every device.
    /// </summary>
    [Fact]
    public async Task An_endpoints_sms_list_and_its_handsets_inbox_read_the_sms_by_device()
    {
        await using var connection = await MigratedAsync("lists.db");
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite(connection.ConnectionString);
        await using var db = new CellgateDbContext(options.Options);
        var tail = (await Features.Sms.SmsByDevice.OpenAsync(db, 5, 1, CancellationToken.None)).Head();
        static string Raw(string sql) => RawParameter().Replace(sql, "@p$1");
        (string Name, string Sql, string Reads)[] queries =
        [
            ("tail", tail.ToQueryString(), "USING INTEGER PRIMARY KEY (rowid>?)"),
            ("tail page", tail.Skip(100).Take(100).ToQueryString(), "USING INTEGER PRIMARY KEY (rowid>?)"),
            ("count", Raw(Features.Sms.SmsByDevice.CountSql), "SEARCH sms_by_device USING PRIMARY KEY (DeviceId=? AND OrganisationId=? AND Id<?)"),
            ("rows", Raw(Features.Sms.SmsByDevice.RowsSql), "SEARCH x USING PRIMARY KEY (DeviceId=? AND OrganisationId=? AND Id<?)"),
            ("rows by id", Raw(Features.Sms.SmsByDevice.RowsSql), "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"),
            ("inbox", Features.Simulator.SimulatorApi.InboxOf(db, 5).ToQueryString(), "SEARCH sms_by_device USING PRIMARY KEY (DeviceId=?"),
            ("inbox tail", Features.Simulator.SimulatorApi.InboxOf(db, 5).ToQueryString(), "USING INTEGER PRIMARY KEY (rowid>?)"),
            ("pass", Features.Sms.SmsByDevice.TailSql, "USING INTEGER PRIMARY KEY (rowid>?)"),
        ];
        foreach (var (name, query, reads) in queries)
        {
            // ToQueryString declares the parameters first (".param set @p 5" on SQLite); PlanAsync binds them itself.
            var sql = string.Join("\n", query.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
            var plan = await PlanAsync(connection, sql);
            var text = $"{name}: {sql}\n{string.Join("\n", plan)}";
            Assert.True(plan.Any(p => p.Contains(reads, StringComparison.Ordinal)), text);
            Assert.DoesNotContain(plan, p => TableScan().IsMatch(p) || p == "SCAN sms_by_device" || p.StartsWith("SCAN sms_by_device ", StringComparison.Ordinal));
            // The inbox sorts by time of receipt; the list's parts and the pass's tail come in id order.
            if (name is not ("inbox" or "inbox tail")) Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    /// <summary>A connection to a new database file in this test's folder, migrated to the current schema.</summary>
    private async Task<SqliteConnection> MigratedAsync(string name)
    {
        var file = SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, name));
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite(file);
        await using (var db = new CellgateDbContext(options.Options)) await db.Database.MigrateAsync();
        var connection = new SqliteConnection(file);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>SQLite's plan of <paramref name="sql"/> (each parameter bound to 1), one line per step.</summary>
    private static async Task<List<string>> PlanAsync(SqliteConnection connection, string sql)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in Parameter().Matches(sql).Select(m => m.Value).Distinct()) explain.Parameters.AddWithValue(name, 1);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }

    [GeneratedRegex("@[A-Za-z0-9_]+")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex RawParameter();

    [GeneratedRegex("^SCAN (sms|s|s0|o)( |$)")]
    private static partial Regex TableScan();
}
