
namespace Cellgate.Server.Features.Portal;

/// <summary>
/// Serves the portal at <c>/</c> (index.html, never cached) and <c>/portal/assets/…</c> (content-hashed names,
/// cached for a year, Brotli or gzip when the client accepts it). The portal itself only calls the public API.
/// </summary>
public static class PortalEndpoints
{
    private static readonly string[] GetHead = [HttpMethods.Get, HttpMethods.Head];
    private const string Immutable = "public, max-age=31536000, immutable";

    public static IServiceCollection AddCellgatePortal(this IServiceCollection services) =>
        services.AddSingleton<PortalAssets>();

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", GetHead, (HttpContext http, PortalAssets assets) => Serve(http, assets, "/index.html", "no-cache"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/portal/{**path}", GetHead, (HttpContext http, PortalAssets assets, string path) =>
                Serve(http, assets, "/" + path, path.StartsWith("assets/", StringComparison.Ordinal) ? Immutable : "no-cache"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, PortalAssets assets, string path, string cacheControl)
    {
        if (assets.Find(path) is not { } asset)
        {
            if (path == "/index.html")
                return Results.Text("The portal was not built into this server: run `npm ci && npm run build` in src/Cellgate.Portal, then rebuild the server. The API reference is at /api/doc.", "text/plain", statusCode: 404);
            return Results.NotFound();
        }
        var headers = http.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.ETag = asset.ETag;
        headers.Vary = "Accept-Encoding";
        // The portal loads nothing from anywhere else; the CSP makes that a rule the browser enforces.
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' data:; frame-ancestors 'none'";
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);

        var accept = http.Request.Headers.AcceptEncoding.ToString();
        byte[] body = asset.Identity;
        if (asset.Brotli is { } br && accept.Contains("br", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "br";
            body = br;
        }
        else if (asset.Gzip is { } gz && accept.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            body = gz;
        }
        return Results.Bytes(body, asset.ContentType);
    }
}
