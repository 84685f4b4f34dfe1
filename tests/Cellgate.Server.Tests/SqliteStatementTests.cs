using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 11: <see cref="SqliteStatement"/>, the positional binding of the SMS insert, stores what Microsoft.Data.Sqlite
/// stores for the same values (the rest of Cellgate reads and compares those rows through it), takes part in the open
/// transaction and savepoint, and reports a failed run as a <see cref="SqliteException"/> after which it runs again.
/// </summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cellgate-stmt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private const string Insert = "INSERT INTO probe (n, maybe, text, at) VALUES (@n, @maybe, @text, @at) RETURNING id";

    [Fact]
    public void Values_bound_by_position_are_stored_as_microsoft_data_sqlite_stores_them()
    {
        using var connection = Open();
        var at = new DateTime(2026, 12, 3, 4, 5, 6, 789, DateTimeKind.Utc).AddTicks(1234);
        var statement = SqliteStatement.Get(connection, Insert, ["@n", "@maybe", "@text", "@at"]);
        statement.Bind(0, 42L);
        statement.Bind(1, (long?)null);
        statement.Bind(2, "Grüße €");
        statement.Bind(3, at);
        var ids = new List<long>();
        statement.Run(row => ids.Add(row.Int64(0)));

        using (var command = connection.CreateCommand())
        {
            command.CommandText = Insert;
            command.Parameters.AddWithValue("@n", 42L);
            command.Parameters.AddWithValue("@maybe", DBNull.Value);
            command.Parameters.AddWithValue("@text", "Grüße €");
            command.Parameters.AddWithValue("@at", at);
            ids.Add((long)command.ExecuteScalar()!);
        }

        Assert.Equal([1L, 2L], ids);
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT count(DISTINCT n || '|' || ifnull(maybe, 'NULL') || '|' || text || '|' || at || '|' || typeof(at)), max(at), typeof(maybe) FROM probe";
        using var r = read.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(1, r.GetInt64(0)); // both rows alike, column by column and type by type
        Assert.Equal(at, r.GetDateTime(1));
        Assert.Equal("null", r.GetString(2));
    }

    [Fact]
    public void A_failed_run_throws_and_the_statement_runs_again_inside_the_open_transaction()
    {
        using var connection = Open();
        var statement = SqliteStatement.Get(connection, Insert, ["@n", "@maybe", "@text", "@at"]);
        using var transaction = connection.BeginTransaction();
        statement.Bind(0, 1L);
        statement.Bind(1, 7L);
        statement.Bind(2, (string?)null); // text is NOT NULL
        statement.Bind(3, DateTime.UtcNow);
        var failure = Assert.Throws<SqliteException>(() => statement.Run());
        Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT

        statement.Bind(2, "fine");
        long? id = null;
        statement.Run(row => id = row.Int64(0));
        Assert.NotNull(id);
        transaction.Rollback();

        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM probe";
        Assert.Equal(0L, (long)count.ExecuteScalar()!); // the insert was part of the rolled-back transaction
    }

    [Fact]
    public void A_parameter_list_that_does_not_match_the_statement_is_refused_when_prepared()
    {
        using var connection = Open();
        Assert.Throws<ArgumentException>(() => SqliteStatement.Get(connection, Insert, ["@n", "@maybe", "@text"]));
        Assert.Throws<ArgumentException>(() => SqliteStatement.Get(connection, Insert, ["@n", "@maybe", "@text", "@when"]));
    }

    [Fact]
    public void A_multi_row_insert_bound_value_by_value_stores_every_row_as_its_own_insert_through_microsoft_data_sqlite_would()
    {
        using var connection = Open();
        string[] texts = ["plain", "quote \" and back\\slash", "Grüße € 😀", "tab\tnewline\ncontrol\u0001", "<html> & 'single'"];
        var at = new DateTime(2026, 12, 3, 10, 30, 0, DateTimeKind.Utc).AddTicks(4321);
        object?[] maybes = [null, 7, 8L, null, -1L];
        var names = Enumerable.Range(0, texts.Length).SelectMany(i => new[] { $"@n{i}", $"@m{i}", $"@t{i}", $"@a{i}" }).ToArray();
        var sql = "INSERT INTO probe (n, maybe, text, at) VALUES " + string.Join(", ", Enumerable.Range(0, texts.Length).Select(i => $"(@n{i}, @m{i}, @t{i}, @a{i})"));
        var many = SqliteStatement.Get(connection, sql, names);
        for (var i = 0; i < texts.Length; i++)
        {
            many.BindValue(4 * i, (long)i);
            many.BindValue(4 * i + 1, maybes[i]);
            many.BindValue(4 * i + 2, texts[i]);
            many.BindValue(4 * i + 3, at);
        }
        many.Run();
        Assert.Throws<ArgumentException>(() => many.BindValue(0, 1.5)); // a type no multi-row statement writes

        for (var i = 0; i < texts.Length; i++)
        {
            using var one = connection.CreateCommand();
            one.CommandText = "INSERT INTO probe (n, maybe, text, at) VALUES (@n, @m, @t, @a)";
            one.Parameters.AddWithValue("@n", 100L + i);
            one.Parameters.AddWithValue("@m", maybes[i] ?? DBNull.Value);
            one.Parameters.AddWithValue("@t", texts[i]);
            one.Parameters.AddWithValue("@a", at);
            one.ExecuteNonQuery();
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT n % 100, quote(maybe), typeof(maybe), text, at, typeof(at) FROM probe ORDER BY n";
        using var r = read.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join("|", Enumerable.Range(0, 6).Select(c => Convert.ToString(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(2 * texts.Length, rows.Count);
        Assert.Equal(rows[..texts.Length], rows[texts.Length..]); // column by column and type by type
        Assert.Equal(texts, rows[..texts.Length].Select(x => x.Split('|')[3]));
    }

    private SqliteConnection Open()
    {
        var connection = SqliteStorage.Open(SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, "statement.db")));
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, maybe INTEGER, text TEXT NOT NULL, at TEXT NOT NULL)";
        create.ExecuteNonQuery();
        return connection;
    }
}
