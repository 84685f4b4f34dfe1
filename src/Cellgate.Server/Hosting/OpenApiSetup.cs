using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cellgate.Server.Hosting;

public static class OpenApiSetup
{
    public const string DocumentPath = "/api/openapi.json";

    /// <summary>An OpenAPI 3.0 document generated from the routes, with EMnify's bearer scheme.</summary>
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
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var anonymous = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
                if (!anonymous)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] });
                }
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapCellgateOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous().ExcludeFromDescription();
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
