using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cellgate.Server.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Cellgate.Server.Hosting;

public static class OpenApiSetup
{
    public const string DocumentPath = "/api/openapi.json";

    /// <summary>
    /// An OpenAPI 3.0 document generated from the routes, with EMnify's bearer scheme and operation ids, and the
    /// statuses and headers the server really sends (docs/api-conventions.md "The OpenAPI document").
    /// </summary>
    public static IServiceCollection AddCellgateOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Cellgate API (EMnify-compatible)",
                    Version = "v1",
                    Description = "EMnify REST API, self-hosted. Authenticate with POST /api/v1/authenticate, then press Authorize and paste the auth_token.",
                    License = new OpenApiLicense { Name = "Apache-2.0", Url = new Uri("https://www.apache.org/licenses/LICENSE-2.0") },
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The auth_token from POST /api/v1/authenticate.",
                };
                // Relative to where the document is served: right behind a proxy and on any host name.
                document.Servers = [new OpenApiServer { Url = "/", Description = "This Cellgate server" }];
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                    tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "", $"{tag.Name} operations");
                foreach (var schema in document.Components.Schemas?.Values ?? [])
                    NullableReferences(schema);
                // An optional body is said by requestBody.required, not by a nullable schema.
                foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
                    foreach (var media in operation.RequestBody?.Content?.Values ?? [])
                        if (NullOrReference(media.Schema) is { } reference) media.Schema = reference;
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var description = context.Description;
                var metadata = description.ActionDescriptor.EndpointMetadata;
                var method = description.HttpMethod ?? "GET";
                var path = "/" + (description.RelativePath ?? "").Split('?')[0].Trim('/');
                operation.OperationId = EmnifyOperationIds.For(method, path) ?? EmnifyOperationIds.Derive(method, path);

                operation.Security ??= [];
                // An empty requirement says "no authentication": every operation states its security.
                operation.Security.Add(metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any()
                    ? new OpenApiSecurityRequirement()
                    : new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] });
                DocumentResponses(operation, method, metadata);
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                DescribeWire(schema, context);
                return Task.CompletedTask;
            });
        });

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Authentication"] = "Auth tokens for user credentials, application tokens and refresh tokens",
        ["Application tokens"] = "Long-lived secrets that clients exchange for auth tokens",
        ["Organisations"] = "Your organisation and, for the operator, its customer organisations",
        ["Users"] = "Users of your organisation, their roles and passwords",
        ["Endpoints"] = "Devices (EMnify's endpoints): lifecycle, connectivity, events",
        ["SIMs"] = "The SIM inventory of your organisation and SIM batch registration",
        ["Operator administration"] = "Operator-only inventory management (Cellgate addition)",
        ["Service profiles"] = "What endpoints may do: services, SMS interface, callbacks",
        ["Tariff profiles"] = "What endpoints are charged with",
        ["IP address spaces"] = "IPv4 networks that endpoints get their addresses from",
        ["Events"] = "The audit and network event log",
        ["SMS"] = "Mobile-terminated and mobile-originated SMS of an endpoint, and SMS quotas",
        ["Network simulator"] = "Cellgate's simulated handsets and network (Cellgate addition)",
        ["SMPP accounts"] = "Bind credentials (system_id, password) of the organisation's ESMEs for Cellgate's SMPP server (Cellgate addition; EMnify hands them out with the service profile)",
    };

    /// <summary>
    /// The generator writes a nullable object property as <c>oneOf: [{enum: [null], nullable: true}, {$ref}]</c>, which
    /// OpenAPI 3.0 tools reject (a <c>nullable</c> needs a <c>type</c>); written instead as
    /// <c>{type: object, nullable: true, allOf: [{$ref}]}</c>, which says the same.
    /// </summary>
    private static void NullableReferences(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema s) return;
        foreach (var (name, property) in s.Properties?.ToList() ?? [])
        {
            if (NullOrReference(property) is { } reference)
                s.Properties![name] = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, AllOf = [reference] };
            else
                NullableReferences(property);
        }
        if (s.Items is not null) NullableReferences(s.Items);
    }

    /// <summary>The reference of a <c>oneOf: [{enum: [null]}, {$ref}]</c> schema, else null.</summary>
    private static OpenApiSchemaReference? NullOrReference(IOpenApiSchema? schema) =>
        schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.OfType<OpenApiSchemaReference>().FirstOrDefault() is { } reference
            && oneOf.OfType<OpenApiSchema>().Any(o => o.Type == JsonSchemaType.Null || o.Enum is [null])
            ? reference : null;

    /// <summary>
    /// 409 on writes, 429 where a rate limit applies, 503 (the database is unreachable) everywhere, Location on 201, the
    /// paging headers on paged lists.
    /// </summary>
    private static void DocumentResponses(OpenApiOperation operation, string method, IList<object> metadata)
    {
        operation.Responses ??= [];
        var errorContent = operation.Responses.TryGetValue("422", out var validation) ? validation.Content : null;
        if (errorContent is not null && !HttpMethods.IsGet(method) && !operation.Responses.ContainsKey("409"))
            operation.Responses["409"] = new OpenApiResponse { Description = "Conflict: a duplicate (1405) or a state that forbids the change (1406)", Content = errorContent };
        if (errorContent is not null && operation.RequestBody is not null && !operation.Responses.ContainsKey("415"))
            operation.Responses["415"] = new OpenApiResponse { Description = "The body is not application/json", Content = errorContent };
        if (errorContent is not null && metadata.OfType<EnableRateLimitingAttribute>().Any() && !operation.Responses.ContainsKey("429"))
            operation.Responses["429"] = new OpenApiResponse { Description = "Too many requests; Retry-After says when to try again", Content = errorContent };
        if (operation.Responses.TryGetValue("429", out var tooMany) && tooMany is OpenApiResponse r429)
        {
            r429.Headers ??= new Dictionary<string, IOpenApiHeader>();
            r429.Headers["Retry-After"] = Header("Seconds to wait before the next request", JsonSchemaType.Integer);
        }
        // The database write gate (HealthSetup.UseDatabaseWriteGate) and the exception handler (ApiConventions): 1503.
        if (errorContent is not null && !operation.Responses.ContainsKey("503"))
            operation.Responses["503"] = new OpenApiResponse
            {
                Description = HttpMethods.IsGet(method)
                    ? "Service unavailable (1503 ServiceUnavailable): this node lost its database during the request; try again after Retry-After, here or on another node"
                    : "Service unavailable (1503 ServiceUnavailable): this node cannot reach its database and refuses writes at once; nothing was changed. Try again after Retry-After, here or on another node",
                Content = errorContent,
                Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = Header("Seconds to wait before trying again", JsonSchemaType.Integer) },
            };
        if (operation.Responses.TryGetValue("201", out var created) && created is OpenApiResponse r201)
        {
            r201.Headers ??= new Dictionary<string, IOpenApiHeader>();
            r201.Headers["Location"] = Header("Absolute URL of the created resource; its last segment is the new id", JsonSchemaType.String);
        }
        if (metadata.OfType<PagedMetadata>().Any() && operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse r200)
        {
            r200.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var (name, text, type) in PagedMetadata.Headers)
                r200.Headers[name] = Header(text, type);
            operation.Parameters ??= [];
            foreach (var (name, text) in PagedMetadata.QueryParameters)
                if (!operation.Parameters.Any(p => p.Name == name))
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name, In = ParameterLocation.Query, Description = text,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                    });
        }
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

    /// <summary>
    /// Integers written by Cellgate's own converters get their type back (the generator leaves a custom converter's
    /// schema untyped); a property left out when null (<c>JsonIgnoreCondition.WhenWritingNull</c>) is not required.
    /// </summary>
    private static void DescribeWire(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null ? JsonSchemaType.Null : 0;
        switch (underlying ?? type)
        {
            case var t when t == typeof(long):
                schema.Type = JsonSchemaType.Integer | nullable;
                schema.Format = "int64";
                schema.Pattern = null;
                break;
            case var t when t == typeof(int) || t == typeof(short) || t == typeof(byte):
                schema.Type = JsonSchemaType.Integer | nullable;
                schema.Format = "int32";
                schema.Pattern = null;
                break;
            case var t when t == typeof(double) || t == typeof(float) || t == typeof(decimal):
                schema.Type = JsonSchemaType.Number | nullable;
                schema.Pattern = null;
                break;
        }
        if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Required is { Count: > 0 })
            foreach (var property in context.JsonTypeInfo.Properties)
                if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).OfType<JsonIgnoreAttribute>()
                        .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true)
                    schema.Required.Remove(property.Name);
    }

    public static WebApplication MapCellgateOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous().ExcludeFromDescription();
        // The root is the portal (Features/Portal); the try-it page stays at /api/doc.
        return app;
    }

    /// <summary>Swagger UI from the server's own embedded assets (no CDN), at /api/doc.</summary>
    public static IApplicationBuilder UseApiReference(this IApplicationBuilder app) => app.UseSwaggerUI(o =>
    {
        o.RoutePrefix = "api/doc";
        o.DocumentTitle = "Cellgate API reference";
        o.SwaggerEndpoint(DocumentPath, "Cellgate API v1");
        o.EnableTryItOutByDefault();
        o.EnablePersistAuthorization();
        o.DisplayRequestDuration();
    });
}

