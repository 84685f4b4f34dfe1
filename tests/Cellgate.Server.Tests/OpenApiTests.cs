using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Cellgate.Server.Tests;

public sealed class OpenApiTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_document_parses_as_openapi_3_and_describes_every_api_route()
    {
        var response = await _app.CreateClient().GetAsync("/api/openapi.json");
        var text = await response.Content.ReadAsStringAsync();
        var (document, diagnostic) = OpenApiDocument.Parse(text, "json");
        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.StartsWith("3.", JsonDocument.Parse(text).RootElement.GetProperty("openapi").GetString());

        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1") || e.RoutePattern.RawText!.StartsWith("/api/simulator"))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Method: m)))
            .ToList();
        Assert.NotEmpty(routes);
        foreach (var (path, method) in routes)
        {
            Assert.True(document.Paths.TryGetValue(path, out var item), $"{path} missing from the OpenAPI document");
            Assert.Contains(item.Operations!.Keys, k => k.Method.Equals(method, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Schemas_are_snake_case_and_operations_require_the_bearer_scheme_except_authenticate()
    {
        var text = await (await _app.CreateClient().GetAsync("/api/openapi.json")).Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var auth = root.GetProperty("paths").GetProperty("/api/v1/authenticate").GetProperty("post");
        Assert.False(auth.TryGetProperty("security", out _));
        Assert.True(root.GetProperty("paths").GetProperty("/api/v1/user").GetProperty("get").TryGetProperty("security", out _));
        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("AuthenticateRequest").GetProperty("properties").TryGetProperty("application_token", out _));
        Assert.True(schemas.GetProperty("ApiError").GetProperty("properties").TryGetProperty("error_code", out _));
    }
}
