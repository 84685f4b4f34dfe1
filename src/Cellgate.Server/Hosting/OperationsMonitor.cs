using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Cellgate.Delivery;
using Cellgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>
/// What the monitor saw: the database's last check (answered or why not, how fast) and the MT queue by status as last
/// counted. <see cref="LastError"/> and <see cref="LastErrorAt"/> stay after the database is back.
/// </summary>
public sealed record OperationsSnapshot(DateTimeOffset CheckedAt, bool DatabaseOk, string? Error, long Pending, long InProgress, long Buffered,
    TimeSpan? Latency = null, string? LastError = null, DateTimeOffset? LastErrorAt = null, DateTimeOffset? CountedAt = null);

/// <summary>
/// Checks the database every <see cref="HealthOptions.DatabaseCheckMilliseconds"/> (one <c>SELECT 1</c> on a connection
/// of its own, bounded by <see cref="HealthOptions.DatabaseTimeoutSeconds"/>) and counts the MT queue every
/// <see cref="MetricsOptions.RefreshSeconds"/>, in the background, so that neither <c>/readyz</c>, the write gate
/// (<see cref="HealthSetup.UseDatabaseWriteGate"/>) nor a Prometheus scrape ever touches the database: they read the last
/// snapshot. The count reads the pending-SMS partial index (rows waiting, not the whole table). A request that finds the
/// database gone asks for a check at once (<see cref="CheckSoon"/>).
/// </summary>
public sealed partial class OperationsMonitor : BackgroundService
{
    private readonly SmsDatabase _database;
    private readonly SmsWriter _writer;
    private readonly DeliveryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly MetricsOptions _options;
    private readonly HealthOptions _health;
    private readonly DeliveryOptions _delivery;
    private readonly Npgsql.NpgsqlDataSource? _postgres;
    private readonly string _provider;
    private readonly ILogger<OperationsMonitor> _logger;
    private readonly StartupWarmUp? _warmUp;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _checking = new(1, 1);
    private DbConnection? _connection;
    private DateTimeOffset? _countAttemptedAt;
    private TimeSpan _lastCountTook;
    private volatile OperationsSnapshot? _last;

    public OperationsMonitor(SmsDatabase database, SmsWriter writer, DeliveryMetrics metrics, TimeProvider time, IOptions<MetricsOptions> options,
        IOptions<HealthOptions> health, IOptions<DeliveryOptions> delivery, IOptions<StorageOptions> storage, IServiceProvider services,
        ILogger<OperationsMonitor> logger)
    {
        (_database, _writer, _metrics, _time, _options, _health, _delivery, _logger) =
            (database, writer, metrics, time, options.Value, health.Value, delivery.Value, logger);
        _provider = storage.Value.IsPostgreSql ? StorageOptions.PostgreSql : StorageOptions.Sqlite;
        if (storage.Value.IsPostgreSql) _postgres = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        _warmUp = services.GetService<StartupWarmUp>();
        metrics.Meter.CreateObservableGauge("cellgate.sms.queue.depth", Depth, "{sms}",
            $"MT SMS waiting, by status; counted every {_options.RefreshSeconds} s (or {CountSpacing} × the last count's time) in the background.");
        metrics.Meter.CreateObservableGauge("cellgate.writer.backlog", () => (long)_writer.Queued, "{write}", "Writes waiting for the next group transaction.");
        metrics.Meter.CreateObservableGauge("cellgate.dispatcher.last_round.age", () => DispatcherAge()?.TotalSeconds ?? -1, "s",
            "Seconds since the dispatcher last finished a round (-1: none yet).");
        metrics.Meter.CreateObservableGauge("cellgate.database.up", () => _last is { DatabaseOk: false } ? 0 : 1, "1",
            "1 while the last background database check succeeded, 0 after it failed.");
    }

    public OperationsSnapshot? Last => _last;

    /// <summary>
    /// False once a check failed, until one succeeds (the write gate refuses writes meanwhile). Not affected by a check
    /// being late: a check that hangs fails at <see cref="HealthOptions.DatabaseTimeoutSeconds"/>.
    /// </summary>
    public bool DatabaseAvailable => _last is not { DatabaseOk: false };

    /// <summary>
    /// Whether writes are let in: the database is available, or <see cref="HealthOptions.RefuseWritesWhenDatabaseDown"/>
    /// is off. The REST write gate (<see cref="HealthSetup.UseDatabaseWriteGate"/>) and the SMPP server ask this.
    /// </summary>
    public bool AcceptingWrites => DatabaseAvailable || !_health.RefuseWritesWhenDatabaseDown;

    /// <summary>What a refused client is told to wait: one check interval (at least 1 s).</summary>
    public TimeSpan RetryAfter => _health.CheckInterval;