/// <summary>
/// EMnify's <c>operationId</c> for every operation of its published OpenAPI document, keyed by method and path with
/// the parameter names left out (<c>GET /api/v1/endpoint/{}</c>): Cellgate names path parameters differently.
/// The table (emnify-operations.tsv) is generated from EMnify's document by <c>OpenApiTests</c>, never edited by hand.
/// </summary>
public static partial class EmnifyOperationIds
{
    private static readonly Dictionary<string, string> Table = Load();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    public static string Key(string method, string path) => $"{method.ToUpperInvariant()} {Parameter().Replace("/" + path.Trim('/'), "{}")}";

    /// <summary>EMnify's id for this operation, or null when EMnify's document has no such operation.</summary>
    public static string? For(string method, string path) => Table.GetValueOrDefault(Key(method, path));

    /// <summary>
    /// A Cellgate-only operation's id in EMnify's style: the path's words, <c>by-</c> its parameters, the method
    /// (<c>POST /api/simulator/devices/{id}/attach</c> → <c>simulator-devices-attach-by-id-post</c>).
    /// </summary>
    public static string Derive(string method, string path)
    {
        var segments = path.Trim('/').Split('/').SkipWhile(s => s is "api" or "v1").ToList();
        static string Word(string s) => Regex.Replace(s.Trim('{', '}').Split(':')[0], "([a-z0-9])([A-Z])", "$1-$2").Replace('_', '-').ToLowerInvariant();
        var words = segments.Where(s => !s.StartsWith('{')).Select(Word);
        var parameters = segments.Where(s => s.StartsWith('{')).Select(Word).ToList();
        var id = string.Join('-', words);
        if (parameters.Count > 0) id += "-by-" + string.Join("-and-", parameters);
        return $"{id}-{method.ToLowerInvariant()}";
    }

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(EmnifyOperationIds).Assembly.GetManifestResourceStream("emnify-operations.tsv")
            ?? throw new InvalidOperationException("The embedded resource emnify-operations.tsv is missing.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var cells = line.Split('\t');
            table[Key(cells[0], cells[1])] = cells[2];
        }
        return table;
    }
}
