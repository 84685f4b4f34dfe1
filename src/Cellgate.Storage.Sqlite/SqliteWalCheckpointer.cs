using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Cellgate.Storage.Sqlite;

/// <summary>
/// WAL checkpoints off the SMS writer, with a bound on the WAL that never makes a submit wait for readers or for the
/// copy of the whole log.
/// <para>
/// SQLite's own auto-checkpoint runs on the committing connection after every commit once the WAL holds 1,000 pages,
/// and under a steady load (the log cannot be restarted while the writer keeps appending) that is after every commit:
/// the group-commit writer, and every request waiting for it, paid for copying the log. Instead, the connections this
/// class is attached to (the SMS engine's) get a WAL hook in place of the auto-checkpoint:
/// </para>
/// <list type="bullet">
/// <item>every <see cref="BackgroundStepFrames"/> new frames it wakes a background loop (<see cref="WaitForWorkAsync"/>)
/// that runs a PASSIVE checkpoint on a connection of its own: it copies what is committed without taking any lock a
/// writer or a reader waits for, and then syncs the database file (<see cref="SyncDatabaseFile"/>: SQLite itself syncs it
/// only when a checkpoint reaches the end of the log, so without this the committing connection's pass below wrote out
/// every page the background passes had copied);</item>
/// <item>once the log holds <see cref="BoundFrames"/> frames, the background loop runs after every commit, and the
/// committing connection itself, right after its commit (the write lock released, before its next transaction), runs one
/// PASSIVE checkpoint as soon as the background loop's last pass left at most <see cref="FinishFrames"/> frames
/// uncopied: it copies those and syncs the database file, a stall of the order of one fsync. When it reaches the end of
/// the log, the next write transaction starts the log again from its beginning (SQLite restarts the WAL when a writer
/// begins with everything checkpointed and no reader on the old log). At twice the bound it finishes whatever is left.
/// PASSIVE never waits: if the background loop is checkpointing at that moment the pass is refused at once and the next
/// commit tries again; if a reader still uses older frames it copies what it can.</item>
/// </list>
/// The WAL therefore stays between one and two times <see cref="BoundFrames"/> pages (a read transaction that lasts
/// through a whole cycle can hold it longer: SQLite cannot restart a log that a reader still uses); PRAGMA journal_size_limit trims
/// the file after a restart if a burst grew it beyond twice the bound.
/// </summary>
public sealed partial class SqliteWalCheckpointer
{
    private const int CheckpointPassive = 0;
    private const int SqliteOk = 0;
    private const int SqliteBusy = 5;
    private readonly SemaphoreSlim _work = new(0, 1);
    private readonly IntPtr _self;
    private int _signalledAt;
    private int _inlineTriedAt; // 0: not since the log's last restart
    private int _lastFrames;
    private int _generation;
    private readonly Lock _passLock = new();
    private string? _journalLimit;
    private (int Generation, int Log, int Done) _lastPass = (-1, 0, 0);
    private long _inlineCheckpoints;
    private long _inlineCompleted;
    private long _largestFrames;

    /// <param name="boundFrames">The WAL size, in pages, at which the committing connection finishes the checkpoint.</param>
    public SqliteWalCheckpointer(int boundFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(boundFrames, 16);
        BoundFrames = boundFrames;
        BackgroundStepFrames = Math.Max(8, boundFrames / 8);
        FinishFrames = Math.Clamp(boundFrames / 16, 16, 1024);
        // The hook's argument. Never freed: a pooled native connection may outlive this object and call the hook later.
        _self = GCHandle.ToIntPtr(GCHandle.Alloc(this));
    }

    public int BoundFrames { get; }

    /// <summary>New frames after which the background loop checkpoints (an eighth of the bound; after every commit once at the bound).</summary>
    public int BackgroundStepFrames { get; }

    /// <summary>At most this many frames not yet copied when the committing connection finishes the checkpoint (a sixteenth of the bound, 16 to 1,024).</summary>
    public int FinishFrames { get; }

    /// <summary>Checkpoints run by a committing connection because the log reached the bound, and how many of them reached the end of the log.</summary>
    public (long Attempts, long Completed) InlineCheckpoints => (Interlocked.Read(ref _inlineCheckpoints), Interlocked.Read(ref _inlineCompleted));

    /// <summary>The largest WAL size, in frames, seen at a commit.</summary>
    public long LargestFrames => Interlocked.Read(ref _largestFrames);

