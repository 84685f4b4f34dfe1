using Cellgate.Delivery;
using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

public static class WebhooksSetup
{
    /// <summary>The webhook outbox's dispatcher, its HTTP client (SSRF guard, no redirects, pooled connections), secrets, circuits, metrics.</summary>
    public static IServiceCollection AddCellgateWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.LeaseSeconds >= 3 * o.RequestTimeoutSeconds, "Cellgate:Webhooks:LeaseSeconds must be at least 3 × RequestTimeoutSeconds (a request and its wait for a free slot end before the lease).")
            .Validate(o => o.FirstRetryDelaySeconds <= o.MaxRetryDelaySeconds, "Cellgate:Webhooks:FirstRetryDelaySeconds must not exceed MaxRetryDelaySeconds.")
            .Validate(o => o.AllowedTargets.All(t => WebhookTargets.Invalid(t) is null),
                "Cellgate:Webhooks:AllowedTargets entries must be a host, host:port or CIDR network (e.g. 127.0.0.1, localhost:8080, 10.0.0.0/8).")
            .Validate(o => string.IsNullOrEmpty(o.SecretKey) || IsKey(o.SecretKey), "Cellgate:Webhooks:SecretKey must be base64 of 32 bytes.")
            .ValidateOnStart();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookCircuits>();
        services.AddSingleton<WebhookMetrics>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false, // a proxy would connect on our behalf, past the SSRF guard
                    MaxConnectionsPerServer = o.MaxConcurrencyPerDestination,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                    ConnectTimeout = TimeSpan.FromSeconds(o.RequestTimeoutSeconds),
                };
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan) // one pool; PooledConnectionLifetime renews connections (DNS changes)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // the dispatcher times each attempt itself
            .RemoveAllLoggers(); // the request log line would carry the customer's URL
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }

    private static bool IsKey(string base64)
    {
        var bytes = new byte[64];
        return Convert.TryFromBase64String(base64, bytes, out var n) && n == 32;
    }

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        api.MapApiCallbacks();
        api.MapWebhookDeliveries();
        return api;
    }
}
