using System.Data.Common;
using System.Globalization;
using System.Text;
using Cellgate.Delivery;
using Cellgate.Storage.Entities;
using Cellgate.Storage.Sqlite;

namespace Cellgate.Server.Features.Sms;

/// <summary>The lease an MT placed <see cref="SubmitPlacement.HandOff"/> is stored with.</summary>
internal readonly record struct SubmitLease(string Node, DateTime Until);

/// <summary>
/// Inserts many one-part MT SMS with few statements, for <see cref="MtSubmission.InsertManyAsync"/>: one read of the queue
/// tails of all their devices, then (SQLite) multi-row INSERTs of up to <see cref="MaxRows"/> rows, prepared once per
/// connection for each of a few sizes. Same rows as <see cref="SmsQueue.Insert"/> (and the schedule update of
/// <see cref="MtSubmission"/>) would store one by one: an MT behind a device's SMS that waits for a retry (or its
/// schedule) is stored BUFFERED and parked (<see cref="SmsQueue.Parked"/>), a scheduled one waits until its time, so
/// that for one device RetryDate never decreases as Id grows. Ids: within one INSERT both SQLite and PostgreSQL assign them increasing in VALUES order, so the
/// returned ids, sorted, belong to the rows in order (RETURNING itself promises no order).
/// Portable SQL (a CTE over VALUES, RETURNING); one statement of each kind, here.
/// </summary>
internal static class MtRows
{
    /// <summary>
    /// Rows per INSERT at most (SQLite). Bound by position (<see cref="SqliteStatement"/>): through Microsoft.Data.Sqlite,
    /// which binds every parameter by name on every run at a cost of about p² for p parameters, 16 rows of 19 parameters
    /// spent two thirds of the insert's time binding and the limit was 4 (docs/benchmarks.md, SMPP notes and 2026-12-03).
    /// </summary>
    public const int MaxRows = 16;

    /// <summary>Devices per queue-tail read at most (one parameter each).</summary>
    public const int MaxDevices = 16;


    private const string Pending = SmsQueueFilter.Pending; // the partial indexes' filter, verbatim

    private const int Columns = 19;

    private static readonly string[][] InsertNames = new string[MaxRows + 1][];
    private static readonly string[] InsertSql = new string[MaxRows + 1];
    private static readonly string[][] TailNames = new string[MaxDevices + 1][];
    private static readonly string[] TailSql = new string[MaxDevices + 1];

    /// <summary>The SQLite queue-tail reads, one per prepared size (for a test of their plans).</summary>
    internal static IEnumerable<string> TailStatements => TailSql.Where(sql => sql is not null);

