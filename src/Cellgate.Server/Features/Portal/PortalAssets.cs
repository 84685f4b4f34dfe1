using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Cellgate.Server.Features.Portal;

/// <summary>
/// The portal's built files (src/Cellgate.Portal, built by Vite into wwwroot/portal and embedded in the server as
/// <c>portal/…</c> resources), read once into memory with the Brotli and gzip copies the build made beside them.
/// </summary>
public sealed class PortalAssets
{
    private const string Prefix = "portal/";

    public sealed record Asset(string Path, string ContentType, byte[] Identity, byte[]? Brotli, byte[]? Gzip, string ETag);

    private readonly FrozenDictionary<string, Asset> _assets;

    public PortalAssets() : this(typeof(PortalAssets).Assembly) { }

    internal PortalAssets(Assembly assembly)
    {
        var raw = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[Prefix.Length..], n => Read(assembly, n), StringComparer.Ordinal);
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (path, bytes) in raw)
        {
            if (path.EndsWith(".br", StringComparison.Ordinal) || path.EndsWith(".gz", StringComparison.Ordinal)) continue;
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..20] + "\"";
            assets["/" + path] = new Asset("/" + path, ContentTypeOf(path), bytes,
                raw.GetValueOrDefault(path + ".br"), raw.GetValueOrDefault(path + ".gz"), etag);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether the build was embedded (a clone whose wwwroot/portal is missing serves a hint instead).</summary>
    public bool HasIndex => _assets.ContainsKey("/index.html");

    public Asset? Find(string path) => _assets.GetValueOrDefault(path);

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
}
