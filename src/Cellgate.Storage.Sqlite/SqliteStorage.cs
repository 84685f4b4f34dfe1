using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cellgate.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>
    /// Whether SQLite runs in its multi-thread mode (set once per process, before the first connection opens): no mutex
    /// around each call on a connection, and no global lock around each allocation for memory statistics nobody reads.
    /// Serialized mode (the library's default) takes both on every call, for connections shared by threads at once —
    /// which Cellgate never does: a connection serves one caller at a time (ADO.NET's contract; the writer, the route
    /// readers and the monitor each hold their own), and <c>sqlite3_interrupt</c>, the one call from another thread (a
    /// cancelled command), is safe in either mode. False when SQLite was already in use when this ran (another library
    /// opened a connection first): then it stays serialized, which is correct, only slower.
    /// </summary>
    public static bool MultiThreaded { get; }

    /// <summary>
    /// How large a statement journal grows in memory before SQLite moves it to a temporary file (SQLite's default:
    /// 64 KiB). The writer's group transactions run many statements and savepoints (a delivery at submit, a dispatcher
    /// round); each keeps the original of every page it changes in that journal, to undo itself alone. Past 64 KiB —
    /// a round that touches a few hundred pages — the journal went to a file in /var/tmp: during issue 11's backlog
    /// drain the writer wrote more pages there (with a 4-byte page number before each, two system calls a page) than
    /// into the WAL. In memory up to this bound, which only a migration's bulk statement reaches. Nothing of durability
    /// changes: a statement journal only undoes a statement or savepoint inside an open transaction.
    /// </summary>
    public const int StatementJournalSpillBytes = 16 << 20;

    private const int SqliteConfigStatementJournalSpill = 26; // SQLITE_CONFIG_STMTJRNL_SPILL (sqlite3.h; SQLitePCLRaw names no constant)

    // A static constructor (not a field initializer) so that it runs before any member of this class is first used:
    // Cellgate opens its first SQLite connection through one of them (the backup's copy target opens after the source).
    static SqliteStorage() => MultiThreaded = ConfigureThreading();

    private static bool ConfigureThreading()
    {
        // Microsoft.Data.Sqlite's static constructor picks the native library (SQLitePCLRaw's bundle) without starting it.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(SqliteConnection).TypeHandle);
        var multiThreaded = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD) == SQLitePCL.raw.SQLITE_OK;
        if (multiThreaded)
        {
            SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
            SQLitePCL.raw.sqlite3_config(SqliteConfigStatementJournalSpill, StatementJournalSpillBytes);
        }
        return multiThreaded;
    }

    /// <summary>Configures the SQLite provider with this assembly's migrations and durable connection settings.</summary>
    public static DbContextOptionsBuilder UseCellgateSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteStorage).Assembly.GetName().Name))
            .AddInterceptors(DurableConnectionInterceptor.Instance)
            // SQLite rebuilds a table to change a foreign key; EF runs the rebuild's "PRAGMA foreign_keys" outside the
            // migration's transaction (SQLite ignores it inside one) and warns at every fresh start. Expected, not news.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning));

    /// <summary>Opens a connection outside EF (the SMS engine's writer) with the same durable settings.</summary>
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = DurableConnectionInterceptor.Pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Builds a connection string for a database file, creating its folder.</summary>
    public static string ConnectionStringForFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// WAL with synchronous=FULL: a transaction that has committed survives power loss.
    /// journal_mode is persistent in the file; synchronous and busy_timeout are per connection.
    /// </summary>
    private sealed class DurableConnectionInterceptor : DbConnectionInterceptor
    {
        public static readonly DurableConnectionInterceptor Instance = new();
        public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>Used by <c>dotnet ef migrations add</c> only.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CellgateDbContext>
{
    public CellgateDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite("Data Source=design.db");
        return new CellgateDbContext(options.Options);
    }
}
