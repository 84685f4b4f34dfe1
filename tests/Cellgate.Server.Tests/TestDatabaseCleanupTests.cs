using Cellgate.Server.Tests.Support;
using Npgsql;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12: a test run killed midway leaves its <c>cellgate_t_*</c> databases behind; the next run drops them when it
/// starts, and never a database of a run that is still going.
/// </summary>
public sealed class TestDatabaseCleanupTests
{
    private static NpgsqlConnection Connect(string? applicationName = null) =>
        new(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Pooling = false, ApplicationName = applicationName }.ConnectionString);

    private static async Task CreateAsync(string name, string? comment)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection)) await create.ExecuteNonQueryAsync();
        if (comment is not null)
            await using (var mark = new NpgsqlCommand($"COMMENT ON DATABASE {name} IS '{comment}'", connection)) await mark.ExecuteNonQueryAsync();
    }

    /// <summary>Whether a database of that name exists on the tests' server.</summary>
    internal static async Task<bool> ExistsAsync(string name)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        return (long)(await exists.ExecuteScalarAsync())! == 1;
    }

    [SkippableFact]
    public async Task The_databases_of_a_run_that_ended_are_dropped_and_those_of_a_living_run_or_in_use_are_kept()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        _ = TestDatabase.ConnectionString(Path.Combine(Path.GetTempPath(), "cleanup-" + Guid.NewGuid().ToString("N"))); // this run is marked
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (dead, living, unmarkedIdle, unmarkedInUse) = ($"cellgate_t_dead{suffix}", $"cellgate_t_live{suffix}", $"cellgate_t_idle{suffix}", $"cellgate_t_used{suffix}");
        await CreateAsync(dead, $"cellgate-tests dead_{suffix}");
        await CreateAsync(living, $"cellgate-tests live_{suffix}");
        await CreateAsync(unmarkedIdle, null);
        await CreateAsync(unmarkedInUse, null);
        await using var livingRun = Connect($"cellgate-tests live_{suffix}"); // another test process that is still running
        await livingRun.OpenAsync();
        await using var user = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Pooling = false, Database = unmarkedInUse }.ConnectionString);
        await user.OpenAsync();
        try
        {
            TestDatabase.DropStale();

            Assert.False(await ExistsAsync(dead), "the dead run's database was kept");
            Assert.False(await ExistsAsync(unmarkedIdle), "an unmarked database nobody uses was kept");
            Assert.True(await ExistsAsync(living), "a living run's database was dropped");
            Assert.True(await ExistsAsync(unmarkedInUse), "an unmarked database in use was dropped");
        }
        finally
        {
            await user.CloseAsync();
            await livingRun.CloseAsync();
            await using var connection = Connect();
            await connection.OpenAsync();
            foreach (var name in new[] { dead, living, unmarkedIdle, unmarkedInUse })
                await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection)) await drop.ExecuteNonQueryAsync();
        }
    }
}
