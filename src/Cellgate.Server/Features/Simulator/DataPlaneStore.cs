using System.Data.Common;
using System.Globalization;
using Cellgate.Delivery;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// The data plane's SQL, run inside the group-commit writer's transaction (<see cref="SmsWriter.WriteAsync{T}"/>), as
/// every change of handset state is: the radio (RAT, cell, traffic pattern), data sessions, usage records with their
/// hourly/daily/monthly rollups, and data quota enforcement. Volumes are bytes; quotas count MB of 1,000,000 bytes.
/// </summary>
public static class DataPlaneStore
{
    public const double BytesPerMb = 1_000_000d;

    public sealed record Radio(int RatTypeId, int Lac, int CellId, long UpBytesPerMinute, long DownBytesPerMinute, DateTime? MeteredUntil);

    public static readonly Radio DefaultRadio = new(DataPlaneDefaults.RatType4G, 1, 1, 0, 0, null);

    /// <summary>The open data session of a device.</summary>
    public sealed record Session(long Id, long OrganisationId, long? SimId, long OperatorId, int RatTypeId, string Apn, string? IpAddress, DateTime Started, long BytesUp, long BytesDown);

    /// <summary>The device's facts the data plane needs: its organisation, SIM, name, address, service profile switches.</summary>
    public sealed record DeviceFacts(long Id, long OrganisationId, string Name, long? SimId, string? Iccid, string? Imsi, string? IpAddress,
        bool Enabled, bool SimActive, bool AllowData, bool ApplyDataQuota, bool Allowed3g, bool Allowed4g, bool AllowedNbIot);

