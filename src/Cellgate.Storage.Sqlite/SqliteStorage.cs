using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cellgate.Storage.Sqlite;

public static class SqliteStorage
{
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