    static MtRows()
    {
        for (var n = 1; n <= MaxRows; n *= 2)
        {
            var sql = new StringBuilder("""
                INSERT INTO sms ("OrganisationId", "DeviceId", "Type", "Status", "SimId", "Iccid", "Msisdn", "Imsi", "SourceAddress",
                    "SourceAddressType", "DestAddress", "Payload", "Dcs", "Pid", "Udh", "MessageId", "PartNumber", "PartCount",
                    "RegisteredDelivery", "EsmeInterfaceType", "P2pExt", "SubmitDate", "ExpiryDate", "RetryDate", "DeliveryDate",
                    "FinalDate", "LastDeliveryAttempt", "RetryCount", "GsmMapError", "LeaseOwner", "LeaseUntil", "Alerted", "FaultCount", "Reserve")
                VALUES
                """);
            var names = new string[n * Columns + 3];
            names[n * Columns] = "@now";
            names[n * Columns + 1] = "@node";
            names[n * Columns + 2] = "@lease";
            for (var r = 0; r < n; r++)
            {
                for (var c = 0; c < Columns; c++) names[r * Columns + c] = string.Create(CultureInfo.InvariantCulture, $"@r{r}c{c}");
                string P(int c) => names[r * Columns + c];
                sql.Append(r == 0 ? "\n" : ",\n");
                sql.Append(CultureInfo.InvariantCulture, $"({P(0)}, {P(1)}, 1, {P(2)}, {P(3)}, {P(4)}, {P(5)}, {P(6)}, {P(7)}, {P(8)}, {P(9)}, {P(10)}, {P(11)}, ");
                // Delivered at submit (status 4): DeliveryDate, FinalDate and LastDeliveryAttempt are the write's time. Leased
                // at submit (status 2, handed over after the commit): LastDeliveryAttempt, and this node's lease.
                var delivered = $"CASE WHEN {P(2)} = 4 THEN @now END";
                var attempted = $"CASE WHEN {P(2)} IN (2, 4) THEN @now END";
                var leased = $"CASE WHEN {P(2)} = 2 THEN @node END, CASE WHEN {P(2)} = 2 THEN @lease END";
                // Stored to wait in the queue (pending or buffered): room for the claim's writes (SmsQueue.RowReserve).
                var reserve = $"CASE WHEN {P(2)} IN (1, 3) THEN zeroblob({SmsQueue.RowReserve}) END";
                sql.Append(CultureInfo.InvariantCulture, $"{P(12)}, {P(13)}, NULL, 1, 1, {P(14)}, {P(15)}, 0, {P(16)}, {P(17)}, {P(18)}, {delivered}, {delivered}, {attempted}, 0, NULL, {leased}, FALSE, 0, {reserve})");
            }
            sql.Append("\nRETURNING \"Id\"");
            InsertSql[n] = sql.ToString();
            InsertNames[n] = names;
        }
        for (var n = 1; n <= MaxDevices; n *= 2)
        {
            var devices = new string[n];
            for (var i = 0; i < n; i++) devices[i] = string.Create(CultureInfo.InvariantCulture, $"@d{i}");
            // The newest pending MT of each device (an index range read backwards, as SmsQueue's queue tail).
            TailSql[n] = $"""
                WITH d("DeviceId") AS (VALUES {string.Join(", ", devices.Select(d => $"({d})"))})
                SELECT d."DeviceId", (SELECT s."RetryDate" FROM sms s WHERE s."DeviceId" = d."DeviceId" AND {SmsQueueFilter.PendingOf("s")}
                                       ORDER BY s."Id" DESC LIMIT 1)
                FROM d
                """;
            TailNames[n] = devices;
        }
    }

    /// <summary>Whether <paramref name="mt"/> can be stored by <see cref="InsertAsync"/> (one part, no quota to consume).</summary>
    public static bool Fits(PreparedMt mt) => mt.Sms.Parts.Count == 1 && !mt.Request.Route.ApplyQuota;

    /// <summary>
    /// Stores <paramref name="items"/> (each <see cref="Fits"/>) in order; returns each one's id. <paramref name="tails"/>
    /// holds the newest pending RetryDate per device known in this transaction (null: none pending); it is read for
    /// devices it lacks and kept up to date. Each item's status as inserted goes into <paramref name="placed"/>. Delivery
    /// at submit: an item not scheduled whose device has nothing pending (its tail is null) is inserted DELIVERED at
    /// <paramref name="now"/> when <paramref name="atSubmit"/> says <see cref="SubmitPlacement.Deliver"/> (the caller hands it to
    /// its transport and corrects the tails of devices whose SMS the handset did not take; it leaves the tail null, so the
    /// device's next SMS in the batch may follow it), or IN PROGRESS, leased to <paramref name="lease"/>'s node, when it
    /// says <see cref="SubmitPlacement.HandOff"/> (the caller hands it over after the commit; the device's next SMS queue behind it).
    /// </summary>
    public static async ValueTask<long[]> InsertAsync(DbConnection c, DbTransaction t, IReadOnlyList<PreparedMt> items, Dictionary<long, DateTime?> tails,
        Func<PreparedMt, SubmitPlacement>? atSubmit, DateTime now, SubmitLease lease, SmsStatus[] placed, CancellationToken ct)
    {
        // PostgreSQL, several nodes: the per-device order locks (SmsOrderLocks) of the run's devices that the group did
        // not take already (MtBatch names its devices to the writer, which takes them all first, sorted, in one statement).
        await SmsOrderLocks.TakeAsync(c, t, items.Select(i => i.Sms.DeviceId), ct);
        var postgres = c.IsPostgreSql();
        if (postgres) return await InsertPostgresAsync(c, t, items, tails, atSubmit, now, lease, placed, ct);
        await ReadTailsAsync(c, t, items, tails, MaxDevices, ct);
        var ids = new long[items.Count];
        var done = 0;
        while (done < items.Count)
        {
            var n = Size(items.Count - done, MaxRows);
            var insert = SqliteStatement.Get(c, InsertSql[n], InsertNames[n]);
            for (var r = 0; r < n; r++) placed[done + r] = Bind(insert, r * Columns, items[done + r], tails, atSubmit);
            insert.Bind(n * Columns, now);
            insert.Bind(n * Columns + 1, lease.Node);
            insert.Bind(n * Columns + 2, lease.Until);
            var returned = new long[n];
            var i = 0;
            insert.Run(row =>
            {
                if (i == n) throw new InvalidOperationException($"INSERT of {n} SMS returned more ids.");
                returned[i++] = row.Int64(0);
            });
            if (i != n) throw new InvalidOperationException($"INSERT of {n} SMS returned {i} ids.");
            Array.Sort(returned);
            returned.CopyTo(ids, done);
            done += n;
        }
        return ids;
    }

