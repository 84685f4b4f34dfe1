using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>Marks an operation whose response carries a secret (a token): it is never compressed (BREACH).</summary>
public sealed class CarriesSecretsAttribute : Attribute;

/// <summary>
/// gzip and Brotli for JSON when the client asks (<c>Accept-Encoding</c>), over HTTP and HTTPS alike, except responses
/// marked <see cref="CarriesSecretsAttribute"/>: a response that holds a secret next to anything an attacker can influence
/// must not be compressed (BREACH), and a TLS proxy in front means plain HTTP here is no reason to relax. See
/// docs/api-conventions.md.
/// </summary>
public static class CompressionSetup
{
    public static IServiceCollection AddCellgateCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<IResponseCompressionProvider, SecretAwareCompressionProvider>();
        return services;
    }

    public static TBuilder CarriesSecrets<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CarriesSecretsAttribute());

    private sealed class SecretAwareCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            context.GetEndpoint()?.Metadata.GetMetadata<CarriesSecretsAttribute>() is null && base.ShouldCompressResponse(context);
    }
}
