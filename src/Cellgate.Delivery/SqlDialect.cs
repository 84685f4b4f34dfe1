using System.Data.Common;

namespace Cellgate.Delivery;

/// <summary>
/// The database the hand-written SQL runs on. Most statements are written once, in the subset SQLite and PostgreSQL
/// share; the few that must differ (the claim's row locking, the per-device order lock, the writer's savepoints)
/// choose by the connection they run on (docs/postgresql.md, "The dialect").
/// </summary>
public enum SqlDialect
{
    Sqlite,
    PostgreSql,
}

public static class SqlDialects
{
    /// <summary>The dialect of <paramref name="connection"/> (Npgsql's connection is PostgreSQL; anything else SQLite).</summary>
    public static SqlDialect Of(DbConnection connection) =>
        connection.GetType().FullName == "Npgsql.NpgsqlConnection" ? SqlDialect.PostgreSql : SqlDialect.Sqlite;

    public static bool IsPostgreSql(this DbConnection connection) => Of(connection) == SqlDialect.PostgreSql;
}
