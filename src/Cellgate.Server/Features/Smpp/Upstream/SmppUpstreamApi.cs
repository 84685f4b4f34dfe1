using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>One bind of an upstream as <c>GET /api/v1/admin/smpp_upstream</c> shows it.</summary>
public sealed record SmppUpstreamBindDto(int Index, string Type, string State, int InFlight, int Window, string? BoundSince,
    string? ThrottledUntil, string? NextAttempt, long Connects, string? LastError, string? LastErrorAt);

/// <summary>An upstream SMSC and its binds (the password is never shown).</summary>
public sealed record SmppUpstreamDto(string Name, string Host, int Port, string SystemId, string BindMode, bool Tls, int BindsUp,
    List<SmppUpstreamBindDto> Binds);

/// <summary>
/// A Cellgate addition (EMnify has no such route): the health of the upstream SMSC binds, for the operator only.
/// </summary>
public static class SmppUpstreamApi
{
    public static RouteGroupBuilder MapSmppUpstreams(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/smpp_upstream").WithTags("Operator administration");
        admin.MapGet("/", ListAsync).WithSummary(
            "Operator only (Cellgate addition): the configured upstream SMSCs with each bind's state, submits in flight, window and last error");
        return api;
    }

    private static string? Time(DateTimeOffset? t) => t is { } v ? ApiDates.Core(v.UtcDateTime) : null;

    internal static async Task<Results<Ok<List<SmppUpstreamDto>>, JsonHttpResult<ApiError>>> ListAsync(
        ClaimsPrincipal caller, CellgateDbContext db, SmppUpstreams upstreams, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        if (!await db.Organisations.AnyAsync(o => o.Id == orgId && o.Type == OrganisationType.Master, ct)) return ApiErrors.Forbidden();
        return TypedResults.Ok(upstreams.All.Select(u => new SmppUpstreamDto(u.Name, u.Options.Host, u.Options.Port, u.Options.SystemId,
            u.Options.BindMode.ToString(), u.Options.Tls, u.Binds.Count(b => b.CurrentState is UpstreamBindState.Bound or UpstreamBindState.Throttled),
            u.Binds.Select(b => new SmppUpstreamBindDto(b.Index, b.KindName, b.CurrentState.ToString().ToLowerInvariant(), b.InFlight, u.Options.WindowSize,
                Time(b.BoundSince), Time(b.ThrottledUntil), Time(b.NextAttempt), b.Connects, b.LastError, Time(b.LastErrorAt))).ToList())).ToList());
    }
}
