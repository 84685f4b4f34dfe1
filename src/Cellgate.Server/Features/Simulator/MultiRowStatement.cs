using System.Data.Common;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// A multi-row <c>INSERT … VALUES (…), (…) …</c> (optionally with an <c>ON CONFLICT</c> tail) run through prepared
/// commands (<see cref="SqlCommands"/>): rows are buffered and sent <see cref="RowsPerStatement"/> at a time, the rest
/// in one statement of its own size on <see cref="Rows.Flush"/>. Portable SQL (SQLite and PostgreSQL).
/// </summary>
/// <remarks>
/// Why so few rows a statement: Microsoft.Data.Sqlite binds every parameter by name on every execution, and SQLite
/// looks a name up by scanning the statement's parameter list, so binding costs grow with the square of the
/// parameters of a statement. At 100 rows of 9 parameters (the first version) binding took over half of the writer
/// thread's time in the usage feed; a few rows a statement keep that small and still save most per-statement work.
/// </remarks>
public sealed class MultiRowStatement
{
    /// <summary>Rows per full statement.</summary>
    public const int RowsPerStatement = 4;

    private readonly string[] _columns;
    private readonly string[][] _names;
    private readonly string[] _sql;

    /// <param name="prefix">e.g. <c>INSERT INTO t ("A", "B")</c></param>
    /// <param name="columns">the parameter stems of one row, in the order of the prefix's columns</param>
    /// <param name="suffix">e.g. an <c>ON CONFLICT …</c> clause, or empty</param>
    public MultiRowStatement(string prefix, string[] columns, string suffix = "")
    {
        _columns = columns;
        _names = new string[RowsPerStatement + 1][];
        _sql = new string[RowsPerStatement + 1];
        for (var rows = 1; rows <= RowsPerStatement; rows++)
        {
            _names[rows] = [.. Enumerable.Range(0, rows).SelectMany(i => columns.Select(c => $"@{c}{i}"))];
            _sql[rows] = $"{prefix}\nVALUES {string.Join(",\n", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", columns.Select(c => $"@{c}{i}")) + ")"))}\n{suffix}";
        }
    }

    public int Width => _columns.Length;

    /// <summary>A buffer of rows for this statement on one connection and transaction.</summary>
    public Rows Start(DbConnection connection, DbTransaction transaction) => new(this, connection, transaction);

    /// <summary>Rows of one <see cref="MultiRowStatement"/>; add them, then <see cref="Flush"/>.</summary>
    public sealed class Rows(MultiRowStatement statement, DbConnection connection, DbTransaction transaction)
    {
        private readonly object?[] _values = new object?[RowsPerStatement * statement.Width];
        private int _rows;

        /// <summary>Statements executed so far (for the statement counts of docs/benchmarks.md).</summary>
        public int Statements { get; private set; }

        public void Add(params ReadOnlySpan<object?> row)
        {
            if (row.Length != statement.Width) throw new ArgumentException($"expected {statement.Width} values", nameof(row));
            row.CopyTo(_values.AsSpan(_rows * statement.Width));
            if (++_rows == RowsPerStatement) Flush();
        }

        /// <summary>Sends the buffered rows (if any).</summary>
        public void Flush()
        {
            if (_rows == 0) return;
            var command = SqlCommands.Get(connection, transaction, statement._sql[_rows], statement._names[_rows]);
            for (var i = 0; i < _rows * statement.Width; i++) command.Set(i, _values[i]);
            command.ExecuteNonQuery();
            Statements++;
            _rows = 0;
        }
    }
}
