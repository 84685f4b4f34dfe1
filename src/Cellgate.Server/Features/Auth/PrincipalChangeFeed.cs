using System.Collections.Concurrent;
using System.Globalization;
using Cellgate.Delivery;
using Npgsql;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// Carries "this user (<c>u</c>), application token (<c>a</c>) or organisation (<c>o</c>) changed" from the node that
/// made the change to every node's <see cref="PrincipalStates"/> cache, and "this organisation's data streams changed"
/// (<c>d</c>) to every node's <see cref="DataStreams.DataStreamDirectory"/>, and "an endpoint's route data changed" (<c>r</c>)
/// to every node's <see cref="Sms.SmsRouteVersion"/>. This base is the one-node case (SQLite: one process per database), where the
/// node that changes a principal forgets its own cache entry and there is no one else to tell.
/// <see cref="PostgresPrincipalChangeFeed"/> tells the other nodes through PostgreSQL's <c>LISTEN/NOTIFY</c>.
/// </summary>
public class PrincipalChangeFeed
{
    /// <summary>Raised when another node (or this one) reports that a principal changed: forget it.</summary>
    public event Action<char, long>? Changed;

    /// <summary>Raised when changes may have been missed (the feed reconnected): forget everything.</summary>
    public event Action? Missed;

    /// <summary><c>local</c> (one node) or <c>listen_notify</c>.</summary>
    public virtual string Mode => "local";

    /// <summary>Whether changes made by other nodes reach this one now (always, with one node).</summary>
    public virtual bool Listening => true;

    /// <summary>Tells every node that the principal changed (its row is committed already).</summary>
    public virtual ValueTask PublishAsync(char kind, long id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Receives other nodes' changes until <paramref name="stoppingToken"/> ends (nothing to do for one node).</summary>
    public virtual Task ListenAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    protected void OnChanged(char kind, long id) => Changed?.Invoke(kind, id);

    protected void OnMissed() => Missed?.Invoke();
}

/// <summary>Runs the feed's listener for the host's lifetime.</summary>
public sealed class PrincipalChangeListener(PrincipalChangeFeed feed) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => feed.ListenAsync(stoppingToken);
}