    /// <summary>
    /// Replaces the connection's auto-checkpoint by this checkpointer's hook (idempotent; the hook stays on the pooled
    /// native connection) and limits the WAL file kept after a restart.
    /// </summary>
    public unsafe void Attach(SqliteConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            // The page size is the database's: read once (connections of the SMS engine are opened often, from the pool).
            command.CommandText = _journalLimit ??= $"PRAGMA journal_size_limit={(long)BoundFrames * 2 * PageSize(connection)}";
            command.ExecuteNonQuery();
        }
        NativeMethods.WalHook(connection.Handle!.DangerousGetHandle(), &OnCommit, _self);
    }

    /// <summary>Waits until enough frames were committed since the last background checkpoint.</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken) => _work.WaitAsync(cancellationToken);

    /// <summary>A PASSIVE checkpoint on <paramref name="connection"/> (the background loop's own): the log's size and what of it is checkpointed, in frames.</summary>
    public static (bool Busy, int LogFrames, int CheckpointedFrames) CheckpointPassiveOn(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
    }

    /// <summary>
    /// Syncs the database file of <paramref name="connection"/> (fsync through SQLite's own handle: the file's I/O
    /// methods, from <c>SQLITE_FCNTL_FILE_POINTER</c>). Returns SQLite's result code.
    /// </summary>
    public static unsafe int SyncDatabaseFile(SqliteConnection connection)
    {
        IntPtr file = 0;
        var rc = NativeMethods.FileControl(connection.Handle!.DangerousGetHandle(), Main, FcntlFilePointer, &file);
        if (rc != SqliteOk || file == 0) return rc;
        var methods = *(IoMethods**)file;
        if (methods is null) return SqliteOk; // not opened yet: nothing written through it
        return methods->Sync(file, SyncNormal);
    }

    private const int FcntlFilePointer = 7; // SQLITE_FCNTL_FILE_POINTER
    private const int SyncNormal = 2; // SQLITE_SYNC_NORMAL
    private static readonly IntPtr Main = Marshal.StringToHGlobalAnsi("main"); // never freed: one per process

    /// <summary>The head of <c>sqlite3_io_methods</c> (sqlite3.h) up to <c>xSync</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoMethods
    {
        public int Version;
        public IntPtr Close, Read, Write, Truncate;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int> Sync;
    }

    private static long PageSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnCommit(IntPtr self, IntPtr db, IntPtr databaseName, int frames)
    {
        try
        {
            if (GCHandle.FromIntPtr(self).Target is SqliteWalCheckpointer checkpointer) checkpointer.Committed(db, databaseName, frames);
        }
        catch
        {
            // Never let an exception cross into SQLite; the next commit tries again.
        }
        return SqliteOk;
    }

    /// <summary>The background loop reports a pass: what of the log (of the generation read before it) was copied.</summary>
    public void BackgroundPassed(int generation, int logFrames, int checkpointedFrames)
    {
        lock (_passLock) _lastPass = (generation, logFrames, checkpointedFrames);
    }

    /// <summary>Changes whenever a commit finds the log restarted (read by the background loop before each pass).</summary>
    public int Generation => Volatile.Read(ref _generation);

    private void Committed(IntPtr db, IntPtr databaseName, int frames)
    {
        if (frames > Interlocked.Read(ref _largestFrames)) Interlocked.Exchange(ref _largestFrames, frames);
        if (frames < _lastFrames)
        {
            // The log was restarted: count from its beginning again; passes over the old log say nothing about this one.
            Interlocked.Increment(ref _generation);
            _signalledAt = 0;
            _inlineTriedAt = 0;
        }
        _lastFrames = frames;
        var over = frames >= BoundFrames;
        // Below the bound the background loop copies every step; at the bound after every commit, so that it stays a
        // pass behind the writer and the committing connection's own pass has only the last commits left.
        if (over || frames - _signalledAt >= BackgroundStepFrames)
        {
            _signalledAt = frames;
            if (_work.CurrentCount == 0)
            {
                try { _work.Release(); }
                catch (SemaphoreFullException) { } // released by another connection's commit at the same moment
            }
        }
        if (!over) return;
        (int Generation, int Log, int Done) pass;
        lock (_passLock) pass = _lastPass;
        var left = pass.Generation == Generation && pass.Log <= frames ? frames - pass.Done : frames;
        // Finish only when little is left (a short stall), unless the log reached twice the bound: then whatever is left.
        if (left > FinishFrames && frames < 2 * BoundFrames) return;
        // A pass that could not reach the end (a reader on older frames) is tried again a little later.
        if (_inlineTriedAt != 0 && frames - _inlineTriedAt < FinishFrames) return;
        Interlocked.Increment(ref _inlineCheckpoints);
        var rc = NativeMethods.WalCheckpoint(db, databaseName, CheckpointPassive, out var log, out var done);
        if (rc == SqliteBusy) return; // the background loop holds the checkpoint lock: nothing was copied; the next commit tries
        _inlineTriedAt = frames;
        if (rc == SqliteOk && log >= 0 && done == log) Interlocked.Increment(ref _inlineCompleted);
    }

    private static unsafe partial class NativeMethods
    {
        // The same native library Microsoft.Data.Sqlite uses (SQLitePCLRaw.bundle_e_sqlite3), which does not wrap sqlite3_wal_hook.
        private const string Library = "e_sqlite3";

        [LibraryImport(Library, EntryPoint = "sqlite3_wal_hook")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr WalHook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int> callback, IntPtr argument);

        [LibraryImport(Library, EntryPoint = "sqlite3_file_control")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int FileControl(IntPtr db, IntPtr databaseName, int op, void* argument);

        [LibraryImport(Library, EntryPoint = "sqlite3_wal_checkpoint_v2")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int WalCheckpoint(IntPtr db, IntPtr databaseName, int mode, out int logFrames, out int checkpointedFrames);
    }
}
