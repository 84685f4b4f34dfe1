using Cellgate.Delivery;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Features.Sms;

namespace Cellgate.Server.Hosting;

public static class SmsSetup
{
    /// <summary>The SMS engine (group-commit writer, dispatcher) with the network simulator as its transport.</summary>
    public static IServiceCollection AddCellgateSms(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RetryScheduleSeconds.All(s => s > 0), "Cellgate:Delivery:RetryScheduleSeconds must all be positive.")
            .Validate(o => o.DefaultValidityHours <= o.MaxValidityHours, "Cellgate:Delivery:DefaultValidityHours must not exceed MaxValidityHours.")
            .ValidateOnStart();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<SmsWriter>();
        services.AddSingleton<SmsRoutes>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsWriter>());
        services.AddSingleton<DispatcherSignal>();
        services.AddSingleton<SmsDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsDispatcher>());
        services.AddSingleton<ISmsTransport, NetworkSimulator>();
        services.AddSingleton<SimulatorMo>();
        services.AddSingleton<SimulatorControl>();
        services.AddHostedService<SimulatorScheduler>();
        services.AddSingleton<SimulatorEchoes>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulatorEchoes>());
        services.AddOptions<HeavyReadOptions>().BindConfiguration(HeavyReadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HeavyReadGate>();
        return services;
    }

    public static RouteGroupBuilder MapSmsApi(this RouteGroupBuilder api)
    {
        api.MapSms();
        api.MapSmsQuota();
        return api;
    }
}