/// <summary>
/// PostgreSQL: a change is published with <c>pg_notify('cellgate_principals', 'u42 …')</c> after its transaction
/// committed, and every node <c>LISTEN</c>s on a dedicated connection and forgets the entry at once, so a revoked token
/// or a suspended user is refused on the next request on any node. <see cref="PrincipalStates"/>' time-bounded cache
/// stays the fallback: when the listening connection breaks, the node reconnects with back-off (1, 2, 4 … 30 s) and on
/// reconnecting forgets its whole cache, since notifications sent meanwhile were lost.
/// <para>
/// "At once" is made exact by acknowledgements: every listener answers a change with <c>ack &lt;origin&gt;</c> on the
/// same channel after it has forgotten the entry, and the publishing node answers its client only when every node that
/// was listening when it published (counted by the listeners' <c>application_name</c> in <c>pg_stat_activity</c>) has
/// acknowledged, or after <see cref="AckTimeout"/> (a node that listens but does not answer delays a revocation by that
/// much, never longer). So once a revocation's answer is sent, no node serves the revoked principal from its cache.
/// </para>
/// </summary>
public sealed partial class PostgresPrincipalChangeFeed(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresPrincipalChangeFeed> logger)
    : PrincipalChangeFeed
{
    public const string Channel = "cellgate_principals";

    /// <summary>The listening session's <c>application_name</c> (one per node in <c>pg_stat_activity</c>).</summary>
    public const string ApplicationName = "cellgate-principals";

    /// <summary>How long a publisher waits for the listening nodes' acknowledgements before answering anyway.</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the listening connection may be silent before it is checked with a query.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private const string PublishSql = """
        SELECT pg_notify(@channel, @payload),
               (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @listener)
        """;

    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly ConcurrentQueue<string> _acks = new();
    private long _sequence;
    private volatile bool _listening;

    public override string Mode => "listen_notify";

    public override bool Listening => _listening;

    /// <summary>A published change waiting for the listeners' acknowledgements.</summary>
    private sealed class Pending
    {
        private int _acks;
        private long _expected = long.MaxValue;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Ack() => Check(Interlocked.Increment(ref _acks), Interlocked.Read(ref _expected));

        public void Expect(long listeners)
        {
            Interlocked.Exchange(ref _expected, listeners);
            Check(Volatile.Read(ref _acks), listeners);
        }

        private void Check(long acks, long expected)
        {
            if (acks >= expected) Done.TrySetResult();
        }
    }

    public override async ValueTask PublishAsync(char kind, long id, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var origin = string.Create(CultureInfo.InvariantCulture, $"{_node}:{sequence}");
        var pending = _pending[sequence] = new Pending();
        try
        {
            await using (var command = dataSource.CreateCommand(PublishSql))
            {
                command.Parameters.AddWithValue("channel", Channel);
                command.Parameters.AddWithValue("payload", string.Create(CultureInfo.InvariantCulture, $"{kind}{id} {origin}"));
                command.Parameters.AddWithValue("listener", ApplicationName);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                pending.Expect(reader.GetInt64(1));
            }
            // The bound is real time (as a driver timeout): the fake clocks of tests must not hold a request forever.
            await pending.Done.Task.WaitAsync(AckTimeout, TimeProvider.System, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The change is committed; a node that did not hear it sees it when its cache entry ends (RevocationCacheSeconds).
            Log.PublishIncomplete(logger, ex, kind, id);
        }
        finally
        {
            _pending.TryRemove(sequence, out _);
        }
    }

    public override async Task ListenAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                try
                {
                    connection.Notification += (_, e) => Receive(e.Payload);
                    await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
                        await listen.ExecuteNonQueryAsync(stoppingToken);
                    _acks.Clear();
                    _listening = true;
                    OnMissed(); // whatever changed before this LISTEN was not heard: read every principal again
                    if (failures > 0) Log.Reconnected(logger, failures);
                    failures = 0;
                    while (true)
                    {
                        if (!await connection.WaitAsync(KeepAlive, stoppingToken))
                        {
                            await using var ping = new NpgsqlCommand("SELECT 1", connection);
                            await ping.ExecuteScalarAsync(stoppingToken);
                        }
                        await SendAcksAsync(connection, stoppingToken);
                    }
                }
                finally
                {
                    await StopListeningAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _listening = false;
                var backoff = BackgroundLoop.Backoff(++failures);
                Log.ListenFailed(logger, ex, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        _listening = false;
    }

    /// <summary>
    /// Before the listening session goes back to the pool (the loop ends, or fails on a statement without breaking the
    /// connection): unnamed and no longer listening. Npgsql resets a pooled session only when it is next used, so until
    /// then it would stay in <c>pg_stat_activity</c> as a listener, and every node's <see cref="PublishAsync"/> would
    /// count it and wait <see cref="AckTimeout"/> for an acknowledgement that never comes. A broken connection is not
    /// pooled: nothing to do.
    /// </summary>
    private static async Task StopListeningAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await using var reset = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection);
            await reset.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            // The connection broke meanwhile: it is not pooled again.
        }
    }

    /// <summary>Acknowledges the changes heard (each already forgotten), in one statement.</summary>
    private async Task SendAcksAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_acks.IsEmpty) return;
        await using var batch = new NpgsqlBatch(connection);
        while (_acks.TryDequeue(out var origin))
        {
            var ack = new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload)");
            ack.Parameters.AddWithValue("channel", Channel);
            ack.Parameters.AddWithValue("payload", "ack " + origin);
            batch.BatchCommands.Add(ack);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Applies one notification: <c>&lt;kind&gt;&lt;id&gt;[ &lt;node&gt;:&lt;sequence&gt;]</c> (a change; acknowledged when it
    /// names its origin) or <c>ack &lt;node&gt;:&lt;sequence&gt;</c> (counted when this node is the origin).
    /// </summary>
    private void Receive(string payload)
    {
        if (payload.StartsWith("ack ", StringComparison.Ordinal))
        {
            var acked = payload.AsSpan(4);
            if (acked.StartsWith(_node, StringComparison.Ordinal) && acked.Length > _node.Length + 1 && acked[_node.Length] == ':'
                && long.TryParse(acked[(_node.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                && _pending.TryGetValue(sequence, out var pending))
                pending.Ack();
            return;
        }
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        var key = space < 0 ? payload : payload[..space];
        if (key.Length < 2 || key[0] is not ('u' or 'a' or 'o' or DataStreams.DataStreamDirectory.FeedKind or Sms.SmsRouteVersion.FeedKind)
            || !long.TryParse(key.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            Log.UnknownPayload(logger);
            return;
        }
        OnChanged(key[0], id);
        if (space > 0) _acks.Enqueue(payload[(space + 1)..]);
    }

    private static partial class Log
    {
        [LoggerMessage(2050, LogLevel.Warning, "The principal change feed lost its PostgreSQL connection; other nodes' revocations reach this node within RevocationCacheSeconds until it reconnects in {BackoffSeconds} s")]
        public static partial void ListenFailed(ILogger logger, Exception exception, double backoffSeconds);

        [LoggerMessage(2051, LogLevel.Information, "The principal change feed listens again after {Failures} failed attempt(s); the principal cache was cleared")]
        public static partial void Reconnected(ILogger logger, int failures);

        [LoggerMessage(2052, LogLevel.Warning, "Not every node acknowledged that principal {Kind}{Id} changed; a node that did not hear it sees it within RevocationCacheSeconds")]
        public static partial void PublishIncomplete(ILogger logger, Exception exception, char kind, long id);

        [LoggerMessage(2053, LogLevel.Warning, "Ignored a notification on " + Channel + " that is not a principal change")]
        public static partial void UnknownPayload(ILogger logger);
    }
}
