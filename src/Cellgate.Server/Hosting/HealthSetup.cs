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
