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
/// instead of a migration per test) and dropped when the app that created it is disposed, or when the run ends. Both
/// happen off the test's path: a background thread keeps a few copies of the template ready (a test takes one at once
/// instead of waiting about 0.3 s for the copy) and another drops the databases of disposed apps (about 0.1 s each).
/// </para>
/// <para>
/// A run killed midway (a cancelled <c>dotnet test</c>, a CI timeout) cannot drop its databases, so each run cleans up
/// after the dead ones when it starts: every database a run creates carries the comment <c>cellgate-tests &lt;run&gt;</c>,
/// and the run keeps one idle session named <c>cellgate-tests &lt;run&gt;</c> open for as long as it lives. A test
/// database whose run has no such session any more belongs to a run that ended and is dropped (with <c>FORCE</c>: what
/// is still connected to it, such as a server process the dead run left behind, is an orphan too). A test database
/// without the comment (made before runs marked theirs) is dropped only if nothing is connected to it (a plain
/// <c>DROP DATABASE</c> refuses one in use). A concurrently running test process is never touched: its session is there.
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

    /// <summary>
    /// The trait (<c>[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)]</c>) of a test class whose outcome does not
    /// depend on the database: it reads no stored data or reads what no provider changes (the OpenAPI document, the
    /// portal's files, the accessibility of rendered screens), or it drives a client of the REST API (the portal in a
    /// browser) whose every call the Server and Client suites check on both databases. CI's PostgreSQL pass leaves these
    /// classes out (<c>--filter Database!=any</c>); they ran in the first pass. A Server or Client test class that reads
    /// stored data — a response's shape, a date's format, an error on bad input — never carries it: those are where the
    /// providers can differ; nor does the portal's 100,000-device list (PortalScaleTests: PostgreSQL's plan for it).
    /// </summary>
    public const string Trait = "Database";

    /// <inheritdoc cref="Trait"/>
    public const string AnyDatabase = "any";

    /// <summary>Why a PostgreSQL-only test is skipped.</summary>
    public const string PostgresOnly = "PostgreSQL only: set " + Variable + " to a connection string of a server where tests may CREATE DATABASE";

    private static readonly ConcurrentDictionary<string, string> Databases = new(StringComparer.Ordinal);
    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly string RunId = $"{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>What marks this run's databases (their comment) and its living session (<c>application_name</c>).</summary>
    private const string RunMark = "cellgate-tests ";

    /// <summary>The idle session that tells other runs this one is alive (closed by the process's end).</summary>
    private static NpgsqlConnection? _alive;

    /// <summary>Storage settings for an app whose data lives in <paramref name="directory"/> (ConfigurationBuilder keys).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(string directory)
    {
        if (!IsPostgres)
        {
            yield return new("Cellgate:Storage:SqlitePath", SqliteFile(directory));
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
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqliteFile(directory)};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Directories whose SQLite database a test wants empty (<see cref="UseEmpty"/>).</summary>
    private static readonly ConcurrentDictionary<string, byte> EmptySqlite = new(StringComparer.Ordinal);

    /// <summary>The SQLite database file of an app or server process whose data lives in <paramref name="directory"/>.</summary>
    public static string SqliteFile(string directory) => Path.Combine(directory, "cellgate.db");

    /// <summary>
    /// Before an app or a server process first opens <paramref name="directory"/>'s database: on SQLite a folder without
    /// a database file gets a copy of the migrated template (<see cref="TestStorage.WriteMigratedDatabase"/>) — the same
    /// schema without applying every migration in every test (about 2 s of a debug server process's 4.8 s start) — as
    /// PostgreSQL's test databases are copies of a migrated template (<see cref="ConnectionString"/>). A database that
    /// exists already (a restart on the same folder) is left alone, and so is the empty one a test asks for
    /// (<see cref="UseEmpty"/>).
    /// </summary>
    public static void StartFromTemplate(string directory)
    {
        if (IsPostgres) return;
        var path = Path.GetFullPath(directory);
        var file = SqliteFile(path);
        if (EmptySqlite.ContainsKey(path) || File.Exists(file)) return;
        Directory.CreateDirectory(path);
        TestStorage.WriteMigratedDatabase(file);
    }

    /// <summary>Drops <paramref name="directory"/>'s database (its app is gone), in the background.</summary>
    public static void Drop(string directory)
    {
        EmptySqlite.TryRemove(Path.GetFullPath(directory), out _);
        if (!IsPostgres || !Databases.TryRemove(Path.GetFullPath(directory), out var name)) return;
        Dropping.Add(name);
    }

    // Copies of the template made ahead, and databases waiting to be dropped; each served by a background thread.
    private static readonly BlockingCollection<string> Ready = new(boundedCapacity: 3);
    private static readonly BlockingCollection<string> Dropping = new();
    private static readonly Lazy<bool> Workers = new(StartWorkers, LazyThreadSafetyMode.ExecutionAndPublication);

    private static bool StartWorkers()
    {
        var template = Template.Value;
        new Thread(() =>
        {
            while (true)
            {
                var name = "cellgate_t_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
                try
                {
                    // FILE_COPY: copies the template's files (with a checkpoint, cheap with fsync off) instead of writing
                    // every page through the WAL (PostgreSQL 15's default): about 130 ms instead of 230 here.
                    Admin($"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
                    Admin($"COMMENT ON DATABASE {name} IS '{RunMark}{RunId}'");
                }
                catch (NpgsqlException)
                {
                    Thread.Sleep(100); // the server is busy or going away: a test that waits for a copy fails on its own deadline
                    continue;
                }
                Ready.Add(name); // blocks while enough copies are ready
            }
        }) { IsBackground = true, Name = "test database copies" }.Start();
        new Thread(() =>
        {
            foreach (var name in Dropping.GetConsumingEnumerable()) DropDatabase(name);
        }) { IsBackground = true, Name = "test database drops" }.Start();
        return true;
    }

    /// <summary>
    /// Makes <paramref name="directory"/>'s database an empty one (no schema, as an operator's first start meets it)
    /// instead of a copy of the migrated template; call before anything opens it. <see cref="Drop"/> removes it.
    /// </summary>
    public static void UseEmpty(string directory)
    {
        var path = Path.GetFullPath(directory);
        if (!IsPostgres)
        {
            EmptySqlite.TryAdd(path, 0); // a SQLite file that does not exist yet is empty: StartFromTemplate leaves it so
            return;
        }
        if (!Databases.TryAdd(path, Name(path))) throw new InvalidOperationException($"{directory} already has a database");
        Admin($"CREATE DATABASE {Databases[path]}");
        Admin($"COMMENT ON DATABASE {Databases[path]} IS '{RunMark}{RunId}'");
    }

    private static string Name(string directory) =>
        "cellgate_t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RunId + directory)))[..20];

    private static string Create(string directory)
    {
        _ = Workers.Value;
        if (!Ready.TryTake(out var name, TimeSpan.FromMinutes(2)))
            throw new TimeoutException("No copy of the template database was made within 2 minutes");
        return name;
    }

    private static string CreateTemplate()
    {
        var name = "cellgate_template_" + RunId;
        _alive = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer)
        {
            Pooling = false,
            ApplicationName = RunMark + RunId,
            KeepAlive = 30,
        }.ConnectionString);
        _alive.Open();
        DropStale();
        Admin($"DROP DATABASE IF EXISTS {name}");
        Admin($"CREATE DATABASE {name}");
        Admin($"COMMENT ON DATABASE {name} IS '{RunMark}{RunId}'");
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
            foreach (var database in Databases.Values.Concat(Ready).Concat(Dropping)) DropDatabase(database);
            DropDatabase(name);
        };
        return name;
    }

    /// <summary>Drops the test databases of runs that ended without dropping them (see the class remarks).</summary>
    internal static void DropStale()
    {
        var databases = new List<(string Name, string? Run)>();
        var living = new HashSet<string>(StringComparer.Ordinal);
        using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false }.ConnectionString))
        {
            connection.Open();
            using (var list = new NpgsqlCommand("""
                SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database
                WHERE datname LIKE 'cellgate\_t\_%' OR datname LIKE 'cellgate\_template\_%'
                """, connection))
            using (var reader = list.ExecuteReader())
                while (reader.Read())
                    databases.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            using var sessions = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE @mark", connection);
            sessions.Parameters.AddWithValue("mark", RunMark + "%");
            using var alive = sessions.ExecuteReader();
            while (alive.Read()) living.Add(alive.GetString(0));
        }
        foreach (var (name, run) in databases)
        {
            if (run is null)
            {
                // No mark: dropped only when unused, which a plain DROP DATABASE checks for itself.
                try { Admin($"DROP DATABASE IF EXISTS {name}"); }
                catch (NpgsqlException) { }
            }
            else if (run.StartsWith(RunMark, StringComparison.Ordinal) && !living.Contains(run))
            {
                DropDatabase(name);
            }
        }
    }

    private static void DropDatabase(string name)
    {
        try { Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); }
        catch (NpgsqlException) { } // the run ends or the server went away: nothing to clean
    }

    /// <summary>
    /// The connections of <see cref="Admin"/>, pooled: a new PostgreSQL session is a fork of the server, and on the
    /// virtual machines the tests run on each costs about 40 ms of CPU (copy-on-write faults); four of them per test
    /// (copy, comment, drop) were a tenth of the PostgreSQL pass's CPU.
    /// </summary>
    private static readonly Lazy<NpgsqlDataSource> AdminSource = new(() => NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(PostgresServer) { MaxPoolSize = 4 }.ConnectionString));

    private static void Admin(string sql)
    {
        using var command = AdminSource.Value.CreateCommand(sql);
        command.ExecuteNonQuery();
    }
}
