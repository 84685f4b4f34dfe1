using System.Collections.Concurrent;
using System.Globalization;
using Cellgate.Delivery;
using Npgsql;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// Carries "this user, application token or organisation changed" from the node that made the change to every node's
/// <see cref="PrincipalStates"/> cache. This base is the one-node case (SQLite: one process per database), where the
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
/// The node that publishes waits (at most <see cref="EchoTimeout"/>) until its own listener has heard the notification:
/// PostgreSQL signals every listening session at the same commit, so when the change's answer leaves this node the other
/// nodes' listeners have been sent it too (they apply it within their next scheduling slice).
/// </para>
/// </summary>
public sealed partial class PostgresPrincipalChangeFeed(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresPrincipalChangeFeed> logger)
    : PrincipalChangeFeed
{
    public const string Channel = "cellgate_principals";

    /// <summary>The listening session's <c>application_name</c> (one per node in <c>pg_stat_activity</c>).</summary>
    public const string ApplicationName = "cellgate-principals";

    /// <summary>How long a publisher waits for its own notification to come back before answering anyway.</summary>
    public static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the listening connection may be silent before it is checked with a query.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _echoes = new();
    private long _sequence;
    private volatile bool _listening;

    public override string Mode => "listen_notify";

    public override bool Listening => _listening;

    public override async ValueTask PublishAsync(char kind, long id, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var payload = string.Create(CultureInfo.InvariantCulture, $"{kind}{id} {_node}:{sequence}");
        var echo = _listening ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        if (echo is not null) _echoes[sequence] = echo;
        try
        {
            await using (var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)"))
            {
                command.Parameters.AddWithValue("channel", Channel);
                command.Parameters.AddWithValue("payload", payload);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            // The bound is real time (as a driver timeout): the fake clocks of tests must not hold a request forever.
            if (echo is not null) await echo.Task.WaitAsync(EchoTimeout, TimeProvider.System, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The change is committed; the other nodes see it when their cache entry ends (RevocationCacheSeconds).
            Log.PublishFailed(logger, ex, kind, id);
        }
        finally
        {
            if (echo is not null) _echoes.TryRemove(sequence, out _);
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
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _listening = true;
                OnMissed(); // whatever changed before this LISTEN was not heard: read every principal again
                if (failures > 0) Log.Reconnected(logger, failures);
                failures = 0;
                while (true)
                {
                    if (await connection.WaitAsync(KeepAlive, stoppingToken)) continue;
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _listening = false;
                foreach (var echo in _echoes.Values) echo.TrySetResult(); // no echo will come: do not make publishers wait
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

    /// <summary>Applies one notification: <c>&lt;kind&gt;&lt;id&gt; &lt;node&gt;:&lt;sequence&gt;</c>.</summary>
    private void Receive(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        var key = space < 0 ? payload : payload[..space];
        if (key.Length < 2 || key[0] is not ('u' or 'a' or 'o')
            || !long.TryParse(key.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            Log.UnknownPayload(logger);
            return;
        }
        OnChanged(key[0], id);
        if (space > 0 && payload.AsSpan(space + 1) is var origin && origin.StartsWith(_node, StringComparison.Ordinal)
            && origin.Length > _node.Length + 1 && long.TryParse(origin[(_node.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && _echoes.TryGetValue(sequence, out var echo))
            echo.TrySetResult();
    }

    private static partial class Log
    {
        [LoggerMessage(2050, LogLevel.Warning, "The principal change feed lost its PostgreSQL connection; other nodes' revocations reach this node within RevocationCacheSeconds until it reconnects in {BackoffSeconds} s")]
        public static partial void ListenFailed(ILogger logger, Exception exception, double backoffSeconds);

        [LoggerMessage(2051, LogLevel.Information, "The principal change feed listens again after {Failures} failed attempt(s); the principal cache was cleared")]
        public static partial void Reconnected(ILogger logger, int failures);

        [LoggerMessage(2052, LogLevel.Warning, "Could not notify other nodes that principal {Kind}{Id} changed; they see it within RevocationCacheSeconds")]
        public static partial void PublishFailed(ILogger logger, Exception exception, char kind, long id);

        [LoggerMessage(2053, LogLevel.Warning, "Ignored a notification on " + Channel + " that is not a principal change")]
        public static partial void UnknownPayload(ILogger logger);
    }
}
