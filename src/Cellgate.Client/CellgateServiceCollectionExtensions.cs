using Cellgate.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="CellgateClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class CellgateServiceCollectionExtensions
{
    /// <summary>
    /// Registers a transient <see cref="CellgateClient"/> over a named HttpClient from <c>IHttpClientFactory</c>
    /// (name <c>Cellgate.Client</c>). Every client shares one auth-token cache, so the application authenticates once
    /// per token lifetime. Returns the HttpClient builder, for handlers and resilience.
    /// </summary>
    public static IHttpClientBuilder AddCellgateClient(this IServiceCollection services, Action<CellgateClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CellgateClientOptions>().Configure(configure);
        services.AddSingleton<TokenCache>();
        services.AddTransient(sp => new CellgateClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<CellgateClientOptions>>().Value,
            sp.GetService<ILogger<CellgateClient>>(),
            sp.GetRequiredService<TokenCache>()));
        return services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            if (sp.GetRequiredService<IOptions<CellgateClientOptions>>().Value.BaseAddress is { } baseAddress) http.BaseAddress = baseAddress;
        });
    }

    /// <summary>The name of the HttpClient <see cref="AddCellgateClient"/> registers.</summary>
    public const string HttpClientName = "Cellgate.Client";
}
