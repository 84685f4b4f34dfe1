using System.Security.Claims;
using System.Threading.RateLimiting;
using Cellgate.Server.Api;
using Cellgate.Server.Hosting;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Features.Auth;

/// <summary>Lets observers call a write route (e.g. changing their own password).</summary>
public sealed class AllowObserverWritesAttribute : Attribute;

public static class AuthSetup
{
    public const string ApiPolicy = "api";
    public const string AuthenticateRateLimit = "authenticate";

    public static IServiceCollection AddCellgateAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PrincipalStates>();
        // How a revocation reaches the other nodes: PostgreSQL LISTEN/NOTIFY; one SQLite node has no one to tell.
        services.AddSingleton<PrincipalChangeFeed>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgreSql
            ? ActivatorUtilities.CreateInstance<PostgresPrincipalChangeFeed>(sp)
            : new PrincipalChangeFeed());
        services.AddHostedService<PrincipalChangeListener>();
        services.AddSingleton<LoginThrottle>();

        // JwtBearer's handler with a shortcut for tokens it accepted a moment ago (BearerHandler.cs).
        services.AddSingleton<AcceptedTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<JwtBearerOptions, BearerHandler>(JwtBearerDefaults.AuthenticationScheme, _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, JwtBearerPostConfigureOptions>());
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, IOptions<AuthOptions>, TimeProvider>((o, keys, auth, time) =>
            {
                o.MapInboundClaims = false;
                // An accepted token is remembered briefly by BearerHandler (never the principal check that follows).
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { MapInboundClaims = false });
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha384], // pinned: no "none", no RS/HS switch
                    IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidateIssuerSigningKey = true,
                    ClockSkew = TimeSpan.Zero,
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return expires is { } e && e > now && (notBefore is not { } nb || nb <= now);
                    },
                    RoleClaimType = CellgateClaims.Role,
                    NameClaimType = CellgateClaims.User,
                };
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = ValidatePrincipalAsync,
                    OnChallenge = WriteChallengeAsync,
                };
            });

        services.AddSingleton<IAuthorizationHandler, WriteAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new WriteAccessRequirement()))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRateLimiter(o =>
        {
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiErrors.Result(StatusCodes.Status429TooManyRequests,
                    ApiErrors.TooManyRequestsError("Too many authentication requests from this address; try again later.")).ExecuteAsync(ctx.HttpContext);
            };
            o.AddPolicy(AuthenticateRateLimit, http =>
            {
                var auth = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(AddressRanges.ClientKey(http.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = auth.RateLimitPermits,
                    Window = TimeSpan.FromMinutes(auth.RateLimitWindowMinutes),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>Rejects tokens whose user, application token or organisation was revoked or suspended since; adds the current role.</summary>
    private static async Task ValidatePrincipalAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var org = principal.FindFirst(CellgateClaims.Organisation) is null ? (long?)null : principal.OrganisationId();
        if (org is null)
        {
            context.Fail("Token has no organisation.");
            return;
        }
        var (failure, role) = await CheckPrincipalAsync(context.HttpContext, org.Value, principal.UserId(), principal.ApplicationTokenId(),
            principal.FindFirst(CellgateClaims.IpRange)?.Value);
        if (failure is not null)
        {
            context.Fail(failure);
            return;
        }
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(CellgateClaims.Role, role.ToString()));
    }

    /// <summary>
    /// The check of a validated token's principal on every request (the full path's <c>OnTokenValidated</c> and
    /// <see cref="BearerHandler"/>'s shortcut): an auth token issued from an IP-restricted application token is bound to
    /// that range; the user, application token (and its creator) and organisation must still be active. Returns why it is
    /// refused, or null and the caller's current role.
    /// </summary>
    internal static async ValueTask<(string? Failure, UserRole Role)> CheckPrincipalAsync(HttpContext http, long org, long? user, long? app, string? ipRange)
    {
        if (ipRange is not null && !AddressRanges.Contains(ipRange, http.Connection.RemoteIpAddress))
            return ("Token is not valid from this address.", default);
        var states = http.RequestServices.GetRequiredService<PrincipalStates>();
        var state = await states.CheckAsync(org, user, app, http.RequestAborted);
        return state.Active ? (null, state.Role) : (state.Reason ?? "Token is no longer valid.", default);
    }

    /// <summary>401 in the API gateway's shape (reference §1.6 form 1).</summary>
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var message = context.AuthenticateFailure switch
        {
            null when string.IsNullOrEmpty(context.Request.Headers.Authorization) => "Unauthorized",
            null => "token contains an invalid number of segments",
            SecurityTokenMalformedException => "token contains an invalid number of segments",
            SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "Token is expired",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature is invalid",
            SecurityTokenInvalidAlgorithmException => "signing method is invalid",
            SecurityTokenInvalidAudienceException or SecurityTokenInvalidIssuerException => "token is not valid for this API",
            AuthenticationFailureException { Message: var m } => m,
            _ => "token is invalid",
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsJsonAsync(new GatewayError(message), ApiJson.Options);
    }

    private sealed class WriteAccessRequirement : IAuthorizationRequirement;

    /// <summary>Observers read; only admins write (403 <c>1104 Forbidden</c>), unless a route allows observers.</summary>
    private sealed class WriteAccessHandler : AuthorizationHandler<WriteAccessRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WriteAccessRequirement requirement)
        {
            var http = context.Resource as HttpContext;
            var method = http?.Request.Method ?? HttpMethods.Get;
            var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
            if (safe || context.User.IsInRole(nameof(UserRole.Admin)) || http?.GetEndpoint()?.Metadata.GetMetadata<AllowObserverWritesAttribute>() is not null)
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }

    private sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (result.Forbidden && context.User.Identity?.IsAuthenticated == true)
            {
                await ApiErrors.Forbidden().ExecuteAsync(context);
                return;
            }
            // No route matched: a path that does not exist is 404 with or without a token, never a 401 challenge.
            if (result.Challenged && context.GetEndpoint() is null)
            {
                await ApiErrors.RouteNotFound(context.Request.Method, context.Request.Path.Value ?? "/").ExecuteAsync(context);
                return;
            }
            await _default.HandleAsync(next, context, policy, result);
        }
    }
}
