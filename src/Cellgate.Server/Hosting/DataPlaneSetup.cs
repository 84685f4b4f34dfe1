using Cellgate.Server.Features.Simulator;

namespace Cellgate.Server.Hosting;

/// <summary>The connectivity data plane (docs/connectivity.md): the data meter; its routes are mapped by the features.</summary>
public static class DataPlaneSetup
{
    public static IServiceCollection AddCellgateDataPlane(this IServiceCollection services)
    {
        services.AddHostedService<DataMeter>();
        return services;
    }
}
