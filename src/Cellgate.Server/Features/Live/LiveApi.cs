using System.Globalization;
using System.Security.Claims;
using System.Text;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Live;

/// <summary>
/// <c>GET /api/v1/live</c>: a Server-Sent Events stream of what changed in the caller's organisation (a Cellgate
/// addition; EMnify has no such route). Authenticated like every call, by the bearer token in the
/// <c>Authorization</c> header (the portal reads it with <c>fetch</c>, which can send the header; <c>EventSource</c>
/// cannot, and a token in the URL would end up in logs). Events carry ids only:
/// <code>
/// event: sms
/// data: {"endpoint_id":42}
/// </code>
/// Kinds: <c>ready</c> (connected), <c>sms</c> (an SMS of the endpoint was submitted, cancelled, delivered, failed,
/// buffered, or an MO arrived), <c>device</c> (the endpoint changed or was created/deleted; no id: the device list),
/// <c>handset</c> (its simulated handset changed), <c>reset</c> (changes were dropped for a slow reader: reload
/// everything), <c>end</c> (the stream ends: the token expires or the server stops; open a new one).
/// </summary>
public static partial class LiveApi
{
    public const string Path = "/live";
    public const string ContentType = "text/event-stream";

    public static IServiceCollection AddCellgateLive(this IServiceCollection services)
    {
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<DispatcherOutcomes>();
        DispatcherOutcomes.DecorateTransports(services);
        return services;
    }

    public static RouteGroupBuilder MapLive(this RouteGroupBuilder api)
    {
        api.MapGet(Path, StreamAsync).WithTags("Live updates (Cellgate)")
            .WithSummary("Server-Sent Events: ids of what changes in your organisation (sms, device, handset), for live screens; see docs/portal.md")
            .WithDescription("A Cellgate addition. Send the bearer token in the Authorization header. The stream ends when the token expires "
                + "(event `end`); open a new one. Events carry ids only; read the objects with the ordinary API.")
            .Produces<string>(StatusCodes.Status200OK, ContentType)
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests);
        return api;
    }

    /// <summary>Publishes the change a successful write on an endpoint (or on its handset) makes, once the response is sent.</summary>
    public static TBuilder PublishesLiveChanges<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return result;
            if (http.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern } || pattern.RawText is not { } raw) return result;
            var feed = http.RequestServices.GetRequiredService<LiveFeed>();
            if (http.User is not CellgatePrincipal && http.User.FindFirst(CellgateClaims.Organisation) is null) return result;
            var org = http.User.OrganisationId();
            if (!feed.IsWatched(org)) return result;
            LiveChange? change = null;
            var path = raw.TrimEnd('/');
            if (path == "/api/v1/endpoint") change = new LiveChange("device");
            else if ((path.StartsWith("/api/v1/endpoint/{", StringComparison.Ordinal) || path.StartsWith("/api/simulator/devices/{", StringComparison.Ordinal))
                     && pattern.Parameters.Count > 0
                     && long.TryParse(http.Request.RouteValues[pattern.Parameters[0].Name] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                var kind = path.Contains("/sms", StringComparison.Ordinal) || path.EndsWith("/mo", StringComparison.Ordinal) ? "sms"
                    : path.StartsWith("/api/simulator", StringComparison.Ordinal) ? "handset" : "device";
                change = new LiveChange(kind, id);
            }
            if (change is not null)
                http.Response.OnCompleted(() =>
                {
                    if (http.Response.StatusCode is >= 200 and < 300) feed.Publish(org, change);
                    return Task.CompletedTask;
                });
            return result;
        });

    internal static async Task<IResult> StreamAsync(HttpContext http, ClaimsPrincipal caller, LiveFeed feed, IOptions<LiveOptions> options,
        TimeProvider time, IHostApplicationLifetime lifetime, ILogger<LiveFeed> logger)
    {
        var o = options.Value;
        var org = caller.OrganisationId();
        var subscription = feed.TrySubscribe(org);
        if (subscription is null)
        {
            Log.Refused(logger, org, feed.Connections);
            http.Response.Headers.RetryAfter = o.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ApiErrors.Result(StatusCodes.Status429TooManyRequests, ApiErrors.TooManyRequestsError(
                $"Too many live streams open for your organisation or on this server; retry in {o.RetryAfterSeconds} s."));
        }
        using var _ = subscription;
        var now = time.GetUtcNow();
        var end = now.AddMinutes(o.MaxStreamMinutes);
        if (caller.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) is var expires && expires < end)
            end = expires;

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ContentType;
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each event on at once
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var body = http.Response.Body;
        var heartbeat = TimeSpan.FromSeconds(o.HeartbeatSeconds);
        Log.Opened(logger, org, feed.Connections);
        try
        {
            await WriteAsync(body, "retry: 3000\nevent: ready\ndata: {}\n\n", stop.Token);
            while (true)
            {
                var left = end - time.GetUtcNow();
                if (left <= TimeSpan.Zero) break;
                using var wait = new CancellationTokenSource(left < heartbeat ? left : heartbeat, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, stop.Token);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(linked.Token)) break;
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await WriteAsync(body, ": keep-alive\n\n", stop.Token);
                    continue;
                }
                var text = new StringBuilder();
                if (subscription.TakeOverflow()) text.Append("event: reset\ndata: {}\n\n");
                while (subscription.Reader.TryRead(out var change)) Append(text, change);
                await WriteAsync(body, text.ToString(), stop.Token);
            }
            if (!stop.IsCancellationRequested) await WriteAsync(body, "event: end\ndata: {\"reason\":\"expired\"}\n\n", stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the client went away, or the server stops: tell the client if it can still hear
            if (!http.RequestAborted.IsCancellationRequested)
            {
                try { await WriteAsync(body, "event: end\ndata: {\"reason\":\"stopping\"}\n\n", http.RequestAborted); }
                catch (Exception e) when (e is IOException or OperationCanceledException) { }
            }
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        Log.Closed(logger, org);
        return Results.Empty;
    }

    private static void Append(StringBuilder text, LiveChange change)
    {
        var inv = CultureInfo.InvariantCulture;
        text.Append("event: ").Append(change.Kind).Append("\ndata: {");
        if (change.EndpointId is { } e) text.Append("\"endpoint_id\":").Append(e.ToString(inv));
        if (change.SmsId is { } s) text.Append(change.EndpointId is null ? "" : ",").Append("\"sms_id\":").Append(s.ToString(inv));
        text.Append("}\n\n");
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await body.FlushAsync(ct);
    }

    private static partial class Log
    {
        [LoggerMessage(3600, LogLevel.Debug, "Live stream opened for organisation {OrganisationId} ({Connections} open on this node)")]
        public static partial void Opened(ILogger logger, long organisationId, int connections);

        [LoggerMessage(3601, LogLevel.Debug, "Live stream of organisation {OrganisationId} closed")]
        public static partial void Closed(ILogger logger, long organisationId);

        [LoggerMessage(3602, LogLevel.Warning, "Live stream refused for organisation {OrganisationId}: limit reached ({Connections} open on this node)")]
        public static partial void Refused(ILogger logger, long organisationId, int connections);
    }
}
