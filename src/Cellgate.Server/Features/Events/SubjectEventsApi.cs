using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;

namespace Cellgate.Server.Features.Events;

/// <summary>
/// The events of one SIM or one user (the user as actor), with the same paging, <c>q</c> and <c>sort</c> as
/// <c>/api/v1/event</c>. As EMnify documents for both: an unknown or foreign id is <c>200 []</c>, not 404 (a
/// non-numeric id is still 400).
/// </summary>
public static class SubjectEventsApi
{
    public static RouteGroupBuilder MapSubjectEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/sim/{id}/event", (long id, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, string? q, string? sort, CancellationToken ct) =>
                EventsApi.ListCoreAsync(http, caller.OrganisationId(), db, q, sort, null, ct, simId: id))
            .WithTags("SIMs").WithPaging().WithSummary("The SIM's events (paged; same q and sort as /api/v1/event; unknown or foreign SIM: 200 [])");
        api.MapGet("/user/{id}/event", (long id, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, string? q, string? sort, CancellationToken ct) =>
                EventsApi.ListCoreAsync(http, caller.OrganisationId(), db, q, sort, null, ct, userId: id))
            .WithTags("Users").WithPaging().WithSummary("The events the user caused (paged; same q and sort as /api/v1/event; unknown or foreign user: 200 [])");
        return api;
    }
}
