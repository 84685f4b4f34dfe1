using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Cellgate.Delivery;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>What a freshly started server does before <c>/readyz</c> reports ready. Section <c>Cellgate:Startup</c>.</summary>
public sealed class StartupOptions
{
    public const string Section = "Cellgate:Startup";

    /// <summary>
    /// Warm the hot paths up before <c>/readyz</c> answers 200 (<see cref="StartupWarmUp"/>): the runtime compiles the
    /// optimized code of the request pipeline, the SMS submit route and the group-commit writer then, instead of during
    /// the first seconds of load. Off: ready as soon as the database answers.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>The warm-up's requests at least; it goes on (in rounds) while they still make the runtime compile much.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int WarmUpRequests { get; set; } = 2000;

    /// <summary>The warm-up ends after this long whatever it reached (the server is ready then).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int WarmUpMaxSeconds { get; set; } = 20;
}

/// <summary>
/// A freshly started process runs precompiled (ReadyToRun) and quickly jitted code until each method has been called
/// 30 times; the runtime then compiles its optimized version on a background thread. Under load that is thousands of
/// methods, compiled on the same cores that serve the first requests (docs/benchmarks.md, "A fresh server"). This
/// service does that work before the server reports ready: once the web server listens, it sends requests over loopback
/// through the whole HTTP pipeline to the SMS submit route (a bearer token minted in memory for the operator
/// organisation's administrator, never sent anywhere else), refused by validation after all of it ran (an SMS
/// <c>pid</c> of 256: 400) or by the lookup of an endpoint that does not exist (404); on SQLite it runs the submit's
/// write in the group-commit writer and rolls it back (<see cref="SubmitRolledBackAsync"/>); then it waits until the
/// runtime has stopped compiling. No SMS, inbox entry, usage, webhook or event is stored; the requests show in the HTTP
/// metrics as 400/404 answers. <c>/readyz</c> answers 503 <c>Starting</c> meanwhile. The waits are real time (the
/// runtime's compilations are), not the injected clock.
/// </summary>
public sealed partial class StartupWarmUp(IServiceProvider services, IHostApplicationLifetime lifetime, IServer server, IOptions<StartupOptions> options,
    ILogger<StartupWarmUp> logger) : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the warm-up ended (or was off): <c>/readyz</c> may report ready.</summary>
    public bool Done => _done.Task.IsCompleted;

    /// <summary>Completes when the warm-up ended.</summary>
    public Task Completion => _done.Task;

    /// <summary>Tests: the warm-up begins only once this completed (a warm-up that is still running, held at will).</summary>
    internal Task StartGate { get; set; } = Task.CompletedTask;

    /// <summary>The warm-up's requests answered (tests: at least one went through the pipeline).</summary>
    public int Requests => _requests;

    private int _requests;
    private int _rounds;
    private int _rolledBack;

    /// <summary>The submit writes the warm-up ran and rolled back (tests: the write path was exercised).</summary>
    public int RolledBackWrites => _rolledBack;

    /// <summary>
    /// With the warm-up off, done before the host starts: .NET 10 runs <see cref="ExecuteAsync"/> on a thread of its own,
    /// so a <c>/readyz</c> right after the start could still find it not begun and answer 503 <c>Starting</c> (seen once in
    /// CI, OperationsTests on the PostgreSQL pass).
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUp) _done.TrySetResult();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            _done.TrySetResult();
            return;
        }
        try
        {
            // After the web server listens (ApplicationStarted): the requests go to its own address.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
                await started.Task;
            await StartGate.WaitAsync(stoppingToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(TimeSpan.FromSeconds(options.Value.WarmUpMaxSeconds));
            var watch = Stopwatch.StartNew();
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            await RunAsync(limit.Token);
            Log.Done(logger, watch.ElapsedMilliseconds, _rounds, _requests, System.Runtime.JitInfo.GetCompiledMethodCount() - jitted);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            Log.TimedOut(logger, options.Value.WarmUpMaxSeconds, _requests);
        }
        catch (Exception ex)
        {
            // A warm-up that cannot run leaves a server that is only slower for its first seconds: ready anyway.
            Log.Failed(logger, ex.GetType().Name, ex.Message);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var writer = services.GetRequiredService<SmsWriter>();
        var client = Client();
        using var dispose = client;
        var http = client;
        var (organisation, token, endpoints) = await CallerAsync(ct);
        if (token is not null && http is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else http = null;
        var writes = await PrepareRolledBackAsync(organisation, endpoints, ct);
        long? endpoint = endpoints.Count > 0 ? endpoints[0] : null;
        var target = options.Value.WarmUpRequests;
        const int Round = 256, Parallel = 8;
        // Rounds until the requests wanted were sent, and on (up to three times as many) while a round still makes the
        // runtime compile much: a method counts its calls only from 100 ms after the last start-up compilation, so the
        // first calls may not count. Then until the background compilations are done.
        for (var sent = 0; ; )
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => LoopAsync(http, writer, writes, endpoint, i, Round / Parallel, ct)));
            sent += Round;
            Interlocked.Exchange(ref _rounds, sent / Round);
            if (sent >= 3 * target || sent >= target && System.Runtime.JitInfo.GetCompiledMethodCount() - before < 100) break;
        }
        await QuietAsync(ct);
    }

    private async Task LoopAsync(HttpClient? http, SmsWriter writer, List<PreparedMt> writes, long? endpoint, int index, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            // Through the writer: the submit's write rolled back (SQLite), else an empty group typed as that write.
            if (i % 4 == 0)
            {
                if (writes.Count > 0) await SubmitRolledBackAsync(writer, writes, ct);
                else await writer.WriteAsync((c, t, _) => ValueTask.FromResult(Array.Empty<MtResult>()), null, ct);
            }
            if (http is null) continue;
            // Refused by validation after the whole of it ran (route lookup, source address, encoding and splitting):
            // pid 256 is out of range. Without an endpoint of the operator's, the lookup's 404.
            var target = endpoint is { } e && (i + index) % 8 != 0 ? e : long.MaxValue / 2;
            using var content = new StringContent($$"""{"source_address":"+4912345678","payload":"Cellgate warm-up {{i}}","pid":256}""",
                Encoding.UTF8, "application/json");
            using var response = await http.PostAsync($"/api/v1/endpoint/{target}/sms", content, ct);
            await response.Content.CopyToAsync(Stream.Null, ct);
            Interlocked.Increment(ref _requests);
        }
    }

    /// <summary>Until the runtime compiled no more than 2 methods in 500 ms (its background compilations are done).</summary>
    private static async Task QuietAsync(CancellationToken ct)
    {
        var last = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (true)
        {
            await Task.Delay(500, ct);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now - last <= 2) return;
            last = now;
        }
    }

    /// <summary>
    /// An HTTP client for the server's own first plain-HTTP address (not the metrics port), on loopback; null when it
    /// has none (the in-memory test server, HTTPS only).
    /// </summary>
    private HttpClient? Client()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var metricsPort = services.GetRequiredService<IOptions<MetricsOptions>>().Value is { Enabled: true, Port: { } p } ? p : -1;
        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.Port == 0 || uri.Port == metricsPort) continue;
            var host = uri.Host is "0.0.0.0" or "localhost" ? "127.0.0.1" : uri.Host == "[::]" ? "[::1]" : uri.Host;
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 8, UseProxy = false, AllowAutoRedirect = false };
            return new HttpClient(handler) { BaseAddress = new Uri($"http://{host}:{uri.Port}"), Timeout = TimeSpan.FromSeconds(10) };
        }
        return null;
    }

    /// <summary>
    /// A bearer token for the operator organisation's first active administrator (minted in memory; nothing stored) and
    /// one of that organisation's endpoints, if it has any.
    /// </summary>
    private async Task<(long Organisation, string? Token, List<long> Endpoints)> CallerAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var org = await db.Organisations.AsNoTracking().Where(o => o.Type == OrganisationType.Master).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.Name }).FirstOrDefaultAsync(ct);
        if (org is null) return (0, null, []);
        var endpoints = await db.Devices.AsNoTracking().Where(d => d.OrganisationId == org.Id && d.SimId != null).OrderBy(d => d.Id).Select(d => d.Id)
            .Take(16).ToListAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.OrganisationId == org.Id && u.Role == UserRole.Admin).OrderBy(u => u.Id)
            .Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        var token = user is null ? null : scope.ServiceProvider.GetRequiredService<TokenIssuer>().AuthToken(org.Id, org.Name, user, null);
        return (org.Id, token, endpoints);
    }

    /// <summary>
    /// SQLite: the SMS submit's write as it runs in the writer (quota and limits, the multi-row insert, delivery at submit
    /// to the simulator with its inbox and usage rows, the outcomes), for one MT to each of <paramref name="endpoints"/>,
    /// then rolled back (the writer rolls a failing write back to its savepoint; SQLite's AUTOINCREMENT counter with it):
    /// nothing stays, and what the write would do after its commit (wake-ups, metrics, echoes) never runs. Not on
    /// PostgreSQL, where a sequence is not rolled back (the ids would have gaps) and a failing write costs its group.
    /// </summary>
    private async Task<List<PreparedMt>> PrepareRolledBackAsync(long organisation, List<long> endpoints, CancellationToken ct)
    {
        var prepared = new List<PreparedMt>();
        if (services.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgreSql) return prepared;
        var routes = services.GetRequiredService<SmsRoutes>();
        var submission = services.GetRequiredService<MtSubmission>();
        foreach (var id in endpoints)
        {
            if (await routes.FindAsync(id, organisation, ct) is not { } route) continue;
            var mt = submission.Prepare(new MtRequest(organisation, route, MtChannel.Rest) { SourceAddress = "+4912345678", Payload = "Cellgate warm-up" }, out _);
            if (mt is not null) prepared.Add(mt);
        }
        return prepared;
    }

    private async Task SubmitRolledBackAsync(SmsWriter writer, List<PreparedMt> items, CancellationToken ct)
    {
        var submission = services.GetRequiredService<MtSubmission>();
        try
        {
            await writer.WriteAsync<MtResult[]>(async (c, t, wct) =>
            {
                await submission.InsertManyAsync(c, t, items, new MtWrite(), wct);
                throw new RolledBack();
            }, () => items.Select(i => i.Sms.DeviceId), ct);
        }
        catch (RolledBack)
        {
            Interlocked.Increment(ref _rolledBack);
        }
    }

    private sealed class RolledBack() : Exception("The warm-up's write, rolled back on purpose.");

    private static partial class Log
    {
        [LoggerMessage(3420, LogLevel.Debug, "Warm-up done in {Milliseconds} ms: {Rounds} rounds, {Requests} requests answered, {Methods} methods compiled")]
        public static partial void Done(ILogger logger, long milliseconds, int rounds, int requests, long methods);

        [LoggerMessage(3421, LogLevel.Information, "The start-up warm-up did not end within {Seconds} s ({Requests} requests); the server reports ready anyway")]
        public static partial void TimedOut(ILogger logger, int seconds, int requests);

        [LoggerMessage(3422, LogLevel.Warning, "The start-up warm-up failed ({Error}: {Message}); the server reports ready anyway, only slower for its first seconds of load")]
        public static partial void Failed(ILogger logger, string error, string message);
    }
}
