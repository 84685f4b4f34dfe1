using Cellgate.Delivery;
using Cellgate.Storage;
using Cellgate.Storage.Postgres;
using Cellgate.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cellgate.Server.Hosting;

public static class StorageSetup
{
    /// <summary>One DbContext; the provider comes from <c>Cellgate:Storage:Provider</c> (SQLite, embedded, by default).</summary>
    public static IServiceCollection AddCellgateStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // PostgreSQL: one pool (data source) for EF and the SMS engine alike; created on first use, after validation.
        services.AddSingleton(sp => PostgresStorage.CreateDataSource(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!));
        // Data streams queue the events of every save in its transaction (Features/DataStreams/DataStreamCapture.cs).
        services.AddDbContextPool<CellgateDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.IsPostgreSql) options.UseCellgatePostgres(sp.GetRequiredService<NpgsqlDataSource>());
            else options.UseCellgateSqlite(SqliteConnectionString(storage));
            options.AddInterceptors(sp.GetRequiredService<Features.DataStreams.DataStreamCaptureInterceptor>())
                .AddInterceptors(sp.GetRequiredService<Features.Sms.SmsRouteVersionInterceptor>()); // SmsRoutes' cache
        });
        // The SMS engine writes outside EF, on connections with the same settings.
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.IsPostgreSql)
            {
                var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
                return new SmsDatabase(dataSource.OpenConnection, SqlDialect.PostgreSql);
            }
            var connectionString = SqliteConnectionString(storage);
            var checkpointer = sp.GetRequiredService<SqliteCheckpoints>().Checkpointer;
            return new SmsDatabase(() =>
            {
                var connection = SqliteStorage.Open(connectionString);
                checkpointer?.Attach(connection);
                return connection;
            }, SqlDialect.Sqlite);
        });
        services.AddSingleton<DatabaseConnections>(); // raw SQL off the writer, opened asynchronously
        // SQLite: WAL checkpoints off the SMS writer, the log bounded (SqliteCheckpoints; none with PostgreSQL or a bound of 0).
        services.AddSingleton<SqliteCheckpoints>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpoints>());
        services.AddHealthChecks(); // /readyz reads the OperationsMonitor's cached check instead of querying per request
        return services;
    }

    /// <summary>Brings the schema up to date, or (with <c>MigrateOnStart</c> off) refuses a schema that is behind.</summary>
    public static async Task MigrateOrCheckAsync(this CellgateDbContext db, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.MigrateOnStart)
        {
            await db.MigrateAsync(ct);
            return;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
            throw new StartupException($"the database schema is {pending.Count} migration(s) behind and Cellgate:Storage:MigrateOnStart is off: run 'admin migrate' first.");
    }

    /// <summary>
    /// Applies pending migrations, the history table first (CREATE … IF NOT EXISTS): on an empty PostgreSQL database
    /// EF's migrator otherwise reads that table before it exists and logs the failed query as an error on a first start.
    /// A schema that is up to date (every start but the first after an upgrade) is left alone without calling EF's
    /// migrator: before anything else it diffs the whole model against the last migration's snapshot (its check for a
    /// forgotten migration), about half of a start's CPU. That check runs in the test suite instead
    /// (<c>StorageModelTests</c>), once per provider, where a forgotten migration belongs.
    /// </summary>
    public static async Task MigrateAsync(this CellgateDbContext db, CancellationToken ct)
    {
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any()) return;
        await db.Database.MigrateAsync(ct);
    }

    private static string SqliteConnectionString(StorageOptions storage) =>
        storage.ConnectionString ?? SqliteStorage.ConnectionStringForFile(storage.SqlitePath);
}
