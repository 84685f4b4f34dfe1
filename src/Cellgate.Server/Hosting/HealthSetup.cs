using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cellgate.Server.Hosting;

public static class HealthSetup
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers too.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
