using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cellgate.Server.Hosting;

/// <summary>
/// <c>admin backup FILE</c>: an online, consistent copy of the SQLite database while the server keeps serving. It opens
/// the configured database file (same settings as the server: <c>Cellgate:Storage:*</c>, environment, command line)
/// and runs <c>VACUUM INTO</c>, which reads one snapshot (a WAL read transaction: writers go on, the copy holds exactly
/// what was committed when it started) and writes a compact, self-contained database file. Restore: stop the server,
/// put the file in place of <c>SqlitePath</c> (deleting its <c>-wal</c>/<c>-shm</c>), start. docs/operations.md.
/// </summary>
public static class AdminBackup
{
    /// <summary>Whether the command line asks for this command: <c>admin backup FILE [settings…]</c>.</summary>
    public static bool IsCommand(string[] args) => args is ["admin", "backup", ..];

    /// <summary>Runs the command; returns the process exit code (0 done, 1 failed, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["admin", "backup", var file, .. var rest] || file.StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("Usage: Cellgate.Server admin backup FILE   (FILE must not exist)");
            return 2;
        }
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            await Console.Error.WriteLineAsync($"Refusing to overwrite {target}: choose a new file.");
            return 2;
        }
        // The server's configuration sources (appsettings, environment, command line) without starting it.
        var configuration = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. rest]).Configuration;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.IsPostgreSql)
        {
            await Console.Error.WriteLineAsync("admin backup copies a SQLite database; on PostgreSQL use pg_dump (docs/postgresql.md).");
            return 2;
        }
        var source = storage.ConnectionString ?? SqliteStorage.ConnectionStringForFile(storage.SqlitePath);
        if (storage.ConnectionString is null && !File.Exists(Path.GetFullPath(storage.SqlitePath)))
        {
            await Console.Error.WriteLineAsync($"No database at {Path.GetFullPath(storage.SqlitePath)} (Cellgate:Storage:SqlitePath).");
            return 1;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var connection = SqliteStorage.Open(source);
            await using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO @file";
            command.Parameters.AddWithValue("@file", target);
            await command.ExecuteNonQueryAsync();
            // VACUUM INTO writes a rollback-journal file; the server expects WAL (it opens read-only first to check the schema).
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            await copy.OpenAsync();
            await using var wal = copy.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteScalarAsync();
        }
        catch (SqliteException ex)
        {
            await Console.Error.WriteLineAsync($"Backup failed: {ex.Message}");
            return 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
        Console.WriteLine($"Backed up {new SqliteConnectionStringBuilder(source).DataSource} to {target} ({new FileInfo(target).Length} bytes).");
        return 0;
    }
}
