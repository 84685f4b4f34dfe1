using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Cellgate.Storage.Postgres;

public static class PostgresStorage
{
    /// <summary>Statements each connection keeps prepared at most unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>
    /// The data source (one connection pool) for a connection string. Every session runs in UTC, so an instant
    /// compares and prints the same whatever the server's or the role's time zone.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "cellgate";
        // Statements run often are prepared on each connection (parsed and planned once, not on every execution): the SMS
        // writer runs the same few statements for every group, and the planning of its claim alone cost more than its
        // execution (issue 12). A connection string that names "Max Auto Prepare" (0 turns it off, e.g. behind a pooler
        // that cannot keep prepared statements) keeps its own setting.
        // Planned for each execution's parameter values all the same (plan_cache_mode): a generic plan, chosen by PostgreSQL
        // after five executions when it does not look costlier, made the expiry UPDATE walk the queue table (8 ms a call
        // instead of 0.05 on the benchmark's young table, whose statistics say nothing yet).
        if (!Names(connectionString, "maxautoprepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
        }
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>
    /// Whether <paramref name="connectionString"/> sets <paramref name="keyword"/> (lower case, no spaces), however spelt.
    /// NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists, not whether it was given.
    /// </summary>
    private static bool Names(string connectionString, string keyword)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in given.Keys)
            if (string.Equals(key.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Configures the PostgreSQL provider with this assembly's migrations and Cellgate's model adjustments.</summary>
    public static DbContextOptionsBuilder UseCellgatePostgres(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, o => o.MigrationsAssembly(typeof(PostgresStorage).Assembly.GetName().Name))
            .ReplaceService<IModelCustomizer, PostgresModelCustomizer>();

    /// <summary>
    /// The model as PostgreSQL needs it: text compares byte-wise (collation "C", as SQLite's BINARY), so a prefix
    /// filter — a range <c>col &gt;= 'ab' AND col &lt; 'ac'</c> — selects the same rows, and a sort orders them the
    /// same, on both providers whatever the cluster's locale.
    /// </summary>
    internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            foreach (var entity in modelBuilder.Model.GetEntityTypes())
            {
                foreach (var property in entity.GetDeclaredProperties())
                {
                    if (property.ClrType == typeof(string)) property.SetCollation("C");
                }
            }
        }
    }
}

/// <summary>Used by <c>dotnet ef migrations add</c> only (it does not connect).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CellgateDbContext>
{
    public CellgateDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgatePostgres(PostgresStorage.CreateDataSource("Host=localhost;Database=cellgate_design"));
        return new CellgateDbContext(options.Options);
    }
}
