using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Server;

public static class SmppServerSetup
{
    /// <summary>The SMPP server for customer ESMEs (<c>Cellgate:Smpp</c>): listener, bind checks, submit path, deliver_sm queue, metrics.</summary>
    public static IServiceCollection AddSmppServer(this IServiceCollection services)
    {
        services.AddOptions<SmppServerOptions>().BindConfiguration(SmppServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SmppSessions>();
        services.AddSingleton<SmppMetrics>();
        services.AddSingleton<SmppServer>();
        services.AddSingleton<SmppOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<SmppOutbox>());
        services.AddSingleton<SmppListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SmppListener>());
        return services;
    }

    /// <summary>The SMPP accounts API under <c>/api/v1</c>.</summary>
    public static RouteGroupBuilder MapSmppServer(this RouteGroupBuilder api)
    {
        api.MapSmppAccounts();
        return api;
    }
}
