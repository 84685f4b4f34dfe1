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
/// durable. A caller's task completes only after the commit. Each write runs inside a savepoint, so one failing
/// write (a quota refused, say) rolls back alone and the others commit.
/// </summary>
public sealed partial class SmsWriter(SmsDatabase database, IOptions<DeliveryOptions> options, ILogger<SmsWriter> logger, DeliveryMetrics? metrics = null) : BackgroundService
{
    private readonly Channel<IWrite> _queue = Channel.CreateBounded<IWrite>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Writes waiting for the next group (not counting the group being committed).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Runs <paramref name="work"/> in the next group transaction and returns its result once committed.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken cancellationToken = default)
    {
        var write = new Write<T>(work);
        if (!_queue.Writer.TryWrite(write))
            await _queue.Writer.WriteAsync(write, cancellationToken);
        return await write.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = options.Value.MaxWriteBatch;
        var batch = new List<IWrite>(Math.Min(max, 4096));
        DbConnection? connection = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < max && _queue.Reader.TryRead(out var write)) batch.Add(write);
                try
                {
                    connection ??= database.Open();
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    Commit(connection, batch);
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
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: writes already queued are committed (the web server and the dispatcher stopped before the writer).
            _queue.Writer.TryComplete();
            batch.Clear();
            while (_queue.Reader.TryRead(out var left)) batch.Add(left);
            try
            {
                if (batch.Count > 0) Commit(connection ??= database.Open(), batch);
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

    private void Commit(DbConnection connection, List<IWrite> batch)
    {
        // PostgreSQL: a deadlock between two nodes' groups (each holds a device's order lock the other wants) aborts
        // one of them; the loser's group is rolled back whole and run again, so no caller sees it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                CommitOnce(connection, batch);
                return;
            }
            catch (DbException ex) when (attempt < MaxGroupAttempts && IsTransient(ex))
            {
                Log.GroupRetried(logger, ex.SqlState, attempt);
            }
        }
    }

    private const int MaxGroupAttempts = 5;

    /// <summary>PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race, not a bug.</summary>
    private static bool IsTransient(DbException ex) => ex.SqlState is "40P01" or "40001";

    private static void CommitOnce(DbConnection connection, List<IWrite> batch)
    {
        using var transaction = connection.BeginTransaction();
        // The savepoint statements are prepared once per connection (DbTransaction.Save prepares one each time).
        // On PostgreSQL every statement is a round trip: one write's RELEASE and the next one's SAVEPOINT go as one.
        var postgres = connection.IsPostgreSql();
        var save = SqlCommands.Get(connection, transaction, "SAVEPOINT w");
        var release = SqlCommands.Get(connection, transaction, "RELEASE w");
        var next = postgres ? SqlCommands.Get(connection, transaction, "RELEASE w; SAVEPOINT w") : null;
        var failed = 0;
        var open = false; // a savepoint w is open (PostgreSQL: released together with the next one's start)
        foreach (var write in batch)
        {
            if (write.Done) { failed++; continue; } // failed in an earlier attempt of this group: stays failed
            if (open) next!.ExecuteNonQuery();
            else save.ExecuteNonQuery();
            open = false;
            try
            {
                write.Run(connection, transaction);
                if (postgres) open = true;
                else release.ExecuteNonQuery();
            }
            catch (DbException ex) when (IsTransient(ex))
            {
                throw; // the whole group again (Commit)
            }
            catch (Exception ex)
            {
                SqlCommands.Get(connection, transaction, "ROLLBACK TO w").ExecuteNonQuery();
                release.ExecuteNonQuery();
                write.Fail(ex);
                failed++;
            }
        }
        // PostgreSQL releases an open savepoint at commit; a group of failures only is rolled back.
        if (failed < batch.Count) transaction.Commit();
        foreach (var write in batch) write.Complete();
    }

    private interface IWrite
    {
        bool Done { get; }
        void Run(DbConnection connection, DbTransaction transaction);
        void Complete();
        void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<DbConnection, DbTransaction, T> work) : IWrite
    {
        private T? _result;
        private bool _ran;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Done => Completion.Task.IsCompleted;

        public void Run(DbConnection connection, DbTransaction transaction)
        {
            _ran = false;
            _result = work(connection, transaction);
            _ran = true;
        }

        public void Complete()
        {
            if (_ran) Completion.TrySetResult(_result!);
        }

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Error, "A group of {Count} SMS writes failed and was rolled back")]
        public static partial void GroupFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(3001, LogLevel.Warning, "A group of SMS writes lost a race with another node (SQLSTATE {SqlState}) and runs again (attempt {Attempt})")]
        public static partial void GroupRetried(ILogger logger, string? sqlState, int attempt);
    }
}
