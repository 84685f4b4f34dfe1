using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cellgate.Storage;
using Cellgate.Storage.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// Which database the tests run on: SQLite files (the default), or PostgreSQL when <c>CELLGATE_TEST_POSTGRES</c> holds a
/// connection string to a server where the tests may CREATE DATABASE. The one place that chooses the provider for
/// <see cref="CellgateApp"/> and <see cref="ServerProcess"/>.
/// <para>
/// On PostgreSQL a test's database belongs to its data directory (an app restarted on the same directory finds its data
/// again): it is created from a template migrated once per test run (<c>CREATE DATABASE … TEMPLATE …</c>, a file copy
/// instead of a migration per test) and dropped when the app that created it is disposed, or when the run ends.
/// </para>
/// </summary>
public static class TestDatabase
{
    public const string Variable = "CELLGATE_TEST_POSTGRES";

    /// <summary>The PostgreSQL server's connection string, or null: tests run on SQLite.</summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>Why a SQLite-only test is skipped on PostgreSQL (use with <c>Skip.If(TestDatabase.IsPostgres, …)</c>).</summary>
    public const string SqliteOnly = "SQLite only: this test reads or damages the SQLite file itself (" + Variable + " is set, tests run on PostgreSQL)";

    /// <summary>Why a PostgreSQL-only test is skipped.</summary>
    public const string PostgresOnly = "PostgreSQL only: set " + Variable + " to a connection string of a server where tests may CREATE DATABASE";

    private static readonly ConcurrentDictionary<string, string> Databases = new(StringComparer.Ordinal);
    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly string RunId = $"{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Storage settings for an app whose data lives in <paramref name="directory"/> (ConfigurationBuilder keys).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(string directory)
    {
        if (!IsPostgres)
        {
            yield return new("Cellgate:Storage:SqlitePath", Path.Combine(directory, "cellgate.db"));
            yield break;
        }
        yield return new("Cellgate:Storage:Provider", "postgresql");
        yield return new("Cellgate:Storage:ConnectionString", ConnectionString(directory));
    }

    /// <summary>The same settings as environment variables for a server process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ProcessEnvironment(string directory) =>
        Settings(directory).Select(s => new KeyValuePair<string, string>(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>The connection string of <paramref name="directory"/>'s database, created from the template on first use.</summary>
    public static string ConnectionString(string directory)
    {
        var name = Databases.GetOrAdd(Path.GetFullPath(directory), Create);
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// An open connection to <paramref name="directory"/>'s database from outside the app (no pooling), to install a
    /// fault or read what is stored; write portable SQL, or branch on <see cref="IsPostgres"/>.
    /// </summary>
    public static async Task<System.Data.Common.DbConnection> OpenAsync(string directory)
    {
        System.Data.Common.DbConnection connection = IsPostgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString(directory)) { Pooling = false }.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "cellgate.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Drops <paramref name="directory"/>'s database (its app is gone).</summary>
    public static void Drop(string directory)
    {
        if (!IsPostgres || !Databases.TryRemove(Path.GetFullPath(directory), out var name)) return;
        DropDatabase(name);
    }

    private static string Create(string directory)
    {
        var name = "cellgate_t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RunId + directory)))[..20];
        var template = Template.Value;
        Admin($"CREATE DATABASE {name} TEMPLATE {template}");
        return name;
    }

    private static string CreateTemplate()
    {
        var name = "cellgate_template_" + RunId;
        Admin($"DROP DATABASE IF EXISTS {name}");
        Admin($"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = false }.ConnectionString;
        using (var dataSource = PostgresStorage.CreateDataSource(connectionString))
        {
            var options = new DbContextOptionsBuilder<CellgateDbContext>();
            options.UseCellgatePostgres(dataSource);
            using var db = new CellgateDbContext(options.Options);
            db.Database.Migrate();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var database in Databases.Values) DropDatabase(database);
            DropDatabase(name);
        };
        return name;
    }

    private static void DropDatabase(string name)
    {
        try { Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); }
        catch (NpgsqlException) { } // the run ends or the server went away: nothing to clean
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
