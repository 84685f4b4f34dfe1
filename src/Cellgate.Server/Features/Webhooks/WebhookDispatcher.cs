using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cellgate.Delivery;
using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>
/// Sends the webhook outbox (<see cref="WebhookOutbox"/>) with the SMS engine's lease discipline: a round expires what
/// ran out and claims due webhooks with a lease (one group transaction through <see cref="SmsWriter"/>); each claimed
/// webhook is sent on its own task and its outcome recorded as it ends (group-committed with the other writes). A node
/// that dies leaves leases that run out and are claimed again; on shutdown the in-flight requests are cancelled and
/// the node's leases handed back at once. Retries are the outbox's: an attempt is one HTTP request with a timeout, and
/// the next attempt is a row's <c>NextAttempt</c> (exponential back-off with jitter, <c>Retry-After</c> honoured), so a
/// retry survives a restart — which an in-process retry handler (Polly, Microsoft.Extensions.Http.Resilience) could
/// not promise. Per destination: at most <see cref="WebhookOptions.MaxConcurrencyPerDestination"/> requests at a time,
/// and a circuit breaker (<see cref="WebhookCircuits"/>).
/// </summary>
public sealed partial class WebhookDispatcher(
    SmsWriter writer, WebhookSignal signal, IHttpClientFactory httpClients, IServiceScopeFactory scopes, WebhookSecrets secrets,
    WebhookCircuits circuits, WebhookMetrics metrics, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string HttpClientName = "cellgate-webhooks";

    private readonly string _node = NodeName(options.Value.NodeId);
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _destinations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _waiting = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _round = new(1, 1);
    private CancellationToken _stopping = CancellationToken.None;
    private long _backlogRefreshed;

    public string NodeId => _node;

    private static string NodeName(string? configured)
    {
        var name = configured ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return name.Length <= 64 ? name : name[^64..];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        _stopping = stoppingToken;
        await BackgroundLoop.RunAsync(async ct =>
        {
            var claimed = await RunRoundAsync(ct);
            if (claimed < o.BatchSize || _inFlight.Count >= o.BatchSize)
                await WaitAsync(TimeSpan.FromMilliseconds(o.PollMilliseconds), ct);
        }, (ex, backoff) => Log.RoundFailed(logger, ex, backoff), time, stoppingToken);
    }

    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(interval, time, cts.Token);
        var woken = signal.WaitAsync(cts.Token);
        await Task.WhenAny(delay, woken);
        await cts.CancelAsync();
        try { await Task.WhenAll(delay, woken); } catch (OperationCanceledException) { }
    }

    /// <summary>On shutdown: ends the loop, cancels the requests in flight, then hands back this node's leases at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await Task.WhenAll(_inFlight.Values).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken); } catch (Exception) { }
        try
        {
            var released = await writer.WriteAsync((c, t) => WebhookOutbox.ReleaseLeases(c, t, _node), cancellationToken);
            if (released > 0) Log.LeasesReleased(logger, released);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // the writer stopped first: the leases run out as after a crash
        }
    }

    /// <summary>Runs one round now (after the one in progress) and returns how many webhooks it claimed; the sends go on.</summary>
    public async Task<int> RunRoundAsync(CancellationToken cancellationToken = default)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            return await RoundAsync(options.Value, cancellationToken);
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Waits until the requests in flight now have ended and their outcomes are recorded (tests).</summary>
    public Task DrainAsync() => Task.WhenAll(_inFlight.Values);

    private async Task<int> RoundAsync(WebhookOptions o, CancellationToken ct)
    {
        var room = o.BatchSize - _inFlight.Count;
        if (room <= 0) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        var refreshBacklog = Stopwatch.GetElapsedTime(Interlocked.Read(ref _backlogRefreshed)) > TimeSpan.FromSeconds(5);
        var (expired, claimed, backlog) = await writer.WriteAsync((c, t) =>
            (WebhookOutbox.ExpireDue(c, t, now, 10_000), WebhookOutbox.Claim(c, t, _node, now, now.AddSeconds(o.LeaseSeconds), room),
             refreshBacklog ? WebhookOutbox.Backlog(c, t) : -1), ct);
        if (backlog >= 0)
        {
            metrics.Backlog(backlog);
            Interlocked.Exchange(ref _backlogRefreshed, Stopwatch.GetTimestamp());
        }
        metrics.Expired(expired);
        if (expired > 0) Log.Expired(logger, expired);
        if (claimed.Count == 0) return 0;

        var bodies = new Dictionary<long, byte[]>();
        var keys = new Dictionary<long, byte[]?>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
            var unrendered = claimed.Where(w => w.Body is null && w.SmsId is not null).ToList();
            if (unrendered.Count > 0) bodies = await SmsWebhookBodies.RenderAsync(db, unrendered, ct);
            var secretIds = claimed.Where(w => w.SecretId is not null).Select(w => w.SecretId!.Value).Distinct().ToList();
            if (secretIds.Count > 0)
            {
                var stored = await db.ApiSecrets.AsNoTracking().Where(s => secretIds.Contains(s.Id)).ToListAsync(ct);
                foreach (var s in stored) keys[s.Id] = await secrets.UnprotectAsync(s.KeyId, s.Protected, ct);
            }
        }
        foreach (var webhook in claimed)
        {
            byte[]? rendered = null;
            if (webhook.Body is null && webhook.SmsId is not null && !bodies.TryGetValue(webhook.Id, out rendered))
            {
                Track(webhook.Id, RecordAsync(webhook, new WebhookOutcome(webhook.Id, WebhookResult.Failed, now, Error: "the SMS of this webhook no longer exists"), "gone"));
                continue;
            }
            var key = webhook.SecretId is { } sid && keys.TryGetValue(sid, out var k) ? k : null;
            Track(webhook.Id, SendAsync(webhook, rendered, key, o));
        }
        return claimed.Count;
    }

    private void Track(long id, Task task)
    {
        _inFlight[id] = task;
        _ = task.ContinueWith(_ => _inFlight.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task SendAsync(ClaimedWebhook webhook, byte[]? rendered, byte[]? key, WebhookOptions o)
    {
        await Task.Yield();
        var destination = WebhookCircuits.Destination(webhook.Url);
        if (!circuits.TryEnter(destination, out var holdUntil))
        {
            await RecordAsync(webhook, new WebhookOutcome(webhook.Id, WebhookResult.Released, holdUntil), null);
            return;
        }
        // A destination with a long queue here releases the surplus rather than let leases run out while waiting.
        var waiting = _waiting.AddOrUpdate(destination, 1, (_, n) => n + 1);
        try
        {
            if (waiting > o.MaxConcurrencyPerDestination * 2)
            {
                circuits.Record(destination, failed: false); // not an attempt: end a half-open trial claim without a verdict
                await RecordAsync(webhook, new WebhookOutcome(webhook.Id, WebhookResult.Released, time.GetUtcNow().UtcDateTime.AddSeconds(1)), null);
                return;
            }
            var gate = _destinations.GetOrAdd(destination, _ => new SemaphoreSlim(o.MaxConcurrencyPerDestination));
            await gate.WaitAsync(_stopping);
            try
            {
                var (outcome, answer, receiverDown) = await AttemptAsync(webhook, rendered, key, o);
                if (answer != "stopping") circuits.Record(destination, receiverDown);
                if (answer == "stopping") return; // the lease is handed back by StopAsync
                await RecordAsync(webhook, outcome, answer);
            }
            finally
            {
                gate.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.SendFailed(logger, ex, webhook.Id);
        }
        finally
        {
            _waiting.AddOrUpdate(destination, 0, (_, n) => n - 1);
        }
    }

    private async Task<(WebhookOutcome Outcome, string Answer, bool ReceiverDown)> AttemptAsync(ClaimedWebhook webhook, byte[]? rendered, byte[]? key, WebhookOptions o)
    {
        var body = webhook.Body ?? rendered ?? [];
        var id = WebhookSigning.WebhookId(webhook.Id);
        var sentAt = time.GetUtcNow();
        using var request = new HttpRequestMessage(new HttpMethod(webhook.Method), webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (webhook.Headers is { } headers)
        {
            foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(headers) ?? [])
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                else if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        var timestamp = sentAt.ToUnixTimeSeconds();
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                WebhookSigning.Jwt(key, o.Issuer, id, webhook.Kind, webhook.OrganisationId, body, sentAt));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigning.Signature(key, id, timestamp, body));
        }
        request.Headers.UserAgent.ParseAdd("Cellgate-Webhooks/1");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.RequestTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        string answer;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            answer = $"{status / 100}xx";
            retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } d } => d,
                { Date: { } date } => date - time.GetUtcNow(),
                _ => null,
            };
            if (status is >= 300 and < 400) error = $"redirect not followed (Location: {Truncate(response.Headers.Location?.ToString())})";
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return (new WebhookOutcome(webhook.Id, WebhookResult.Released, sentAt.UtcDateTime), "stopping", false);
        }
        catch (OperationCanceledException)
        {
            answer = "timeout";
            error = $"no answer within {o.RequestTimeoutSeconds} s";
        }
        catch (HttpRequestException ex) when (Forbidden(ex) is { } forbidden)
        {
            answer = "forbidden";
            error = forbidden.Message;
        }
        catch (HttpRequestException ex)
        {
            answer = "connection";
            error = ex.HttpRequestError + (ex.InnerException is { } inner ? ": " + inner.Message : "");
        }
        var ms = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = webhook.Attempts + 1;
        WebhookResult result;
        var down = false;
        if (status is >= 200 and < 300) result = WebhookResult.Delivered;
        else if (answer == "forbidden") result = WebhookResult.Failed;
        else if (status is null or 408 or 429 or >= 500)
        {
            result = WebhookResult.Retry;
            down = true;
        }
        else result = attempts >= o.ClientErrorAttempts ? WebhookResult.Failed : WebhookResult.Retry;

        var next = now;
        if (result == WebhookResult.Retry)
        {
            next = now + RetryDelay(attempts, retryAfter, o);
            if (next >= webhook.ExpiresAt) result = WebhookResult.Expired;
        }
        if (result == WebhookResult.Delivered) metrics.Delivered(now - webhook.Created);
        if (result is WebhookResult.Failed or WebhookResult.Expired) Log.GaveUp(logger, webhook.Id, result, status, answer);
        return (new WebhookOutcome(webhook.Id, result, next, status, error, ms, webhook.Body is null ? rendered : null), answer, down);
    }

    /// <summary>Exponential back-off with ±20 % jitter, from the first delay up to the maximum; a <c>Retry-After</c> wins when later.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter, WebhookOptions o)
    {
        var seconds = Math.Min(o.MaxRetryDelaySeconds, o.FirstRetryDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)));
        seconds *= 0.8 + Random.Shared.NextDouble() * 0.4;
        if (retryAfter is { } ra && ra.TotalSeconds > seconds) seconds = Math.Min(ra.TotalSeconds, o.MaxAgeHours * 3600.0);
        return TimeSpan.FromSeconds(seconds);
    }

    private static WebhookTargetForbiddenException? Forbidden(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is WebhookTargetForbiddenException f) return f;
        return null;
    }

    private static string? Truncate(string? s) => s is { Length: > 120 } ? s[..120] : s;

    private async Task RecordAsync(ClaimedWebhook webhook, WebhookOutcome outcome, string? answer)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await writer.WriteAsync((c, t) =>
            {
                WebhookOutbox.Record(c, t, _node, now, [outcome]);
                return 0;
            }, _stopping);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        if (answer is not null) metrics.Attempt(outcome.Result, answer);
        if (webhook.OrderingKey is not null && outcome.Result != WebhookResult.Released) signal.Wake(); // its successor may go now
    }

    private static partial class Log
    {
        [LoggerMessage(3700, LogLevel.Error, "Webhook dispatcher round failed; next round in {Backoff}")]
        public static partial void RoundFailed(ILogger logger, Exception exception, TimeSpan backoff);

        [LoggerMessage(3701, LogLevel.Information, "{Count} webhooks expired")]
        public static partial void Expired(ILogger logger, int count);

        [LoggerMessage(3702, LogLevel.Warning, "Webhook {WebhookId} ended {Result} (status {Status}, {Answer})")]
        public static partial void GaveUp(ILogger logger, long webhookId, WebhookResult result, int? status, string answer);

        [LoggerMessage(3703, LogLevel.Error, "Sending webhook {WebhookId} failed unexpectedly; its lease runs out and it is sent again")]
        public static partial void SendFailed(ILogger logger, Exception exception, long webhookId);

        [LoggerMessage(3704, LogLevel.Information, "Stopping: released the leases of {Count} webhooks")]
        public static partial void LeasesReleased(ILogger logger, int count);
    }
}