    /// <summary>The largest prepared size not above <paramref name="left"/> and <paramref name="max"/>.</summary>
    private static int Size(int left, int max = MaxRows)
    {
        var n = max;
        while (n > left) n /= 2;
        return n;
    }

    /// <summary>
    /// Where <paramref name="item"/> queues: behind its device's tail (BUFFERED behind a retry time), at its scheduled time;
    /// or, when its device has nothing pending and it is not scheduled, DELIVERED at once or IN PROGRESS under this node's
    /// lease, as <paramref name="atSubmit"/> says.
    /// </summary>
    private static (SmsStatus Status, DateTime Retry) Place(PreparedMt item, Dictionary<long, DateTime?> tails, Func<PreparedMt, SubmitPlacement>? atSubmit)
    {
        var sms = item.Sms;
        if (tails[sms.DeviceId] is null && item.Request.DeliverAt is null && atSubmit is not null)
        {
            switch (atSubmit(item))
            {
                case SubmitPlacement.Deliver:
                    return (SmsStatus.Delivered, sms.SubmitDate); // the tail stays null: nothing pending
                case SubmitPlacement.HandOff:
                    tails[sms.DeviceId] = sms.SubmitDate; // pending now: the device's next SMS queues behind it
                    return (SmsStatus.InProgress, sms.SubmitDate);
            }
        }
        var retry = sms.SubmitDate;
        var status = SmsStatus.DeliveryAttemptPending;
        if (tails[sms.DeviceId] is { } queued && queued > retry)
        {
            retry = SmsQueue.Parked; // behind an SMS that waits (or is parked itself): released when that one ends
            status = SmsStatus.Buffered;
        }
        if (item.Request.DeliverAt is { } deliverAt && deliverAt > item.Now && retry < deliverAt) retry = deliverAt;
        tails[sms.DeviceId] = retry;
        return (status, retry);
    }

    private static SmsStatus Bind(SqliteStatement insert, int at, PreparedMt item, Dictionary<long, DateTime?> tails, Func<PreparedMt, SubmitPlacement>? atSubmit)
    {
        var sms = item.Sms;
        var (status, retry) = Place(item, tails, atSubmit);
        var part = sms.Parts[0];
        insert.Bind(at + 0, sms.OrganisationId);
        insert.Bind(at + 1, sms.DeviceId);
        insert.Bind(at + 2, (long)status);
        insert.Bind(at + 3, sms.SimId);
        insert.Bind(at + 4, sms.Iccid);
        insert.Bind(at + 5, sms.Msisdn);
        insert.Bind(at + 6, sms.Imsi);
        insert.Bind(at + 7, sms.SourceAddress);
        insert.Bind(at + 8, sms.SourceAddressType);
        insert.Bind(at + 9, sms.DestAddress);
        insert.Bind(at + 10, part.Payload);
        insert.Bind(at + 11, sms.Dcs);
        insert.Bind(at + 12, sms.Pid);
        insert.Bind(at + 13, part.Udh);
        insert.Bind(at + 14, sms.RegisteredDelivery);
        insert.Bind(at + 15, sms.EsmeInterfaceType);
        insert.Bind(at + 16, sms.SubmitDate);
        insert.Bind(at + 17, sms.ExpiryDate);
        insert.Bind(at + 18, retry);
        return status;
    }

