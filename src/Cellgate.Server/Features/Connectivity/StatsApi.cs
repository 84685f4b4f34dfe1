using System.Globalization;
using System.Security.Claims;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Simulator;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Connectivity;

public sealed record CurrencyDto(long Id, string Code, string Symbol);

public sealed record TrafficTypeDto(long Id, string Unit);

/// <summary>One traffic figure: data in MB, SMS in messages; tx = sent by the device (up, MO), rx = received by it (down, MT).</summary>
public sealed record TrafficDto(double Volume, double VolumeTx, double VolumeRx, double Cost, CurrencyDto Currency, TrafficTypeDto TrafficType);

public sealed record TrafficPairDto(TrafficDto Data, TrafficDto Sms);

public sealed record EndpointStatsDto(TrafficPairDto LastMonth, TrafficPairDto CurrentMonth, TrafficPairDto LastHour);

public sealed record DailyStatsDto(string Date, TrafficDto Data, TrafficDto Sms);

public sealed record MonthTrafficDto(double Volume, double VolumeTx, double VolumeRx, double Cost, string Month, CurrencyDto Currency, TrafficTypeDto TrafficType);

public sealed record MonthPairDto(MonthTrafficDto Data, MonthTrafficDto Sms);

public sealed record OrganisationStatsDto(MonthPairDto CurrentMonth, MonthPairDto LastMonth);

public sealed record SimMonthTrafficDto(long SimId, string Month, double Volume, double VolumeTx, double VolumeRx, long TrafficTypeId, double Cost, long CurrencyId,
    CurrencyDto Currency, TrafficTypeDto TrafficType);

public sealed record SimMonthPairDto(SimMonthTrafficDto Data, SimMonthTrafficDto Sms);

public sealed record SimStatsDto(SimMonthPairDto LastMonth, SimMonthPairDto CurrentMonth, TrafficPairDto LastHour);

/// <summary>The organisation's daily figures as EMnify sends them: numbers as strings.</summary>
public sealed record OrgDayTrafficDto(string Volume, string VolumeTx, string VolumeRx, string Cost, string CurrencyId, CurrencyDto Currency, string TrafficTypeId, TrafficTypeDto TrafficType);

public sealed record OrgDailyStatsDto(string Date, OrgDayTrafficDto Data, OrgDayTrafficDto Sms);

public sealed record HourlySeriesDto(IReadOnlyList<string> Rx, IReadOnlyList<string> Tx);

public sealed record HourlyStatsDto(HourlySeriesDto Data, HourlySeriesDto Sms);

