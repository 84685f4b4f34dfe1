using System.ComponentModel.DataAnnotations;
using Cellgate.Delivery;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cellgate.Server.Hosting;

/// <summary>The Prometheus scrape endpoint and the cached operational state. Section <c>Cellgate:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Cellgate:Metrics";

    /// <summary>Whether <c>/metrics</c> is served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A port of its own for <c>/metrics</c>, without authentication (nothing else is served there). Unset: <c>/metrics</c>
    /// is on the main port and needs a token of the operator organisation.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>The address the metrics port binds to (<c>0.0.0.0</c> in a container).</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>How often the background monitor checks the database and counts the queue (<c>/readyz</c>, queue depth gauge).</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 5;
}

/// <summary>Traces and the OTLP exporter. Section <c>Cellgate:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Cellgate:Telemetry";

    /// <summary>An OTLP endpoint (e.g. <c>http://collector:4317</c>) to export traces and metrics to; unset: none, and no traces are recorded.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (4317) or <c>http/protobuf</c> (4318).</summary>
    [AllowedValues("grpc", "http/protobuf")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The share of traces recorded (a request's decision is followed by its children).</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 0.1;

    public string ServiceName { get; set; } = "cellgate";
}

/// <summary>How long a stopping node may take. Section <c>Cellgate:Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Cellgate:Shutdown";

    /// <summary>After SIGTERM: time to finish requests, the dispatcher's round, releasing leases and queued writes.</summary>
    [Range(1, 3600)]
    public int GraceSeconds { get; set; } = 30;
}

public static class TelemetrySetup
{
    public const string MetricsPolicy = "metrics";

    /// <summary>OpenTelemetry metrics (Prometheus, optional OTLP), traces when OTLP is configured, the grace period, the monitor.</summary>
    public static WebApplicationBuilder AddCellgateTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((h, s) => h.ShutdownTimeout = TimeSpan.FromSeconds(s.Value.GraceSeconds));
        // Logging:Console:FormatterName=json: one JSON object per line, with the event id, a UTC timestamp and the scopes
        // (RequestId, RequestPath, TraceId, SpanId: a request's log lines carry the id of its trace).
        services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });

        var metrics = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (metrics is { Enabled: true, Port: { } port })
        {
            // The metrics port joins the configured addresses (explicit Kestrel endpoints would replace them).
            var urls = builder.Configuration["urls"] is { Length: > 0 } u ? u : ApiSetup.DefaultUrl;
            builder.WebHost.UseUrls($"{urls};http://{metrics.Host}:{port}");
        }

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(telemetry.ServiceName));
        // Metrics nobody reads (no /metrics, no OTLP) are not collected: the meter provider's listener and its metric
        // streams (each preallocates its points) would cost every start and every measurement for nothing.
        if (metrics.Enabled || telemetry.OtlpEndpoint is not null)
        {
            otel.WithMetrics(m =>
            {
                m.AddMeter(DeliveryMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                // ASP.NET Core's per-request instruments beyond http.server.* and kestrel.*, not collected: the memory pool's
                // rent and return counters (several per request), authentication and authorization (Cellgate's own
                // cellgate.auth.* count logins) and the router's match attempts. Dropped instruments are never listened to:
                // together 2 % of the server's CPU per SMS (docs/benchmarks.md, 2026-12-03).
                foreach (var dropped in DroppedInstruments) m.AddView(dropped, MetricStreamConfiguration.Drop);
                if (metrics.Enabled) m.AddPrometheusExporter();
                if (telemetry.OtlpEndpoint is not null) m.AddOtlpExporter(o => Otlp(o, telemetry));
            });
        }
        if (telemetry.OtlpEndpoint is not null)
        {
            otel.WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio)))
                .AddSource(DeliveryMetrics.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Otlp(o, telemetry)));
        }

        services.AddSingleton<IAuthorizationHandler, OperatorHandler>();
        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new OperatorRequirement()));
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OperationsMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationsMonitor>());
        services.AddSingleton<AuthMetrics>();
        return builder;
    }

    /// <summary>Instruments of ASP.NET Core that are not collected (names, with OpenTelemetry's wildcards).</summary>
    internal static readonly string[] DroppedInstruments =
        ["aspnetcore.memory_pool.*", "aspnetcore.authentication.*", "aspnetcore.authorization.*", "aspnetcore.routing.match_attempts"];

    private static void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o, TelemetryOptions telemetry)
    {
        o.Endpoint = new Uri(telemetry.OtlpEndpoint!);
        o.Protocol = telemetry.OtlpProtocol == "grpc" ? OpenTelemetry.Exporter.OtlpExportProtocol.Grpc : OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");

    /// <summary>
    /// Before routing: on the metrics port, <c>/metrics</c> without authentication and nothing but the probes; on the
    /// main port, <see cref="MapMetrics"/> maps <c>/metrics</c> for the operator organisation.
    /// </summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options is not { Enabled: true, Port: { } port }) return app;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: http => http.Connection.LocalPort == port && http.Request.Path == "/metrics",
            path: null, configureBranchedPipeline: null, optionsName: null);
        app.Use((http, next) =>
        {
            if (http.Connection.LocalPort != port || IsProbe(http.Request.Path)) return next(http);
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options is { Enabled: true, Port: null })
            app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsPolicy);
        return app;
    }

    /// <summary>After authentication: counts requests that presented a bearer token, accepted or not.</summary>
    public static WebApplication UseBearerMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<AuthMetrics>();
        app.Use((http, next) =>
        {
            if (http.Request.Headers.Authorization.Count > 0) metrics.Record("bearer", http.User.Identity?.IsAuthenticated == true);
            return next(http);
        });
        return app;
    }
    private sealed class OperatorRequirement : IAuthorizationRequirement;

    /// <summary>Only the operator (master) organisation reads the metrics: they describe every tenant together.</summary>
    private sealed class OperatorHandler : AuthorizationHandler<OperatorRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
        {
            if (context.Resource is not HttpContext http || context.User.FindFirst(CellgateClaims.Organisation) is null) return;
            var org = context.User.OrganisationId();
            var db = http.RequestServices.GetRequiredService<CellgateDbContext>();
            if (await db.Organisations.AnyAsync(o => o.Id == org && o.Type == OrganisationType.Master, http.RequestAborted))
                context.Succeed(requirement);
        }
    }
}