    // PostgreSQL: every row of a batch in one INSERT over arrays, one per column (Npgsql binds an array as one parameter),
    // in array order: WITH ORDINALITY and ORDER BY make the identity values follow it, as they follow VALUES order.
    private const string InsertUnnestSql = """
        INSERT INTO sms ("OrganisationId", "DeviceId", "Type", "Status", "SimId", "Iccid", "Msisdn", "Imsi", "SourceAddress",
            "SourceAddressType", "DestAddress", "Payload", "Dcs", "Pid", "Udh", "MessageId", "PartNumber", "PartCount",
            "RegisteredDelivery", "EsmeInterfaceType", "P2pExt", "SubmitDate", "ExpiryDate", "RetryDate", "DeliveryDate",
            "FinalDate", "LastDeliveryAttempt", "RetryCount", "GsmMapError", "LeaseOwner", "LeaseUntil", "Alerted", "FaultCount")
        SELECT u.org, u.device, 1, u.status, u.sim, u.iccid, u.msisdn, u.imsi, u.src, u.src_type, u.dest, u.payload, u.dcs, u.pid, u.udh,
            NULL, 1, 1, u.rd, u.esme, 0, u.submit, u.expiry, u.retry, CASE WHEN u.status = 4 THEN @now END, CASE WHEN u.status = 4 THEN @now END,
            CASE WHEN u.status IN (2, 4) THEN @now END, 0, NULL, CASE WHEN u.status = 2 THEN @node END, CASE WHEN u.status = 2 THEN @lease END, FALSE, 0
        FROM unnest(@org, @device, @status, @sim, @iccid, @msisdn, @imsi, @src, @srcType, @dest, @payload, @dcs, @pid, @udh, @rd, @esme,
                    @submit, @expiry, @retry) WITH ORDINALITY
             AS u(org, device, status, sim, iccid, msisdn, imsi, src, src_type, dest, payload, dcs, pid, udh, rd, esme, submit, expiry, retry, n)
        ORDER BY u.n
        RETURNING "Id"
        """;

    private static readonly string[] InsertUnnestNames =
    [
        "@org", "@device", "@status", "@sim", "@iccid", "@msisdn", "@imsi", "@src", "@srcType", "@dest", "@payload", "@dcs", "@pid", "@udh", "@rd",
        "@esme", "@submit", "@expiry", "@retry", "@now", "@node", "@lease",
    ];

    // PostgreSQL: the newest pending MT of each device of an array, in one statement.
    private static readonly string TailUnnestSql = $"""
        SELECT u.d, (SELECT s."RetryDate" FROM sms s WHERE s."DeviceId" = u.d AND {SmsQueueFilter.PendingOf("s")}
                     ORDER BY s."Id" DESC LIMIT 1)
        FROM unnest(@devices) AS u(d)
        """;

