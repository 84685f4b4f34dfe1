using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cellgate.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Cellgate.Server.Tests;

[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)]
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
        // One empty requirement: "no authentication", stated explicitly.
        Assert.Equal("[{}]", string.Concat(auth.GetProperty("security").GetRawText().Where(c => !char.IsWhiteSpace(c))));
        Assert.True(root.GetProperty("paths").GetProperty("/api/v1/user").GetProperty("get").TryGetProperty("security", out _));
        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("AuthenticateRequest").GetProperty("properties").TryGetProperty("application_token", out _));
        Assert.True(schemas.GetProperty("ApiError").GetProperty("properties").TryGetProperty("error_code", out _));
    }

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await _app.CreateClient().GetStringAsync("/api/openapi.json"))!.AsObject();

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where op.Key is "get" or "put" or "post" or "delete" or "patch"
        select (op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject());

    [Fact]
    public async Task Every_operation_that_emnify_also_has_carries_emnifys_operation_id()
    {
        var emnify = EmnifySpec.Operations.ToDictionary(o => o.Key);
        var shared = 0;
        foreach (var (method, path, op) in Operations(await DocumentAsync()))
        {
            if (!emnify.TryGetValue(EmnifySpec.Key(method, path), out var theirs)) continue;
            shared++;
            Assert.True(theirs.OperationId == (string?)op["operationId"],
                $"{method} {path} has operationId '{op["operationId"]}', EMnify's document says '{theirs.OperationId}' ({theirs.Method} {theirs.Path})");
        }
        Assert.True(shared >= 50, $"only {shared} operations matched EMnify's document: is the path normalisation broken?");
    }

    [Fact]
    public async Task Cellgate_only_operations_get_unique_ids_in_emnifys_style()
    {
        var document = await DocumentAsync();
        var ids = Operations(document).Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", id!));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("simulator-devices-attach-by-id-post",
            (string?)document["paths"]!["/api/simulator/devices/{id}/attach"]!["post"]!["operationId"]);
    }

    /// <summary>The server's embedded table of EMnify's ids is generated from EMnify's document: this test regenerates it.</summary>
    [Fact]
    public void The_embedded_operation_id_table_is_generated_from_emnifys_document()
    {
        var text = new StringBuilder()
            .Append("# EMnify's operation ids, generated from tests/Cellgate.Server.Tests/Fixtures/emnify/openapi.yml by OpenApiTests; do not edit.\n")
            .Append("# method\tpath\toperationId\ttag\n");
        foreach (var op in EmnifySpec.Operations) text.Append($"{op.Method}\t{op.Path}\t{op.OperationId}\t{op.Tag}\n");
        Assert.Equal(214, EmnifySpec.Operations.Count);
        EmnifySpec.AssertGenerated("src/Cellgate.Server/Hosting/emnify-operations.tsv", text.ToString());
    }

    [Fact]
    public async Task Created_answers_document_location_and_paged_lists_their_headers_and_parameters()
    {
        var paths = (await DocumentAsync())["paths"]!;
        var create = paths["/api/v1/endpoint"]!["post"]!["responses"]!["201"]!;
        Assert.NotNull(create["headers"]?["Location"]);
        var list = paths["/api/v1/endpoint"]!["get"]!;
        foreach (var header in new[] { "X-Total-Count", "X-Total-Pages", "X-Current-Page", "X-Count-Per-Page", "Link" })
            Assert.NotNull(list["responses"]!["200"]!["headers"]?[header]);
        Assert.Contains(list["parameters"]!.AsArray(), p => (string?)p!["name"] == "per_page");
        Assert.NotNull(paths["/api/v1/endpoint/{id}"]!["delete"]!["responses"]!["409"]);
        Assert.NotNull(paths["/api/v1/endpoint"]!["post"]!["responses"]!["415"]);
        Assert.Null(paths["/api/v1/endpoint"]!["get"]!["responses"]!["415"]);
        Assert.NotNull(paths["/api/v1/authenticate"]!["post"]!["responses"]!["429"]!["headers"]?["Retry-After"]);
        // Issue 12: a node that lost its database answers 1503 with Retry-After (writes at once, through the write gate).
        foreach (var (path, method) in new[] { ("/api/v1/endpoint", "post"), ("/api/v1/endpoint/{id}", "patch"), ("/api/v1/endpoint/{id}", "delete"), ("/api/v1/endpoint", "get") })
        {
            var unavailable = paths[path]![method]!["responses"]!["503"];
            Assert.NotNull(unavailable?["headers"]?["Retry-After"]);
            Assert.NotNull(unavailable!["content"]?["application/json"]);
        }
        // The usage feed's retry key is a documented header parameter (a swagger client can send it).
        var key = Assert.Single(paths["/api/simulator/usage"]!["post"]!["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key")!;
        Assert.Equal("header", (string?)key["in"]);
        Assert.Equal("string", (string?)key["schema"]!["type"]);
        var device = (await DocumentAsync())["components"]!["schemas"]!["DeviceDto"]!;
        Assert.Equal("integer", (string?)device["properties"]!["id"]!["type"]);
        // The SIM is left out of an endpoint without one, so it is not required.
        Assert.DoesNotContain(device["required"]!.AsArray(), r => (string?)r == "sim");
    }

    /// <summary>
    /// Redocly's recommended rules (tools/openapi-lint: the pinned CLI and redocly.yaml with any exception and its
    /// reason). CI installs the tool (.ci/run); a developer without it runs <c>npm ci --prefix tools/openapi-lint</c>.
    /// </summary>
    [SkippableFact]
    public async Task The_document_passes_redocly_lint_with_the_recommended_rules()
    {
        var tool = Path.Combine(EmnifySpec.RepositoryRoot(), "tools", "openapi-lint");
        var cli = Path.Combine(tool, "node_modules", "@redocly", "cli", "bin", "cli.js");
        var node = FindOnPath("node");
        var missing = node is null ? "node is not on PATH" : !File.Exists(cli) ? "the Redocly CLI is not installed (npm ci --prefix tools/openapi-lint)" : null;
        if (missing is not null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") is "true" or "1", $"OpenAPI lint cannot run in CI: {missing}.");
            Skip.If(true, $"OpenAPI lint skipped: {missing}.");
        }

        var file = Path.Combine(_app.Directory, "openapi.json");
        await File.WriteAllTextAsync(file, await _app.CreateClient().GetStringAsync("/api/openapi.json"));
        var info = new ProcessStartInfo(node!, [cli, "lint", file, "--config", Path.Combine(tool, "redocly.yaml"), "--format=stylish"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tool,
        };
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, "redocly lint failed:\n" + output);
        Assert.DoesNotContain(" warning ", output);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
