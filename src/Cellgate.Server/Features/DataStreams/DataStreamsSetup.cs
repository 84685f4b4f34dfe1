namespace Cellgate.Server.Features.DataStreams;

public static class DataStreamsSetup
{
    /// <summary>After AddCellgateWebhooks (the outbox's signal and options): the stream directory, the capture (EF interceptor and raw-SQL hook) and the pump into the webhook outbox.</summary>
    public static IServiceCollection AddCellgateDataStreams(this IServiceCollection services)
    {
        services.AddSingleton<DataStreamDirectory>();
        services.AddSingleton<DataStreamCapture>();
        services.AddSingleton<DataStreamCaptureInterceptor>();
        services.AddSingleton<DataStreamPump>();
        services.AddHostedService(sp => sp.GetRequiredService<DataStreamPump>());
        return services;
    }
}