    /// <summary>
    /// PostgreSQL: <see cref="InsertAsync"/> in two statements whatever the batch's size (issue 12): one read of the
    /// missing queue tails and one INSERT, each over arrays, instead of a statement per power-of-two chunk of each (up to
    /// six of each for a batch of 63, each a round trip on the writer's connection).
    /// </summary>
    private static async ValueTask<long[]> InsertPostgresAsync(DbConnection c, DbTransaction t, IReadOnlyList<PreparedMt> items, Dictionary<long, DateTime?> tails,
        Func<PreparedMt, SubmitPlacement>? atSubmit, DateTime now, SubmitLease lease, SmsStatus[] placed, CancellationToken ct)
    {
        List<long>? missing = null;
        HashSet<long>? seen = null;
        foreach (var item in items)
        {
            var device = item.Sms.DeviceId;
            if (tails.ContainsKey(device) || !(seen ??= []).Add(device)) continue;
            (missing ??= []).Add(device);
        }
        if (missing is not null)
        {
            var read = SqlCommands.Get(c, t, TailUnnestSql, "@devices");
            read.Set(0, missing.ToArray());
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                tails[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
        }
        var n = items.Count;
        var (org, device2, status, sim, iccid, msisdn, imsi, src, srcType, dest, payload, dcs, pid, udh, rd, esme, submit, expiry, retry) =
            (new long[n], new long[n], new int[n], new long?[n], new string[n], new string[n], new string[n], new string[n], new int[n], new string?[n],
             new string[n], new int[n], new int[n], new string[n], new int[n], new int[n], new DateTime[n], new DateTime[n], new DateTime[n]);
        for (var i = 0; i < n; i++)
        {
            var item = items[i];
            var sms = item.Sms;
            var place = Place(item, tails, atSubmit);
            placed[i] = place.Status;
            var part = sms.Parts[0];
            org[i] = sms.OrganisationId;
            device2[i] = sms.DeviceId;
            status[i] = (int)place.Status;
            sim[i] = sms.SimId;
            iccid[i] = sms.Iccid;
            msisdn[i] = sms.Msisdn;
            imsi[i] = sms.Imsi;
            src[i] = sms.SourceAddress;
            srcType[i] = sms.SourceAddressType;
            dest[i] = sms.DestAddress;
            payload[i] = part.Payload;
            dcs[i] = sms.Dcs;
            pid[i] = sms.Pid;
            udh[i] = part.Udh;
            rd[i] = sms.RegisteredDelivery;
            esme[i] = sms.EsmeInterfaceType;
            submit[i] = DateTime.SpecifyKind(sms.SubmitDate, DateTimeKind.Utc);
            expiry[i] = DateTime.SpecifyKind(sms.ExpiryDate, DateTimeKind.Utc);
            retry[i] = DateTime.SpecifyKind(place.Retry, DateTimeKind.Utc);
        }
        var insert = SqlCommands.Get(c, t, InsertUnnestSql, InsertUnnestNames);
        object[] values = [org, device2, status, sim, iccid, msisdn, imsi, src, srcType, dest, payload, dcs, pid, udh, rd, esme, submit, expiry, retry,
            DateTime.SpecifyKind(now, DateTimeKind.Utc), lease.Node, DateTime.SpecifyKind(lease.Until, DateTimeKind.Utc)];
        for (var i = 0; i < values.Length; i++) insert.Set(i, values[i]);
        var ids = new long[n];
        var returned = 0;
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (returned == n) throw new InvalidOperationException($"INSERT of {n} SMS returned more ids.");
                ids[returned++] = reader.GetInt64(0);
            }
        }
        if (returned != n) throw new InvalidOperationException($"INSERT of {n} SMS returned {returned} ids.");
        Array.Sort(ids);
        return ids;
    }

    private static async ValueTask ReadTailsAsync(DbConnection c, DbTransaction t, IReadOnlyList<PreparedMt> items, Dictionary<long, DateTime?> tails, int maxDevices, CancellationToken ct)
    {
        var postgres = c.IsPostgreSql();
        List<long>? missing = null;
        foreach (var item in items)
        {
            var device = item.Sms.DeviceId;
            if (tails.ContainsKey(device) || missing?.Contains(device) == true) continue;
            (missing ??= []).Add(device);
        }
        if (missing is null) return;
        var done = 0;
        while (done < missing.Count)
        {
            var n = Size(missing.Count - done, maxDevices);
            var read = SqlCommands.Get(c, t, TailSql[n], TailNames[n]);
            for (var i = 0; i < n; i++) read.Set(i, missing[done + i]);
            await using (var reader = await read.ReaderAsync(ct))
            {
                while (await reader.ReadAsync(postgres, ct))
                    tails[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : DateTime.SpecifyKind(Convert.ToDateTime(reader.GetValue(1), CultureInfo.InvariantCulture), DateTimeKind.Utc);
            }
            done += n;
        }
    }
}