    public static DeviceFacts? Facts(DbConnection c, DbTransaction t, long deviceId)
    {
        using var command = SqlCommands.Create(c, t, """
            SELECT d."OrganisationId", d."Name", d."SimId", s."Iccid", s."Imsi", d."IpAddress", d."Status", s."Status",
                   p."AllowData", p."ApplyDataQuota", p."Allowed3g", p."Allowed4g", p."AllowedNbIot"
            FROM devices d JOIN service_profiles p ON p."Id" = d."ServiceProfileId" LEFT JOIN sims s ON s."Id" = d."SimId"
            WHERE d."Id" = @id
            """, ("@id", deviceId));
        using var r = command.ExecuteReader();
        if (!r.Read()) return null;
        return new DeviceFacts(deviceId, r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6) == (int)DeviceStatus.Enabled,
            !r.IsDBNull(7) && r.GetInt32(7) == (int)SimStatus.Activated, r.GetBoolean(8), r.GetBoolean(9), r.GetBoolean(10), r.GetBoolean(11), r.GetBoolean(12));
    }

    /// <summary>Whether the service profile lets the device use this RAT (2G always; 4G, LTE-M and 5G under <c>allowed_4g</c>).</summary>
    public static bool RatAllowed(DeviceFacts f, int ratType) => ratType switch
    {
        1 => f.Allowed3g,
        6 or 9 or 10 => f.Allowed4g,
        8 => f.AllowedNbIot,
        _ => true,
    };

    /// <summary>
    /// The device's radio, locked to this transaction's end on PostgreSQL (<c>FOR UPDATE</c>): every caller reads it to
    /// change it (metering moves <c>MeteredUntil</c>), and with several group transactions at once two of them must not
    /// both read the same metering cursor and record the same minutes twice — the second waits for the first's commit
    /// and reads what it wrote. SQLite has one writer.
    /// </summary>
    public static Radio ReadRadio(DbConnection c, DbTransaction t, long deviceId)
    {
        using var command = SqlCommands.Create(c, t, c.IsPostgreSql() ? ReadRadioSql + " FOR UPDATE" : ReadRadioSql, ("@id", deviceId));
        using var r = command.ExecuteReader();
        if (!r.Read()) return DefaultRadio;
        return new Radio(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.IsDBNull(5) ? null : Utc(r.GetDateTime(5)));
    }

    private const string ReadRadioSql = """
        SELECT "RatTypeId", "Lac", "CellId", "UpBytesPerMinute", "DownBytesPerMinute", "MeteredUntil" FROM simulated_radio WHERE "DeviceId" = @id
        """;

    public static void SaveRadio(DbConnection c, DbTransaction t, long deviceId, Radio radio) => Exec(c, t, """
        INSERT INTO simulated_radio ("DeviceId", "RatTypeId", "Lac", "CellId", "UpBytesPerMinute", "DownBytesPerMinute", "MeteredUntil")
        VALUES (@id, @rat, @lac, @cell, @up, @down, @metered)
        ON CONFLICT ("DeviceId") DO UPDATE SET "RatTypeId" = excluded."RatTypeId", "Lac" = excluded."Lac", "CellId" = excluded."CellId",
            "UpBytesPerMinute" = excluded."UpBytesPerMinute", "DownBytesPerMinute" = excluded."DownBytesPerMinute", "MeteredUntil" = excluded."MeteredUntil"
        """, ("@id", deviceId), ("@rat", radio.RatTypeId), ("@lac", radio.Lac), ("@cell", radio.CellId), ("@up", radio.UpBytesPerMinute),
        ("@down", radio.DownBytesPerMinute), ("@metered", radio.MeteredUntil));

    public static Session? OpenSession(DbConnection c, DbTransaction t, long deviceId)
    {
        using var command = SqlCommands.Create(c, t, """
            SELECT "Id", "OrganisationId", "SimId", "OperatorId", "RatTypeId", "Apn", "IpAddress", "Started", "BytesUp", "BytesDown"
            FROM data_sessions WHERE "DeviceId" = @id AND "Ended" IS NULL
            """, ("@id", deviceId));
        using var r = command.ExecuteReader();
        if (!r.Read()) return null;
        return new Session(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetInt64(3), r.GetInt32(4), r.GetString(5),
            r.IsDBNull(6) ? null : r.GetString(6), Utc(r.GetDateTime(7)), r.GetInt64(8), r.GetInt64(9));
    }

    /// <summary>Why a device may not use data now (null: it may): disabled, no active SIM, no data service, or its data quota.</summary>
    public static string? DataRefusal(DbConnection c, DbTransaction t, DeviceFacts f, DateTime now)
    {
        if (!f.Enabled) return "the endpoint is disabled";
        if (!f.SimActive) return "the endpoint has no activated SIM";
        if (!f.AllowData) return "its service profile has no data service";
        if (f.ApplyDataQuota && QuotaState(c, t, f.Id, now) is not QuotaUse.Usable and not QuotaUse.Throttled)
            return "its data quota is missing, exhausted or expired";
        if (TrafficLimitReached(c, t, f.Id, now) is { } limit) return $"it has reached traffic limit {limit}";
        return null;
    }

    /// <summary>The start of the traffic limit period (1 day, 2 month) containing <paramref name="now"/>, and its end.</summary>
    public static (DateTime Start, DateTime End) LimitPeriod(int period, DateTime now) => period == 1
        ? (now.Date, now.Date.AddDays(1))
        : (new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1));

    /// <summary>A data traffic limit of the device's service profile with the device's usage in its current period.</summary>
    public sealed record LimitUse(long Id, long Volume, int Period, int? WarningPercent, DateTime PeriodStart, long Bytes, double Extension)
    {
        /// <summary>The volume allowed in this period (MB): the limit plus the endpoint's unexpired extensions.</summary>
        public double Allowed => Volume + Extension;
        public bool Reached => Bytes / BytesPerMb >= Allowed;
        public bool Warned => WarningPercent is { } p && Bytes / BytesPerMb >= Allowed * p / 100d;
    }

    /// <summary>The device's data traffic limits with its usage in each one's current day or month (read from the rollup) and its extensions.</summary>
    public static List<LimitUse> TrafficLimits(DbConnection c, DbTransaction t, long deviceId, DateTime now)
    {
        var limits = new List<(long Id, long Volume, int Period, int? Warning)>();
        using (var command = SqlCommands.Create(c, t, """
            SELECT l."Id", l."Volume", l."Period", l."WarningPercent" FROM traffic_limits l JOIN devices d ON d."ServiceProfileId" = l."ServiceProfileId"
            WHERE d."Id" = @id AND l."ServiceId" = 1 ORDER BY l."Id"
            """, ("@id", deviceId)))
        using (var r = command.ExecuteReader())
            while (r.Read()) limits.Add((r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3)));
        var result = new List<LimitUse>(limits.Count);
        foreach (var (id, volume, period, warning) in limits)
        {
            var (start, _) = LimitPeriod(period, now);
            using var used = SqlCommands.Create(c, t, """
                SELECT COALESCE(SUM("BytesUp" + "BytesDown"), 0) FROM usage_rollups WHERE "Period" = @period AND "DeviceId" = @id AND "Start" = @start
                """, ("@period", (int)(period == 1 ? UsagePeriod.Day : UsagePeriod.Month)), ("@id", deviceId), ("@start", start));
            var bytes = Convert.ToInt64(used.ExecuteScalar(), CultureInfo.InvariantCulture);
            using var extra = SqlCommands.Create(c, t, """
                SELECT COALESCE(SUM("Volume"), 0) FROM traffic_limit_extensions WHERE "DeviceId" = @id AND "TrafficLimitId" = @limit AND "ExpirationDate" > @now
                """, ("@id", deviceId), ("@limit", id), ("@now", now));
            result.Add(new LimitUse(id, volume, period, warning, start, bytes, Convert.ToDouble(extra.ExecuteScalar(), CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>
    /// The first data traffic limit of the device's service profile that its usage in the current period has reached,
    /// counting the endpoint's unexpired extensions of it; null when none is reached. Reads the day's or month's rollup.
    /// </summary>
    public static long? TrafficLimitReached(DbConnection c, DbTransaction t, long deviceId, DateTime now) =>
        TrafficLimits(c, t, deviceId, now).FirstOrDefault(l => l.Reached)?.Id;

    /// <summary>
    /// Records a <c>warning_percent</c> event (<see cref="DataPlaneEvents.TrafficLimitWarning"/>) for each limit whose
    /// usage has passed its warning share of the allowed volume, once per limit, endpoint and period.
    /// </summary>
    private static void WarnTrafficLimits(DbConnection c, DbTransaction t, DeviceFacts f, IEnumerable<LimitUse> limits, DateTime now, EventLog events)
    {
        foreach (var l in limits.Where(l => l.Warned))
        {
            var first = Exec(c, t, """
                INSERT INTO traffic_limit_warnings ("DeviceId", "TrafficLimitId", "PeriodStart") VALUES (@device, @limit, @start)
                ON CONFLICT ("DeviceId", "TrafficLimitId", "PeriodStart") DO NOTHING
                """, ("@device", f.Id), ("@limit", l.Id), ("@start", l.PeriodStart)) == 1;
            if (first)
                InsertEvent(c, t, events, f, DataPlaneEvents.TrafficLimitWarning,
                    $"Traffic limit {l.Id} warning: {l.Bytes / BytesPerMb:0.###} of {l.Allowed:0.###} MB used ({l.WarningPercent}% reached)", now, EventSeverity.Warn);
        }
    }

    public enum QuotaUse { None, Usable, Throttled, Blocked }

    /// <summary>What the device's data quota allows now (expired quotas are marked EXPIRED here).</summary>
    public static QuotaUse QuotaState(DbConnection c, DbTransaction t, long deviceId, DateTime now)
    {
        using var command = SqlCommands.Create(c, t, """SELECT "Status", "Volume", "ExpiryDate", "ActionOnExhaustion" FROM data_quotas WHERE "DeviceId" = @id""", ("@id", deviceId));
        using var r = command.ExecuteReader();
        if (!r.Read()) return QuotaUse.None;
        var status = r.GetInt32(0);
        var volume = r.GetDouble(1);
        var expiry = Utc(r.GetDateTime(2));
        var action = r.GetInt32(3);
        if (expiry <= now) return QuotaUse.Blocked;
        if (status == 1 && volume > 0) return QuotaUse.Usable;
        return status == 2 && action == 2 ? QuotaUse.Throttled : QuotaUse.Blocked;
    }

    /// <summary>Opens a data session (PDP context) on the serving network; the pattern is metered from now.</summary>
    public static long StartSession(DbConnection c, DbTransaction t, DeviceFacts f, long operatorId, string apn, DateTime now, EventLog events)
    {
        var radio = ReadRadio(c, t, f.Id);
        using var insert = SqlCommands.Create(c, t, """
            INSERT INTO data_sessions ("DeviceId", "OrganisationId", "SimId", "OperatorId", "RatTypeId", "Apn", "IpAddress", "Started", "Ended", "BytesUp", "BytesDown")
            VALUES (@device, @org, @sim, @op, @rat, @apn, @ip, @now, NULL, 0, 0) RETURNING "Id"
            """, ("@device", f.Id), ("@org", f.OrganisationId), ("@sim", f.SimId), ("@op", operatorId), ("@rat", radio.RatTypeId), ("@apn", apn), ("@ip", f.IpAddress), ("@now", now));
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        SaveRadio(c, t, f.Id, radio with { MeteredUntil = now });
        InsertEvent(c, t, events, f, DataPlaneEvents.CreatePdpContext, $"PDP context created on APN {apn}", now, EventSeverity.Info);
        return id;
    }

    /// <summary>Ends the open session, metering the pattern up to now first. False when none was open.</summary>
    public static bool EndSession(DbConnection c, DbTransaction t, long deviceId, DateTime now, EventLog events, string reason = "PDP context deleted")
    {
        Meter(c, t, deviceId, now, events);
        using var update = SqlCommands.Create(c, t, """UPDATE data_sessions SET "Ended" = @now WHERE "DeviceId" = @id AND "Ended" IS NULL""", ("@now", now), ("@id", deviceId));
        if (update.ExecuteNonQuery() == 0) return false;
        var radio = ReadRadio(c, t, deviceId);
        SaveRadio(c, t, deviceId, radio with { MeteredUntil = null });
        if (Facts(c, t, deviceId) is { } f) InsertEvent(c, t, events, f, DataPlaneEvents.DeletePdpContext, reason, now, EventSeverity.Info);
        return true;
    }

    /// <summary>
    /// Records the traffic pattern's usage from the last metered minute up to <paramref name="now"/> (whole minutes,
    /// one record per hour touched, so every rollup is exact). Throttled devices are capped at the quota's peak throughput.
    /// </summary>
    public static void Meter(DbConnection c, DbTransaction t, long deviceId, DateTime now, EventLog events)
    {
        var radio = ReadRadio(c, t, deviceId);
        if (radio.MeteredUntil is not { } from) return;
        var minutes = (now - from).Ticks / TimeSpan.TicksPerMinute;
        if (minutes <= 0) return;
        var session = OpenSession(c, t, deviceId);
        if (session is null)
        {
            SaveRadio(c, t, deviceId, radio with { MeteredUntil = null });
            return;
        }
        if (radio.UpBytesPerMinute == 0 && radio.DownBytesPerMinute == 0)
        {
            SaveRadio(c, t, deviceId, radio with { MeteredUntil = from.AddMinutes(minutes) });
            return;
        }
        var (up, down) = (radio.UpBytesPerMinute, radio.DownBytesPerMinute);
        if (QuotaState(c, t, deviceId, now) == QuotaUse.Throttled && PeakThroughput(c, t, deviceId) is { } peak)
        {
            var cap = peak * 60;
            (up, down) = (Math.Min(up, cap), Math.Min(down, cap));
        }
        var cursor = from;
        var end = from.AddMinutes(minutes);
        // Saved first: a block inside Record (quota used up) ends the session and clears the cursor.
        SaveRadio(c, t, deviceId, radio with { MeteredUntil = end });
        while (cursor < end)
        {
            var hourEnd = new DateTime(cursor.Year, cursor.Month, cursor.Day, cursor.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
            var segmentEnd = hourEnd < end ? hourEnd : end;
            var m = (long)((segmentEnd - cursor).Ticks / TimeSpan.TicksPerMinute);
            if (!Record(c, t, session, deviceId, cursor, up * m, down * m, 0, 0, events)) break;
            cursor = segmentEnd;
        }
    }

    private static long? PeakThroughput(DbConnection c, DbTransaction t, long deviceId)
    {
        using var command = SqlCommands.Create(c, t, """SELECT "PeakThroughput" FROM data_quotas WHERE "DeviceId" = @id""", ("@id", deviceId));
        return command.ExecuteScalar() is long l ? l : null;
    }

    /// <summary>
    /// One usage record, its three rollups, the session's counters and the data quota, all in this transaction.
    /// False when the quota was used up and the session torn down (Block).
    /// </summary>
    public static bool Record(DbConnection c, DbTransaction t, Session? session, long deviceId, DateTime time, long up, long down, int smsMo, int smsMt, EventLog events)
    {
        var f = Facts(c, t, deviceId);
        if (f is null) return false;
        var usage = new UsageBatch(c, t);
        usage.Add(f.OrganisationId, deviceId, session?.SimId ?? f.SimId, session?.Id, session?.OperatorId, session?.RatTypeId, time, up, down, smsMo, smsMt);
        usage.Complete();
        if (session is not null && up + down > 0)
            Exec(c, t, """UPDATE data_sessions SET "BytesUp" = "BytesUp" + @up, "BytesDown" = "BytesDown" + @down WHERE "Id" = @id""", ("@up", up), ("@down", down), ("@id", session.Id));
        if (up + down == 0) return true;
        if (f.ApplyDataQuota && !ConsumeQuota(c, t, f, (up + down) / BytesPerMb, time, events)) return false;
        if (session is null) return true;
        var limits = TrafficLimits(c, t, deviceId, time);
        WarnTrafficLimits(c, t, f, limits, time, events);
        if (limits.FirstOrDefault(l => l.Reached)?.Id is not { } limit) return true;
        // A traffic limit reached: the endpoint is blocked until the period ends or an extension lifts it.
        Exec(c, t, """UPDATE data_sessions SET "Ended" = @now WHERE "DeviceId" = @id AND "Ended" IS NULL""", ("@now", time), ("@id", deviceId));
        SaveRadio(c, t, deviceId, ReadRadio(c, t, deviceId) with { MeteredUntil = null });
        InsertEvent(c, t, events, f, DataPlaneEvents.EndpointBlocked, $"Endpoint blocked: traffic limit {limit} reached", time, EventSeverity.Warn);
        InsertEvent(c, t, events, f, DataPlaneEvents.DeletePdpContext, "PDP context deleted: traffic limit reached", time, EventSeverity.Info);
        return false;
    }

    /// <summary>The hour, the UTC day and the UTC month containing <paramref name="time"/>.</summary>
    private static (UsagePeriod Period, DateTime Start)[] PeriodsOf(DateTime time)
    {
        var hour = new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc);
        return [(UsagePeriod.Hour, hour), (UsagePeriod.Day, hour.Date), (UsagePeriod.Month, new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc))];
    }

    private static readonly MultiRowStatement RecordRows = new("""
        INSERT INTO usage_records ("OrganisationId", "DeviceId", "SimId", "SessionId", "OperatorId", "RatTypeId", "Time", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
        """, ["org", "device", "sim", "session", "op", "rat", "time", "up", "down", "mo", "mt"]);

    /// <summary>Device rollups; a statement's keys are distinct (<see cref="UsageBatch"/> sums per key), as PostgreSQL requires.</summary>
    private static readonly MultiRowStatement DeviceRollupRows = new("""
        INSERT INTO usage_rollups ("Period", "DeviceId", "SimId", "Start", "OrganisationId", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
        """, ["period", "device", "sim", "start", "org", "up", "down", "mo", "mt"], """
        ON CONFLICT ("Period", "DeviceId", "SimId", "Start") DO UPDATE SET "BytesUp" = usage_rollups."BytesUp" + excluded."BytesUp",
            "BytesDown" = usage_rollups."BytesDown" + excluded."BytesDown", "SmsMo" = usage_rollups."SmsMo" + excluded."SmsMo", "SmsMt" = usage_rollups."SmsMt" + excluded."SmsMt"
        """);

    private static readonly MultiRowStatement OrganisationRollupRows = new("""
        INSERT INTO organisation_usage_rollups ("Period", "OrganisationId", "Start", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
        """, ["period", "org", "start", "up", "down", "mo", "mt"], """
        ON CONFLICT ("Period", "OrganisationId", "Start") DO UPDATE SET "BytesUp" = organisation_usage_rollups."BytesUp" + excluded."BytesUp",
            "BytesDown" = organisation_usage_rollups."BytesDown" + excluded."BytesDown", "SmsMo" = organisation_usage_rollups."SmsMo" + excluded."SmsMo",
            "SmsMt" = organisation_usage_rollups."SmsMt" + excluded."SmsMt"
        """);

    private static readonly MultiRowStatement PendingInsert = new("""
        INSERT INTO usage_pending ("OrganisationId", "DeviceId", "SimId", "Hour", "Day", "Month", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
        """, ["org", "device", "sim", "hour", "day", "month", "up", "down", "mo", "mt"]);

    /// <summary>
    /// SQLite: the batch's pending sums added to their key's row, or a row for the key — one upsert into the table keyed
    /// (DeviceId, SimId, Hour), <c>WITHOUT ROWID</c> (its <c>Day</c> and <c>Month</c> are computed from <c>Hour</c>).
    /// </summary>
    private static readonly MultiRowStatement PendingUpsertSqlite = new("""
        INSERT INTO usage_pending ("DeviceId", "SimId", "Hour", "OrganisationId", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
        """, ["device", "sim", "hour", "org", "up", "down", "mo", "mt"], """
        ON CONFLICT ("DeviceId", "SimId", "Hour") DO UPDATE SET "BytesUp" = usage_pending."BytesUp" + excluded."BytesUp",
            "BytesDown" = usage_pending."BytesDown" + excluded."BytesDown", "SmsMo" = usage_pending."SmsMo" + excluded."SmsMo",
            "SmsMt" = usage_pending."SmsMt" + excluded."SmsMt"
        """);

    /// <summary>
    /// The usage records of one transaction and their rollups: records go out <see cref="MultiRowStatement.RowsPerStatement"/>
    /// a statement as they are added. A record's rollups are either written in this transaction — the hourly, daily
    /// and monthly rollups of the device (and SIM) and of the organisation, summed in memory per key and upserted once
    /// per key on <see cref="Complete"/> — or, when <c>deferred</c>, appended to <c>usage_pending</c> (one row per
    /// device, SIM and hour of the batch) for <see cref="UsageRoller"/> to fold in later (<see cref="Roll"/>).
    /// </summary>
    public sealed class UsageBatch(DbConnection c, DbTransaction t)
    {
        private readonly MultiRowStatement.Rows _records = RecordRows.Start(c, t);
        private readonly Rollup _rollup = new();
        private readonly Dictionary<(long Org, long Device, long Sim, DateTime Hour), Totals> _pending = [];

        /// <summary>Rows of <c>usage_pending</c> this batch added to or appended (the keys it deferred).</summary>
        public int PendingRows { get; private set; }

        /// <param name="logged">False for SMS (<see cref="RecordSms"/>): counted in the rollups only, no <c>usage_records</c> row
        /// (the SMS's own row is its raw record).</param>
        public void Add(long org, long deviceId, long? simId, long? sessionId, long? operatorId, int? ratTypeId, DateTime time, long up, long down, int smsMo, int smsMt,
            bool deferred = false, bool logged = true)
        {
            if (logged) _records.Add(org, deviceId, simId, sessionId, operatorId, ratTypeId, time, up, down, smsMo, smsMt);
            if (!deferred)
            {
                _rollup.Add(org, deviceId, simId ?? 0, time, up, down, smsMo, smsMt);
                return;
            }
            var hour = new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc);
            ref var p = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, (org, deviceId, simId ?? 0, hour), out var known);
            if (!known) PendingRows++;
            p.Add(org, up, down, smsMo, smsMt);
        }

        /// <summary>Writes the remaining records, the rollups and the pending rows; returns the statements the batch ran.</summary>
        public int Complete()
        {
            _records.Flush();
            // PostgreSQL appends one row per key and batch: two group transactions (or nodes) upserting the same keys in
            // their own orders would wait on each other's rows and deadlock. SQLite has one writer, so there a key's
            // pending row is added to (docs/connectivity.md): the table stays one row per device, SIM and hour pending
            // instead of one per batch, and a roll deletes that — a batch's inserts and a roll's deletes no longer
            // dirty a page of usage_pending per row (the feed's WAL bytes per record, docs/benchmarks.md).
            if (!c.IsPostgreSql())
            {
                // Sorted by key, so that the upsert walks the b-tree (clustered by device) in order.
                var upsert = PendingUpsertSqlite.Start(c, t);
                foreach (var ((org, device, sim, hour), s) in _pending.OrderBy(p => p.Key.Device).ThenBy(p => p.Key.Sim).ThenBy(p => p.Key.Hour))
                    upsert.Add(device, sim, hour, org, s.Up, s.Down, s.Mo, s.Mt);
                upsert.Flush();
                _pending.Clear();
                return _records.Statements + upsert.Statements + _rollup.Write(c, t);
            }
            var pending = PendingInsert.Start(c, t);
            foreach (var ((org, device, sim, hour), s) in _pending)
                pending.Add(org, device, sim, hour, hour.Date, new DateTime(hour.Year, hour.Month, 1, 0, 0, 0, DateTimeKind.Utc), s.Up, s.Down, s.Mo, s.Mt);
            pending.Flush();
            _pending.Clear();
            return _records.Statements + pending.Statements + _rollup.Write(c, t);
        }
    }

    /// <summary>Rollup sums per key (device, SIM, period, start) and (organisation, period, start), written once per key.</summary>
    private sealed class Rollup
    {
        private readonly Dictionary<(long Device, long Sim, UsagePeriod Period, DateTime Start), Totals> _devices = [];
        private readonly Dictionary<(long Org, UsagePeriod Period, DateTime Start), Totals> _organisations = [];

        public void Add(long org, long deviceId, long simId, DateTime time, long up, long down, long smsMo, long smsMt)
        {
            foreach (var (period, start) in PeriodsOf(time))
            {
                ref var d = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_devices, (deviceId, simId, period, start), out _);
                d.Add(org, up, down, smsMo, smsMt);
                ref var o = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_organisations, (org, period, start), out _);
                o.Add(org, up, down, smsMo, smsMt);
            }
        }

        /// <summary>Upserts every key once; returns the statements run.</summary>
        public int Write(DbConnection c, DbTransaction t)
        {
            var devices = DeviceRollupRows.Start(c, t);
            foreach (var ((device, sim, period, start), s) in _devices)
                devices.Add((int)period, device, sim, start, s.Org, s.Up, s.Down, s.Mo, s.Mt);
            devices.Flush();
            var organisations = OrganisationRollupRows.Start(c, t);
            foreach (var ((org, period, start), s) in _organisations)
                organisations.Add((int)period, org, start, s.Up, s.Down, s.Mo, s.Mt);
            organisations.Flush();
            _devices.Clear();
            _organisations.Clear();
            return devices.Statements + organisations.Statements;
        }
    }

    /// <summary>
    /// Folds every <c>usage_pending</c> row of the next <paramref name="devices"/> devices with usage pending, from device
    /// id <paramref name="fromDevice"/> on, into the rollups in this transaction: takes them out (<c>DELETE … RETURNING</c>,
    /// so exactly the rows it adds are gone; by the (DeviceId) index) and upserts each device and organisation rollup key
    /// once. A roll goes through the devices in slices like this, so no transaction holds the writer long, and each
    /// device's keys are still upserted once a roll however many rows it has. Returns the rows taken, the devices they
    /// belong to and the highest device id taken (rows 0: no device left from <paramref name="fromDevice"/>, or another
    /// node is rolling).
    /// </summary>
    public static (int Rows, int Devices, long LastDevice) Roll(DbConnection c, DbTransaction t, long fromDevice, int devices)
    {
        // PostgreSQL: one node rolls at a time (the two-key advisory lock space is apart from the per-device locks'
        // one-key space), so two rolls never wait on each other's rows inside the writer's group transaction.
        if (c.IsPostgreSql())
        {
            using var exclusive = SqlCommands.Create(c, t, "SELECT pg_try_advisory_xact_lock(15, 1)");
            if (exclusive.ExecuteScalar() is not true) return (0, 0, fromDevice);
        }
        var take = SqlCommands.Get(c, t, """
            DELETE FROM usage_pending WHERE "DeviceId" IN
                (SELECT DISTINCT "DeviceId" FROM usage_pending WHERE "DeviceId" >= @from ORDER BY "DeviceId" LIMIT @devices)
            RETURNING "OrganisationId", "DeviceId", "SimId", "Hour", "BytesUp", "BytesDown", "SmsMo", "SmsMt"
            """, "@from", "@devices");
        take.Set(0, fromDevice);
        take.Set(1, devices);
        var rollup = new Rollup();
        var rows = 0;
        var last = fromDevice;
        var taken = new HashSet<long>();
        using (var r = take.ExecuteReader())
            while (r.Read())
            {
                var device = r.GetInt64(1);
                rollup.Add(r.GetInt64(0), device, r.GetInt64(2), Utc(r.GetDateTime(3)), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
                last = Math.Max(last, device);
                taken.Add(device);
                rows++;
            }
        rollup.Write(c, t);
        return (rows, taken.Count, last);
    }

    /// <summary>One usage record of the network's usage feed (<see cref="RecordBatch"/>).</summary>
    public readonly record struct UsageInput(long DeviceId, DateTime Time, long Up, long Down);

    private struct Totals
    {
        public long Org, Up, Down, Mo, Mt;

        public void Add(long org, long up, long down, long mo, long mt)
        {
            Org = org;
            Up += up;
            Down += down;
            Mo += mo;
            Mt += mt;
        }
    }

    /// <summary>Ids per <c>IN (…)</c> lookup (padded with -1).</summary>
    private const int Chunk = 100;

    private static string Names(string prefix, int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@{prefix}{i}"));

    private static readonly string[] IdParameters = [.. Enumerable.Range(0, Chunk).Select(i => $"@d{i}")];

    /// <summary>
    /// What a usage feed batch needs of its devices, in one query: the organisation, the SIM, whether the profile
    /// applies the data quota and has a data traffic limit, and the open session's id, SIM, operator and RAT. Lean on
    /// purpose (no names, ICCIDs, statuses): at 500 devices a chunk the full facts with the SIM joined and a correlated
    /// count took 1.3–2 ms of the writer against 0.4 ms (docs/benchmarks.md, usage5); a device that has a quota or a
    /// limit to check gets its full <see cref="Facts"/> then, for the events.
    /// </summary>
    private const string FeedFactsInSql = """
        SELECT d."Id", d."OrganisationId", d."SimId", p."ApplyDataQuota",
               EXISTS (SELECT 1 FROM traffic_limits l WHERE l."ServiceProfileId" = d."ServiceProfileId" AND l."ServiceId" = 1),
               x."Id", x."SimId", x."OperatorId", x."RatTypeId"
        FROM devices d JOIN service_profiles p ON p."Id" = d."ServiceProfileId"
            LEFT JOIN data_sessions x ON x."DeviceId" = d."Id" AND x."Ended" IS NULL
        WHERE d."Id" IN (IDS)
        """;

    /// <summary>A device of a usage feed batch (<see cref="FeedFactsInSql"/>); <c>SessionId</c> null: no open session.</summary>
    private readonly record struct FeedDevice(long OrganisationId, long? SimId, bool ApplyDataQuota, bool Limited, long? SessionId, long? SessionSimId,
        long? OperatorId, int? RatTypeId);

    private const string SimsInSql = """SELECT "Id", "SimId" FROM devices WHERE "Id" IN (IDS)""";

    /// <summary>
    /// Runs <paramref name="sql"/> (with <c>IN (IDS)</c>) for <paramref name="ids"/>: on PostgreSQL <see cref="Chunk"/>
    /// id parameters a statement (the last chunk padded with -1); on SQLite all ids in one statement as a JSON array
    /// (<c>SELECT value FROM json_each(@ids)</c>), since Microsoft.Data.Sqlite's binding by name is quadratic in the
    /// parameters (<see cref="MultiRowStatement"/>). Returns the statements run.
    /// </summary>
    private static int ForChunks(DbConnection c, DbTransaction t, string sql, IReadOnlyList<long> ids, Action<DbDataReader> row)
    {
        if (ids.Count == 0) return 0;
        if (!c.IsPostgreSql())
        {
            var json = SqlCommands.Get(c, t, sql.Replace("IDS", "SELECT value FROM json_each(@ids)", StringComparison.Ordinal), "@ids");
            json.Set(0, SmsQueue.JsonIds(ids));
            using var reader = json.ExecuteReader();
            while (reader.Read()) row(reader);
            return 1;
        }
        var command = SqlCommands.Get(c, t, sql.Replace("IDS", Names("d", Chunk), StringComparison.Ordinal), IdParameters);
        var statements = 0;
        for (var at = 0; at < ids.Count; at += Chunk)
        {
            for (var i = 0; i < Chunk; i++) command.Set(i, at + i < ids.Count ? ids[at + i] : -1L);
            using var r = command.ExecuteReader();
            while (r.Read()) row(r);
            statements++;
        }
        return statements;
    }

    /// <summary>
    /// Records a batch of data usage records (the simulator's usage feed, <c>POST /api/simulator/usage</c>) in this
    /// transaction, in as few statements as it can: what it needs of the devices with their open sessions (<see cref="FeedFactsInSql"/>),
    /// the records (<see cref="MultiRowStatement"/>) and their sums per device and hour
    /// appended to <c>usage_pending</c> for the roller (<see cref="UsageBatch"/>) — except for devices with a data
    /// traffic limit, whose rollups are upserted here because the limit check reads them; the session counters, the data quota and the
    /// traffic limits once per device with the batch's sums, and only for devices that have them. The records are
    /// facts of the network, so a quota used up or a limit reached inside the batch blocks the device after the
    /// batch's records (the simulator's own consumption, <see cref="Record"/>, stops at the record that used it up).
    /// Returns the devices blocked by the batch and the rows it left in <c>usage_pending</c>.
    /// </summary>
    public static (int Blocked, int Pending) RecordBatch(DbConnection c, DbTransaction t, IReadOnlyList<UsageInput> records, DateTime now, EventLog events)
    {
        var ids = records.Select(r => r.DeviceId).Distinct().ToList();
        var devices = new Dictionary<long, FeedDevice>(ids.Count);
        ForChunks(c, t, FeedFactsInSql, ids, r => devices[r.GetInt64(0)] = new FeedDevice(r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetBoolean(3),
            r.GetBoolean(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.IsDBNull(7) ? null : r.GetInt64(7),
            r.IsDBNull(8) ? null : r.GetInt32(8)));

        var usage = new UsageBatch(c, t);
        var perDevice = new Dictionary<long, (long Up, long Down)>();
        foreach (var r in records)
        {
            if (!devices.TryGetValue(r.DeviceId, out var d)) continue;
            // Devices with a data traffic limit get their rollups now: TrafficLimits below reads them.
            usage.Add(d.OrganisationId, r.DeviceId, d.SessionSimId ?? d.SimId, d.SessionId, d.OperatorId, d.RatTypeId, r.Time, r.Up, r.Down, 0, 0,
                deferred: !d.Limited);
            ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(perDevice, r.DeviceId, out _);
            total = (total.Up + r.Up, total.Down + r.Down);
        }
        usage.Complete();

        // Per device with the batch's sums: its session's counters, its data quota, its traffic limits.
        var blocked = 0;
        foreach (var (id, (up, down)) in perDevice)
        {
            if (up + down == 0) continue;
            var d = devices[id];
            if (d.SessionId is { } sessionId)
            {
                var bytes = SqlCommands.Get(c, t, """UPDATE data_sessions SET "BytesUp" = "BytesUp" + @up, "BytesDown" = "BytesDown" + @down WHERE "Id" = @id""", "@up", "@down", "@id");
                bytes.Set(0, up);
                bytes.Set(1, down);
                bytes.Set(2, sessionId);
                bytes.ExecuteNonQuery();
            }
            if (!d.ApplyDataQuota && (d.SessionId is null || !d.Limited)) continue;
            // A quota or a limit to check: the full facts, for the events they may record.
            if (Facts(c, t, id) is not { } f) continue;
            if (d.ApplyDataQuota && !ConsumeQuota(c, t, f, (up + down) / BytesPerMb, now, events))
            {
                blocked++;
                continue;
            }
            if (d.SessionId is null || !d.Limited) continue;
            var limits = TrafficLimits(c, t, f.Id, now);
            WarnTrafficLimits(c, t, f, limits, now, events);
            if (limits.FirstOrDefault(l => l.Reached)?.Id is not { } limit) continue;
            Exec(c, t, """UPDATE data_sessions SET "Ended" = @now WHERE "DeviceId" = @id AND "Ended" IS NULL""", ("@now", now), ("@id", f.Id));
            SaveRadio(c, t, f.Id, ReadRadio(c, t, f.Id) with { MeteredUntil = null });
            InsertEvent(c, t, events, f, DataPlaneEvents.EndpointBlocked, $"Endpoint blocked: traffic limit {limit} reached", now, EventSeverity.Warn);
            InsertEvent(c, t, events, f, DataPlaneEvents.DeletePdpContext, "PDP context deleted: traffic limit reached", now, EventSeverity.Info);
            blocked++;
        }
        return (blocked, usage.PendingRows);
    }

    /// <summary>
    /// SMS of one handset as usage (MT delivered, MO sent). <see cref="SimKnown"/>: the caller read the device's SIM in this transaction
    /// (<see cref="SimId"/>, null: none; a delivery's <see cref="ClaimedSms.DeviceSimId"/>), so it is not looked up again.
    /// </summary>
    public readonly record struct SmsUsage(long OrganisationId, long DeviceId, int Mo, int Mt)
    {
        public bool SimKnown { get; init; }
        public long? SimId { get; init; }
    }

    /// <summary>
    /// SMS as usage (MT delivered, MO sent): their sums per device, SIM and hour added to <c>usage_pending</c> for the
    /// roller, which folds them into the rollups the statistics read. No <c>usage_records</c> row: the SMS's own row is
    /// its raw record (docs/connectivity.md). For a delivery round that is one statement on SQLite (the SIMs come with
    /// the SMS), two when a SIM must be looked up. Returns the statements it ran.
    /// </summary>
    public static int RecordSms(DbConnection c, DbTransaction t, IReadOnlyList<SmsUsage> sms, DateTime now)
    {
        if (sms.Count == 0) return 0;
        var sims = new Dictionary<long, long?>();
        var statements = 0;
        var unknown = sms.Where(s => !s.SimKnown).Select(s => s.DeviceId).Distinct().ToArray();
        if (unknown.Length > 0) statements = ForChunks(c, t, SimsInSql, unknown, r => sims[r.GetInt64(0)] = r.IsDBNull(1) ? null : r.GetInt64(1));
        var usage = new UsageBatch(c, t);
        foreach (var s in sms)
            usage.Add(s.OrganisationId, s.DeviceId, s.SimKnown ? s.SimId : sims.GetValueOrDefault(s.DeviceId), null, null, null, now, 0, 0, s.Mo, s.Mt,
                deferred: true, logged: false);
        return statements + usage.Complete();
    }

    private static bool ConsumeQuota(DbConnection c, DbTransaction t, DeviceFacts f, double mb, DateTime now, EventLog events)
    {
        using var command = SqlCommands.Create(c, t, """
            UPDATE data_quotas SET "Volume" = CASE WHEN "Volume" - @mb <= 0 THEN 0 ELSE "Volume" - @mb END,
                "Status" = CASE WHEN "Volume" - @mb <= 0 THEN 2 ELSE "Status" END,
                "LastStatusChangeDate" = CASE WHEN "Volume" - @mb <= 0 THEN @now ELSE "LastStatusChangeDate" END
            WHERE "DeviceId" = @id AND "Status" = 1
            RETURNING "Volume", "ThresholdVolume", "ThresholdReported", "ActionOnExhaustion"
            """, ("@mb", mb), ("@now", now), ("@id", f.Id));
        double volume, threshold;
        bool reported;
        int action;
        using (var r = command.ExecuteReader())
        {
            if (!r.Read()) return true; // no active quota (throttled, or none): nothing to consume
            (volume, threshold, reported, action) = (r.GetDouble(0), r.GetDouble(1), r.GetBoolean(2), r.GetInt32(3));
        }
        if (volume <= threshold && !reported)
        {
            Exec(c, t, """UPDATE data_quotas SET "ThresholdReported" = @true WHERE "DeviceId" = @id""", ("@true", true), ("@id", f.Id));
            InsertEvent(c, t, events, f, DataPlaneEvents.QuotaThresholdReached, "Data quota threshold reached", now, EventSeverity.Warn);
        }
        if (volume > 0) return true;
        InsertEvent(c, t, events, f, DataPlaneEvents.QuotaUsedUp, action == 2 ? "Data quota used up: throttled" : "Data quota used up: blocked", now, EventSeverity.Warn);
        if (action == 2) return true;
        // Block: the session is torn down (its pattern already metered up to this record).
        Exec(c, t, """UPDATE data_sessions SET "Ended" = @now WHERE "DeviceId" = @id AND "Ended" IS NULL""", ("@now", now), ("@id", f.Id));
        var radio = ReadRadio(c, t, f.Id);
        SaveRadio(c, t, f.Id, radio with { MeteredUntil = null });
        InsertEvent(c, t, events, f, DataPlaneEvents.DeletePdpContext, "PDP context deleted: data quota used up", now, EventSeverity.Info);
        return false;
    }

    /// <summary>Refills the auto-refill quotas once per UTC day to their last added volume.</summary>
    public static int Refill(DbConnection c, DbTransaction t, DateTime now) => Exec(c, t, """
        UPDATE data_quotas SET "Volume" = "LastVolumeAdded", "Status" = 1, "ThresholdReported" = @false, "LastRefill" = @today, "LastStatusChangeDate" = @now
        WHERE "AutoRefill" = 1 AND ("LastRefill" IS NULL OR "LastRefill" < @today) AND "ExpiryDate" > @now
        """, ("@false", false), ("@today", now.Date), ("@now", now));

    /// <summary>The devices whose pattern has minutes to record (due: a whole minute has passed).</summary>
    public static List<long> DueForMetering(DbConnection c, DbTransaction t, DateTime now)
    {
        var due = new List<long>();
        using var command = SqlCommands.Create(c, t, """SELECT "DeviceId" FROM simulated_radio WHERE "MeteredUntil" IS NOT NULL AND "MeteredUntil" <= @limit""",
            ("@limit", now.AddMinutes(-1)));
        using var r = command.ExecuteReader();
        while (r.Read()) due.Add(r.GetInt64(0));
        return due;
    }

    public static void InsertEvent(DbConnection c, DbTransaction t, EventLog events, DeviceFacts f, int type, string description, DateTime now, EventSeverity severity) =>
        Exec(c, t, """
            INSERT INTO events ("Id", "OrganisationId", "Timestamp", "EventType", "EventSource", "EventSeverity", "Alert", "Description", "EndpointId", "EndpointName", "EndpointIpAddress", "SimId", "SimIccid", "Imsi")
            VALUES (@id, @org, @ts, @type, @source, @severity, @alert, @description, @endpoint, @name, @ip, @sim, @iccid, @imsi)
            """,
            ("@id", events.NextId()), ("@org", f.OrganisationId), ("@ts", now), ("@type", type), ("@source", (int)(type is DataPlaneEvents.CreatePdpContext or DataPlaneEvents.DeletePdpContext or DataPlaneEvents.UpdateLocation ? EventSource.Network : EventSource.PolicyControl)),
            ("@severity", (int)severity), ("@alert", severity != EventSeverity.Info), ("@description", description), ("@endpoint", f.Id), ("@name", f.Name), ("@ip", f.IpAddress),
            ("@sim", f.SimId), ("@iccid", f.Iccid), ("@imsi", f.Imsi));

    private static int Exec(DbConnection c, DbTransaction t, string sql, params (string, object?)[] parameters)
    {
        using var command = SqlCommands.Create(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static DateTime Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc);
}

/// <summary>EMnify's event types of the data plane (reference: EMnify's event type list; ids from its documentation).</summary>
public static class DataPlaneEvents
{
    public const int UpdateLocation = 1;
    public const int CreatePdpContext = 3;
    public const int DeletePdpContext = 5;
    public const int EndpointBlocked = 11;
    public const int QuotaThresholdReached = 18;
    public const int QuotaUsedUp = 19;
    public const int DataQuotaAssigned = 56;
    public const int DataQuotaDeleted = 57;

    /// <summary>Cellgate's: a traffic limit's <c>warning_percent</c> reached (EMnify's id for it is not published).</summary>
    public const int TrafficLimitWarning = 1011;

    /// <summary>Cellgate's: an SMS limit of the catalogue reached, further SMS of that service refused until the period ends.</summary>
    public const int SmsLimitReached = 1012;
}
