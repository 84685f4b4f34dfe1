using System.Data.Common;
using Cellgate.Delivery;
using Cellgate.Storage.Sqlite;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// A multi-row <c>INSERT … VALUES (…), (…) …</c> (optionally with an <c>ON CONFLICT</c> tail): rows are buffered and
/// sent several a statement. Portable SQL (SQLite and PostgreSQL). PostgreSQL: through prepared commands
/// (<see cref="SqlCommands"/>), <see cref="RowsPerStatement"/> rows a statement, the rest on <see cref="Rows.Flush"/> in
/// statements of power-of-two sizes (a few prepared shapes). SQLite: bound by position (<see cref="SqliteStatement"/>),
/// up to <see cref="RowsPerSqliteStatement"/> rows a statement, one statement prepared per row count that occurs.
/// </summary>
/// <remarks>
/// Why not more rows a statement through Microsoft.Data.Sqlite: it binds every parameter by name on every execution, and
/// SQLite looks a name up by scanning the statement's parameter list, so binding costs grow with the square of the
/// parameters of a statement; at 100 rows of 9 parameters (the first version) binding took over half of the writer
/// thread's time in the usage feed. Bound by position, a row costs its values. (Until 2026-12-03 the SQLite rows went as
/// one JSON array parameter taken apart by <c>json_each</c>: about twice the cost per row of a bound <c>VALUES</c> row,
/// docs/benchmarks.md, session 17.)
/// </remarks>
public sealed class MultiRowStatement
{
    /// <summary>Rows per full statement (PostgreSQL: <c>VALUES</c>; each statement is a round trip, issue 12).</summary>
    public const int RowsPerStatement = 64;

    /// <summary>Rows per statement on SQLite at most (bound by position).</summary>
    public const int RowsPerSqliteStatement = 32;

    private readonly string _prefix;
    private readonly string _suffix;
    private readonly string[] _columns;
    private readonly string[][] _names;
    private readonly string[] _sql;
    private readonly (string Sql, string[] Names)?[] _sqlite = new (string, string[])?[RowsPerSqliteStatement + 1];

    /// <param name="prefix">e.g. <c>INSERT INTO t ("A", "B")</c></param>
    /// <param name="columns">the parameter stems of one row, in the order of the prefix's columns</param>
    /// <param name="suffix">e.g. an <c>ON CONFLICT …</c> clause, or empty</param>
    public MultiRowStatement(string prefix, string[] columns, string suffix = "")
    {
        _prefix = prefix;
        _suffix = suffix;
        _columns = columns;
        _names = new string[RowsPerStatement + 1][];
        _sql = new string[RowsPerStatement + 1];
        for (var rows = 1; rows <= RowsPerStatement; rows *= 2) // powers of two: Flush sends the rest in chunks of those sizes
            (_sql[rows], _names[rows]) = Shape(rows);
    }

    private (string Sql, string[] Names) Shape(int rows) =>
        ($"{_prefix}\nVALUES {string.Join(",\n", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", _columns.Select(c => $"@{c}{i}")) + ")"))}\n{_suffix}",
            [.. Enumerable.Range(0, rows).SelectMany(i => _columns.Select(c => $"@{c}{i}"))]);

    /// <summary>
    /// The SQLite text and parameter names of this statement with <paramref name="rows"/> rows, at most
    /// <see cref="RowsPerSqliteStatement"/> (built on first use; racing threads build the same text). Also for a caller
    /// that binds the rows itself (the simulator's inbox).
    /// </summary>
    public (string Sql, string[] Names) SqliteShape(int rows) => _sqlite[rows] ??= Shape(rows);

    public int Width => _columns.Length;

    /// <summary>A buffer of rows for this statement on one connection and transaction.</summary>
    public Rows Start(DbConnection connection, DbTransaction transaction) => new(this, connection, transaction);

    /// <summary>Rows of one <see cref="MultiRowStatement"/>; add them, then <see cref="Flush"/>.</summary>
    public sealed class Rows(MultiRowStatement statement, DbConnection connection, DbTransaction transaction)
    {
        private readonly bool _sqlite = !connection.IsPostgreSql();
        private object?[] _values = [];
        private int _rows;

        /// <summary>Statements executed so far (for the statement counts of docs/benchmarks.md).</summary>
        public int Statements { get; private set; }

        private int Full => _sqlite ? RowsPerSqliteStatement : RowsPerStatement;

        public void Add(params ReadOnlySpan<object?> row)
        {
            if (row.Length != statement.Width) throw new ArgumentException($"expected {statement.Width} values", nameof(row));
            if (_values.Length == 0) _values = new object?[Full * statement.Width];
            row.CopyTo(_values.AsSpan(_rows * statement.Width));
            if (++_rows == Full) Flush();
        }

        /// <summary>Sends the buffered rows (if any).</summary>
        public void Flush()
        {
            if (_rows == 0) return;
            if (_sqlite)
            {
                // One statement for all of them (at most RowsPerSqliteStatement), in the connection's open transaction.
                var (sql, names) = statement.SqliteShape(_rows);
                var command = SqliteStatement.Get(connection, sql, names);
                for (var i = 0; i < _rows * statement.Width; i++) command.BindValue(i, _values[i]);
                command.Run();
            }
            else
            {
                var done = 0;
                while (done < _rows)
                {
                    var n = RowsPerStatement;
                    while (n > _rows - done) n /= 2;
                    var command = SqlCommands.Get(connection, transaction, statement._sql[n], statement._names[n]);
                    var at = done * statement.Width;
                    for (var i = 0; i < n * statement.Width; i++) command.Set(i, _values[at + i]);
                    command.ExecuteNonQuery();
                    done += n;
                    if (done < _rows) Statements++;
                }
            }
            Statements++;
            _rows = 0;
        }
    }
}
