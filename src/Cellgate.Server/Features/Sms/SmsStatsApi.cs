using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Sms;

/// <summary>What <c>GET /api/v1/sms/stats</c> answers: the organisation's SMS submitted since a time, counted by status and type.</summary>
public sealed record SmsStatsDto(string Since, string Until, long Total, Dictionary<string, long> ByStatus, Dictionary<string, long> ByType);

/// <summary>
/// The organisation's recent SMS by status (a Cellgate addition: EMnify lists SMS only per endpoint, so a dashboard
/// could not count them without reading every endpoint). At most the last 24 hours, so that its cost stays bounded.
/// </summary>
public static class SmsStatsApi
{
    public const int MaxHours = 24;

    public static RouteGroupBuilder MapSmsStats(this RouteGroupBuilder api)
    {
        api.MapGet("/sms/stats", StatsAsync).WithTags("SMS")
            .WithSummary("Your organisation's SMS submitted since `since` (default: one hour ago; at most 24 hours back), counted by status and by type (MT, MO); a Cellgate addition");
        return api;
    }

    internal static async Task<Results<Ok<SmsStatsDto>, JsonHttpResult<ApiError>>> StatsAsync(
        string? since, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        var now = time.GetUtcNow().UtcDateTime;
        var from = now.AddHours(-1);
        if (since is not null)
        {
            var v = new RequestValidation("SMS stats", "SMS stats validation error");
            if (!ApiDates.TryParse(since, out var parsed)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "since", "Expecting a date-time such as 2026-03-01T12:00:00.000+0000"));
            else if (parsed > now) v.Invalid("since", "must not be in the future");
            else if (parsed < now.AddHours(-MaxHours)) v.Invalid("since", $"must be at most {MaxHours} hours ago");
            else from = parsed;
            if (v.Failed) return v.ToResult();
        }
        var lowest = await FirstIdSubmittedSinceAsync(db, from.AddMinutes(-5), ct);
        var counts = await db.Sms.AsNoTracking()
            .Where(s => s.Id >= lowest && s.OrganisationId == org && s.SubmitDate >= from)
            .GroupBy(s => new { s.Status, s.Type }).Select(g => new { g.Key.Status, g.Key.Type, Count = g.LongCount() })
            .ToListAsync(ct);
        var byStatus = counts.GroupBy(c => SmsDto.Describe(c.Status).Description).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var byType = counts.GroupBy(c => SmsDto.Describe(c.Type).Description).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return TypedResults.Ok(new SmsStatsDto(ApiDates.Core(from), ApiDates.Core(now), counts.Sum(c => c.Count), byStatus, byType));
    }

    /// <summary>
    /// The first SMS id submitted at or after <paramref name="from"/>, found by binary search over the primary key
    /// (ids grow with submission time; the caller leaves a few minutes of slack): the count then reads only the
    /// recent rows, with no index on the submit date to keep up on the write path.
    /// </summary>
    private static async Task<long> FirstIdSubmittedSinceAsync(CellgateDbContext db, DateTime from, CancellationToken ct)
    {
        long lo = 0, hi = (await db.Sms.MaxAsync(s => (long?)s.Id, ct) ?? 0) + 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var row = await db.Sms.AsNoTracking().Where(s => s.Id >= mid).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.SubmitDate }).FirstOrDefaultAsync(ct);
            if (row is null || row.SubmitDate >= from) hi = mid;
            else lo = row.Id + 1;
        }
        return lo;
    }
}
