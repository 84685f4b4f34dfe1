namespace Cellgate.Server.Api;

/// <summary>Absolute <c>Location</c> URLs ending in the new id, as clients split them (reference §1.5).</summary>
public static class ApiLocation
{
    public static string For(HttpContext http, string path) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";
}
