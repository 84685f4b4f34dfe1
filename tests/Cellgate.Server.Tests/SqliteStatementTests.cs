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
    public void Rows_as_utf8_json_through_json_each_store_the_texts_as_bound_one_by_one_and_a_reused_buffer_keeps_nothing_of_its_last_text()
    {
        using var connection = Open();
        string[] texts = ["plain", "quote \" and back\\slash", "Grüße € 😀", "tab\tnewline\ncontrol\u0001", "<html> & 'single'"];
        const string many = "INSERT INTO probe (n, maybe, text, at) SELECT json_extract(value, '$[0]'), NULL, json_extract(value, '$[1]'), 'x' FROM json_each(@rows)";
        var statement = SqliteStatement.Get(connection, many, ["@rows"]);
        using (var big = JsonRowsBuffer.Rent())
        {
            // A longer text first: a buffer back from the pool must not carry any of it into the next.
            big.Writer.WriteStartArray();
            for (var i = 0; i < 500; i++) big.Writer.WriteStringValue(new string('z', 40));
            big.Writer.WriteEndArray();
            Assert.True(big.Written.Length > 20_000);
        }
        using (var rows = JsonRowsBuffer.Rent())
        {
            rows.Writer.WriteStartArray();
            for (var i = 0; i < texts.Length; i++)
            {
                rows.Writer.WriteStartArray();
                rows.Writer.WriteNumberValue(i);
                rows.Writer.WriteStringValue(texts[i]);
                rows.Writer.WriteEndArray();
            }
            rows.Writer.WriteEndArray();
            statement.BindUtf8(0, rows.Written);
        }
        statement.Run();

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT n, text FROM probe ORDER BY n";
        using var r = read.ExecuteReader();
        var stored = new List<string>();
        while (r.Read()) stored.Add(r.GetString(1));
        Assert.Equal(texts, stored);
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
