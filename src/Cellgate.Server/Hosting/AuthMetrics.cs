using System.Diagnostics.Metrics;
using Cellgate.Delivery;
using Cellgate.Server.Features.Auth;

namespace Cellgate.Server.Hosting;

/// <summary>
/// <c>cellgate.auth.attempts</c>: authentications by kind (<c>password</c>, <c>application_token</c>,
/// <c>refresh_token</c> on <c>/api/v1/authenticate</c>; <c>bearer</c> for a token presented on a request) and result
/// (<c>success</c>, <c>failure</c>). Never a user, organisation or token in a label.
/// </summary>
public sealed class AuthMetrics(DeliveryMetrics metrics)
{
    private readonly Counter<long> _attempts = metrics.Meter.CreateCounter<long>("cellgate.auth.attempts", "{attempt}", "Authentication attempts by kind and result.");

    public void Record(string kind, bool success) => _attempts.Add(1,
        new KeyValuePair<string, object?>("cellgate.auth.kind", kind), new KeyValuePair<string, object?>("cellgate.auth.result", success ? "success" : "failure"));

    /// <summary>The endpoint filter of <c>POST /api/v1/authenticate</c>.</summary>
    public static async ValueTask<object?> AuthenticateFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var body = context.Arguments.OfType<AuthenticateRequest>().FirstOrDefault();
        var kind = body switch
        {
            { ApplicationToken.Length: > 0 } => "application_token",
            { RefreshToken.Length: > 0 } => "refresh_token",
            { Username.Length: > 0 } => "password",
            _ => null,
        };
        if (kind is not null)
            context.HttpContext.RequestServices.GetRequiredService<AuthMetrics>()
                .Record(kind, (result is INestedHttpResult n ? n.Result : result) is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK });
        return result;
    }
}