/// <summary>
/// Usage statistics from the hourly/daily/monthly rollups plus the usage not rolled up yet (<c>usage_pending</c>, a few
/// seconds' worth), never the raw records: per endpoint, SIM and organisation.
/// Cellgate does not rate traffic, so every cost is 0 in the organisation's currency (EUR).
/// </summary>
public static class StatsApi
{
    public static readonly CurrencyDto Eur = new(1, "EUR", "€");
    public static readonly TrafficTypeDto DataType = new(5, "MB"), SmsType = new(6, "SMS");
    public const int MaxDays = 366;

    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        var stats = api.MapGroup("").WithTags("Statistics");
        stats.MapGet("/endpoint/{id}/stats", EndpointAsync).WithSummary("The endpoint's usage: last month, current month, current hour (data MB, SMS)");
        stats.MapGet("/endpoint/{id}/stats/daily", EndpointDailyAsync).WithSummary("The endpoint's usage per day with traffic (start_date, end_date: yyyy-MM-dd; default this month)");
        stats.MapGet("/sim/{id}/stats", SimAsync).WithSummary("The SIM's usage: last month and current month");
        stats.MapGet("/sim/{id}/stats/daily", SimDailyAsync).WithSummary("The SIM's usage per day with traffic (start_date, end_date; default this month)");
        stats.MapGet("/organisation/my/stats", (ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct) => OrganisationAsync(caller.OrganisationId(), caller, db, time, ct))
            .WithSummary("Your organisation's usage: current and last month");
        stats.MapGet("/organisation/{id}/stats", OrganisationAsync).WithSummary("An organisation's usage (yours or a customer's): current and last month");
        stats.MapGet("/organisation/my/stats/daily", (string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct) =>
            OrganisationDailyAsync(caller.OrganisationId(), start_date, end_date, caller, db, time, ct)).WithSummary("Your organisation's usage per day with traffic");
        stats.MapGet("/organisation/{id}/stats/daily", OrganisationDailyAsync).WithSummary("An organisation's usage per day with traffic (start_date, end_date; default this month)");
        stats.MapGet("/organisation/my/stats/hourly", (string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct) =>
            OrganisationHourlyAsync(caller.OrganisationId(), start_date, end_date, caller, db, time, ct)).WithSummary("Your organisation's usage per hour");
        stats.MapGet("/organisation/{id}/stats/hourly", OrganisationHourlyAsync)
            .WithSummary("An organisation's usage per hour: one value per hour from start_date to end_date inclusive, or the last 24 hours");
        stats.MapGet("/stats/daily", (string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct) =>
            OrganisationDailyAsync(caller.OrganisationId(), start_date, end_date, caller, db, time, ct)).WithSummary("Your organisation's usage per day with traffic");
        return api;
    }

    private sealed record Sum(long Up, long Down, long Mo, long Mt)
    {
        public static readonly Sum Zero = new(0, 0, 0, 0);
    }

    private static double Mb(long bytes) => bytes / DataPlaneStore.BytesPerMb;

    private static TrafficDto Data(Sum s) => new(Mb(s.Up + s.Down), Mb(s.Up), Mb(s.Down), 0, Eur, DataType);
    private static TrafficDto Sms(Sum s) => new(s.Mo + s.Mt, s.Mo, s.Mt, 0, Eur, SmsType);
    private static TrafficPairDto Pair(Sum s) => new(Data(s), Sms(s));

    private static DateTime MonthStart(DateTime d) => new(d.Year, d.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Usage of one period start: a rollup row or a pending row (<c>usage_pending</c>), read together.</summary>
    private sealed class UsageRow
    {
        public DateTime Start { get; init; }
        public long Up { get; init; }
        public long Down { get; init; }
        public long Mo { get; init; }
        public long Mt { get; init; }
    }

    private static IQueryable<UsageRow> Rolled(IQueryable<UsageRollup> rows, UsagePeriod period, DateTime from, DateTime to) =>
        rows.Where(r => r.Period == period && r.Start >= from && r.Start < to)
            .Select(r => new UsageRow { Start = r.Start, Up = r.BytesUp, Down = r.BytesDown, Mo = r.SmsMo, Mt = r.SmsMt });

    private static IQueryable<UsageRow> Rolled(IQueryable<OrganisationUsageRollup> rows, UsagePeriod period, DateTime from, DateTime to) =>
        rows.Where(r => r.Period == period && r.Start >= from && r.Start < to)
            .Select(r => new UsageRow { Start = r.Start, Up = r.BytesUp, Down = r.BytesDown, Mo = r.SmsMo, Mt = r.SmsMt });

    /// <summary>The usage not rolled up yet, by the start of its hour, day or month.</summary>
    private static IQueryable<UsageRow> Pending(IQueryable<UsagePending> rows, UsagePeriod period, DateTime from, DateTime to) => period switch
    {
        UsagePeriod.Hour => rows.Where(p => p.Hour >= from && p.Hour < to)
            .Select(p => new UsageRow { Start = p.Hour, Up = p.BytesUp, Down = p.BytesDown, Mo = p.SmsMo, Mt = p.SmsMt }),
        UsagePeriod.Day => rows.Where(p => p.Day >= from && p.Day < to)
            .Select(p => new UsageRow { Start = p.Day, Up = p.BytesUp, Down = p.BytesDown, Mo = p.SmsMo, Mt = p.SmsMt }),
        _ => rows.Where(p => p.Month >= from && p.Month < to)
            .Select(p => new UsageRow { Start = p.Month, Up = p.BytesUp, Down = p.BytesDown, Mo = p.SmsMo, Mt = p.SmsMt }),
    };

    /// <summary>
    /// The device (or SIM) usage of <paramref name="period"/> starting in [from, to): its rollups plus its pending
    /// usage in one statement (one snapshot, so a roll committing meanwhile is counted exactly once).
    /// </summary>
    private static Task<Dictionary<DateTime, Sum>> UsageAsync(IQueryable<UsageRollup> rollups, IQueryable<UsagePending> pending, UsagePeriod period, DateTime from, DateTime to, CancellationToken ct) =>
        ByStartAsync(Rolled(rollups, period, from, to).Concat(Pending(pending, period, from, to)), ct);

    /// <summary>The organisation's usage of <paramref name="period"/> starting in [from, to): its rollups plus its pending usage, in one statement.</summary>
    private static Task<Dictionary<DateTime, Sum>> OrganisationUsageAsync(CellgateDbContext db, long org, UsagePeriod period, DateTime from, DateTime to, CancellationToken ct) =>
        ByStartAsync(Rolled(db.OrganisationUsageRollups.AsNoTracking().Where(r => r.OrganisationId == org), period, from, to)
            .Concat(Pending(db.UsagePending.AsNoTracking().Where(p => p.OrganisationId == org), period, from, to)), ct);

    private static async Task<Dictionary<DateTime, Sum>> ByStartAsync(IQueryable<UsageRow> rows, CancellationToken ct)
    {
        var list = await rows.GroupBy(r => r.Start)
            .Select(g => new { g.Key, Up = g.Sum(r => r.Up), Down = g.Sum(r => r.Down), Mo = g.Sum(r => r.Mo), Mt = g.Sum(r => r.Mt) }).ToListAsync(ct);
        return list.ToDictionary(x => DateTime.SpecifyKind(x.Key, DateTimeKind.Utc), x => new Sum(x.Up, x.Down, x.Mo, x.Mt));
    }

    /// <summary>[from, to) of whole days from start_date/end_date (inclusive, yyyy-MM-dd); default: this month up to today.</summary>
    private static bool TryRange(string? start, string? end, DateTime now, out DateTime from, out DateTime to, out JsonHttpResult<ApiError>? error)
    {
        var v = new RequestValidation("Statistics", "Statistics request validation error");
        from = MonthStart(now);
        to = now.Date.AddDays(1);
        if (start is not null)
        {
            if (TryDate(start) is { } s) from = s;
            else v.Add(ApiErrors.InvalidFormat(v.ObjectName, "start_date", "Expecting yyyy-MM-dd"));
        }
        if (end is not null)
        {
            if (TryDate(end) is { } e) to = e.AddDays(1);
            else v.Add(ApiErrors.InvalidFormat(v.ObjectName, "end_date", "Expecting yyyy-MM-dd"));
        }
        if (!v.Failed && to <= from) v.Invalid("end_date", "must not be before start_date");
        if (!v.Failed && (to - from).TotalDays > MaxDays) v.Invalid("end_date", $"must be at most {MaxDays} days after start_date");
        error = v.Failed ? v.ToResult() : null;
        return !v.Failed;
    }

    private static DateTime? TryDate(string text) =>
        DateTime.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            && d.Year is >= 1900 and <= 9000 ? DateTime.SpecifyKind(d.Date, DateTimeKind.Utc) : null;

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Number(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    internal static async Task<Results<Ok<EndpointStatsDto>, JsonHttpResult<ApiError>>> EndpointAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        var now = time.GetUtcNow().UtcDateTime;
        var month = MonthStart(now);
        var last = month.AddMonths(-1);
        var hour = now.Date.AddHours(now.Hour);
        var rows = db.UsageRollups.AsNoTracking().Where(r => r.DeviceId == id && r.OrganisationId == org);
        var pending = db.UsagePending.AsNoTracking().Where(p => p.DeviceId == id && p.OrganisationId == org);
        var months = await UsageAsync(rows, pending, UsagePeriod.Month, last, month.AddMonths(1), ct);
        var currentHour = (await UsageAsync(rows, pending, UsagePeriod.Hour, hour, hour.AddHours(1), ct)).GetValueOrDefault(hour, Sum.Zero);
        return TypedResults.Ok(new EndpointStatsDto(Pair(months.GetValueOrDefault(last, Sum.Zero)), Pair(months.GetValueOrDefault(month, Sum.Zero)), Pair(currentHour)));
    }

    private static async Task<List<DailyStatsDto>> DailyAsync(IQueryable<UsageRollup> rows, IQueryable<UsagePending> pending, DateTime from, DateTime to, CancellationToken ct)
    {
        var days = await UsageAsync(rows, pending, UsagePeriod.Day, from, to, ct);
        return days.OrderBy(d => d.Key).Select(d => new DailyStatsDto(Day(d.Key), Data(d.Value), Sms(d.Value))).ToList();
    }

    internal static async Task<Results<Ok<List<DailyStatsDto>>, JsonHttpResult<ApiError>>> EndpointDailyAsync(
        long id, string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await db.Devices.AnyAsync(d => d.Id == id && d.OrganisationId == org, ct)) return ApiErrors.NotFound("Endpoint", id);
        if (!TryRange(start_date, end_date, time.GetUtcNow().UtcDateTime, out var from, out var to, out var error)) return error!;
        return TypedResults.Ok(await DailyAsync(db.UsageRollups.AsNoTracking().Where(r => r.DeviceId == id && r.OrganisationId == org),
            db.UsagePending.AsNoTracking().Where(p => p.DeviceId == id && p.OrganisationId == org), from, to, ct));
    }

    private static Task<bool> OwnSimAsync(CellgateDbContext db, long org, long id, CancellationToken ct) =>
        db.Sims.AnyAsync(s => s.Id == id && (s.CustomerOrganisationId == org || (s.CustomerOrganisationId == null && s.IssuerOrganisationId == org)), ct);

    internal static async Task<Results<Ok<List<SimStatsDto>>, JsonHttpResult<ApiError>>> SimAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await OwnSimAsync(db, org, id, ct)) return ApiErrors.NotFound("SIM", id);
        var now = time.GetUtcNow().UtcDateTime;
        var month = MonthStart(now);
        var last = month.AddMonths(-1);
        var rows = db.UsageRollups.AsNoTracking().Where(r => r.SimId == id && r.OrganisationId == org);
        var pending = db.UsagePending.AsNoTracking().Where(p => p.SimId == id && p.OrganisationId == org);
        var months = await UsageAsync(rows, pending, UsagePeriod.Month, last, month.AddMonths(1), ct);
        SimMonthPairDto PairOf(DateTime m)
        {
            var s = months.GetValueOrDefault(m, Sum.Zero);
            return new(new SimMonthTrafficDto(id, Day(m), Mb(s.Up + s.Down), Mb(s.Up), Mb(s.Down), DataType.Id, 0, Eur.Id, Eur, DataType),
                new SimMonthTrafficDto(id, Day(m), s.Mo + s.Mt, s.Mo, s.Mt, SmsType.Id, 0, Eur.Id, Eur, SmsType));
        }
        var hour = now.Date.AddHours(now.Hour);
        var currentHour = (await UsageAsync(rows, pending, UsagePeriod.Hour, hour, hour.AddHours(1), ct)).GetValueOrDefault(hour, Sum.Zero);
        return TypedResults.Ok(new List<SimStatsDto> { new(PairOf(last), PairOf(month), Pair(currentHour)) });
    }

    internal static async Task<Results<Ok<List<DailyStatsDto>>, JsonHttpResult<ApiError>>> SimDailyAsync(
        long id, string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        var org = caller.OrganisationId();
        if (!await OwnSimAsync(db, org, id, ct)) return ApiErrors.NotFound("SIM", id);
        if (!TryRange(start_date, end_date, time.GetUtcNow().UtcDateTime, out var from, out var to, out var error)) return error!;
        return TypedResults.Ok(await DailyAsync(db.UsageRollups.AsNoTracking().Where(r => r.SimId == id && r.OrganisationId == org),
            db.UsagePending.AsNoTracking().Where(p => p.SimId == id && p.OrganisationId == org), from, to, ct));
    }

    /// <summary>Your organisation or one of your customers (as <c>GET /organisation/{id}</c>).</summary>
    private static Task<bool> VisibleAsync(CellgateDbContext db, long caller, long id, CancellationToken ct) =>
        db.Organisations.AnyAsync(o => o.Id == id && (o.Id == caller || o.ParentId == caller), ct);

    internal static async Task<Results<Ok<OrganisationStatsDto>, JsonHttpResult<ApiError>>> OrganisationAsync(long id, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller.OrganisationId(), id, ct)) return ApiErrors.NotFound("Organisation", id);
        var now = time.GetUtcNow().UtcDateTime;
        var month = MonthStart(now);
        var last = month.AddMonths(-1);
        var months = await OrganisationUsageAsync(db, id, UsagePeriod.Month, last, month.AddMonths(1), ct);
        MonthPairDto PairOf(DateTime m)
        {
            var s = months.GetValueOrDefault(m, Sum.Zero);
            var label = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            return new(new MonthTrafficDto(Mb(s.Up + s.Down), Mb(s.Up), Mb(s.Down), 0, label, Eur, DataType), new MonthTrafficDto(s.Mo + s.Mt, s.Mo, s.Mt, 0, label, Eur, SmsType));
        }
        return TypedResults.Ok(new OrganisationStatsDto(PairOf(month), PairOf(last)));
    }

    internal static async Task<Results<Ok<List<OrgDailyStatsDto>>, JsonHttpResult<ApiError>>> OrganisationDailyAsync(
        long id, string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller.OrganisationId(), id, ct)) return ApiErrors.NotFound("Organisation", id);
        if (!TryRange(start_date, end_date, time.GetUtcNow().UtcDateTime, out var from, out var to, out var error)) return error!;
        var days = await OrganisationUsageAsync(db, id, UsagePeriod.Day, from, to, ct);
        OrgDayTrafficDto Of(double total, double tx, double rx, TrafficTypeDto type) =>
            new(Number(total), Number(tx), Number(rx), "0", Eur.Id.ToString(CultureInfo.InvariantCulture), Eur, type.Id.ToString(CultureInfo.InvariantCulture), type);
        return TypedResults.Ok(days.OrderBy(d => d.Key).Select(d => new OrgDailyStatsDto(Day(d.Key),
            Of(Mb(d.Value.Up + d.Value.Down), Mb(d.Value.Up), Mb(d.Value.Down), DataType), Of(d.Value.Mo + d.Value.Mt, d.Value.Mo, d.Value.Mt, SmsType))).ToList());
    }

    internal static async Task<Results<Ok<HourlyStatsDto>, JsonHttpResult<ApiError>>> OrganisationHourlyAsync(
        long id, string? start_date, string? end_date, ClaimsPrincipal caller, CellgateDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await VisibleAsync(db, caller.OrganisationId(), id, ct)) return ApiErrors.NotFound("Organisation", id);
        var now = time.GetUtcNow().UtcDateTime;
        DateTime from, to;
        if (start_date is null && end_date is null)
        {
            to = now.Date.AddHours(now.Hour + 1);
            from = to.AddHours(-24);
        }
        else
        {
            if (!TryRange(start_date ?? end_date, end_date ?? start_date, now, out from, out to, out var error)) return error!;
            if ((to - from).TotalDays > 31) return new RequestValidation("Statistics", "Statistics request validation error").Add(ApiErrors.Invalid("Statistics", "end_date", "must be at most 31 days after start_date")).ToResult();
        }
        var hours = await OrganisationUsageAsync(db, id, UsagePeriod.Hour, from, to, ct);
        var slots = Enumerable.Range(0, (int)(to - from).TotalHours).Select(h => hours.GetValueOrDefault(from.AddHours(h), Sum.Zero)).ToList();
        return TypedResults.Ok(new HourlyStatsDto(
            new HourlySeriesDto(slots.ConvertAll(s => Number(Mb(s.Down))), slots.ConvertAll(s => Number(Mb(s.Up)))),
            new HourlySeriesDto(slots.ConvertAll(s => Number(s.Mt)), slots.ConvertAll(s => Number(s.Mo)))));
    }
}
