using Cellgate.Server.Features.Connectivity;
using Cellgate.Server.Features.Devices;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.IpAddressSpaces;
using Cellgate.Server.Features.Lookups;
using Cellgate.Server.Features.Profiles;
using Cellgate.Server.Features.Sims;

namespace Cellgate.Server.Hosting;

/// <summary>Endpoints (devices), SIMs, profiles, IP address spaces, events, lookups, operators and the demo data.</summary>
public static class ResourcesSetup
{
    public static IServiceCollection AddCellgateResources(this IServiceCollection services)
    {
        services.AddSingleton<EventIdSequence>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<DeviceWriteGate>();
        services.AddSingleton<DevicePages>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapResources(this RouteGroupBuilder api)
    {
        api.MapDevices();
        api.MapConnectivity();
        api.MapStats();
        api.MapDataQuota();
        api.MapTrafficLimits();
        api.MapSmsLimits();
        api.MapInclusiveVolumes();
        api.MapSims();
        api.MapSimBatches();
        api.MapServiceProfiles();
        api.MapTariffProfiles();
        api.MapIpAddressSpaces();
        api.MapEvents();
        api.MapSubjectEvents();
        api.MapLookups();
        api.MapOperators();
        return api;
    }
}
