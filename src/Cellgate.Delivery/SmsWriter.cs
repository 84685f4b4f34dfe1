using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellgate.Delivery;

/// <summary>Opens connections to the database the SMS engine writes to (with the provider's durable settings).</summary>
public sealed class SmsDatabase(Func<DbConnection> open, SqlDialect dialect = SqlDialect.Sqlite)
{
    public SqlDialect Dialect => dialect;

    public DbConnection Open() => open();
}

/// <summary>
/// Group commit: every SMS write (submissions, claims, delivery results, handset inbox) goes through one queue;
/// a single loop runs all writes waiting at that moment in one transaction, so one fsync makes many requests
/// durable. A caller's task completes only after the commit. One failing write (a quota refused, say) fails alone and
/// the others commit: on SQLite each write runs inside a savepoint (an in-process call); on PostgreSQL the group runs
/// without savepoints (each would be a round trip and a subtransaction id) and, when a write fails, the transaction is
/// rolled back and the group runs again without it (docs/scaling.md, "Savepoints").
/// <para>
/// PostgreSQL, per-device order across nodes: a write names the devices it inserts MT SMS for
/// (<see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, T}, Func{IEnumerable{long}}?, CancellationToken)"/>) and
/// the group takes all their order locks first, sorted, in one statement (<see cref="SmsOrderLocks"/>): two nodes'
/// groups never wait on each other in a circle.
/// </para>
/// </summary>
public sealed partial class SmsWriter(SmsDatabase database, IOptions<DeliveryOptions> options, ILogger<SmsWriter> logger, DeliveryMetrics? metrics = null) : BackgroundService
{
    // PostgreSQL may run several groups at once (DeliveryOptions.PostgresWriterConnections), each loop its own connection.
    private readonly int _loops = database.Dialect == SqlDialect.PostgreSql ? options.Value.PostgresWriterConnections : 1;

    // Several loops: a loop takes writes from the queue and then its group's order locks while it holds the turn, so
    // groups lock a device in the order they took their writes (a device's MT batch taken later waits for the earlier one).
    private readonly SemaphoreSlim _turn = new(1, 1);

