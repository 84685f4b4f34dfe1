using System.Data.Common;
using System.Globalization;
using Cellgate.Storage.Sqlite;
using Cellgate.Delivery;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Features.Sms;

namespace Cellgate.Server.Features.Connectivity;

/// <summary>
/// Enforces the SMS limits that service profiles assign from the catalogue (<see cref="SmsLimitsApi"/>), inside the
/// submit transaction of an MT (<see cref="MtSubmission"/>) or an MO (<see cref="MoIntake"/>): the parts accepted in the
/// limit's UTC day or month are counted in <c>sms_limit_counters</c>; an SMS that would pass the limit is refused
/// (<see cref="SmsDeniedException"/>, 422 NotAllowed), and the SMS that reaches it records event 1012. One prepared,
/// indexed lookup per SMS when the endpoint's profile has no SMS limit.
/// </summary>
internal static class SmsLimits
{
    public static void Take(DbConnection c, DbTransaction t, EventLog events, long org, long deviceId, int serviceId, int parts, DateTime now)
    {
        if (Find(c, t, deviceId, serviceId) is { } limit) Take(c, t, events, org, deviceId, serviceId, limit, parts, now);
    }

    /// <summary>The SMS limit the endpoint's service profile assigns for the service, or null (one prepared lookup).</summary>
    public static CatalogueLimit? Find(DbConnection c, DbTransaction t, long deviceId, int serviceId)
    {
        long? found;
        if (c.IsPostgreSql())
        {
            var find = SqlCommands.Get(c, t, FindSql, "@device", "@service");
            find.Set(0, deviceId);
            find.Set(1, serviceId);
            found = find.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
        }
        else
        {
            // Once per MT submitted on SQLite: bound by position, no data reader (Cellgate.Storage.Sqlite.SqliteStatement).
            var find = SqliteStatement.Get(c, FindSql, FindNames);
            find.Bind(0, deviceId);
            find.Bind(1, (long)serviceId);
            found = find.ScalarInt64();
        }
        return found is { } limitId ? Limit(limitId) : null;
    }

    private const string FindSql = """
        SELECT l."TrafficLimitId" FROM service_traffic_limits l JOIN devices d ON d."ServiceProfileId" = l."ServiceProfileId"
        WHERE d."Id" = @device AND l."ServiceId" = @service
        """;

    private static readonly string[] FindNames = ["@device", "@service"];

    /// <summary>
    /// The SMS limits the service profiles of <paramref name="deviceIds"/> assign for the service, in one statement (a
    /// device without one is absent): on PostgreSQL over an array, on SQLite over a JSON array of ids (one statement
    /// prepared per connection, bound by position). Null for a single device on SQLite: the caller's per-device
    /// <see cref="Find"/> is cheaper then.
    /// </summary>
    public static async ValueTask<Dictionary<long, CatalogueLimit>?> FindManyAsync(DbConnection c, DbTransaction t, IEnumerable<long> deviceIds, int serviceId, CancellationToken ct)
    {
        var limits = new Dictionary<long, CatalogueLimit>();
        if (!c.IsPostgreSql())
        {
            var distinct = deviceIds.Distinct().ToList();
            if (distinct.Count < 2) return null;
            var many = SqliteStatement.Get(c, FindManySqlite, FindManyNames);
            many.Bind(0, SmsQueue.JsonIds(distinct));
            many.Bind(1, (long)serviceId);
            many.Run(row =>
            {
                if (Limit(row.Int64(1)) is { } limit) limits[row.Int64(0)] = limit;
            });
            return limits;
        }
        var find = SqlCommands.Get(c, t, FindManyPostgres, "@devices", "@service");
        find.Set(0, deviceIds.Distinct().ToArray());
        find.Set(1, serviceId);
        await using var reader = await find.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.IsDBNull(1)) continue;
            if (Limit(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)) is { } limit) limits[reader.GetInt64(0)] = limit;
        }
        return limits;
    }

    private static CatalogueLimit? Limit(long id)
    {
        foreach (var limit in SmsLimitsApi.Catalogue)
            if (limit.Id == id) return limit;
        return null;
    }

    private const string FindManySql = """
        SELECT d."Id", l."TrafficLimitId" FROM service_traffic_limits l JOIN devices d ON d."ServiceProfileId" = l."ServiceProfileId"
        WHERE d."Id" IDS AND l."ServiceId" = @service
        """;

    private static readonly string FindManyPostgres = SqlCommands.OverIds(FindManySql, postgres: true, "@devices");
    internal static readonly string FindManySqlite = SqlCommands.OverIds(FindManySql, postgres: false, "@devices");
    private static readonly string[] FindManyNames = ["@devices", "@service"];

    /// <summary>Counts the SMS against a limit found by <see cref="Find"/>; throws <see cref="SmsDeniedException"/> past it.</summary>
    public static void Take(DbConnection c, DbTransaction t, EventLog events, long org, long deviceId, int serviceId, CatalogueLimit limit, int parts, DateTime now)
    {
        var (start, _) = DataPlaneStore.LimitPeriod(limit.Period, now);
        using var take = SqlCommands.Create(c, t, """
            INSERT INTO sms_limit_counters ("DeviceId", "ServiceId", "Period", "PeriodStart", "Count") VALUES (@device, @service, @period, @start, @n)
            ON CONFLICT ("DeviceId", "ServiceId", "Period", "PeriodStart") DO UPDATE SET "Count" = sms_limit_counters."Count" + excluded."Count"
            RETURNING "Count"
            """, ("@device", deviceId), ("@service", serviceId), ("@period", limit.Period), ("@start", start), ("@n", parts));
        var count = Convert.ToInt64(take.ExecuteScalar(), CultureInfo.InvariantCulture);
        var what = serviceId == 2 ? "MT" : "MO";
        var per = limit.Period == 1 ? "day" : "month";
        // Refused: the writer rolls this SMS's statements back (the counter too).
        if (count > limit.Volume)
            throw new SmsDeniedException($"Endpoint with Id '{deviceId}' has reached its SMS {what} limit of {limit.Volume} per {per}.");
        if (count == limit.Volume && DataPlaneStore.Facts(c, t, deviceId) is { } f)
            DataPlaneStore.InsertEvent(c, t, events, f with { OrganisationId = org }, DataPlaneEvents.SmsLimitReached,
                $"SMS {what} limit reached: {limit.Volume} per {per}", now, EventSeverity.Warn);
    }
}
