using Cellgate.Delivery;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Features.Sms;
using Cellgate.Server.Features.Smpp.Upstream;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

public static class SmsSetup
{
    /// <summary>
    /// The SMS engine (group-commit writer, dispatcher, router, receipts, MO intake) with the network simulator
    /// registered as the transport <c>simulator</c> (the default route). Further transports: <see cref="SmsTransports.AddSmsTransport{T}"/>.
    /// </summary>
    public static IServiceCollection AddCellgateSms(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RetryScheduleSeconds.All(s => s > 0), "Cellgate:Delivery:RetryScheduleSeconds must all be positive.")
            .Validate(o => o.DefaultValidityHours <= o.MaxValidityHours, "Cellgate:Delivery:DefaultValidityHours must not exceed MaxValidityHours.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, RetryTableValidation>();
        services.AddOptions<SmsRoutingOptions>().BindConfiguration(SmsRoutingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsRoutingOptions>, SmsRoutingValidation>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<SmsWriter>();
        services.AddSingleton<SmsRoutes>();
        services.AddSingleton<SmsRouteVersion>(); // SmsRoutes' cache; moved by SmsRouteVersionInterceptor (StorageSetup)
        services.AddSingleton<SmsRouteVersionInterceptor>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsWriter>());
        services.AddSingleton<DispatcherSignal>();
        services.AddSingleton<SmsDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsDispatcher>());
        services.AddSingleton<SmsRouter>();
        services.AddSingleton<SmsReceipts>();
        services.AddSingleton<NetworkSimulator>();
        services.AddSmsTransport(SmsTransports.Simulator, sp => sp.GetRequiredService<NetworkSimulator>());
        services.AddSingleton<MoIntake>();
        services.AddSingleton<MtSubmission>();
        services.AddSingleton<SimulatorMo>();
        services.AddSingleton<SimulatorControl>();
        services.AddHostedService<SimulatorScheduler>();
        services.AddSingleton<SimulatorEchoes>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulatorEchoes>());
        services.AddOptions<HeavyReadOptions>().BindConfiguration(HeavyReadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HeavyReadGate>();
        services.AddOptions<SmsByDeviceOptions>().BindConfiguration(SmsByDeviceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<SmsByDeviceIndexer>();
        return services;
    }

    public static RouteGroupBuilder MapSmsApi(this RouteGroupBuilder api)
    {
        api.MapSms();
        api.MapSmsQuota();
        api.MapSmppUpstreams();
        api.MapSmsStats();
        return api;
    }
}

/// <summary>The retry table's start-up check (<see cref="RetryPolicy.Validate"/>): one line naming the bad row.</summary>
internal sealed class RetryTableValidation : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options) =>
        RetryPolicy.Validate(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