    private readonly Channel<IWrite> _queue = Channel.CreateBounded<IWrite>(new BoundedChannelOptions(100_000)
    {
        SingleReader = database.Dialect != SqlDialect.PostgreSql || options.Value.PostgresWriterConnections == 1,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Writes waiting for the next group (not counting the group being committed).</summary>
    public int Queued => _queue.Reader.Count + _heldBulk.Count;

    private long _taken;

    /// <summary>Writes taken into groups so far, of every kind (the dispatcher compares it with its own to see competing writes).</summary>
    public long WritesTaken => Interlocked.Read(ref _taken);

    /// <summary>Runs <paramref name="work"/> in the next group transaction and returns its result once committed.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken cancellationToken = default) =>
        WriteAsync(work, null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in the next group transaction and returns its result once committed.
    /// <paramref name="orderDevices"/> is called once, when the writer takes the write into a group (before its
    /// transaction begins, never again when the group runs again): the devices whose per-device order lock the write
    /// needs (it inserts MT SMS for them). On PostgreSQL the group takes them, with every other write's, in one sorted
    /// statement before any write runs; <see cref="SmsQueue.Insert"/> then takes none of its own for them.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, Func<IEnumerable<long>>? orderDevices, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new Write<T>(work, orderDevices), cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, T}, Func{IEnumerable{long}}?, CancellationToken)"/>
    /// for a write whose statements run asynchronously (<see cref="SqlAsync"/>): on PostgreSQL the writer awaits it and
    /// no thread waits for the database; on SQLite it completes synchronously. The token given to
    /// <paramref name="work"/> is <see cref="CancellationToken.None"/>: a group is not cancelled half-way.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, ValueTask<T>> work, Func<IEnumerable<long>>? orderDevices = null, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new AsyncWrite<T>(work, orderDevices), cancellationToken);

    /// <summary>
    /// As the asynchronous <c>WriteAsync</c> for a write whose loss in a power failure only means that work is done again:
    /// the dispatcher's claims and the records of its hand-overs to transports that answer over the network (not those in
    /// which an SMS now awaits its receipt). A group made of such writes only commits without waiting for the disk (SQLite:
    /// <c>synchronous=NORMAL</c> for that commit; PostgreSQL: <c>synchronous_commit</c> off for that transaction); a group
    /// with any other write (every submit) waits as always. A crash of the process loses nothing either way — the commit is
    /// in the operating system's hands — and the log is written in order, so a later group that waits for the disk,
    /// SQLite's checkpoint or PostgreSQL's WAL writer (within a second) makes it durable too; a power failure can lose only
    /// the last such groups, never one before a durable commit. What is lost then is redone: an SMS whose claim was lost is
    /// still pending; one whose record was lost is leased again until its lease runs out and is handed over again — as
    /// after a crash between a hand-over and its record (docs/sms.md, "Durability of the dispatcher's writes").
    /// </summary>
    public Task<T> WriteLazyAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, ValueTask<T>> work, Func<IEnumerable<long>>? orderDevices = null,
        CancellationToken cancellationToken = default) =>
        EnqueueAsync(new AsyncWrite<T>(work, orderDevices) { Lazy = true }, cancellationToken);

    /// <summary>
    /// <see cref="WriteLazyAsync{T}(Func{DbConnection, DbTransaction, CancellationToken, ValueTask{T}}, Func{IEnumerable{long}}?, CancellationToken)"/>
    /// for a write whose statements run synchronously: the webhook dispatcher's rounds (claims with a lease, expiry,
    /// leases recovered — redone by the next round when lost, as the SMS dispatcher's claims).
    /// </summary>
    public Task<T> WriteLazyAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new Write<T>(work, null) { Lazy = true }, cancellationToken);

    /// <summary>Whether a group of <paramref name="batch"/> may commit without waiting for the disk: every write still to run is lazy.</summary>
    private static bool IsLazy(List<IWrite> batch)
    {
        var any = false;
        foreach (var write in batch)
        {
            if (write.Done) continue;
            if (!write.Lazy) return false;
            any = true;
        }
        return any;
    }

    // SQLite (one loop, one connection): the connection whose synchronous setting is NORMAL now, if any.
    private DbConnection? _relaxed;

    /// <summary>SQLite: sets the writer connection's <c>synchronous</c> for the next commit (FULL unless <paramref name="lazy"/>).</summary>
    private void Synchronous(DbConnection connection, bool lazy)
    {
        if (lazy == ReferenceEquals(_relaxed, connection)) return;
        SqlCommands.Get(connection, null, lazy ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL").ExecuteNonQuery();
        _relaxed = lazy ? connection : null;
    }

    /// <summary>
    /// As <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, T}, CancellationToken)"/> for a long write that may
    /// wait (the usage feed's chunks): it runs in a group with no other write waiting at that moment, or, when other
    /// writes keep coming, in every <see cref="MaxBulkSkips"/>+1-th group. An SMS queued while a bulk write runs
    /// therefore waits for that group and then for a short group of its own, not also for the next bulk write.
    /// </summary>
    public Task<T> WriteBulkAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new Write<T>(work, null) { Bulk = true }, cancellationToken);

    /// <summary>Groups in a row that may pass over a waiting bulk write because other writes were waiting.</summary>
    public const int MaxBulkSkips = 4;

    // Bulk writes taken from the queue and not yet run, oldest first; and the groups that passed over them. Touched only
    // while forming a group (one loop at a time: the turn).
    private readonly Queue<IWrite> _heldBulk = new();
    private int _bulkSkips;

    /// <summary>Takes the writes waiting into <paramref name="batch"/>: the others first, at most one bulk write (see <see cref="WriteBulkAsync"/>).</summary>
    private void Form(List<IWrite> batch, int max)
    {
        batch.Clear();
        while (batch.Count < max && _queue.Reader.TryRead(out var write))
        {
            if (write.Bulk) _heldBulk.Enqueue(write);
            else batch.Add(write);
        }
        if (_heldBulk.Count == 0) return;
        if (batch.Count > 0 && _bulkSkips < MaxBulkSkips)
        {
            _bulkSkips++;
            return;
        }
        batch.Add(_heldBulk.Dequeue());
        _bulkSkips = 0;
    }

    private async Task<T> EnqueueAsync<T>(WriteBase<T> write, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(write))
            await _queue.Writer.WriteAsync(write, cancellationToken);
        return await write.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _loops == 1 ? LoopAsync(stoppingToken) : Task.WhenAll(Enumerable.Range(0, _loops).Select(_ => LoopAsync(stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var max = options.Value.MaxWriteBatch;
        var batch = new List<IWrite>(Math.Min(max, 4096));
        DbConnection? connection = null;
        try
        {
            while (true)
            {
                var turn = await Turn.WaitAsync(_loops > 1 ? _turn : null, stoppingToken);
                try
                {
                    if (_heldBulk.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken)) break;
                    Form(batch, max);
                    Interlocked.Add(ref _taken, batch.Count);
                    try
                    {
                        Take(batch);
                        connection ??= database.Open();
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        await CommitAsync(connection, batch, turn);
                        metrics?.GroupCommitted(batch.Count, started);
                    }
                    catch (Exception ex)
                    {
                        Log.GroupFailed(logger, ex, batch.Count);
                        foreach (var w in batch) w.Fail(ex);
                        Close(connection);
                        connection = null;
                    }
                }
                finally
                {
                    turn?.Pass();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: writes already queued are committed (the web server and the dispatcher stopped before the writer).
            _queue.Writer.TryComplete();
            batch.Clear();
            while (_heldBulk.TryDequeue(out var held)) batch.Add(held);
            while (_queue.Reader.TryRead(out var left)) batch.Add(left);
            try
            {
                Take(batch);
                if (batch.Count > 0) await CommitAsync(connection ??= database.Open(), batch);
            }
            catch (Exception ex)
            {
                Log.GroupFailed(logger, ex, batch.Count);
                foreach (var w in batch) w.Fail(new OperationCanceledException("The server is stopping.", ex));
            }
            Close(connection);
        }
    }

    private static void Close(DbConnection? connection)
    {
        if (connection is null) return;
        SqlCommands.Forget(connection);
        connection.Dispose();
    }

    /// <summary>Asks each write of a new group for its devices (once; a write whose callback throws fails alone).</summary>
    private static void Take(List<IWrite> batch)
    {
        foreach (var write in batch)
        {
            try
            {
                write.Take();
            }
            catch (Exception ex)
            {
                write.Fail(ex);
            }
        }
    }

    private async Task CommitAsync(DbConnection connection, List<IWrite> batch, Turn? turn = null)
    {
        // PostgreSQL: a deadlock between two nodes' groups (a device's order lock against a row lock, say) aborts one of
        // them; the loser's group is rolled back whole and run again, so no caller sees it. A write that failed is
        // answered with its error and the group runs again without it (CommitOnce returns false).
        for (var attempt = 1; ; )
        {
            try
            {
                if (await CommitOnceAsync(connection, batch, turn)) return;
            }
            catch (DbException ex) when (attempt < MaxGroupAttempts && IsTransient(ex))
            {
                Log.GroupRetried(logger, ex.SqlState, attempt);
                attempt++;
            }
        }
    }

    private const int MaxGroupAttempts = 5;

    /// <summary>PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race, not a bug.</summary>
    private static bool IsTransient(DbException ex) => ex.SqlState is "40P01" or "40001";

    /// <summary>Runs the group once; false when a write failed on PostgreSQL and the group must run again without it.</summary>
    private async ValueTask<bool> CommitOnceAsync(DbConnection connection, List<IWrite> batch, Turn? turn)
    {
        if (connection.IsPostgreSql())
        {
            await using var pgTransaction = await connection.BeginTransactionAsync();
            SmsOrderLocks.Begin(pgTransaction); // Npgsql reuses the transaction object: nothing is held yet
            if (IsLazy(batch)) await SqlCommands.Get(connection, pgTransaction, "SET LOCAL synchronous_commit = off").RunAsync(CancellationToken.None);
            return await RunWithoutSavepointsAsync(connection, pgTransaction, batch, turn);
        }
        Synchronous(connection, IsLazy(batch));
        using var transaction = connection.BeginTransaction();
        // SQLite: the savepoint statements are prepared once per connection (DbTransaction.Save prepares one each time).
        var save = SqlCommands.Get(connection, transaction, "SAVEPOINT w");
        var release = SqlCommands.Get(connection, transaction, "RELEASE w");
        var failed = 0;
        foreach (var write in batch)
        {
            if (write.Done) { failed++; continue; } // failed in an earlier attempt of this group: stays failed
            save.ExecuteNonQuery();
            try
            {
                // A write of the async overload completes synchronously here (SqlAsync runs SQLite's calls synchronously).
                await write.RunAsync(connection, transaction);
                release.ExecuteNonQuery();
            }
            catch (Exception ex)
            {
                SqlCommands.Get(connection, transaction, "ROLLBACK TO w").ExecuteNonQuery();
                release.ExecuteNonQuery();
                write.Fail(ex);
                failed++;
            }
        }
        // A group of failures only is rolled back.
        if (failed < batch.Count)
        {
            var syncStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            transaction.Commit();
            metrics?.Synced(syncStarted);
        }
        foreach (var write in batch) write.Complete();
        return true;
    }

    /// <summary>
    /// PostgreSQL: the group's device order locks in one sorted statement, then every write without a savepoint. A write
    /// that fails rolls the whole transaction back and is answered with its error; the caller runs the group again
    /// without it. Failures are rare (a refused quota is handled inside its write), so the group costs one transaction
    /// id and no round trip per write.
    /// </summary>
    private async ValueTask<bool> RunWithoutSavepointsAsync(DbConnection connection, DbTransaction transaction, List<IWrite> batch, Turn? turn)
    {
        var devices = new List<long>();
        var running = 0;
        foreach (var write in batch)
        {
            if (write.Done) continue;
            running++;
            if (write.Devices is { } d) devices.AddRange(d);
        }
        if (running == 0) return true;
        await SmsOrderLocks.TakeAsync(connection, transaction, devices);
        turn?.Pass(); // the next loop may take its writes and locks now
        foreach (var write in batch)
        {
            if (write.Done) continue;
            try
            {
                await write.RunAsync(connection, transaction);
            }
            catch (DbException ex) when (IsTransient(ex))
            {
                throw; // the whole group again (Commit)
            }
            catch (Exception ex)
            {
                await transaction.RollbackAsync();
                write.Fail(ex);
                Log.WriteFailed(logger, ex.GetType().Name);
                return false;
            }
        }
        var syncStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        await transaction.CommitAsync();
        metrics?.Synced(syncStarted);
        foreach (var write in batch) write.Complete();
        return true;
    }

    /// <summary>A loop's turn to take writes and their order locks (several loops); passed on once.</summary>
    private sealed class Turn(SemaphoreSlim gate)
    {
        private int _passed;

        public static async ValueTask<Turn?> WaitAsync(SemaphoreSlim? gate, CancellationToken cancellationToken)
        {
            if (gate is null) return null;
            await gate.WaitAsync(cancellationToken);
            return new Turn(gate);
        }

        public void Pass()
        {
            if (Interlocked.Exchange(ref _passed, 1) == 0) gate.Release();
        }
    }

    private interface IWrite
    {
        bool Bulk { get; }
        bool Lazy { get; }
        bool Done { get; }
        IReadOnlyCollection<long>? Devices { get; }
        void Take();
        ValueTask RunAsync(DbConnection connection, DbTransaction transaction);
        void Complete();
        void Fail(Exception exception);
    }

    private abstract class WriteBase<T>(Func<IEnumerable<long>>? orderDevices) : IWrite
    {
        private T? _result;
        private bool _ran;

        public IReadOnlyCollection<long>? Devices { get; private set; }

        public bool Bulk { get; init; }

        public bool Lazy { get; init; }

        public void Take()
        {
            if (orderDevices is not null) Devices = [.. orderDevices()];
        }

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Done => Completion.Task.IsCompleted;

        public ValueTask RunAsync(DbConnection connection, DbTransaction transaction)
        {
            _ran = false;
            var running = Work(connection, transaction);
            if (running.IsCompletedSuccessfully)
            {
                Ran(running.Result);
                return default;
            }
            return Awaited(running);
        }

        private async ValueTask Awaited(ValueTask<T> running) => Ran(await running);

        private void Ran(T result)
        {
            _result = result;
            _ran = true;
        }

        protected abstract ValueTask<T> Work(DbConnection connection, DbTransaction transaction);

        public void Complete()
        {
            if (_ran) Completion.TrySetResult(_result!);
        }

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed class Write<T>(Func<DbConnection, DbTransaction, T> work, Func<IEnumerable<long>>? orderDevices) : WriteBase<T>(orderDevices)
    {
        protected override ValueTask<T> Work(DbConnection connection, DbTransaction transaction) => new(work(connection, transaction));
    }

    private sealed class AsyncWrite<T>(Func<DbConnection, DbTransaction, CancellationToken, ValueTask<T>> work, Func<IEnumerable<long>>? orderDevices)
        : WriteBase<T>(orderDevices)
    {
        protected override ValueTask<T> Work(DbConnection connection, DbTransaction transaction) => work(connection, transaction, CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Error, "A group of {Count} SMS writes failed and was rolled back")]
        public static partial void GroupFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(3001, LogLevel.Warning, "A group of SMS writes lost a race with another node (SQLSTATE {SqlState}) and runs again (attempt {Attempt})")]
        public static partial void GroupRetried(ILogger logger, string? sqlState, int attempt);

        [LoggerMessage(3002, LogLevel.Debug, "A write of the group failed ({Error}); the group runs again without it")]
        public static partial void WriteFailed(ILogger logger, string error);
    }
}
