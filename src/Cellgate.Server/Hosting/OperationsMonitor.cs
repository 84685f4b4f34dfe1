using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Cellgate.Delivery;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>What the monitor saw on its last check: the database answered (or why not) and the MT queue by status.</summary>
public sealed record OperationsSnapshot(DateTimeOffset CheckedAt, bool DatabaseOk, string? Error, long Pending, long InProgress, long Buffered);

/// <summary>
/// Checks the database and counts the MT queue every <see cref="MetricsOptions.RefreshSeconds"/> in the background, so
/// that neither <c>/readyz</c> nor a Prometheus scrape ever touches the database: both read the last snapshot. The
/// count reads the pending-SMS partial index (rows waiting, not the whole table).
/// </summary>
public sealed partial class OperationsMonitor : BackgroundService
{
    private readonly SmsDatabase _database;
    private readonly SmsWriter _writer;
    private readonly DeliveryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly MetricsOptions _options;
    private readonly DeliveryOptions _delivery;
    private readonly ILogger<OperationsMonitor> _logger;
    private DbConnection? _connection;
    private volatile OperationsSnapshot? _last;

    public OperationsMonitor(SmsDatabase database, SmsWriter writer, DeliveryMetrics metrics, TimeProvider time, IOptions<MetricsOptions> options,
        IOptions<DeliveryOptions> delivery, ILogger<OperationsMonitor> logger)
    {
        (_database, _writer, _metrics, _time, _options, _delivery, _logger) = (database, writer, metrics, time, options.Value, delivery.Value, logger);
        metrics.Meter.CreateObservableGauge("cellgate.sms.queue.depth", Depth, "{sms}",
            $"MT SMS waiting, by status; counted every {_options.RefreshSeconds} s in the background.");
        metrics.Meter.CreateObservableGauge("cellgate.writer.backlog", () => (long)_writer.Queued, "{write}", "Writes waiting for the next group transaction.");
        metrics.Meter.CreateObservableGauge("cellgate.dispatcher.last_round.age", () => DispatcherAge()?.TotalSeconds ?? -1, "s",
            "Seconds since the dispatcher last finished a round (-1: none yet).");
    }

    public OperationsSnapshot? Last => _last;

    private IEnumerable<Measurement<long>> Depth()
    {
        if (_last is not { DatabaseOk: true } s) yield break;
        yield return new(s.Pending, new KeyValuePair<string, object?>("cellgate.sms.status", "pending"));
        yield return new(s.InProgress, new KeyValuePair<string, object?>("cellgate.sms.status", "in_progress"));
        yield return new(s.Buffered, new KeyValuePair<string, object?>("cellgate.sms.status", "buffered"));
    }

    private TimeSpan? DispatcherAge() => _metrics.LastRound is { } at ? _time.GetUtcNow() - at : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Refresh(); // ready as soon as the host is: the first check runs before the web server starts
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.RefreshSeconds), _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Refresh();
        }
        Close();
    }

    private const string DepthSql = """SELECT "Status", COUNT(*) FROM sms WHERE "Status" IN (1, 2, 3) AND "Type" = 1 GROUP BY "Status" """;

    /// <summary>Runs one check now (the background loop calls this; tests may too).</summary>
    public OperationsSnapshot Refresh()
    {
        var now = _time.GetUtcNow();
        OperationsSnapshot snapshot;
        try
        {
            _connection ??= _database.Open();
            long pending = 0, inProgress = 0, buffered = 0;
            using (var reader = SqlCommands.Get(_connection, null, DepthSql).ExecuteReader())
            {
                while (reader.Read())
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
            snapshot = new(now, true, null, pending, inProgress, buffered);
        }
        catch (Exception ex)
        {
            Log.CheckFailed(_logger, ex);
            Close();
            snapshot = new(now, false, ex.GetType().Name, 0, 0, 0);
        }
        _last = snapshot;
        return snapshot;
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
    /// 503 <c>Unhealthy</c> when the last database check failed or is stale. Reads only memory.
    /// </summary>
    public async Task WriteReadinessAsync(HttpContext http)
    {
        var now = _time.GetUtcNow();
        var s = _last;
        var stale = s is null || now - s.CheckedAt > TimeSpan.FromSeconds(3 * _options.RefreshSeconds + 5);
        var databaseOk = s is { DatabaseOk: true } && !stale;
        var age = DispatcherAge();
        var aliveWithin = TimeSpan.FromSeconds(Math.Max(30, 10 * _delivery.PollMilliseconds / 1000.0));
        // Before its first round (just started) the dispatcher counts as alive; a round that never ends does not.
        var dispatcherAlive = !_delivery.Enabled || age is null || age <= aliveWithin;
        var status = !databaseOk ? "Unhealthy" : dispatcherAlive ? "Healthy" : "Degraded";

        http.Response.StatusCode = databaseOk ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", status);
        json.WriteStartObject("database");
        json.WriteString("status", databaseOk ? "Healthy" : "Unhealthy");
        if (s is not null) json.WriteString("checked_at", s.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else json.WriteNull("checked_at");
        if (s?.Error is { } error) json.WriteString("error", error);
        else if (stale) json.WriteString("error", "no recent check");
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
        if (s is { DatabaseOk: true })
        {
            json.WriteStartObject("queue");
            json.WriteNumber("pending", s.Pending);
            json.WriteNumber("in_progress", s.InProgress);
            json.WriteNumber("buffered", s.Buffered);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(3400, LogLevel.Warning, "The operations monitor could not check the database; /readyz reports Unhealthy until a check succeeds")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
