using Cellgate.Server.Api;
using Cellgate.Server.Features.ApplicationTokens;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Organisations;
using Cellgate.Server.Features.Portal;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Features.Users;

namespace Cellgate.Server.Hosting;

public static class ApiSetup
{
    /// <summary>Every service of the server; Program.cs calls this and <see cref="UseCellgate"/>.</summary>
    public static WebApplicationBuilder AddCellgate(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        builder.Services.AddSingleton(TimeProvider.System);
        // Defaults that hold without appsettings.json (e.g. when started from another folder): no SQL at Information.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddApiConventions();
        builder.Services.AddCellgateStorage();
        builder.Services.AddCellgateAuth();
        builder.Services.AddCellgateBootstrap();
        builder.Services.AddCellgateResources();
        builder.Services.AddCellgateSms();
        builder.Services.AddCellgateOpenApi();
        builder.Services.AddCellgatePortal();
        return builder;
    }

    public static WebApplication UseCellgate(this WebApplication app)
    {
        app.UseApiHeaders();
        app.UseExceptionHandler();
        app.UseApiStatusCodes();
        app.UseApiReference();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealth();
        app.MapCellgateOpenApi();
        app.MapAuthenticate();
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthSetup.ApiPolicy).WithApiErrorResponses();
        api.MapApplicationTokens();
        api.MapOrganisations();
        api.MapUsers();
        api.MapResources();
        api.MapSmsApi();
        app.MapSimulator();
        app.MapPortal();
        return app;
    }
}
