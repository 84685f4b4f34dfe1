using Cellgate.Storage.Postgres;
using Npgsql;

namespace Cellgate.Server.Tests;

/// <summary>The PostgreSQL data source's settings (no server needed: the data source connects on first use).</summary>
public sealed class PostgresStorageTests
{
    [Fact]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        // Issue 12: without automatic preparation PostgreSQL parsed and planned every statement of the SMS path again.
        using var defaulted = PostgresStorage.CreateDataSource("Host=127.0.0.1;Username=u;Password=p;Database=d");
        var settings = new NpgsqlConnectionStringBuilder(defaulted.ConnectionString);
        Assert.Equal(PostgresStorage.DefaultMaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Contains("plan_cache_mode=force_custom_plan", settings.Options); // planned with each execution's values
        using var off = PostgresStorage.CreateDataSource("Host=127.0.0.1;Username=u;Password=p;Database=d;Max Auto Prepare=0");
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(off.ConnectionString).MaxAutoPrepare);
        Assert.Null(new NpgsqlConnectionStringBuilder(off.ConnectionString).Options);
        using var own = PostgresStorage.CreateDataSource("Host=127.0.0.1;Username=u;Password=p;Database=d;maxautoprepare=7");
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(own.ConnectionString).MaxAutoPrepare);
    }
}
