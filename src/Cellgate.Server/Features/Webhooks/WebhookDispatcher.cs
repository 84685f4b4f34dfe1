using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Cellgate.Delivery;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>
/// Sends the webhook outbox (<see cref="WebhookOutbox"/>) with the SMS engine's lease discipline. A round (one group
/// transaction through <see cref="SmsWriter"/>) expires what ran out, reads the first due webhooks in due order and
/// claims with a lease only those their destination can take now: per destination (scheme, host and port) at most its
/// free slots of <see cref="WebhookOptions.MaxConcurrencyPerDestination"/>, one trial while its circuit is half-open,
/// none while it is open (<see cref="WebhookCircuits"/>). Nothing claimed is put back in steady state: the due webhooks
/// of a destination whose circuit is open are parked instead (moved <see cref="WebhookOptions.ParkSeconds"/> ahead, once)
/// so that later rounds do not read them again, and come back oldest first when the circuit closes. Each claimed
/// webhook is sent on its own task; its slot is free when the HTTP answer arrives, and the outcomes of all requests
/// that ended meanwhile are recorded in one writer call. A node that dies leaves leases that run out and are made
/// pending again; on shutdown the in-flight requests are cancelled and the node's leases handed back at once. Retries
/// are the outbox's: an attempt is one HTTP request with a timeout, and the next attempt is a row's <c>NextAttempt</c>
/// (exponential back-off with jitter, <c>Retry-After</c> honoured), so a retry survives a restart — which an in-process
/// retry handler (Polly, Microsoft.Extensions.Http.Resilience) could not promise.
/// </summary>
public sealed partial class WebhookDispatcher(
    SmsWriter writer, WebhookSignal signal, IHttpClientFactory httpClients, IServiceScopeFactory scopes, WebhookSecrets secrets,
    WebhookCircuits circuits, WebhookMetrics metrics, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string HttpClientName = "cellgate-webhooks";

    /// <summary>One destination on this node: requests in flight (its slots) and where its parked webhooks are.</summary>
    private sealed class Destination(string key, int index)
    {
        public string Key { get; } = key;
        public int Index { get; } = index;
        public int InFlight;
        public readonly HashSet<string> Urls = new(StringComparer.Ordinal); // round only
        public readonly List<DateTime> Parked = []; // park stamps in use, oldest first (round only)
    }

    private sealed record PendingOutcome(ClaimedWebhook Webhook, WebhookOutcome Outcome, string? Answer, TaskCompletionSource Recorded);

    private readonly string _node = NodeName(options.Value.NodeId);
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly ConcurrentDictionary<string, Destination> _destinations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Destination> _byUrl = new(StringComparer.Ordinal);
    private readonly Channel<PendingOutcome> _outcomes = Channel.CreateUnbounded<PendingOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly Dictionary<long, (byte[]? Key, DateTime Until)> _secretCache = []; // round only
    private CancellationToken _stopping = CancellationToken.None;
    private Task? _recorder;
    private DateTime _nextLeaseRecovery, _nextExpiry, _nextOrphanSweep;
    private long _backlogRefreshed;
    private long _claimed, _parked, _recorded, _writes;
    private bool _onlyParked;

    public string NodeId => _node;

    /// <summary>
    /// What this node has done to the outbox so far (tests, diagnostics): rows claimed, rows parked (moved ahead while a
    /// circuit is open), outcomes recorded, and writer calls made by rounds and outcome batches.
    /// </summary>
    public (long Claimed, long Parked, long Recorded, long WriterCalls) Activity =>
        (Interlocked.Read(ref _claimed), Interlocked.Read(ref _parked), Interlocked.Read(ref _recorded), Interlocked.Read(ref _writes));

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
        EnsureRecorder();
        await BackgroundLoop.RunAsync(async ct =>
        {
            await RunRoundAsync(ct);
            // A round that only parked (every due webhook it read was for a destination held back by its circuit): the
            // next one waits a little, so a dead receiver's webhooks are parked in batches rather than one round per
            // enqueue (each webhook enqueued wakes the dispatcher).
            if (Volatile.Read(ref _onlyParked)) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100, o.PollMilliseconds)), time, ct);
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

    /// <summary>On shutdown: ends the loop, cancels the requests in flight, records what ended, then hands back this node's leases at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await Task.WhenAll(_inFlight.Values).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken); } catch (Exception) { }
        _outcomes.Writer.TryComplete();
        if (_recorder is { } recorder)
        {
            try { await recorder.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken); } catch (Exception) { }
        }
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
        EnsureRecorder();
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

    private Destination DestinationOf(string url)
    {
        if (_byUrl.TryGetValue(url, out var known)) return known;
        var key = WebhookCircuits.Destination(url);
        var d = _destinations.GetOrAdd(key, k => new Destination(k, _destinations.Count + 1));
        d.Urls.Add(url);
        if (_byUrl.Count < 100_000) _byUrl[url] = d;
        return d;
    }

    /// <summary>Requests a round may claim for <paramref name="d"/> now: its free slots, a half-open trial, or none.</summary>
    private int Capacity(Destination d, WebhookOptions o)
    {
        var allowance = circuits.Allowance(d.Key, o.MaxConcurrencyPerDestination);
        var inFlight = Volatile.Read(ref d.InFlight);
        return allowance == o.MaxConcurrencyPerDestination ? allowance - inFlight : inFlight == 0 ? allowance : 0;
    }

    /// <summary>Where <paramref name="d"/>'s due webhooks are parked now: a stamp of its own (a distinct microsecond), reused while far enough ahead.</summary>
    private static DateTime ParkStamp(Destination d, DateTime now, WebhookOptions o)
    {
        if (d.Parked.Count > 0 && d.Parked[^1] > now.AddSeconds(o.ParkSeconds / 2.0)) return d.Parked[^1];
        var until = now.AddSeconds(o.ParkSeconds);
        var stamp = new DateTime(until.Ticks - until.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc).AddTicks(10 * (1 + d.Index % 999));
        d.Parked.Add(stamp);
        return stamp;
    }

    private async Task<int> RoundAsync(WebhookOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var capacity = new Dictionary<Destination, int>();
        foreach (var d in _destinations.Values)
        {
            d.Parked.RemoveAll(stamp => stamp <= now); // due again anyway
            capacity[d] = Capacity(d, o);
        }
        // The rows read: a few times what the known destinations can take now, plus one destination's worth for those
        // not seen yet (a round never reads its whole backlog again and again); at most BatchSize.
        var scan = (int)Math.Min(o.BatchSize, 4L * (capacity.Values.Sum(c => (long)Math.Max(c, 0)) + o.MaxConcurrencyPerDestination));
        var recoverLeases = now >= _nextLeaseRecovery;
        if (recoverLeases) _nextLeaseRecovery = now.AddSeconds(Math.Max(1, o.LeaseSeconds / 4));
        var leaseUntil = now.AddSeconds(o.LeaseSeconds);
        var expire = now >= _nextExpiry;
        if (expire) _nextExpiry = now.AddSeconds(1);
        IReadOnlyList<long> orphans = [];
        if (now >= _nextOrphanSweep)
        {
            _nextOrphanSweep = now.AddSeconds(o.LeaseSeconds);
            orphans = await OrphansAsync(ct);
        }
        // Lazy (SmsWriter.WriteLazyAsync): a round's claims, expiry, recovered leases and (un)parking are redone by a later
        // round when a power failure loses them; a round runs after every dispatcher round that may have enqueued a delivery
        // report, and waiting for the disk here made every such group wait (issue 9: a third of the upstream drain's commits).
        var (expired, claimed, parked, smsRows) = await writer.WriteLazyAsync((c, t) =>
        {
            var expired = expire ? WebhookOutbox.ExpireDue(c, t, now, 10_000) : 0;
            if (recoverLeases) WebhookOutbox.RecoverLeases(c, t, now);
            foreach (var id in orphans) WebhookOutbox.PromoteOrphan(c, t, id, now);
            // Parked webhooks of a destination that may be sent to again come back, oldest first.
            foreach (var (d, free) in capacity)
            {
                if (free <= 0 || d.Parked.Count == 0) continue;
                var want = circuits.StateOf(d.Key) == CircuitState.Closed ? Math.Min(o.BatchSize, 4 * o.MaxConcurrencyPerDestination) : 1;
                for (var i = 0; i < d.Parked.Count && want > 0;)
                {
                    foreach (var url in d.Urls)
                    {
                        if (want > 0) want -= WebhookOutbox.Unpark(c, t, url, d.Parked[i], now, want);
                    }
                    if (want > 0) d.Parked.RemoveAt(i); // none left at this stamp
                    else i++;
                }
            }
            var claimed = new List<(ClaimedWebhook Webhook, Destination Destination)>();
            var parked = 0;
            foreach (var due in WebhookOutbox.Due(c, t, now, scan))
            {
                var d = DestinationOf(due.Url);
                if (!capacity.TryGetValue(d, out var free)) capacity[d] = free = Capacity(d, o);
                if (free > 0)
                {
                    if (WebhookOutbox.ClaimOne(c, t, _node, due.Id, leaseUntil) is { } webhook)
                    {
                        claimed.Add((webhook, d));
                        capacity[d] = free - 1;
                    }
                }
                else if (circuits.StateOf(d.Key) != CircuitState.Closed)
                {
                    parked += WebhookOutbox.Park(c, t, due.Id, ParkStamp(d, now, o));
                }
                // else: its destination's slots are taken: it stays due
            }
            // The SMS of SMS webhooks not rendered yet, read here by primary key (no second connection per round).
            var smsRows = SmsWebhookBodies.Read(c, t, claimed.Where(x => x.Webhook.Body is null && x.Webhook.SmsId is not null).Select(x => x.Webhook));
            return (expired, claimed, parked, smsRows);
        }, ct);
        Interlocked.Increment(ref _writes);
        Volatile.Write(ref _onlyParked, claimed.Count == 0 && parked > 0);
        Interlocked.Add(ref _claimed, claimed.Count);
        Interlocked.Add(ref _parked, parked);
        foreach (var (_, d) in claimed) Interlocked.Increment(ref d.InFlight);
        metrics.Expired(expired);
        if (expired > 0) Log.Expired(logger, expired);
        await RefreshBacklogAsync(ct);
        if (claimed.Count == 0) return 0;

        var keys = new Dictionary<long, byte[]?>();
        {
            // Secrets are kept decrypted for a minute (rounds are small and frequent): a deleted secret may sign that long.
            var secretIds = claimed.Where(w => w.Webhook.SecretId is not null).Select(w => w.Webhook.SecretId!.Value).Distinct().ToList();
            var missing = new List<long>();
            foreach (var sid in secretIds)
            {
                if (_secretCache.TryGetValue(sid, out var cached) && cached.Until > now) keys[sid] = cached.Key;
                else missing.Add(sid);
            }
            if (missing.Count > 0)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
                var stored = await db.ApiSecrets.AsNoTracking().Where(s => missing.Contains(s.Id)).ToListAsync(ct);
                foreach (var s in stored) keys[s.Id] = await secrets.UnprotectAsync(s.KeyId, s.Protected, ct);
                if (_secretCache.Count > 10_000) _secretCache.Clear();
                foreach (var sid in missing) _secretCache[sid] = (keys.GetValueOrDefault(sid), now.AddMinutes(1));
            }
        }
        foreach (var (webhook, d) in claimed)
        {
            byte[]? rendered = null;
            if (webhook.Body is null && webhook.SmsId is { } smsId)
            {
                if (smsRows.TryGetValue(smsId, out var sms)) rendered = SmsWebhookBodies.Render(webhook, sms);
            }
            if (webhook.Body is null && webhook.SmsId is not null && rendered is null)
            {
                Interlocked.Decrement(ref d.InFlight);
                Track(webhook.Id, RecordAsync(webhook, new WebhookOutcome(webhook.Id, WebhookResult.Failed, now, Error: "the SMS of this webhook no longer exists"), "gone"));
                continue;
            }
            var key = webhook.SecretId is { } sid && keys.TryGetValue(sid, out var k) ? k : null;
            Track(webhook.Id, SendAsync(webhook, d, rendered, key, o));
        }
        return claimed.Count;
    }

    /// <summary>
    /// Waiting webhooks nobody made due (<see cref="WebhookOutbox.Orphans"/>: on PostgreSQL with several nodes, one enqueued
    /// while its predecessor ended on another node), read on a connection of its own (not on the writer).
    /// </summary>
    private async Task<IReadOnlyList<long>> OrphansAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var orphans = WebhookOutbox.Orphans(connection, null, 1000);
        if (orphans.Count > 0) Log.Orphans(logger, orphans.Count);
        return orphans;
    }

    /// <summary>The backlog gauge, read at most every 5 s on a connection of its own (not on the writer).</summary>
    private async Task RefreshBacklogAsync(CancellationToken ct)
    {
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _backlogRefreshed)) < TimeSpan.FromSeconds(5)) return;
        Interlocked.Exchange(ref _backlogRefreshed, Stopwatch.GetTimestamp());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        metrics.Backlog(await db.WebhookOutbox.LongCountAsync(w => w.State == WebhookState.Pending || w.State == WebhookState.InFlight, ct));
    }

    private void Track(long id, Task task)
    {
        _inFlight[id] = task;
        _ = task.ContinueWith(_ => _inFlight.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task SendAsync(ClaimedWebhook webhook, Destination d, byte[]? rendered, byte[]? key, WebhookOptions o)
    {
        await Task.Yield();
        var slot = 1;
        // The slot is free as soon as the answer is in (not after the outcome's commit): the next round may use it.
        void FreeSlot()
        {
            if (Interlocked.Exchange(ref slot, 0) == 1)
            {
                Interlocked.Decrement(ref d.InFlight);
                signal.Wake();
            }
        }
        try
        {
            if (!circuits.TryEnter(d.Key, out var holdUntil))
            {
                FreeSlot();
                await RecordAsync(webhook, new WebhookOutcome(webhook.Id, WebhookResult.Released, holdUntil), null);
                return;
            }
            WebhookOutcome outcome;
            string answer;
            bool receiverDown;
            try
            {
                (outcome, answer, receiverDown) = await AttemptAsync(webhook, rendered, key, o);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                // Not the receiver's doing (a header the stored row cannot carry, say): retried on the back-off, logged.
                Log.SendFailed(logger, ex, webhook.Id);
                var next = time.GetUtcNow().UtcDateTime + RetryDelay(webhook.Attempts + 1, null, o);
                (outcome, answer, receiverDown) = (new WebhookOutcome(webhook.Id, next >= webhook.ExpiresAt ? WebhookResult.Expired : WebhookResult.Retry,
                    next, Error: "internal error: " + ex.GetType().Name), "internal", false);
            }
            if (answer is "stopping" or "internal") circuits.Abandon(d.Key);
            else circuits.Record(d.Key, receiverDown);
            FreeSlot();
            if (answer == "stopping") return; // the lease is handed back by StopAsync
            await RecordAsync(webhook, outcome, answer);
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
            FreeSlot();
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

    /// <summary>Queues an outcome for the next batch; completes once it is committed (or could not be: then the lease runs out and it is sent again).</summary>
    private Task RecordAsync(ClaimedWebhook webhook, WebhookOutcome outcome, string? answer)
    {
        var pending = new PendingOutcome(webhook, outcome, answer, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_outcomes.Writer.TryWrite(pending)) pending.Recorded.TrySetResult(); // stopping: the lease is handed back
        return pending.Recorded.Task;
    }

    private void EnsureRecorder()
    {
        if (Volatile.Read(ref _recorder) is not null) return;
        var started = new Task<Task>(RecordLoopAsync);
        if (Interlocked.CompareExchange(ref _recorder, started.Unwrap(), null) is null) started.Start(TaskScheduler.Default);
    }

    /// <summary>Records the outcomes that arrived since the last batch in one writer call, then wakes a round (successors may go).</summary>
    private async Task RecordLoopAsync()
    {
        var batch = new List<PendingOutcome>();
        var outcomes = new List<WebhookOutcome>();
        while (await _outcomes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            outcomes.Clear();
            while (batch.Count < 2000 && _outcomes.Reader.TryRead(out var next))
            {
                batch.Add(next);
                outcomes.Add(next.Outcome);
            }
            var now = time.GetUtcNow().UtcDateTime;
            try
            {
                await writer.WriteAsync((c, t) =>
                {
                    WebhookOutbox.Record(c, t, _node, now, outcomes);
                    return 0;
                });
                Interlocked.Increment(ref _writes);
                Interlocked.Add(ref _recorded, batch.Count);
                foreach (var p in batch)
                {
                    if (p.Answer is not null) metrics.Attempt(p.Outcome.Result, p.Answer);
                }
            }
            catch (Exception ex)
            {
                Log.RecordFailed(logger, ex, batch.Count);
            }
            foreach (var p in batch) p.Recorded.TrySetResult();
            signal.Wake(); // a successor of the same ordering key may go now
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3700, LogLevel.Error, "Webhook dispatcher round failed; next round in {Backoff}")]
        public static partial void RoundFailed(ILogger logger, Exception exception, TimeSpan backoff);

        [LoggerMessage(3701, LogLevel.Information, "{Count} webhooks expired")]
        public static partial void Expired(ILogger logger, int count);

        [LoggerMessage(3702, LogLevel.Warning, "Webhook {WebhookId} ended {Result} (status {Status}, {Answer})")]
        public static partial void GaveUp(ILogger logger, long webhookId, WebhookResult result, int? status, string answer);

        [LoggerMessage(3703, LogLevel.Error, "Sending webhook {WebhookId} failed unexpectedly; it is tried again later")]
        public static partial void SendFailed(ILogger logger, Exception exception, long webhookId);

        [LoggerMessage(3704, LogLevel.Information, "Stopping: released the leases of {Count} webhooks")]
        public static partial void LeasesReleased(ILogger logger, int count);

        [LoggerMessage(3705, LogLevel.Error, "Recording {Count} webhook outcomes failed; those webhooks are sent again when their leases run out")]
        public static partial void RecordFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(3706, LogLevel.Information, "{Count} waiting webhooks had no older pending webhook of their ordering key; they are due now")]
        public static partial void Orphans(ILogger logger, int count);
    }
}
