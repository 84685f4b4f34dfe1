using Cellgate.Server.Features.Webhooks;
using Cellgate.Server.Api;
using Cellgate.Server.Features.ApplicationTokens;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.DataStreams;
using Cellgate.Server.Features.Live;
using Cellgate.Server.Features.Organisations;
using Cellgate.Server.Features.Portal;
using Cellgate.Server.Features.Smpp.Upstream;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Features.Smpp.Server;
using Cellgate.Server.Features.Tags;
using Cellgate.Server.Features.Users;

namespace Cellgate.Server.Hosting;

public static class ApiSetup
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Every service of the server; Program.cs calls this and <see cref="UseCellgate"/>.</summary>
    public static WebApplicationBuilder AddCellgate(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Services.AddSingleton(TimeProvider.System);
        // Defaults that hold without appsettings.json (e.g. when started from another folder): no SQL at Information.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // "Hosting failed to start" (an Error with the stack trace): Program prints the one-line reason instead
        // (StartupErrors). A background service that stops the host is still logged, at Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddApiConventions();
        builder.Services.AddCellgateCompression();
        builder.Services.AddCellgateStorage();
        builder.Services.AddCellgateAuth();
        builder.Services.AddCellgateBootstrap();
        builder.Services.AddCellgateResources();
        builder.Services.AddCellgateSms();
        builder.Services.AddSmppServer();
        builder.Services.AddSmppUpstreams(builder.Configuration);
        builder.Services.AddCellgateWebhooks();
        builder.Services.AddCellgateDataStreams();
        builder.Services.AddCellgateDataPlane();
        builder.Services.AddCellgateOpenApi();
        builder.AddCellgateTelemetry();
        builder.Services.AddCellgatePortal();
        builder.Services.AddCellgateLive(); // last: it wraps the SMS transports registered before it
        return builder;
    }

    public static WebApplication UseCellgate(this WebApplication app)
    {
        app.UseMetricsPort();
        app.UseApiHeaders();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseApiStatusCodes();
        app.UseDatabaseWriteGate(); // 503 for writes on /api while the database is unreachable
        app.UseApiReference();
        app.UseRouting();
        app.UseAuthentication();
        app.UseBearerMetrics();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseJsonBodyChecks();

        app.MapHealth();
        app.MapMetrics();
        app.MapCellgateOpenApi();
        // Every API operation, including ones added later, takes only canonical integer ids in its path.
        var root = app.MapGroup("").RequireCanonicalIds();
        root.MapAuthenticate();
        var api = root.MapGroup("/api/v1").RequireAuthorization(AuthSetup.ApiPolicy).WithApiErrorResponses().PublishesLiveChanges();
        api.MapApplicationTokens();
        api.MapOrganisations();
        api.MapUsers();
        api.MapResources();
        api.MapSmsApi();
        api.MapSmppServer();
        api.MapWebhooks();
        root.MapGroup("/api/v2").RequireAuthorization(AuthSetup.ApiPolicy).WithApiErrorResponses().MapDataStreams();
        root.MapSimulator().MapSimulatorData().PublishesLiveChanges();
        root.MapDemoWebhookReceiver();
        root.MapTags();
        api.MapLive();
        app.MapPortal();
        return app;
    }
}
