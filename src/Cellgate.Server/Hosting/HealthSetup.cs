using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cellgate.Server.Hosting;

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
