using Cellgate.Delivery;
using Cellgate.Storage;
using Cellgate.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

public static class StorageSetup
{
    /// <summary>One DbContext; the provider comes from <c>Cellgate:Storage:Provider</c> (SQLite, embedded, by default).</summary>
    public static IServiceCollection AddCellgateStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Data streams queue the events of every save in its transaction (Features/DataStreams/DataStreamCapture.cs).
        services.AddDbContextPool<CellgateDbContext>((sp, options) => options.UseCellgateSqlite(ConnectionString(sp))
            .AddInterceptors(sp.GetRequiredService<Features.DataStreams.DataStreamCaptureInterceptor>())
            .AddInterceptors(sp.GetRequiredService<Features.Sms.SmsRouteVersionInterceptor>())); // SmsRoutes' cache
        // The SMS engine writes outside EF, on connections with the same settings.
        services.AddSingleton(sp =>
        {
            var connectionString = ConnectionString(sp);
            return new SmsDatabase(() => SqliteStorage.Open(connectionString));
        });
        services.AddHealthChecks(); // /readyz reads the OperationsMonitor's cached check instead of querying per request
        return services;
    }

    private static string ConnectionString(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return storage.ConnectionString ?? SqliteStorage.ConnectionStringForFile(storage.SqlitePath);
    }
}
