using Cellgate.Server.Features.Simulator;

namespace Cellgate.Server.Hosting;

/// <summary>The connectivity data plane (docs/connectivity.md): the data meter and the usage roller; its routes are mapped by the features.</summary>
public static class DataPlaneSetup
{
    public static IServiceCollection AddCellgateDataPlane(this IServiceCollection services)
    {
        services.AddHostedService<DataMeter>();
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UsageRoller>();
        services.AddSingleton<UsageFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageRoller>());
        return services;
    }
}
