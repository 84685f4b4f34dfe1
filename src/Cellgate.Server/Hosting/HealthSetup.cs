using System.ComponentModel.DataAnnotations;
using Cellgate.Server.Api;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cellgate.Server.Hosting;

/// <summary>The background database check behind <c>/readyz</c> and the write gate. Section <c>Cellgate:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Cellgate:Health";

    /// <summary>How often the database is checked (one <c>SELECT 1</c> on the monitor's own connection).</summary>
    [Range(100, 60_000)]
    public int DatabaseCheckMilliseconds { get; set; } = 1000;

    /// <summary>A check that has not answered within this counts as failed (the database is unreachable).</summary>
    [Range(1, 60)]
    public int DatabaseTimeoutSeconds { get; set; } = 3;

    /// <summary>
    /// While the last check failed, <c>POST</c>/<c>PATCH</c>/<c>PUT</c>/<c>DELETE</c> on <c>/api</c> are answered 503
    /// <c>1503 ServiceUnavailable</c> with <c>Retry-After</c> at once, instead of waiting for the database.
    /// </summary>
    public bool RefuseWritesWhenDatabaseDown { get; set; } = true;

    public TimeSpan CheckInterval => TimeSpan.FromMilliseconds(DatabaseCheckMilliseconds);
}

public static class HealthSetup
{
    /// <summary>
    /// <c>/healthz</c>: the process answers (<c>{"status": "Healthy"}</c>). <c>/readyz</c>: the last background database
    /// check, the writer's backlog and the dispatcher's liveness (<see cref="OperationsMonitor"/>; docs/operations.md).
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        var monitor = app.Services.GetRequiredService<OperationsMonitor>();
        app.MapGet("/readyz", monitor.WriteReadinessAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// While the monitor's last database check failed, a write on <c>/api</c> is answered 503 <c>1503
    /// ServiceUnavailable</c> with <c>Retry-After</c> without touching the database (it would hang on a connect timeout
    /// or fail half-way); reads go on and fail on their own (also 503: <see cref="DatabaseErrors"/>). The node lets
    /// writes in again after the first check that succeeds: no restart.
    /// </summary>
    public static IApplicationBuilder UseDatabaseWriteGate(this IApplicationBuilder app)
    {
        var monitor = app.ApplicationServices.GetRequiredService<OperationsMonitor>();
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthOptions>>().Value;
        if (!options.RefuseWritesWhenDatabaseDown) return app;
        return app.Use((context, next) =>
        {
            if (monitor.DatabaseAvailable || !IsApiWrite(context.Request)) return next(context);
            return ApiErrors.DatabaseUnavailable(context, options.CheckInterval).ExecuteAsync(context);
        });
    }

    private static bool IsApiWrite(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method));

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
