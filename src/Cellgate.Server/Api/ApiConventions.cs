using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Cellgate.Server.Api;

/// <summary>The headers, preflight answers and error bodies of every response, in one place.</summary>
public static partial class ApiConventions
{
    private const string AllowHeaders = "Authorization,DNT,X-CustomHeader,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,X-Count-Per-Page,X-Current-Page,X-Sort,X-Total-Count,X-Total-Pages";
    private const string ExposeHeaders = AllowHeaders + ",Location,X-Count,X-Per-Page,X-Pages,X-Page";

    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Documents the error answers every /api/v1 operation can give, so generated clients know their shapes.</summary>
    public static TBuilder WithApiErrorResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ApiError), ["application/json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(GatewayError), ["application/json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ApiError), ["application/json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ApiError), ["application/json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ApiError), ["application/json"]));
        return builder;
    }

    /// <summary>
    /// CORS and security headers as EMnify sends them on every response (reference §1.1), preflight answered here. They are
    /// (re)applied when the response starts, so answers written by the exception handler (which clears the headers and adds
    /// no-cache/Pragma/Expires) carry them too. <c>Strict-Transport-Security</c> only over HTTPS (RFC 6797 §7.2). Every 429
    /// carries <c>Retry-After</c>.
    /// </summary>
    public static IApplicationBuilder UseApiHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            ApplyStandardHeaders((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        if (HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        return next(context);
    });

    private static void ApplyStandardHeaders(HttpContext context)
    {
        var h = context.Response.Headers;
        h.AccessControlAllowOrigin = "*";
        h.AccessControlAllowMethods = "GET, POST, PATCH, PUT, DELETE";
        h.AccessControlAllowHeaders = AllowHeaders;
        h.AccessControlExposeHeaders = ExposeHeaders;
        h.AccessControlMaxAge = "86400";
        // The exception handler marks its answers no-cache with Pragma and Expires; ours are max-age=0 like every other.
        if (h.ContainsKey("Pragma") || h.ContainsKey("Expires") || string.IsNullOrEmpty(h.CacheControl))
        {
            h.Remove("Pragma");
            h.Remove("Expires");
            h.CacheControl = "max-age=0";
        }
        if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
        else h.Remove("Strict-Transport-Security");
        h.XFrameOptions = "DENY";
        h.XContentTypeOptions = "nosniff";
        if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests && string.IsNullOrEmpty(h.RetryAfter))
            h.RetryAfter = "1";
    }

    /// <summary>Bodiless 404/405/415 answers of the routing layer become EMnify JSON errors.</summary>
    public static IApplicationBuilder UseApiStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            var response = http.Response;
            var method = http.Request.Method;
            var path = http.Request.Path.Value ?? "/";
            var result = response.StatusCode switch
            {
                404 => ApiErrors.RouteNotFound(method, path),
                405 => ApiErrors.Result(405, new(1000, "BadRequest", $"Method {method} is not supported on {path}.")),
                415 => ApiErrors.Result(415, new(1000, "BadRequest", "Content-Type must be application/json.")),
                var s => ApiErrors.Result(s, new(1000, "BadRequest", "The request could not be processed.")),
            };
            await result.ExecuteAsync(http);
        });

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\w+)\?? (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindFailure();

    /// <summary>Malformed JSON, unbindable path ids and unhandled exceptions, as EMnify JSON without stack traces.</summary>
    private sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            IResult result;
            if (exception is BadHttpRequestException bad)
            {
                var m = BindFailure().Match(bad.Message);
                var message = m.Success
                    ? $"Cannot parse parameter {m.Groups["name"].Value} as {JavaTypeName(m.Groups["type"].Value)}: For input string: \"{m.Groups["value"].Value}\""
                    : bad.StatusCode == 415 ? "Content-Type must be application/json."
                    : bad.InnerException is System.Text.Json.JsonException json ? $"Malformed JSON body: {FirstLine(json.Message)}"
                    : FirstLine(bad.Message);
                result = ApiErrors.Result(bad.StatusCode, new(1000, "BadRequest", message));
            }
            else if (exception is CapacityExceededException busy)
            {
                Log.CapacityExceeded(logger, http.Request.Method, http.Request.Path, busy.Message);
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                result = ApiErrors.Result(StatusCodes.Status429TooManyRequests, ApiErrors.TooManyRequestsError(busy.Message));
            }
            else if (DatabaseErrors.IsUnavailable(exception))
            {
                // The database went away under this request: 503 with Retry-After (a client retries, perhaps on another
                // node), and the monitor checks now, so that the next writes are refused at once (HealthSetup).
                var monitor = http.RequestServices.GetService<Hosting.OperationsMonitor>();
                monitor?.CheckSoon();
                Log.DatabaseUnavailable(logger, http.Request.Method, http.Request.Path, DatabaseErrors.Describe(exception));
                result = ApiErrors.DatabaseUnavailable(http, monitor?.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
            else if (IsUniqueViolation(exception))
            {
                // Two requests (on two nodes, each behind its own per-process write gate) raced to create the same
                // thing; the database's unique constraint decided. The loser is told what a sequential request hears.
                Log.UniqueViolation(logger, http.Request.Method, http.Request.Path);
                result = ApiErrors.Duplicated("A concurrent request created or took the same resource; read it again.");
            }
            else
            {
                Log.UnhandledException(logger, exception, http.Request.Method, http.Request.Path);
                result = ApiErrors.Result(500, ApiErrors.InternalError);
            }
            await result.ExecuteAsync(http);
            return true;
        }

        /// <summary>A unique or primary key constraint refused the write: SQLite's SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY,
        /// PostgreSQL's unique_violation (23505).</summary>
        private static bool IsUniqueViolation(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }) return true;
                if (e is System.Data.Common.DbException { SqlState: "23505" }) return true;
            }
            return false;
        }

        private static string JavaTypeName(string type) => type switch
        {
            "long" or "Int64" => "Long",
            "int" or "Int32" => "Integer",
            _ => type,
        };

        private static string FirstLine(string s)
        {
            var i = s.IndexOfAny(['\r', '\n']);
            return i < 0 ? s : s[..i];
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1000, LogLevel.Error, "Unhandled exception on {Method} {Path}")]
        public static partial void UnhandledException(ILogger logger, Exception exception, string method, PathString path);

        [LoggerMessage(1001, LogLevel.Warning, "Refused {Method} {Path}: {Reason}")]
        public static partial void CapacityExceeded(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(1002, LogLevel.Information, "{Method} {Path} lost a race on a unique constraint; answered 409")]
        public static partial void UniqueViolation(ILogger logger, string method, PathString path);

        [LoggerMessage(1003, LogLevel.Warning, "{Method} {Path} could not reach the database ({Error}); answered 503")]
        public static partial void DatabaseUnavailable(ILogger logger, string method, PathString path, string error);
    }
}
