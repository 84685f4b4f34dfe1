using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>
/// SQLite only: the background half of <see cref="SqliteWalCheckpointer"/>. Whenever the SMS engine's connections have
/// committed another eighth of the bound (once at the bound: after every commit), one PASSIVE checkpoint on a connection
/// of its own copies the committed log into the database file without blocking a writer or a reader, syncs the database
/// file when it copied something, and reports how far it got, so that the committing connection finishes the checkpoint
/// (and its sync) only when the last few commits are left. Nothing with PostgreSQL or
/// with <see cref="StorageOptions.SqliteWalBoundPages"/> 0 (SQLite's auto-checkpoint then).
/// </summary>
public sealed partial class SqliteCheckpoints(IOptions<StorageOptions> options, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    private readonly StorageOptions _storage = options.Value;

    /// <summary>Attached to every connection of the SMS engine (StorageSetup); null when not in use.</summary>
    public SqliteWalCheckpointer? Checkpointer { get; } =
        options.Value.IsPostgreSql || options.Value.SqliteWalBoundPages == 0 ? null : new SqliteWalCheckpointer(options.Value.SqliteWalBoundPages);

    /// <summary>Background checkpoints run, and how many of them found the log already copied up to a reader or the end.</summary>
    public long BackgroundCheckpoints { get; private set; }

    /// <summary>Syncs of the database file after a background checkpoint that copied frames.</summary>
    public long BackgroundSyncs { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Checkpointer is null) return;
        await Task.Yield();
        var connectionString = _storage.ConnectionString ?? SqliteStorage.ConnectionStringForFile(_storage.SqlitePath);
        SqliteConnection? connection = null;
        int syncedGeneration = -1, syncedDone = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Checkpointer.WaitForWorkAsync(stoppingToken);
                try
                {
                    connection ??= SqliteStorage.Open(connectionString);
                    var generation = Checkpointer.Generation;
                    var (_, log, done) = SqliteWalCheckpointer.CheckpointPassiveOn(connection);
                    Checkpointer.BackgroundPassed(generation, log, done);
                    BackgroundCheckpoints++;
                    // What the pass copied goes to the disk now, from this thread: SQLite syncs the database file only
                    // when a checkpoint reaches the end of the log, which under load is the committing connection's
                    // pass, and that fsync then wrote out every page the background passes had copied since the last
                    // one (up to the bound's 64 MiB): commits of 10-26 ms, about one a second, in the writer.
                    if (done > 0 && (generation != syncedGeneration || done > syncedDone))
                    {
                        var rc = SqliteWalCheckpointer.SyncDatabaseFile(connection);
                        if (rc == 0) BackgroundSyncs++;
                        else Log.SyncFailed(logger, rc);
                        (syncedGeneration, syncedDone) = (generation, done);
                    }
                }
                catch (SqliteException ex)
                {
                    // The next commit's signal tries again; the committing connection's own pass still bounds the log.
                    Log.CheckpointFailed(logger, ex);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(9600, LogLevel.Warning, "A background WAL checkpoint failed")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);

        [LoggerMessage(9601, LogLevel.Warning, "The sync of the database file after a background WAL checkpoint failed (SQLite result {ResultCode}); the next checkpoint to reach the end of the log syncs it")]
        public static partial void SyncFailed(ILogger logger, int resultCode);
    }
}
