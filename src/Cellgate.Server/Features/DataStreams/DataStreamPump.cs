using System.Data.Common;
using System.Globalization;
using System.Text;
using Cellgate.Delivery;
using Cellgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.DataStreams;

/// <summary>
/// Moves queued events of running data streams into the webhook outbox, one batch per stream at a time: when a
/// stream's previous batch is delivered, its next <c>size</c> events (oldest first) become one webhook — the event
/// itself for size 1, a JSON array otherwise — with the stream's method, URL and headers, ordered by the stream's key.
/// A batch that the dispatcher gives up on (FAILED or EXPIRED) puts the stream in Error (EMnify's status 3) and holds
/// its queue until a restart sends that batch again. Paused streams keep queueing. Each round is one SMS-writer
/// transaction; it wakes on new events and polls for finished batches.
/// </summary>
public sealed partial class DataStreamPump(
    SmsWriter writer, Hosting.DatabaseConnections connections, WebhookSignal webhooks, IOptions<WebhookOptions> options, TimeProvider time, ILogger<DataStreamPump> logger) : BackgroundService
{
    public const string Kind = "data_stream.event";

    /// <summary>How long a paused or failed stream keeps its events (EMnify: "stored up to 7 days").</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>How often the pump looks for finished batches when no event woke it (a read; a write only when there is work).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private DateTime _nextPurge;

    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(async ct =>
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var delay = Task.Delay(PollInterval, time, cts.Token);
                await Task.WhenAny(_wake.WaitAsync(cts.Token), delay);
                await cts.CancelAsync();
            }
            ct.ThrowIfCancellationRequested();
            await RoundAsync(ct);
        }, (ex, backoff) => Log.RoundFailed(logger, ex, backoff.TotalSeconds), time, stoppingToken);

    /// <summary>
    /// One round: when a read finds a running stream whose batch has finished (or that has events and no batch out), one
    /// writer transaction records failures and enqueues next batches; queued events past <see cref="Retention"/> are
    /// dropped hourly. A round with nothing to do writes nothing.
    /// </summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var purge = now >= _nextPurge;
        if (!purge && !await HasWorkAsync(ct)) return;
        if (purge) _nextPurge = now + PurgeInterval;
        var enqueued = await writer.WriteAsync((c, t) => Round(c, t, time.GetUtcNow().UtcDateTime, purge), ct);
        if (enqueued > 0) webhooks.Wake();
    }

    private async Task<bool> HasWorkAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var check = SqlCommands.Create(connection, null, """
            SELECT 1 FROM data_streams s LEFT JOIN webhook_outbox w ON w."Id" = s."OutboxWebhookId"
            WHERE s."Status" = 1 AND CASE WHEN s."OutboxWebhookId" IS NULL
                THEN EXISTS (SELECT 1 FROM data_stream_queue q WHERE q."StreamId" = s."Id")
                ELSE w."Id" IS NULL OR w."State" NOT IN (1, 2) END
            LIMIT 1
            """);
        return await check.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>
    /// A restarted stream runs again and its batch that was given up on is sent again (same <c>webhook-id</c>), before
    /// its queue — in one transaction, so that no round sees it running with its batch still failed.
    /// </summary>
    public async Task RestartAsync(long streamId, CancellationToken ct)
    {
        var replayed = await writer.WriteAsync((c, t) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            using (var run = SqlCommands.Create(c, t, """
                UPDATE data_streams SET "Status" = 1, "StatusReason" = NULL, "LastUpdated" = @now WHERE "Id" = @id
                """, ("@now", now), ("@id", streamId)))
                run.ExecuteNonQuery();
            long org, webhook;
            using (var find = SqlCommands.Create(c, t, """
                SELECT s."OrganisationId", s."OutboxWebhookId" FROM data_streams s
                JOIN webhook_outbox w ON w."Id" = s."OutboxWebhookId" WHERE s."Id" = @id AND w."State" IN (4, 5)
                """, ("@id", streamId)))
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read()) return false;
                (org, webhook) = (reader.GetInt64(0), reader.GetInt64(1));
            }
            return WebhookOutbox.Replay(c, t, org, webhook, now, now.AddHours(options.Value.MaxAgeHours));
        }, ct);
        if (replayed) webhooks.Wake();
    }

    private sealed record Candidate(long Id, long OrganisationId, string Url, string Method, string Headers, int Size, long? Webhook, int? State, int? StatusCode, string? Error);

    private int Round(DbConnection c, DbTransaction t, DateTime now, bool purgeOld)
    {
        if (purgeOld)
        {
            using var purge = SqlCommands.Create(c, t, """
                DELETE FROM data_stream_queue WHERE "Created" < @cutoff OR NOT EXISTS (SELECT 1 FROM data_streams s WHERE s."Id" = data_stream_queue."StreamId")
                """, ("@cutoff", now - Retention));
            purge.ExecuteNonQuery();
        }

        // Running streams with a batch out or events waiting. The outbox row is read by its primary key.
        var candidates = new List<Candidate>();
        using (var select = SqlCommands.Create(c, t, """
            SELECT s."Id", s."OrganisationId", s."Url", s."Method", s."Headers", s."Size", s."OutboxWebhookId", w."State", w."LastStatusCode", w."LastError"
            FROM data_streams s LEFT JOIN webhook_outbox w ON w."Id" = s."OutboxWebhookId"
            WHERE s."Status" = 1 AND (s."OutboxWebhookId" IS NOT NULL OR EXISTS (SELECT 1 FROM data_stream_queue q WHERE q."StreamId" = s."Id"))
            ORDER BY s."Id"
            """))
        using (var reader = select.ExecuteReader())
            while (reader.Read())
                candidates.Add(new Candidate(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetString(9)));

        var enqueued = 0;
        foreach (var s in candidates)
        {
            if (s.State is (int)WebhookState.Pending or (int)WebhookState.InFlight) continue; // its batch is still out
            if (s.State is (int)WebhookState.Failed or (int)WebhookState.Expired)
            {
                var reason = s.State == (int)WebhookState.Expired ? "retries exhausted" : "given up";
                reason += s.StatusCode is { } code ? $" (last answer HTTP {code.ToString(CultureInfo.InvariantCulture)})" : s.Error is { } error ? $" ({error})" : "";
                using var fail = SqlCommands.Create(c, t, """
                    UPDATE data_streams SET "Status" = 3, "StatusReason" = @reason, "LastUpdated" = @now WHERE "Id" = @id AND "Status" = 1
                    """, ("@reason", "The destination did not accept batch " + s.Webhook!.Value.ToString(CultureInfo.InvariantCulture) + ": " + reason), ("@now", now), ("@id", s.Id));
                fail.ExecuteNonQuery();
                Log.StreamFailed(logger, s.Id, s.Webhook.Value, reason);
                continue;
            }
            if (Next(c, t, s, now) is { } webhook)
            {
                enqueued++;
                using var set = SqlCommands.Create(c, t, """UPDATE data_streams SET "OutboxWebhookId" = @webhook WHERE "Id" = @id""", ("@webhook", webhook), ("@id", s.Id));
                set.ExecuteNonQuery();
            }
            else if (s.Webhook is not null)
            {
                using var clear = SqlCommands.Create(c, t, """UPDATE data_streams SET "OutboxWebhookId" = NULL WHERE "Id" = @id""", ("@id", s.Id));
                clear.ExecuteNonQuery();
            }
        }
        return enqueued;
    }

    /// <summary>The stream's next batch as one outbox webhook, its events removed from the queue; null when none waits.</summary>
    private long? Next(DbConnection c, DbTransaction t, Candidate s, DateTime now)
    {
        var bodies = new List<string>();
        long last = 0;
        using (var take = SqlCommands.Create(c, t, """
            SELECT "Id", "Body" FROM data_stream_queue WHERE "StreamId" = @stream ORDER BY "Id" LIMIT @size
            """, ("@stream", s.Id), ("@size", s.Size)))
        using (var reader = take.ExecuteReader())
            while (reader.Read())
            {
                last = reader.GetInt64(0);
                bodies.Add(reader.GetString(1));
            }
        if (bodies.Count == 0) return null;
        using (var delete = SqlCommands.Create(c, t, """DELETE FROM data_stream_queue WHERE "StreamId" = @stream AND "Id" <= @last""", ("@stream", s.Id), ("@last", last)))
            delete.ExecuteNonQuery();

        var body = s.Size == 1 ? bodies[0] : "[" + string.Join(',', bodies) + "]";
        var headers = DataStreamRules.ParseHeaders(s.Headers).ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return WebhookOutbox.Enqueue(c, t, new WebhookMessage(s.OrganisationId, WebhookDestinationKind.DataStream, s.Id, Kind, s.Url, s.Method,
            Encoding.UTF8.GetBytes(body), now.AddHours(options.Value.MaxAgeHours))
        {
            Headers = headers,
            OrderingKey = "stream:" + s.Id.ToString(CultureInfo.InvariantCulture),
        }, now);
    }

    private static partial class Log
    {
        [LoggerMessage(3800, LogLevel.Error, "Data stream pump round failed; retrying in {BackoffSeconds} s")]
        public static partial void RoundFailed(ILogger logger, Exception exception, double backoffSeconds);

        [LoggerMessage(3801, LogLevel.Warning, "Data stream {StreamId} is in Error: webhook {WebhookId} {Reason}")]
        public static partial void StreamFailed(ILogger logger, long streamId, long webhookId, string reason);
    }
}
