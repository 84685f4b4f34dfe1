using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cellgate.Storage.Sqlite;

/// <summary>
/// A statement prepared once per SQLite connection and bound by position, for the few statements that run for every SMS
/// with many parameters (the multi-row INSERT of <c>MtRows</c>). Microsoft.Data.Sqlite binds every parameter by name on
/// every execution: it converts the name to UTF-8 and SQLite finds it by a linear scan of the statement's names, so a
/// statement of p parameters costs about p² string comparisons a run (docs/benchmarks.md, 2026-12-03). Here each name is
/// looked up once, when the statement is prepared; values are bound as Microsoft.Data.Sqlite binds them (a
/// <see cref="DateTime"/> as its text form, so rows written either way compare equal). Runs inside whatever transaction
/// the connection has open, as the connection's commands do. Not thread-safe: one connection, one thread at a time.
/// </summary>
public sealed class SqliteStatement
{
    // Per native connection (a pooled handle outlives the SqliteConnection objects that borrow it); statements are
    // finalized with the handle's SafeHandle or, if it is gone first, by their own finalizers (sqlite3_close_v2 waits).
    private static readonly ConditionalWeakTable<sqlite3, Dictionary<string, SqliteStatement>> Cache = new();

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly int[] _index;

    private SqliteStatement(sqlite3 db, string sql, string[] names)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt, out var tail));
        if (!string.IsNullOrWhiteSpace(tail)) throw new ArgumentException("One statement only.", nameof(sql));
        _index = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            _index[i] = raw.sqlite3_bind_parameter_index(_stmt, names[i]);
            if (_index[i] == 0) throw new ArgumentException($"The statement has no parameter {names[i]}.", nameof(names));
        }
        if (raw.sqlite3_bind_parameter_count(_stmt) != names.Length)
            throw new ArgumentException($"The statement has {raw.sqlite3_bind_parameter_count(_stmt)} parameters, not {names.Length}.", nameof(names));
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> on <paramref name="connection"/>'s native connection, prepared on first use;
    /// <paramref name="names"/> lists every parameter, and the position in it is the index <c>Bind</c> takes.
    /// </summary>
    public static SqliteStatement Get(DbConnection connection, string sql, string[] names)
    {
        var db = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("The connection is not open.");
        var statements = Cache.GetValue(db, _ => new Dictionary<string, SqliteStatement>(StringComparer.Ordinal));
        if (!statements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(db, sql, names);
            statements[sql] = statement;
        }
        return statement;
    }

    public void Bind(int parameter, long value) => Check(raw.sqlite3_bind_int64(_stmt, _index[parameter], value));

    public void Bind(int parameter, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, _index[parameter], v) : raw.sqlite3_bind_null(_stmt, _index[parameter]));

    public void Bind(int parameter, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_stmt, _index[parameter]) : raw.sqlite3_bind_text(_stmt, _index[parameter], value));

    /// <summary>
    /// Binds a value of a multi-row statement's buffer: null, <see cref="long"/>, <see cref="int"/>, <see cref="string"/>
    /// or <see cref="DateTime"/> (as <see cref="Bind(int, DateTime)"/>), each as its own <c>Bind</c> does.
    /// </summary>
    public void BindValue(int parameter, object? value)
    {
        switch (value)
        {
            case null: Check(raw.sqlite3_bind_null(_stmt, _index[parameter])); break;
            case long l: Bind(parameter, l); break;
            case int i: Bind(parameter, (long)i); break;
            case string text: Bind(parameter, text); break;
            case DateTime d: Bind(parameter, d); break;
            default: throw new ArgumentException($"unsupported value type {value.GetType()}", nameof(value));
        }
    }

    /// <summary>As Microsoft.Data.Sqlite binds a <see cref="DateTime"/>: TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>.</summary>
    public void Bind(int parameter, DateTime value) => Bind(parameter, Text(value));

    /// <summary>The text Microsoft.Data.Sqlite stores for <paramref name="value"/>.</summary>
    public static string Text(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>Runs the statement with the values bound; <paramref name="row"/> is called on each result row (read it with <see cref="Int64"/>).</summary>
    public void Run(Action<SqliteStatement>? row = null)
    {
        try
        {
            while (true)
            {
                var rc = raw.sqlite3_step(_stmt);
                if (rc == raw.SQLITE_DONE) return;
                if (rc != raw.SQLITE_ROW) Check(rc);
                row?.Invoke(this);
            }
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Runs the statement with the values bound; the first column of its first row as an integer, null when it is NULL or there is no row.</summary>
    public long? ScalarInt64()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc == raw.SQLITE_DONE) return null;
            if (rc != raw.SQLITE_ROW) Check(rc);
            return raw.sqlite3_column_type(_stmt, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_stmt, 0);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Column <paramref name="column"/> (from 0) of the current result row, as an integer.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE) return;
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
    }
}
