using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;
using Npgsql;

namespace Cellgate.Server.Tests;

/// <summary>
/// The PostgreSQL pass's test databases are reused (docs/testing.md): a database whose app is gone is emptied back to the
/// template's state — every table's rows and every sequence as in the template — and keeps its data source's sessions
/// for the next test; one whose schema a test changed, or that something else still uses, is dropped instead.
/// </summary>
public sealed class TestDatabaseReuseTests
{
    private static NpgsqlConnection Connect(string database) =>
        new(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Pooling = false, Database = database }.ConnectionString);

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "cellgate-tests", Guid.NewGuid().ToString("N"));

    private static string DatabaseOf(string directory) => new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(directory)).Database!;

    /// <summary>Every table's rows (as text, sorted) and every sequence's state: what a test could see of a database's data.</summary>
    private static async Task<SortedDictionary<string, string>> ContentAsync(string database)
    {
        await using var connection = Connect(database);
        await connection.OpenAsync();
        var content = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT format('%I', tablename) FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables)
            await using (var rows = new NpgsqlCommand($"SELECT count(*) || ' ' || COALESCE(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {table} t", connection))
                content[table] = (string)(await rows.ExecuteScalarAsync())!;
        await using (var sequences = new NpgsqlCommand("SELECT sequencename, COALESCE(last_value::text, 'unused') FROM pg_sequences WHERE schemaname = 'public'", connection))
        await using (var reader = await sequences.ExecuteReaderAsync())
            while (await reader.ReadAsync()) content["sequence " + reader.GetString(0)] = reader.GetString(1);
        return content;
    }

    [SkippableFact]
    public async Task A_database_given_up_is_emptied_back_to_the_template_and_keeps_its_sessions_for_the_next_test()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var directory = NewDirectory();
        var database = DatabaseOf(directory);
        var template = await ContentAsync(TestDatabase.TemplateName);
        int sessionOfTheApp;
        using (var app = new CellgateApp(directory))
        {
            // Rows in many tables (an organisation, its user, a token, events) and sequences moved on.
            var op = await app.OperatorAsync();
            Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync("/api/v1/application_token", new { description = "to be emptied" })).StatusCode);
            await app.CustomerAsync();
            Assert.NotEqual(template, await ContentAsync(database));
            var dataSource = TestDatabase.DataSource(directory, TestDatabase.ConnectionString(directory));
            Assert.NotNull(dataSource);
            await using var pooled = await dataSource.OpenConnectionAsync();
            sessionOfTheApp = pooled.ProcessID;
        }

        Assert.True(TestDatabase.DropNow(directory), "the database was dropped instead of emptied");

        Assert.Equal(template, await ContentAsync(database));
        await using var connection = Connect(database);
        await connection.OpenAsync();
        await using var sessions = new NpgsqlCommand("SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var kept = new List<(int Pid, string Name)>();
        await using (var reader = await sessions.ExecuteReaderAsync())
            while (await reader.ReadAsync()) kept.Add((reader.GetInt32(0), reader.GetString(1)));
        Assert.Contains(kept, s => s.Pid == sessionOfTheApp); // the session lives on, idle in the pool, for the next test
        // The node's listening session went back to the pool unnamed (PostgresPrincipalChangeFeed.StopListeningAsync):
        // named, it would count as a listener of the next app on this database, which would wait for its acknowledgements.
        Assert.DoesNotContain(kept, s => s.Name == PostgresPrincipalChangeFeed.ApplicationName);
    }

    [SkippableFact]
    public async Task A_database_whose_schema_a_test_changed_or_that_another_session_still_uses_is_dropped()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var changed = NewDirectory();
        var changedDatabase = DatabaseOf(changed);
        await using (var connection = Connect(changedDatabase))
        {
            await connection.OpenAsync();
            await using var trigger = new NpgsqlCommand("""
                CREATE FUNCTION injected_fault() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER injected_fault BEFORE INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION injected_fault();
                """, connection);
            await trigger.ExecuteNonQueryAsync();
        }
        Assert.False(TestDatabase.DropNow(changed), "a database with a test's trigger was emptied for reuse");
        Assert.False(await TestDatabaseCleanupTests.ExistsAsync(changedDatabase));

        var used = NewDirectory();
        var usedDatabase = DatabaseOf(used);
        await using var user = Connect(usedDatabase); // a server process or a test's own connection, still there
        await user.OpenAsync();
        Assert.False(TestDatabase.DropNow(used), "a database in use was emptied for reuse");
        Assert.False(await TestDatabaseCleanupTests.ExistsAsync(usedDatabase));
    }
}
