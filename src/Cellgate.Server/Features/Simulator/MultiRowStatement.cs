using System.Data.Common;
using Cellgate.Delivery;
using Cellgate.Storage.Sqlite;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// A multi-row <c>INSERT … VALUES (…), (…) …</c> (optionally with an <c>ON CONFLICT</c> tail) run through prepared
/// commands (<see cref="SqlCommands"/>): rows are buffered and sent <see cref="RowsPerStatement"/> at a time, the rest
/// on <see cref="Rows.Flush"/> in statements of power-of-two sizes (a few prepared shapes). Portable SQL (SQLite and PostgreSQL). On SQLite the
/// rows go instead as one JSON array parameter, up to <see cref="RowsPerJsonStatement"/> a statement
/// (<c>INSERT … SELECT json_extract(value, '$[i]') … FROM json_each(@rows)</c>, SQLite's built-in JSON functions).
/// </summary>
/// <remarks>
/// Why so few rows a statement: Microsoft.Data.Sqlite binds every parameter by name on every execution, and SQLite
/// looks a name up by scanning the statement's parameter list, so binding costs grow with the square of the
/// parameters of a statement. At 100 rows of 9 parameters (the first version) binding took over half of the writer
/// thread's time in the usage feed; a few rows a statement keep that small and still save most per-statement work.
/// On SQLite one text parameter carries a thousand rows, which SQLite's JSON parser takes apart in C.
/// </remarks>
public sealed class MultiRowStatement
{
    /// <summary>Rows per full statement (PostgreSQL: <c>VALUES</c>; each statement is a round trip, issue 12).</summary>
    public const int RowsPerStatement = 64;

    /// <summary>Rows per statement on SQLite (one JSON parameter).</summary>
    public const int RowsPerJsonStatement = 1000;

    private readonly string[] _columns;
    private readonly string[][] _names;
    private readonly string[] _sql;
    private readonly string _jsonSql;
    private static readonly string[] JsonNames = ["@rows"];

    /// <param name="prefix">e.g. <c>INSERT INTO t ("A", "B")</c></param>
    /// <param name="columns">the parameter stems of one row, in the order of the prefix's columns</param>
    /// <param name="suffix">e.g. an <c>ON CONFLICT …</c> clause, or empty</param>
    public MultiRowStatement(string prefix, string[] columns, string suffix = "")
    {
        _columns = columns;
        _names = new string[RowsPerStatement + 1][];
        _sql = new string[RowsPerStatement + 1];
        for (var rows = 1; rows <= RowsPerStatement; rows *= 2) // powers of two: Flush sends the rest in chunks of those sizes
        {
            _names[rows] = [.. Enumerable.Range(0, rows).SelectMany(i => columns.Select(c => $"@{c}{i}"))];
            _sql[rows] = $"{prefix}\nVALUES {string.Join(",\n", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", columns.Select(c => $"@{c}{i}")) + ")"))}\n{suffix}";
        }
        // "WHERE true": an upsert after INSERT … SELECT needs it, else SQLite reads ON CONFLICT as a join's ON.
        _jsonSql = $"{prefix}\nSELECT {string.Join(", ", columns.Select((_, i) => $"json_extract(value, '$[{i}]')"))} FROM json_each(@rows) WHERE true\n{suffix}";
    }

    public int Width => _columns.Length;

    /// <summary>A buffer of rows for this statement on one connection and transaction.</summary>
    public Rows Start(DbConnection connection, DbTransaction transaction) => new(this, connection, transaction);

    /// <summary>Rows of one <see cref="MultiRowStatement"/>; add them, then <see cref="Flush"/>.</summary>
    public sealed class Rows(MultiRowStatement statement, DbConnection connection, DbTransaction transaction)
    {
        private readonly bool _json = !connection.IsPostgreSql();
        private readonly object?[] _values = connection.IsPostgreSql() ? new object?[RowsPerStatement * statement.Width] : [];
        private JsonRowsBuffer? _jsonRows;
        private int _rows;

        /// <summary>Statements executed so far (for the statement counts of docs/benchmarks.md).</summary>
        public int Statements { get; private set; }

        public void Add(params ReadOnlySpan<object?> row)
        {
            if (row.Length != statement.Width) throw new ArgumentException($"expected {statement.Width} values", nameof(row));
            if (_json)
            {
                AddJson(row);
                if (++_rows == RowsPerJsonStatement) Flush();
                return;
            }
            row.CopyTo(_values.AsSpan(_rows * statement.Width));
            if (++_rows == RowsPerStatement) Flush();
        }

        private void AddJson(ReadOnlySpan<object?> row)
        {
            // Rented on the first row, back to the pool when Flush has sent the rows.
            var writer = (_jsonRows ??= JsonRowsBuffer.Rent()).Writer;
            if (_rows == 0) writer.WriteStartArray();
            writer.WriteStartArray();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case int i: writer.WriteNumberValue(i); break;
                    // As Microsoft.Data.Sqlite binds a DateTime, so that stored values compare equal.
                    case DateTime d: writer.WriteStringValue(SqliteStatement.Text(d)); break;
                    default: throw new ArgumentException($"unsupported value type {value.GetType()}", nameof(row));
                }
            }
            writer.WriteEndArray();
        }

        /// <summary>Sends the buffered rows (if any).</summary>
        public void Flush()
        {
            if (_rows == 0) return;
            if (_json)
            {
                using var rows = _jsonRows!;
                _jsonRows = null;
                rows.Writer.WriteEndArray();
                // Bound by position as UTF-8, in the connection's open transaction (the writer's group).
                var command = SqliteStatement.Get(connection, statement._jsonSql, JsonNames);
                command.BindUtf8(0, rows.Written);
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
