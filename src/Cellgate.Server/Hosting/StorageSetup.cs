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
        services.AddDbContextPool<CellgateDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            options.UseCellgateSqlite(storage.ConnectionString ?? SqliteStorage.ConnectionStringForFile(storage.SqlitePath));
        });
        services.AddHealthChecks().AddDbContextCheck<CellgateDbContext>("database", tags: ["ready"]);
        return services;
    }
}
