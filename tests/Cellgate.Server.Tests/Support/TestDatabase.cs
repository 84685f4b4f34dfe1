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
/// again): it is a copy of a template migrated once per test run (<c>CREATE DATABASE … TEMPLATE …</c>, a file copy
/// instead of a migration per test), and it is given up when the app that took it is disposed. A database given up is
/// emptied back to the template's state and handed to a later test with its sessions (<see cref="Recycle"/>,
/// <see cref="DataSource"/>), or dropped when a test changed its schema or something still uses it, and when the run
/// ends. All of it happens off the test's path: a background thread keeps a few copies of the template ready and another
/// empties or drops the databases given up.
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

    /// <summary>The connection string of <paramref name="directory"/>'s database, a copy of the template from first use.</summary>
    public static string ConnectionString(string directory) => ConnectionStringOf(Databases.GetOrAdd(Path.GetFullPath(directory), Create));

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

    /// <summary>
    /// Gives <paramref name="directory"/>'s database up (its app is gone): in the background it is emptied back to the
    /// template's state for another test, or dropped (<see cref="Recycle"/>).
    /// </summary>
    public static void Drop(string directory)
    {
        EmptySqlite.TryRemove(Path.GetFullPath(directory), out _);
        if (!IsPostgres || !Databases.TryRemove(Path.GetFullPath(directory), out var name)) return;
        Dropping.Add(name);
    }

    // Copies of the template made ahead, databases given up (to empty or drop), and emptied ones waiting for a test; the
    // first two each served by a background thread.
    private static readonly BlockingCollection<string> Ready = new(boundedCapacity: 3);
    private static readonly BlockingCollection<string> Dropping = new();
    private static readonly ConcurrentQueue<string> Emptied = new();

    /// <summary>Emptied databases kept at most (each with its data source's idle sessions); more are dropped.</summary>
    private const int MaxEmptied = 4;

    /// <summary>The databases copied from the template: only those are emptied for reuse (an empty one is dropped).</summary>
    private static readonly ConcurrentDictionary<string, byte> Copies = new(StringComparer.Ordinal);

    /// <summary>
    /// The data source of each test database for the in-process apps on it (<see cref="DataSource"/>), kept with the
    /// database when it is emptied for another test.
    /// </summary>
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> Sources = new(StringComparer.Ordinal);

    /// <summary>The <c>application_name</c> of <see cref="Sources"/>' sessions.</summary>
    private const string PoolName = "cellgate-tests-pool";

    /// <summary>
    /// The data source an in-process app on <paramref name="directory"/>'s database uses instead of building its own,
    /// or null (SQLite; an app configured with another connection string). It belongs to the test run, not to the app: it
    /// outlives the app, and its sessions — each a fork of the server whose catalog caches and prepared statements start
    /// cold, most of the PostgreSQL pass's cost per test (docs/testing.md) — serve the next test that gets the database.
    /// </summary>
    public static NpgsqlDataSource? DataSource(string directory, string? configuredConnectionString)
    {
        if (!IsPostgres || !Databases.TryGetValue(Path.GetFullPath(directory), out var name)) return null;
        return configuredConnectionString == ConnectionStringOf(name) ? SourceOf(name) : null;
    }

    private static NpgsqlDataSource SourceOf(string name) => Sources.GetOrAdd(name, static n => PostgresStorage.CreateDataSource(
        new NpgsqlConnectionStringBuilder(ConnectionStringOf(n)) { ApplicationName = PoolName }.ConnectionString));

    private static string ConnectionStringOf(string name) => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;

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
                Copies.TryAdd(name, 0);
                Ready.Add(name); // blocks while enough copies are ready
            }
        }) { IsBackground = true, Name = "test database copies" }.Start();
        new Thread(() =>
        {
            foreach (var name in Dropping.GetConsumingEnumerable()) GiveUp(name, keep: Emptied.Count < MaxEmptied);
        }) { IsBackground = true, Name = "test database drops" }.Start();
        return true;
    }

    /// <summary>Empties <paramref name="name"/> for another test (when <paramref name="keep"/> and it can be) or drops it; returns which.</summary>
    private static bool GiveUp(string name, bool keep)
    {
        if (keep && Copies.ContainsKey(name) && Recycle(name))
        {
            Emptied.Enqueue(name);
            return true;
        }
        DropDatabase(name);
        return false;
    }

    /// <summary>
    /// <see cref="Drop"/> on the calling thread (for the tests of this class): returns whether the database was emptied
    /// for another test (true) or dropped.
    /// </summary>
    internal static bool DropNow(string directory)
    {
        if (!Databases.TryRemove(Path.GetFullPath(directory), out var name)) throw new InvalidOperationException($"{directory} has no database");
        return GiveUp(name, keep: true);
    }

    /// <summary>The template database's name (for the tests of this class).</summary>
    internal static string TemplateName => Template.Value;

    /// <summary>
    /// Empties a given-up copy of the template back to the template's state for another test: every table truncated,
    /// the template's rows (the migrations' seed data) copied in again, every sequence set back. Only when nothing else
    /// is connected to it (its data source's sessions are idle: its apps are gone — a server process or a test's own
    /// connection still there means it is dropped, with FORCE) and its schema is still the template's (a test that
    /// installed a trigger or renamed a table leaves a database that is dropped). Returns false when it must be dropped.
    /// </summary>
    private static bool Recycle(string name)
    {
        try
        {
            using (var others = AdminSource.Value.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND (application_name <> $2 OR state <> 'idle')"))
            {
                others.Parameters.Add(new NpgsqlParameter { Value = name });
                others.Parameters.Add(new NpgsqlParameter { Value = PoolName });
                if ((long)others.ExecuteScalar()! != 0) return false;
            }
            var seed = Seed.Value;
            using var connection = SourceOf(name).OpenConnection();
            using (var shape = new NpgsqlCommand(SchemaFingerprintSql, connection))
                if ((string?)shape.ExecuteScalar() != seed.Fingerprint) return false;
            using var transaction = connection.BeginTransaction();
            // DELETE of the tables that hold rows, not a TRUNCATE of all of them: a TRUNCATE gives every table and index
            // a new file (some 200 files created, and as many removed, per test on the CI cluster) and invalidates their
            // cache entries in every session; a test writes to a few tables, and DELETE of their few rows touches no
            // file. Referencing tables first (their foreign keys restrict); a failure drops the database instead.
            var filled = new HashSet<string>(StringComparer.Ordinal);
            using (var rowsIn = new NpgsqlCommand(seed.FilledTablesSql, connection, transaction))
            using (var reader = rowsIn.ExecuteReader())
                while (reader.Read()) filled.Add(reader.GetString(0));
            var deletes = string.Concat(seed.DeleteOrder.Where(filled.Contains).Select(t => $"DELETE FROM {t};"));
            using (var empty = new NpgsqlCommand($"SET LOCAL lock_timeout = '5s'; {deletes}", connection, transaction))
                empty.ExecuteNonQuery();
            foreach (var (table, rows) in seed.Rows)
            {
                using var copy = connection.BeginRawBinaryCopy($"COPY {table} FROM STDIN (FORMAT binary)");
                copy.Write(rows);
            }
            if (seed.Sequences.Length > 0)
                using (var sequences = new NpgsqlCommand(seed.Sequences, connection, transaction))
                    sequences.ExecuteNonQuery();
            transaction.Commit();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A database's schema as one hash: its relations, columns, indexes, constraints, functions, triggers, schemas.</summary>
    private const string SchemaFingerprintSql = """
        SELECT md5(string_agg(x, ' | ' ORDER BY x)) FROM (
            SELECT format('%s.%s %s %s', n.nspname, c.relname, c.relkind, c.reloptions) AS x
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
            UNION ALL
            SELECT format('%s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL
            SELECT format('%s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT format('%s %s', proname, md5(prosrc)) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
            UNION ALL
            SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
            UNION ALL
            SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp%'
            UNION ALL
            SELECT extname FROM pg_extension) s
        """;

    /// <summary>The template's tables, the rows it holds (binary COPY), the statements that set its sequences, its schema's hash.</summary>
    /// <param name="DeleteOrder">Every table, each before the tables its foreign keys reference.</param>
    /// <param name="FilledTablesSql">A query naming the tables that hold rows.</param>
    private sealed record TemplateSeed(string[] DeleteOrder, string FilledTablesSql, (string Table, byte[] Rows)[] Rows, string Sequences, string Fingerprint);

    private static readonly Lazy<TemplateSeed> Seed = new(ReadSeed, LazyThreadSafetyMode.ExecutionAndPublication);

    private static TemplateSeed ReadSeed()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionStringOf(Template.Value)) { Pooling = false }.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = new NpgsqlCommand("""
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%' AND NOT c.relispartition
            ORDER BY 1
            """, connection))
        using (var reader = list.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        var references = new List<(string From, string To)>();
        using (var list = new NpgsqlCommand("""
            SELECT format('%I.%I', cn.nspname, c.relname), format('%I.%I', fn.nspname, f.relname)
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
            JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
            WHERE k.contype = 'f' AND k.conrelid <> k.confrelid
            """, connection))
        using (var reader = list.ExecuteReader())
            while (reader.Read()) references.Add((reader.GetString(0), reader.GetString(1)));
        var rows = new List<(string, byte[])>();
        foreach (var table in tables)
        {
            using (var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table})", connection))
                if (!(bool)any.ExecuteScalar()!) continue;
            using var buffer = new MemoryStream();
            using (var copy = connection.BeginRawBinaryCopy($"COPY {table} TO STDOUT (FORMAT binary)"))
                copy.CopyTo(buffer);
            rows.Add((table, buffer.ToArray()));
        }
        var sequences = new StringBuilder();
        using (var list = new NpgsqlCommand("""
            SELECT format('SELECT setval(%L, %s, %s);', format('%I.%I', schemaname, sequencename), COALESCE(last_value, start_value), CASE WHEN last_value IS NULL THEN 'false' ELSE 'true' END)
            FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
            """, connection))
        using (var reader = list.ExecuteReader())
            while (reader.Read()) sequences.Append(reader.GetString(0));
        using var shape = new NpgsqlCommand(SchemaFingerprintSql, connection);
        var filledSql = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t.Replace("'", "''")}' WHERE EXISTS (SELECT 1 FROM {t})"));
        return new TemplateSeed(DeleteOrder(tables, references), filledSql, [.. rows], sequences.ToString(), (string)shape.ExecuteScalar()!);
    }

    /// <summary>The tables ordered so that each comes before every table it references (a cycle's tables follow in name order).</summary>
    private static string[] DeleteOrder(List<string> tables, List<(string From, string To)> references)
    {
        var order = new List<string>();
        var left = new SortedSet<string>(tables, StringComparer.Ordinal);
        while (left.Count > 0)
        {
            // A table no remaining table references can go now.
            var free = left.Where(t => !references.Any(r => r.To == t && r.From != t && left.Contains(r.From))).ToList();
            if (free.Count == 0) free = [left.Min!];
            foreach (var t in free)
            {
                order.Add(t);
                left.Remove(t);
            }
        }
        return [.. order];
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
        if (Emptied.TryDequeue(out var emptied)) return emptied;
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
            foreach (var database in Databases.Values.Concat(Ready).Concat(Dropping).Concat(Emptied)) DropDatabase(database);
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
        Copies.TryRemove(name, out _);
        if (Sources.TryRemove(name, out var source)) source.Dispose();
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
