using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cellgate.Server.Hosting;

public static class HealthSetup
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers too. Both answer <c>{"status": "..."}</c>.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// <c>Cellgate.Server healthcheck [url]</c>: exit 0 when the URL (default /readyz on port 8080) answers 2xx, else 1.
    /// The container's HEALTHCHECK runs it, as the runtime image has no curl.
    /// </summary>
    public static async Task<int> ProbeAsync(string? url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url ?? "http://127.0.0.1:8080/readyz");
            Console.Out.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"unhealthy: {e.Message}");
            return 1;
        }
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(report.Status switch
        {
            HealthStatus.Healthy => """{"status":"Healthy"}""",
            HealthStatus.Degraded => """{"status":"Degraded"}""",
            _ => """{"status":"Unhealthy"}""",
        });
    }
}
