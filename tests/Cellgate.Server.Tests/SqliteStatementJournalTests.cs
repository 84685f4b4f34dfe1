using Cellgate.Storage.Sqlite;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 11: a statement journal (what a statement or savepoint inside an open transaction keeps to undo itself) stays
/// in memory up to <see cref="SqliteStorage.StatementJournalSpillBytes"/>. With SQLite's default (64 KiB) the writer's
/// dispatcher rounds and deliveries at submit moved theirs to a temporary file in /var/tmp, and wrote more pages there
/// than into the WAL.
/// </summary>
public sealed class SqliteStatementJournalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cellgate-stmtjrnl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [SkippableFact]
    public void A_savepoint_that_changes_a_megabyte_of_pages_keeps_its_journal_in_memory_and_still_rolls_back()
    {
        Skip.IfNot(Directory.Exists("/proc/self/fd"), "needs /proc to see the process's open files");
        Assert.True(SqliteStorage.MultiThreaded, "SQLite was started before SqliteStorage could configure it");
        using var connection = SqliteStorage.Open(SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, "journal.db")));
        Execute(connection, "CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        Execute(connection, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO probe (body) SELECT hex(randomblob(500)) FROM n");

        var before = SqliteTemporaryFiles();
        Execute(connection, "BEGIN");
        Execute(connection, "UPDATE probe SET body = 'first' WHERE id = 1");
        Execute(connection, "SAVEPOINT round");
        // About 250 pages of 4 KiB changed inside the savepoint: each one's original goes to the statement journal.
        Execute(connection, "UPDATE probe SET body = lower(body)");
        var spilled = SqliteTemporaryFiles().Except(before).ToList();
        Execute(connection, "ROLLBACK TO round");
        Execute(connection, "COMMIT");

        Assert.Empty(spilled);
        Assert.Equal(1, Scalar(connection, "SELECT COUNT(*) FROM probe WHERE body = 'first'"));
        Assert.Equal(0, Scalar(connection, "SELECT COUNT(*) FROM probe WHERE id > 1 AND body <> upper(body)")); // the savepoint's change undone
    }

    // SQLite's temporary files are unlinked at once; they stay visible among the process's descriptors ("etilqs_…").
    private static List<string> SqliteTemporaryFiles()
    {
        var found = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.Contains("etilqs_", StringComparison.Ordinal)) found.Add(target);
            }
            catch (IOException) { } // closed meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