    /// <summary>Runs the next check now instead of at the end of the interval (a request saw the database fail).</summary>
    public void CheckSoon()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // a wake-up is pending already
    }

    private IEnumerable<Measurement<long>> Depth()
    {
        if (_last is not { CountedAt: not null } s) yield break;
        yield return new(s.Pending, new KeyValuePair<string, object?>("cellgate.sms.status", "pending"));
        yield return new(s.InProgress, new KeyValuePair<string, object?>("cellgate.sms.status", "in_progress"));
        yield return new(s.Buffered, new KeyValuePair<string, object?>("cellgate.sms.status", "buffered"));
    }

    private TimeSpan? DispatcherAge() => _metrics.LastRound is { } at ? _time.GetUtcNow() - at : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken); // ready as soon as the host is: the first check runs before the web server starts
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var interval = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(_health.CheckInterval, _time, interval.Token);
                await Task.WhenAny(delay, _wake.WaitAsync(interval.Token));
                await interval.CancelAsync(); // ends the other wait
                stoppingToken.ThrowIfCancellationRequested();
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        Close();
    }

    private const string DepthSql = $"""SELECT "Status", COUNT(*) FROM sms WHERE {SmsQueueFilter.Pending} GROUP BY "Status" """;

    /// <summary>
    /// Runs one check now (the background loop calls this; tests may too): the database answers <c>SELECT 1</c> within
    /// the timeout, and when the queue was last counted <see cref="MetricsOptions.RefreshSeconds"/> ago or more (or
    /// <paramref name="countQueue"/>), the queue is counted again.
    /// </summary>
    public async Task<OperationsSnapshot> RefreshAsync(CancellationToken cancellationToken = default, bool countQueue = false)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            return await CheckAsync(countQueue, cancellationToken);
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task<OperationsSnapshot> CheckAsync(bool countQueue, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var previous = _last;
        OperationsSnapshot snapshot;
        // The bound is real time, as the driver's own timeouts are: a check must fail, not hang, when packets are dropped.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_health.DatabaseTimeoutSeconds));
        try
        {
            var started = Stopwatch.GetTimestamp();
            _connection ??= _postgres is not null ? await _postgres.OpenConnectionAsync(timeout.Token) : _database.Open();
            using (var ping = _connection.CreateCommand())
            {
                ping.CommandText = "SELECT 1";
                ping.CommandTimeout = _health.DatabaseTimeoutSeconds;
                await ping.ExecuteScalarAsync(timeout.Token);
            }
            var latency = Stopwatch.GetElapsedTime(started);
            snapshot = new(now, true, null, previous?.Pending ?? 0, previous?.InProgress ?? 0, previous?.Buffered ?? 0, latency,
                previous?.LastError, previous?.LastErrorAt, previous?.CountedAt);
            if (countQueue || _countAttemptedAt is not { } attempted || now - attempted >= CountInterval())
            {
                _countAttemptedAt = now;
                var counting = _time.GetTimestamp();
                try
                {
                    snapshot = await CountAsync(snapshot, now, timeout.Token);
                    _lastCountTook = _time.GetElapsedTime(counting);
                }
                catch (Exception ex) when (!Api.DatabaseErrors.IsUnavailable(ex) && ex is not OperationCanceledException)
                {
                    // The database answers but the count failed (a damaged table, say): reachability stands, the gauge
                    // keeps its last count (queue.counted_at in /readyz shows its age).
                    Log.CountFailed(_logger, ex);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // SELECT 1 answered, only the count ran out of time (a queue of a million rows on a busy machine):
                    // the database is reachable and writes stay open; the gauge keeps its last count. The connection
                    // is opened afresh for the next check (a cancelled command may leave it unusable).
                    Log.CountSlow(_logger, _health.DatabaseTimeoutSeconds);
                    _lastCountTook = _time.GetElapsedTime(counting);
                    Close();
                }
            }
            if (previous is { DatabaseOk: false })
            {
                Log.DatabaseBack(_logger);
                _postgres?.Clear(); // idle pooled connections made before the outage are dead: open new ones
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = ex is OperationCanceledException ? $"no answer within {_health.DatabaseTimeoutSeconds} s" : Api.DatabaseErrors.Describe(ex);
            if (previous is not { DatabaseOk: false }) Log.CheckFailed(_logger, ex, error);
            Close();
            _postgres?.Clear();
            snapshot = new(now, false, error, previous?.Pending ?? 0, previous?.InProgress ?? 0, previous?.Buffered ?? 0, null,
                error, now, previous?.CountedAt);
        }
        _last = snapshot;
        return snapshot;
    }

    /// <summary>
    /// A count's time is spent at most once in this many times that time: the count reads every waiting SMS's row (its
    /// status), and with a backlog of a million SMS draining on a busy machine it took a second of CPU every 5 s,
    /// next to the dispatcher and the submits (issue 11's backlog benchmark).
    /// </summary>
    internal const int CountSpacing = 20;

    /// <summary><see cref="MetricsOptions.RefreshSeconds"/>, or <see cref="CountSpacing"/> times the last count's time when that is longer.</summary>
    private TimeSpan CountInterval()
    {
        var refresh = TimeSpan.FromSeconds(_options.RefreshSeconds);
        var spaced = _lastCountTook * CountSpacing;
        return spaced > refresh ? spaced : refresh;
    }

    /// <summary>Tests: runs before each count of the queue (a count that takes long, say).</summary>
    internal Func<CancellationToken, Task>? BeforeCount { get; set; }

    private async Task<OperationsSnapshot> CountAsync(OperationsSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (BeforeCount is { } hook) await hook(cancellationToken);
        long pending = 0, inProgress = 0, buffered = 0;
        var command = SqlCommands.Get(_connection!, null, DepthSql);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt64(1);
                switch (reader.GetInt32(0))
                {
                    case 1: pending = count; break;
                    case 2: inProgress = count; break;
                    case 3: buffered = count; break;
                }
            }
        }
        return snapshot with { Pending = pending, InProgress = inProgress, Buffered = buffered, CountedAt = now };
    }

    private void Close()
    {
        if (_connection is null) return;
        SqlCommands.Forget(_connection);
        _connection.Dispose();
        _connection = null;
    }

    /// <summary>
    /// <c>/readyz</c>: 200 <c>Healthy</c>, or <c>Degraded</c> when the dispatcher has not finished a round lately;
    /// 503 <c>Unhealthy</c> when the last database check failed or is stale (older than three check intervals plus 5 s).
    /// Reads only memory.
    /// </summary>
    public async Task WriteReadinessAsync(HttpContext http)
    {
        var now = _time.GetUtcNow();
        var s = _last;
        var stale = s is null || now - s.CheckedAt > 3 * _health.CheckInterval + TimeSpan.FromSeconds(5);
        var databaseOk = s is { DatabaseOk: true } && !stale;
        var age = DispatcherAge();
        var aliveWithin = TimeSpan.FromSeconds(Math.Max(30, 10 * _delivery.PollMilliseconds / 1000.0));
        // Before its first round (just started) the dispatcher counts as alive; a round that never ends does not.
        var dispatcherAlive = !_delivery.Enabled || age is null || age <= aliveWithin;
        // Just started: not ready until the start-up warm-up ended (StartupWarmUp; Cellgate:Startup:WarmUp).
        var warmingUp = _warmUp is { Done: false };
        var status = !databaseOk ? "Unhealthy" : warmingUp ? "Starting" : dispatcherAlive ? "Healthy" : "Degraded";

        http.Response.StatusCode = databaseOk && !warmingUp ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", status);
        if (warmingUp) json.WriteBoolean("warming_up", true);
        json.WriteStartObject("database");
        json.WriteString("status", databaseOk ? "Healthy" : "Unhealthy");
        json.WriteString("provider", _provider);
        json.WriteBoolean("reachable", s is { DatabaseOk: true });
        if (s?.Latency is { } latency) json.WriteNumber("latency_ms", Math.Round(latency.TotalMilliseconds, 3));
        else json.WriteNull("latency_ms");
        if (s is not null)
        {
            json.WriteString("checked_at", Format(s.CheckedAt));
            json.WriteNumber("age_ms", Math.Max(0, (long)(now - s.CheckedAt).TotalMilliseconds));
        }
        else
        {
            json.WriteNull("checked_at");
            json.WriteNull("age_ms");
        }
        if (s?.Error is { } error) json.WriteString("error", error);
        else if (stale) json.WriteString("error", "no recent check");
        if (s?.LastError is { } last)
        {
            json.WriteString("last_error", last);
            json.WriteString("last_error_at", Format(s.LastErrorAt!.Value));
        }
        else
        {
            json.WriteNull("last_error");
            json.WriteNull("last_error_at");
        }
        json.WriteBoolean("accepting_writes", AcceptingWrites);
        json.WriteEndObject();
        json.WriteStartObject("writer");
        json.WriteNumber("backlog", _writer.Queued);
        json.WriteEndObject();
        json.WriteStartObject("dispatcher");
        json.WriteBoolean("enabled", _delivery.Enabled);
        json.WriteBoolean("alive", dispatcherAlive);
        if (age is { } a) json.WriteNumber("last_round_seconds_ago", Math.Round(a.TotalSeconds, 3));
        else json.WriteNull("last_round_seconds_ago");
        json.WriteEndObject();
        if (s is { DatabaseOk: true, CountedAt: { } countedAt })
        {
            json.WriteStartObject("queue");
            json.WriteNumber("pending", s.Pending);
            json.WriteNumber("in_progress", s.InProgress);
            json.WriteNumber("buffered", s.Buffered);
            json.WriteString("counted_at", Format(countedAt));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(3400, LogLevel.Warning, "The operations monitor could not reach the database ({Error}); /readyz reports Unhealthy and writes on /api are answered 503 until a check succeeds")]
        public static partial void CheckFailed(ILogger logger, Exception exception, string error);

        [LoggerMessage(3402, LogLevel.Warning, "The operations monitor could not count the SMS queue; the queue depth gauge keeps its last count")]
        public static partial void CountFailed(ILogger logger, Exception exception);

        [LoggerMessage(3403, LogLevel.Warning, "The operations monitor's count of the SMS queue took longer than {Seconds} s; the database answered, so it counts as reachable, and the queue depth gauge keeps its last count")]
        public static partial void CountSlow(ILogger logger, int seconds);

        [LoggerMessage(3401, LogLevel.Information, "The database answers again; /readyz reports Healthy and writes are accepted")]
        public static partial void DatabaseBack(ILogger logger);
    }
}
