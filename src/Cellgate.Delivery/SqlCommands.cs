using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Cellgate.Delivery;

/// <summary>
/// Prepared commands kept per connection and reused. Preparing an SQL statement costs more than running a small one,
/// and the writer's connection runs the same few statements for every SMS. A command from here belongs to its
/// connection: set its parameter values and run it; do not dispose it, and close a reader of it before the next use.
/// </summary>
public static class SqlCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Cache = new();

    /// <summary>The command for <paramref name="sql"/> on this connection, enlisted in <paramref name="transaction"/>;
    /// <paramref name="parameters"/> names its parameters in order (created on first use, values left as they were).</summary>
    public static DbCommand Get(DbConnection connection, DbTransaction? transaction, string sql, params ReadOnlySpan<string> parameters)
    {
        var commands = Cache.GetValue(connection, _ => new Dictionary<string, DbCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = DBNull.Value;
                command.Parameters.Add(p);
            }
            commands[sql] = command;
        }
        command.Transaction = transaction;
        return command;
    }

    /// <summary>A one-off command (dispose it) for statements too rare or too variable to keep prepared.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    /// <summary>
    /// A statement over a list of ids, prepared once: <c>IDS</c> in <paramref name="sql"/> becomes
    /// <c>= ANY(@ids)</c> on PostgreSQL (an array parameter) or <c>IN (SELECT value FROM json_each(@ids))</c> on SQLite (a
    /// JSON array, <see cref="SmsQueue.JsonIds"/>) — not a literal <c>IN (…)</c> list, which is compiled for every call.
    /// </summary>
    public static string OverIds(string sql, bool postgres, string parameter = "@ids") =>
        sql.Replace("IDS", postgres ? $"= ANY({parameter})" : $"IN (SELECT value FROM json_each({parameter}))", StringComparison.Ordinal);

    /// <summary>Sets the value of the parameter at <paramref name="index"/> (null becomes SQL NULL).</summary>
    public static void Set(this DbCommand command, int index, object? value) => command.Parameters[index].Value = value ?? DBNull.Value;

    /// <summary>Drops the cached commands of a connection about to be closed.</summary>
    public static void Forget(DbConnection connection)
    {
        if (Cache.TryGetValue(connection, out var commands))
        {
            foreach (var command in commands.Values) command.Dispose();
            Cache.Remove(connection);
        }
    }
}

/// <summary>
/// Runs commands asynchronously on PostgreSQL (no thread blocked on a round trip) and synchronously on SQLite, whose
/// ADO.NET provider runs its async methods synchronously anyway (with a task more per call): a write of the group-commit
/// writer written once with these runs at SQLite's speed there and without blocking on PostgreSQL.
/// </summary>
public static class SqlAsync
{
    public static ValueTask<int> RunAsync(this DbCommand command, CancellationToken cancellationToken = default) =>
        command.Connection!.IsPostgreSql() ? new(command.ExecuteNonQueryAsync(cancellationToken)) : new(command.ExecuteNonQuery());

    public static ValueTask<object?> ScalarAsync(this DbCommand command, CancellationToken cancellationToken = default) =>
        command.Connection!.IsPostgreSql() ? new(command.ExecuteScalarAsync(cancellationToken)) : new(command.ExecuteScalar());

    public static ValueTask<DbDataReader> ReaderAsync(this DbCommand command, CancellationToken cancellationToken = default) =>
        command.Connection!.IsPostgreSql() ? new(command.ExecuteReaderAsync(cancellationToken)) : new(command.ExecuteReader());

    /// <summary>The next row of a reader from <see cref="ReaderAsync"/> (<paramref name="postgres"/>: the connection's dialect).</summary>
    public static ValueTask<bool> ReadAsync(this DbDataReader reader, bool postgres, CancellationToken cancellationToken = default) =>
        postgres ? new(reader.ReadAsync(cancellationToken)) : new(reader.Read());
}
