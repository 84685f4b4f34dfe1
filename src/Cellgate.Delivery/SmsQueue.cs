using System.Data.Common;
using System.Globalization;
using System.Text;
using Cellgate.Storage.Entities;

namespace Cellgate.Delivery;

/// <summary>One part of a new SMS: its text and user data header (upper-case hex, "" when none).</summary>
public sealed record NewPart(string Payload, string Udh);

/// <summary>A new SMS (all its parts) as the SMS feature or the simulator submits it.</summary>
public sealed record NewSms(
    long OrganisationId, long DeviceId, long? SimId, string Iccid, string Msisdn, string Imsi,
    SmsType Type, SmsStatus Status, string SourceAddress, int SourceAddressType, string? DestAddress,
    int Dcs, int Pid, DateTime SubmitDate, DateTime ExpiryDate, IReadOnlyList<NewPart> Parts,
    int RegisteredDelivery = 0, int EsmeInterfaceType = 1, int P2pExt = 0, string? GsmMapError = null);

/// <summary>An SMS claimed for delivery, with the state of its device and SIM at claim time.</summary>
public sealed record ClaimedSms(
    long Id, long OrganisationId, long DeviceId, long? SimId, string Msisdn, string SourceAddress, int SourceAddressType,
    string Payload, int Dcs, int Pid, string Udh, int PartNumber, int PartCount, long? MessageId, int RetryCount,
    bool DeviceExists, bool DeviceEnabled, long? DeviceSimId, SimStatus? SimStatus)
{
    /// <summary>Faulted attempts so far, the one whose lease ran out before this claim included.</summary>
    public int FaultCount { get; init; }

    public DateTime ExpiryDate { get; init; }

    /// <summary>When the SMS was submitted (for the delivery latency metric).</summary>
    public DateTime? SubmitDate { get; init; }
}

/// <summary>
/// The SQL of the SMS queue, run inside <see cref="SmsWriter"/> transactions. Written in the subset SQLite and
/// PostgreSQL share. Pending MT rows keep an invariant the dispatcher relies on for per-device order: for one device,
/// <c>RetryDate</c> never decreases as <c>Id</c> grows. The SMS behind one that waits are <see cref="Parked"/> (the
/// largest RetryDate), so a device's queue is: SMS due or in flight, the one that waits (or a message's parts), then parked ones.
/// </summary>
public static class SmsQueue
{
    private const string Pending = SmsQueueFilter.Pending; // the partial indexes' filter, verbatim

    /// <summary>
    /// The <c>RetryDate</c> of a <b>parked</b> SMS: one behind an SMS of its device that waits (for a retry, or for its
    /// scheduled time). No claim window ever reaches it, and it keeps the queue's invariant (the largest RetryDate there
    /// is). Only the waiting SMS carries the retry time, so a retry wave rewrites one row per device, not its backlog
    /// (issue 11). The device's first SMS are released (<see cref="ReleaseChunk"/> at a time; on SQLite one, the claim
    /// taking the parked SMS behind it as they are) when what waits ahead of them ends (<see cref="ReleaseAsync"/>) or
    /// the handset attaches (<see cref="Alert"/>). The REST view shows the
    /// device's waiting time instead (<c>SmsApi</c>).
    /// </summary>
    public static readonly DateTime Parked = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// How far into a device's queue a release (or an alert) makes parked SMS due: its first this many pending SMS.
    /// Small, so that no statement rewrites a whole backlog and a device's due SMS do not fill the claim's window.
    /// </summary>
    public const int ReleaseChunk = 64;

    /// <summary>A command of its own (for SQL that changes from call to call); dispose it.</summary>
    /// <summary>The connection's prepared command for constant <paramref name="sql"/> with these parameter values (<see cref="SqlCommands"/>: do not dispose).</summary>
    private static DbCommand Cached(DbConnection connection, DbTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Span<string> names = new string[parameters.Length];
        for (var i = 0; i < parameters.Length; i++) names[i] = parameters[i].Name;
        var command = SqlCommands.Get(connection, transaction, sql, names);
        for (var i = 0; i < parameters.Length; i++) command.Set(i, parameters[i].Value);
        return command;
    }

    /// <summary>
    /// SQLite: the bytes an MT SMS stored to wait in the queue keeps free in its row (<c>SmsMessage.Reserve</c>), which the
    /// claim gives back as it writes the lease (a node name of up to 64 characters and its time), the attempt's time and,
    /// for a parked SMS, its RetryDate's longer text: a claimed row does not grow (issue 11).
    /// </summary>
    public const int RowReserve = 128;

    private const string InsertColumns = """
        INSERT INTO sms ("OrganisationId", "DeviceId", "Type", "Status", "SimId", "Iccid", "Msisdn", "Imsi", "SourceAddress",
            "SourceAddressType", "DestAddress", "Payload", "Dcs", "Pid", "Udh", "MessageId", "PartNumber", "PartCount",
            "RegisteredDelivery", "EsmeInterfaceType", "P2pExt", "SubmitDate", "ExpiryDate", "RetryDate", "DeliveryDate",
            "FinalDate", "LastDeliveryAttempt", "RetryCount", "GsmMapError", "LeaseOwner", "LeaseUntil", "Alerted", "FaultCount", "Reserve")
        VALUES (@org, @device, @type, @status, @sim, @iccid, @msisdn, @imsi, @src, @srcType, @dest, @payload, @dcs, @pid, @udh,
            @message, @part, @parts, @rd, @esme, @p2p, @submit, @expiry, @retry, @delivery, @final, NULL, 0, @mapError, NULL, NULL, FALSE, 0,
        """;

    private const string InsertSql = InsertColumns + """
         NULL)
        RETURNING "Id"
        """;

    private static readonly string InsertSqlSqlite = InsertColumns + $"""
         CASE WHEN @type = 1 AND @status IN (1, 3) THEN zeroblob({RowReserve}) END)
        RETURNING "Id"
        """;

    private static readonly string[] InsertParameters =
    [
        "@org", "@device", "@type", "@status", "@sim", "@iccid", "@msisdn", "@imsi", "@src", "@srcType", "@dest", "@payload", "@dcs", "@pid",
        "@udh", "@message", "@part", "@parts", "@rd", "@esme", "@p2p", "@submit", "@expiry", "@retry", "@delivery", "@final", "@mapError",
    ];

    // The device's newest pending MT SMS (an index range read backwards): by the invariant, its RetryDate is the largest.
    private const string QueueTailSql = $"SELECT \"RetryDate\" FROM sms WHERE \"DeviceId\" = @device AND {Pending} ORDER BY \"Id\" DESC LIMIT 1";

    /// <summary>
    /// Inserts every part; returns their ids (the first is the message's id). MT parts queue behind the device's
    /// pending SMS: behind one that waits for a retry (the handset is unreachable) they are stored BUFFERED at once,
    /// <see cref="Parked"/>, as an SMSC does for a subscriber it knows to be absent.
    /// </summary>
    public static long[] Insert(DbConnection connection, DbTransaction transaction, NewSms sms)
    {
        var retry = sms.SubmitDate;
        var status = sms.Status;
        // PostgreSQL, several nodes: the device's order lock (SmsOrderLocks), held to the group's commit; none when the
        // group took it already (the write named the device to the writer).
        if (sms.Type == SmsType.Mt) SmsOrderLocks.Take(connection, transaction, sms.DeviceId);
        if (sms.Type == SmsType.Mt && sms.Status is SmsStatus.DeliveryAttemptPending)
        {
            var tail = SqlCommands.Get(connection, transaction, QueueTailSql, "@device");
            tail.Set(0, sms.DeviceId);
            if (tail.ExecuteScalar() is { } v and not DBNull)
            {
                var queued = Convert.ToDateTime(v, CultureInfo.InvariantCulture);
                if (queued > retry)
                {
                    retry = Parked; // behind an SMS that waits (or is parked itself)
                    status = SmsStatus.Buffered;
                }
            }
        }
        var final = sms.Status is SmsStatus.Delivered or SmsStatus.Failed ? sms.SubmitDate : (DateTime?)null;
        var ids = new long[sms.Parts.Count];
        var insert = SqlCommands.Get(connection, transaction, connection.IsPostgreSql() ? InsertSql : InsertSqlSqlite, InsertParameters);
        object?[] values =
        [
            sms.OrganisationId, sms.DeviceId, (int)sms.Type, (int)status, sms.SimId, sms.Iccid, sms.Msisdn, sms.Imsi, sms.SourceAddress,
            sms.SourceAddressType, sms.DestAddress, "", sms.Dcs, sms.Pid, "", null, 1, sms.Parts.Count, sms.RegisteredDelivery,
            sms.EsmeInterfaceType, sms.P2pExt, sms.SubmitDate, sms.ExpiryDate, retry, final, final, sms.GsmMapError,
        ];
        for (var i = 0; i < values.Length; i++) insert.Set(i, values[i]);
        for (var i = 0; i < sms.Parts.Count; i++)
        {
            insert.Set(11, sms.Parts[i].Payload);
            insert.Set(14, sms.Parts[i].Udh);
            insert.Set(15, i == 0 ? null : ids[0]);
            insert.Set(16, i + 1);
            ids[i] = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        return ids;
    }

    private const string ExpireSql = $"""
        UPDATE sms SET "Status" = 6, "FinalDate" = @now, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Id" IN (SELECT "Id" FROM sms WHERE {Pending} AND "ExpiryDate" <= @now AND "ReceiptDue" IS NULL
                       AND NOT ("Status" = 2 AND "LeaseUntil" >= @now) LIMIT @limit)
        RETURNING "Id", "DeviceId"
        """;

    /// <summary>
    /// SQLite: the expiry's second (<c>substr("ExpiryDate", 1, 19)</c> of its text) read on ix_sms_pending_expiry_by_second,
    /// an index of (that second, DeviceId, Id) over the pending SMS (migration SmsExpiryBySecond), and the exact time
    /// checked on the rows of the seconds up to now's. Keyed by the time alone, a backlog's drain deleted a device's SMS
    /// from that index one page each — interleaved with every other device's SMS in submission order, as the table —
    /// 0.9 WAL frames per SMS drained; by second and device, a device's SMS of one second lie together (issue 11).
    /// </summary>
    internal static readonly string ExpireSqlSqlite = ExpireSql.Replace("\"ExpiryDate\" <= @now",
        $"{ExpirySecond} <= @second AND \"ExpiryDate\" <= @now", StringComparison.Ordinal);

    /// <summary>The expression ix_sms_pending_expiry_by_second is on (the statements repeat it verbatim, so SQLite uses the index).</summary>
    public const string ExpirySecond = "substr(\"ExpiryDate\", 1, 19)";

    /// <summary>
    /// PostgreSQL: <c>"Id" IN (SELECT … LIMIT @limit)</c> as <c>"Id" = ANY(ARRAY(SELECT … ORDER BY <paramref name="order"/>
    /// LIMIT @limit))</c>, the oldest first. On a queue table whose statistics lag behind (autovacuum's analyze comes
    /// after the rows), the planner took the unordered LIMIT for a short sequential scan and read the whole table every
    /// round to find nothing: the receipt-timeout UPDATE took 2.9 to 10 ms per call in the PostgreSQL benchmark, the
    /// largest share of PostgreSQL's CPU per SMS. Ordered by the column of its partial index, the subquery walks that
    /// index whatever the statistics say (0.1 ms on 60,000 rows without statistics), and the rows are read by primary key.
    /// </summary>
    private static readonly string ExpireSqlPostgres = ByIdArray(ExpireSql, "\"ExpiryDate\""),
        TimeoutReceiptsSqlPostgres = ByIdArray(TimeoutReceiptsSql, "\"ReceiptDue\"");

    private static string ByIdArray(string sql, string order)
    {
        const string from = "WHERE \"Id\" IN (SELECT \"Id\" FROM sms WHERE ", to = "WHERE \"Id\" = ANY(ARRAY(SELECT \"Id\" FROM sms WHERE ";
        if (!sql.Contains(from, StringComparison.Ordinal) || !sql.Contains(" LIMIT @limit)", StringComparison.Ordinal))
            throw new InvalidOperationException("ByIdArray: unexpected statement shape.");
        return sql.Replace(from, to, StringComparison.Ordinal).Replace(" LIMIT @limit)", $" ORDER BY {order} LIMIT @limit))", StringComparison.Ordinal);
    }

    /// <summary>How long an SMS webhook (delivery report) is retried when the caller does not say (<see cref="WebhookOptions.MaxAgeHours"/>).</summary>
    private static readonly TimeSpan DefaultWebhookMaxAge = TimeSpan.FromHours(24);


    /// <summary>
    /// Expires pending MT SMS whose validity ran out (not those a live lease holds, nor those submitted upstream and
    /// awaiting a receipt: the upstream network owns their validity now); returns how many.
    /// </summary>
    public static ValueTask<int> ExpireDueAsync(DbConnection connection, DbTransaction transaction, DateTime now, int limit, TimeSpan? webhookMaxAge = null,
        CancellationToken cancellationToken = default)
    {
        var command = connection.IsPostgreSql()
            ? Cached(connection, transaction, ExpireSqlPostgres, ("@now", now), ("@limit", limit))
            : Cached(connection, transaction, ExpireSqlSqlite, ("@now", now), ("@limit", limit),
                ("@second", now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        return CountAndReportAsync(connection, transaction, command, now, webhookMaxAge, cancellationToken);
    }

    /// <summary>
    /// Runs an UPDATE … RETURNING "Id", "DeviceId" that made SMS final; enqueues their delivery reports; releases what
    /// was parked behind them (<see cref="ReleaseAsync"/>); returns how many.
    /// </summary>
    private static async ValueTask<int> CountAndReportAsync(DbConnection connection, DbTransaction transaction, DbCommand finalized, DateTime now,
        TimeSpan? webhookMaxAge, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var devices = new HashSet<long>();
        var postgres = connection.IsPostgreSql();
        await using (var reader = await finalized.ReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(postgres, cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
                devices.Add(reader.GetInt64(1));
            }
        }
        if (devices.Count > 0) await ReleaseAsync(connection, transaction, devices, now, cancellationToken);
        // The delivery reports of SMS that just became final (rare on a round: expiry, a receipt timeout) still synchronous.
        var expires = now + (webhookMaxAge ?? DefaultWebhookMaxAge);
        foreach (var id in ids) WebhookOutbox.EnqueueSmsReport(connection, transaction, id, now, expires);
        return ids.Count;
    }

    // Held by a lease that ran out: claimable again. Awaiting a receipt (ReceiptDue set, no lease): never (explicit,
    // not left to NULL comparisons, which NOT would turn into "unknown" inside the head-of-line check).
    private const string Claimable =
        "((s.\"Status\" IN (1, 3) AND s.\"RetryDate\" <= @now) OR (s.\"Status\" = 2 AND s.\"ReceiptDue\" IS NULL AND s.\"LeaseUntil\" < @now))";

    // SQLite: an SMS parked behind a head that no longer waits is claimed as it is, without being released first. Its
    // device's first pending SMS is due and has never been tried (no retry wave: there the head alone is claimed, and
    // what is behind it stays parked untouched); it is BUFFERED or pending, and not scheduled for later (NotBefore).
    private const string ParkedClaimable =
        "(s.\"Status\" IN (1, 3) AND s.\"RetryDate\" = @parked AND (s.\"NotBefore\" IS NULL OR s.\"NotBefore\" <= @now))";

    // The rows of a device's run read (twice: its last one, its blocker): @perDevice, but no more than twice the round's
    // limit shared by the window's devices, so that the reads stay about the limit's size however many devices the window
    // holds (the dispatcher sizes @devices by what earlier rounds claimed per device: SmsDispatcher.ClaimDevices).
    private const string RunReads = "MIN(@perDevice, MAX(1, 2 * @limit / (SELECT COUNT(*) FROM d)))";

    internal static readonly string ClaimSql = $"""
        WITH w AS (
            SELECT s."Id", s."DeviceId", s."RetryDate", s."RetryCount" FROM sms s
            WHERE {SmsQueueFilter.DueOf("s")} AND {Claimable} AND s."ExpiryDate" > @now AND s."RetryDate" <= @now
            ORDER BY s."RetryDate", s."Id" LIMIT @limit),
        d AS (SELECT "DeviceId", MIN("RetryDate") AS "Due", MIN("Id") AS "First", MAX("RetryCount") AS "Retried" FROM w GROUP BY "DeviceId"
              ORDER BY "Due", "First" LIMIT @devices),
        b AS MATERIALIZED (
            SELECT d."DeviceId", d."Due", d."First", d."Retried",
                (SELECT MAX(x."Id") FROM (SELECT o."Id" FROM sms o WHERE o."DeviceId" = d."DeviceId" AND {PendingOf("o")}
                                          ORDER BY o."Id" LIMIT {RunReads}) x) AS "Last",
                (SELECT MIN(h."Id") FROM (SELECT o."Id", o."Status", o."RetryDate", o."ReceiptDue", o."LeaseUntil", o."NotBefore" FROM sms o
                                          WHERE o."DeviceId" = d."DeviceId" AND {PendingOf("o")} ORDER BY o."Id" LIMIT {RunReads}) h
                 WHERE NOT ({Claimable.Replace("s.", "h.")} OR (d."Retried" = 0 AND {ParkedClaimable.Replace("s.", "h.")}))) AS "Blocker"
            FROM d)
        UPDATE sms SET "Status" = 2, "LeaseOwner" = @node, "LeaseUntil" = @lease, "LastDeliveryAttempt" = @now, "Alerted" = FALSE, "Reserve" = NULL,
            "RetryDate" = CASE WHEN "RetryDate" = @parked THEN @now ELSE "RetryDate" END,
            "RetryCount" = "RetryCount" + CASE WHEN "Status" = 2 THEN 1 ELSE 0 END,
            "FaultCount" = "FaultCount" + CASE WHEN "Status" = 2 THEN 1 ELSE 0 END
        WHERE "Id" IN (SELECT s."Id" FROM b JOIN sms s ON s."DeviceId" = b."DeviceId"
                       WHERE {PendingOf("s")} AND s."Id" <= b."Last" AND (b."Blocker" IS NULL OR s."Id" < b."Blocker")
                         AND ({Claimable} OR (b."Retried" = 0 AND {ParkedClaimable})) AND s."ExpiryDate" > @now
                       ORDER BY b."Due", b."First", s."Id" LIMIT @limit)
        RETURNING "Id", "OrganisationId", "DeviceId", "SimId", "Msisdn", "SourceAddress", "SourceAddressType", "Payload",
                  "Dcs", "Pid", "Udh", "PartNumber", "PartCount", "MessageId", "RetryCount", "FaultCount", "ExpiryDate", "SubmitDate"
        """;

    // PostgreSQL. The window: the first @limit due SMS in (due time, id) order. Per device in the window (d), one pass each
    // over the device's pending SMS up to its last one in the window, at most @perDevice of them (an index range on
    // ix_sms_pending_by_device): "Last" is the last of those (an SMS behind it has @perDevice or more older pending SMS),
    // "Blocker" the first that is not claimable (held by a live lease, awaiting a receipt, not yet due). A window SMS is
    // claimed when it comes before both: all its older pending SMS are claimable and fewer than @perDevice. The reads are
    // bounded by the window plus @perDevice per device, whatever a device's backlog (issue 11: a device's run of SMS is
    // claimed by this one statement). b is MATERIALIZED (SQLite ran such subqueries once per window row when inlined).
    // The window's rows are locked as they are read, skipping rows another node's open transaction holds (another node
    // recording their outcome, say), so two nodes' claims never wait on each other's rows. Claimed: the rows of w (which
    // it locked, so they still pass w's tests: pending, claimable, not expired) up to their device's Last and before its
    // Blocker: a hash join of the two CTEs. Joining sms per device of b, as SQLite
    // does, was planned on the young queue table of the benchmark (no statistics: one row estimated everywhere) as a
    // scan of every pending row per device of the window, the join condition a filter: 64 × 64 rows, 2 to 3.5 ms per
    // claim, the most expensive statement of the SMS path (issue 12, auto_explain in the PostgreSQL benchmark).
    private const string ClaimedOfWindow = """
        SELECT w."Id" FROM w JOIN b ON b."DeviceId" = w."DeviceId"
                       WHERE w."Id" <= b."Last" AND (b."Blocker" IS NULL OR w."Id" < b."Blocker")
        """;

    private static readonly string ClaimSqlPostgres = $"""
        WITH w AS (
            SELECT s."Id", s."DeviceId" FROM sms s
            WHERE {SmsQueueFilter.DueOf("s")} AND {Claimable} AND s."ExpiryDate" > @now AND s."RetryDate" <= @now
            ORDER BY s."RetryDate", s."Id" LIMIT @limit FOR UPDATE OF s SKIP LOCKED),
        d AS (SELECT "DeviceId", MAX("Id") AS "Top" FROM w GROUP BY "DeviceId"),
        b AS MATERIALIZED (
            SELECT d."DeviceId",
                (SELECT MAX(x."Id") FROM (SELECT o."Id" FROM sms o WHERE o."DeviceId" = d."DeviceId" AND {PendingOf("o")} AND o."Id" <= d."Top"
                                          ORDER BY o."Id" LIMIT @perDevice) x) AS "Last",
                (SELECT MIN(h."Id") FROM (SELECT o."Id", o."Status", o."RetryDate", o."ReceiptDue", o."LeaseUntil" FROM sms o
                                          WHERE o."DeviceId" = d."DeviceId" AND {PendingOf("o")} AND o."Id" <= d."Top"
                                          ORDER BY o."Id" LIMIT @perDevice) h
                 WHERE NOT {Claimable.Replace("s.", "h.")}) AS "Blocker"
            FROM d)
        UPDATE sms SET "Status" = 2, "LeaseOwner" = @node, "LeaseUntil" = @lease, "LastDeliveryAttempt" = @now, "Alerted" = FALSE,
            "RetryCount" = "RetryCount" + CASE WHEN "Status" = 2 THEN 1 ELSE 0 END,
            "FaultCount" = "FaultCount" + CASE WHEN "Status" = 2 THEN 1 ELSE 0 END
        WHERE "Id" IN ({ClaimedOfWindow})
        RETURNING "Id", "OrganisationId", "DeviceId", "SimId", "Msisdn", "SourceAddress", "SourceAddressType", "Payload",
                  "Dcs", "Pid", "Udh", "PartNumber", "PartCount", "MessageId", "RetryCount", "FaultCount", "ExpiryDate", "SubmitDate"
        """;

    /// <summary>The first key of Cellgate's two-key PostgreSQL advisory locks ("CG"); single-key locks are device ids.</summary>
    public const int AdvisoryLockSpace = 0x4347;

    /// <summary>SMS a round claims per device at most (<see cref="ClaimAsync"/>); the dispatcher hands over one per device per wave.</summary>
    public const int MaxPerDevice = 16;

    /// <summary>
    /// Claims due MT SMS in (due time, id) order: pending ones whose retry time has come and in-progress ones whose
    /// lease ran out (their node died). An SMS is skipped while an older SMS to the same device is still pending and
    /// not claimable, so each device receives its SMS in submission order. Taking over an SMS whose lease ran out
    /// counts the attempt that node made (<c>retry_count</c>) as a faulted one (<c>FaultCount</c>).
    /// <para>
    /// The claim looks at the first <paramref name="limit"/> due SMS (a window that bounds the round's reads) and
    /// takes of them only those among their device's first <paramref name="perDevice"/> pending SMS: a round hands a
    /// device at most that many (one per wave), so claiming more would only write them back as deferred. The
    /// head-of-line check reads at most <paramref name="perDevice"/> older SMS of the device (an index range on
    /// <c>ix_sms_pending_by_device</c>); for the SMS claimed that is all their older pending SMS, so the check is exact
    /// for them. An SMS further back only takes a place in the window, and never one behind a blocked head.
    /// </para>
    /// <para>
    /// SQLite (<see cref="ClaimSql"/>): the window chooses devices, the first <paramref name="devices"/> of them in due
    /// order (default: as many as the window holds); each device's run is its first <paramref name="perDevice"/> pending
    /// SMS up to the first one it cannot take — due ones whether in the window or not, and <see cref="Parked"/> ones
    /// behind a head that was never tried (a drain after an attach, not a retry wave); in all at most
    /// <paramref name="limit"/>, whole runs in due order of their devices, the last one cut. A parked SMS is claimed as it
    /// is, its RetryDate set to now (so that a lease that runs out finds it on <c>ix_sms_due</c>), without a release
    /// rewriting it first in a commit of its own: a drained SMS's row is written once, by its round (issue 11). So a
    /// release on SQLite makes one SMS due, the device's new head (<see cref="ReleaseAsync"/>).
    /// </para>
    /// </summary>
    public static async ValueTask<List<ClaimedSms>> ClaimAsync(DbConnection connection, DbTransaction transaction, string node, DateTime now, DateTime leaseUntil, int limit,
        int perDevice = MaxPerDevice, CancellationToken cancellationToken = default, int? devices = null)
    {
        var claimed = new List<ClaimedSms>();
        var postgres = connection.IsPostgreSql();
        // PostgreSQL, several nodes: one claim at a time across all nodes, held to the claiming group's commit. The
        // head-of-line check reads committed rows only, so a second node claiming while the first node's claim is not
        // yet committed would see the device's head still pending and could take the SMS behind it. A node that finds
        // another claiming skips this round (the other node is delivering); nothing waits, so no deadlock.
        if (postgres && await Cached(connection, transaction, "SELECT pg_try_advisory_xact_lock(@space, 1)", ("@space", AdvisoryLockSpace)).ScalarAsync(cancellationToken) is false)
            return claimed;
        var claim = postgres
            ? Cached(connection, transaction, ClaimSqlPostgres, ("@node", node), ("@lease", leaseUntil), ("@now", now), ("@limit", limit), ("@perDevice", perDevice))
            : Cached(connection, transaction, ClaimSql, ("@node", node), ("@lease", leaseUntil), ("@now", now), ("@limit", limit), ("@perDevice", perDevice),
                ("@devices", devices ?? limit), ("@parked", Parked));
        await using (var reader = await claim.ReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(postgres, cancellationToken))
                claimed.Add(new ClaimedSms(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetInt32(8), reader.GetInt32(9),
                    reader.GetString(10), reader.GetInt32(11), reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetInt64(13), reader.GetInt32(14),
                    false, false, null, null)
                {
                    FaultCount = reader.GetInt32(15), ExpiryDate = DateTime.SpecifyKind(reader.GetDateTime(16), DateTimeKind.Utc),
                    SubmitDate = DateTime.SpecifyKind(reader.GetDateTime(17), DateTimeKind.Utc),
                });
        }
        if (claimed.Count == 0) return claimed;

        // RETURNING gives rows in no promised order: restore (device order is by id).
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        await WithDeviceStatesAsync(connection, transaction, claimed, cancellationToken);
        return claimed;
    }

    /// <summary>Sets the state of each SMS's device and SIM as this transaction sees it (one statement), for the precheck.</summary>
    public static async ValueTask WithDeviceStatesAsync(DbConnection connection, DbTransaction transaction, List<ClaimedSms> claimed, CancellationToken cancellationToken)
    {
        if (claimed.Count == 0) return;
        var postgres = connection.IsPostgreSql();
        var devices = new Dictionary<long, (bool Enabled, long? SimId, SimStatus? SimStatus)>();
        // One prepared statement per connection (a literal IN list was a statement compiled per round: 2 us a SMS to
        // 1,000 devices, docs/benchmarks.md session 17): the ids as an array (PostgreSQL) or a JSON array (SQLite).
        var distinct = claimed.Select(c => c.DeviceId).Distinct();
        var command = postgres
            ? Cached(connection, transaction, DeviceStatesPostgres, ("@ids", distinct.ToArray()))
            : Cached(connection, transaction, DeviceStatesSqlite, ("@ids", JsonIds(distinct)));
        await using (var reader = await command.ReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(postgres, cancellationToken))
                devices[reader.GetInt64(0)] = (reader.GetInt32(1) == 0, reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : (SimStatus)reader.GetInt32(3));
        }
        for (var i = 0; i < claimed.Count; i++)
        {
            var c = claimed[i];
            claimed[i] = devices.TryGetValue(c.DeviceId, out var d)
                ? c with { DeviceExists = true, DeviceEnabled = d.Enabled, DeviceSimId = d.SimId, SimStatus = d.SimStatus }
                : c;
        }
    }

    private const string DeviceStatesSql = """
        SELECT d."Id", d."Status", d."SimId", m."Status" FROM devices d LEFT JOIN sims m ON m."Id" = d."SimId" WHERE d."Id" IDS
        """;

    private static readonly string DeviceStatesPostgres = SqlCommands.OverIds(DeviceStatesSql, postgres: true);
    internal static readonly string DeviceStatesSqlite = SqlCommands.OverIds(DeviceStatesSql, postgres: false);

    /// <summary>Ids as a JSON array (<c>[1,2,3]</c>) for <c>json_each</c> on SQLite.</summary>
    public static string JsonIds(IEnumerable<long> ids)
    {
        var text = new System.Text.StringBuilder("[");
        foreach (var id in ids)
        {
            if (text.Length > 1) text.Append(',');
            text.Append(id.ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    /// <summary>
    /// Records the outcome of claimed SMS (<paramref name="claimed"/>: the claims by id, for their retry count and
    /// expiry). Only rows still leased by <paramref name="node"/> change, so a node whose lease ran out cannot overwrite
    /// the work of the node that took over. Outcomes must come in id order (a device's head before its deferred SMS).
    /// A device whose SMS is to be retried waits behind it: its later SMS are <see cref="Parked"/>. A device whose SMS
    /// ended (delivered, failed) gets its next parked SMS released (<see cref="ReleaseAsync"/>); returns how many.
    /// </summary>
    public static async ValueTask<int> RecordAsync(DbConnection connection, DbTransaction transaction, string node, DateTime now, IReadOnlyList<DeliveryOutcome> outcomes,
        RetryPolicy policy, IReadOnlyDictionary<long, ClaimedSms> claimed, TimeSpan? webhookMaxAge = null, CancellationToken ct = default)
    {
        var webhookExpiry = now + (webhookMaxAge ?? DefaultWebhookMaxAge);
        var delivered = Cached(connection, transaction, """
            UPDATE sms SET "Status" = 4, "DeliveryDate" = @now, "FinalDate" = @now, "GsmMapError" = NULL, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE "Id" = @id AND "Status" = 2 AND "LeaseOwner" = @node
            """, ("@now", now), ("@id", 0L), ("@node", node));
        var failed = Cached(connection, transaction, """
            UPDATE sms SET "Status" = 5, "FinalDate" = @now, "GsmMapError" = @error, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE "Id" = @id AND "Status" = 2 AND "LeaseOwner" = @node
            """, ("@now", now), ("@id", 0L), ("@node", node), ("@error", ""));
        // An SMS whose device was alerted while it was in flight (Alerted) retries at once instead of backing off
        // (@alerted: now for the device's head; Parked for the SMS behind it, which wait for the head whatever its time).
        var buffered = Cached(connection, transaction, """
            UPDATE sms SET "Status" = 3, "RetryDate" = CASE WHEN "Alerted" THEN @alerted ELSE @retry END,
                "RetryCount" = "RetryCount" + @attempted, "GsmMapError" = COALESCE(@error, "GsmMapError"),
                "LeaseOwner" = NULL, "LeaseUntil" = NULL, "Alerted" = FALSE
            WHERE "Id" = @id AND "Status" = 2 AND "LeaseOwner" = @node
            RETURNING "RetryDate"
            """, ("@retry", now), ("@attempted", 1), ("@error", ""), ("@id", 0L), ("@node", node), ("@alerted", now));
        // Handed to an upstream network that answers by receipt: IN PROGRESS without a lease, so lease expiry never
        // claims it again; only a receipt or the receipt timeout ends it.
        var submitted = Cached(connection, transaction, """
            UPDATE sms SET "Transport" = @transport, "UpstreamId" = @upstream, "ReceiptDue" = @due, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE "Id" = @id AND "Status" = 2 AND "LeaseOwner" = @node
            """, ("@transport", ""), ("@upstream", ""), ("@due", now), ("@id", 0L), ("@node", node));
        // Not attempted behind a head that waits for its receipt: back to pending; the head-of-line check holds it.
        var released = Cached(connection, transaction, """
            UPDATE sms SET "Status" = 1, "LeaseOwner" = NULL, "LeaseUntil" = NULL, "Alerted" = FALSE
            WHERE "Id" = @id AND "Status" = 2 AND "LeaseOwner" = @node
            """, ("@id", 0L), ("@node", node));

        // The transport threw on it: counted; retried on the schedule, or FAILED once the faults reach the limit.
        var faulted = Cached(connection, transaction, """
            UPDATE sms SET "Status" = CASE WHEN "FaultCount" + 1 >= @max THEN 5 ELSE 3 END,
                "FinalDate" = CASE WHEN "FaultCount" + 1 >= @max THEN @now ELSE NULL END,
                "RetryDate" = @retry, "RetryCount" = "RetryCount" + 1, "FaultCount" = "FaultCount" + 1, "GsmMapError" = 'systemFailure',
                "LeaseOwner" = NULL, "LeaseUntil" = NULL, "Alerted" = FALSE
            WHERE "Id" = @id AND "Status" = 2 AND "LeaseOwner" = @node
            RETURNING "Status"
            """, ("@retry", now), ("@max", policy.MaxFaultedAttempts), ("@now", now), ("@id", 0L), ("@node", node));

        int RetryCount(long id) => claimed.TryGetValue(id, out var c) ? c.RetryCount : 0;

        // Delivered SMS are recorded by runs (RecordDelivered): a device's run is written when an SMS of the device with
        // another outcome comes (so the device's delivery reports are enqueued in id order) or at the end.
        var runs = new Dictionary<long, (long First, long Last, int Count)>();
        async ValueTask EndRun(long device)
        {
            if (runs.Remove(device, out var r)) await RecordDeliveredAsync(connection, transaction, node, now, device, r.First, r.Last, r.Count, webhookExpiry, delivered, ct);
        }

        // A device whose SMS could not be delivered waits as a whole: that SMS holds the retry time, its later SMS are
        // parked. A device with an SMS handed upstream (awaiting its receipt) keeps what is parked until the receipt.
        var deviceRetry = new Dictionary<long, (DateTime Retry, long FirstId)>();
        HashSet<long>? upstream = null;
        foreach (var o in outcomes)
        {
            if (o.Result != DeliveryResult.Delivered) await EndRun(o.DeviceId);
            switch (o.Result)
            {
                case DeliveryResult.Delivered:
                    runs[o.DeviceId] = runs.TryGetValue(o.DeviceId, out var run) ? (run.First, o.SmsId, run.Count + 1) : (o.SmsId, o.SmsId, 1);
                    break;
                case DeliveryResult.Submitted:
                {
                    var expiry = claimed.TryGetValue(o.SmsId, out var c) ? c.ExpiryDate : now;
                    submitted.Set(0, o.Transport ?? "");
                    submitted.Set(1, o.UpstreamId ?? "");
                    submitted.Set(2, (expiry > now ? expiry : now) + policy.ReceiptTimeout);
                    submitted.Set(3, o.SmsId);
                    await submitted.RunAsync(ct);
                    (upstream ??= []).Add(o.DeviceId);
                    break;
                }
                case DeliveryResult.Faulted:
                {
                    var retry = now + policy.ScheduleDelay(RetryCount(o.SmsId));
                    faulted.Set(0, retry);
                    faulted.Set(3, o.SmsId);
                    // Still pending: the device's later SMS wait behind it (as behind a buffered one).
                    var state = await faulted.ScalarAsync(ct) is { } s ? Convert.ToInt32(s, CultureInfo.InvariantCulture) : 0;
                    if (state == 3) deviceRetry.TryAdd(o.DeviceId, (retry, o.SmsId));
                    else if (state == 5) await WebhookOutbox.EnqueueSmsReportAsync(connection, transaction, o.SmsId, now, webhookExpiry, ct);
                    break;
                }
                case DeliveryResult.Deferred when !deviceRetry.ContainsKey(o.DeviceId):
                    released.Set(0, o.SmsId);
                    await released.RunAsync(ct);
                    break;
                case DeliveryResult.Deferred:
                case DeliveryResult.Undelivered when policy.Retries(o.Error):
                {
                    // The device's first SMS to wait holds the retry time; the SMS behind it (deferred) are parked.
                    var head = !deviceRetry.ContainsKey(o.DeviceId);
                    var retry = head ? now + policy.Delay(o.Error, o.RetryAfter, RetryCount(o.SmsId)) : Parked;
                    buffered.Set(0, retry);
                    buffered.Set(1, o.Result == DeliveryResult.Deferred ? 0 : 1);
                    buffered.Set(2, o.Result == DeliveryResult.Deferred ? null : o.Error);
                    buffered.Set(3, o.SmsId);
                    buffered.Set(5, head ? now : Parked);
                    if (await buffered.ScalarAsync(ct) is not { } stored) break; // no longer ours
                    if (head) deviceRetry[o.DeviceId] = (DateTime.SpecifyKind(Convert.ToDateTime(stored, CultureInfo.InvariantCulture), DateTimeKind.Utc), o.SmsId);
                    break;
                }
                default: // Undelivered with a permanent error; Abandoned
                    failed.Set(1, o.SmsId);
                    failed.Set(3, o.Result == DeliveryResult.Abandoned ? NetworkErrors.SystemFailure : o.Error ?? NetworkErrors.SystemFailure);
                    if (await failed.RunAsync(ct) == 1) await WebhookOutbox.EnqueueSmsReportAsync(connection, transaction, o.SmsId, now, webhookExpiry, ct);
                    break;
            }
        }
        if (runs.Count > 1)
        {
            // The runs still open (the devices' last outcomes of the round) in one UPDATE and their delivery reports in one
            // INSERT, instead of a statement or two per device (PostgreSQL: a round trip each). Each device's run is its
            // delivered SMS from First to Last (an SMS with another outcome would have ended it).
            var ids = new List<long>();
            foreach (var o in outcomes)
                if (o.Result == DeliveryResult.Delivered && runs.TryGetValue(o.DeviceId, out var r) && o.SmsId >= r.First && o.SmsId <= r.Last) ids.Add(o.SmsId);
            await RecordDeliveredManyAsync(connection, transaction, node, now, ids, webhookExpiry, ct);
            runs.Clear();
        }
        foreach (var device in runs.Keys.ToList()) await EndRun(device);
        // Devices whose SMS ended in this round (none waits, none awaits a receipt): their next parked SMS are released.
        HashSet<long>? release = null;
        foreach (var o in outcomes)
            if (!deviceRetry.ContainsKey(o.DeviceId) && upstream?.Contains(o.DeviceId) != true) (release ??= []).Add(o.DeviceId);
        // PostgreSQL (two writer connections, several nodes): the devices' order locks first, so an MT insert of another
        // group that read the queue's tail before this round changed it commits before the statements below (which then
        // see its SMS), or reads the tail after this commit: otherwise its SMS stayed due behind a head that waits, or
        // parked behind an SMS delivered meanwhile with nothing left to release it.
        if (deviceRetry.Count > 0 || release is not null)
            await SmsOrderLocks.TakeAsync(connection, transaction, release is null ? deviceRetry.Keys : deviceRetry.Keys.Concat(release), ct);
        // Once per device, after its SMS of this round were recorded (they hold the retry time now, so stay as they are).
        // Later SMS of the device are parked behind it (pending ones included), never due before it.
        foreach (var (device, wait) in deviceRetry) await ParkBehindAsync(connection, transaction, device, wait.FirstId, ct);
        return release is null ? 0 : await ReleaseAsync(connection, transaction, release, now, ct);
    }

    private const int ParkStep = 256;

    // The device's next ParkStep SMS behind @id that are not IN PROGRESS, up to its first parked one (by the queue's
    // invariant the rest are parked too), those not parked yet parked (a BUFFERED one with the status it had: pending
    // ones become BUFFERED). Without the bound, each retry of a device's head read ParkStep rows of its parked backlog
    // to change none: a retry wave over 1,000 devices with backlogs made groups of 25 ms and more (issue 11).
    internal static readonly string ParkBehindSql = $"""
        UPDATE sms SET "Status" = 3, "RetryDate" = @parked
        WHERE "Id" IN (SELECT "Id" FROM sms WHERE "DeviceId" = @device AND {Pending} AND "Status" <> 2 AND "Id" > @id
                         AND "Id" < COALESCE((SELECT p."Id" FROM sms p WHERE p."DeviceId" = @device AND {PendingOf("p")} AND p."Id" > @id
                                              AND p."RetryDate" = @parked ORDER BY p."Id" LIMIT 1), {long.MaxValue})
                       ORDER BY "Id" LIMIT {ParkStep})
          AND ("RetryDate" < @parked OR "Status" = 1)
        RETURNING "Id"
        """;

    /// <summary>
    /// Parks the SMS of <paramref name="device"/> behind <paramref name="id"/> (which waits). By the queue's invariant
    /// the parked ones are the queue's end, so this rewrites only the SMS before the first parked one (those a release
    /// or an alert made due, and those stored since), reading them in steps of <see cref="ParkStep"/>. Also for writes
    /// outside the dispatcher that make a device's SMS wait (an SMPP <c>replace_sm</c> that schedules it later).
    /// </summary>
    public static async ValueTask ParkBehindAsync(DbConnection connection, DbTransaction transaction, long device, long id, CancellationToken ct)
    {
        var park = Cached(connection, transaction, ParkBehindSql, ("@parked", Parked), ("@device", device), ("@id", id));
        var postgres = connection.IsPostgreSql();
        while (true)
        {
            var changed = 0;
            var last = id;
            await using (var reader = await park.ReaderAsync(ct))
            {
                while (await reader.ReadAsync(postgres, ct))
                {
                    changed++;
                    last = Math.Max(last, reader.GetInt64(0));
                }
            }
            if (changed < ParkStep) return;
            park.Set(2, last);
        }
    }

    // The device's first ReleaseChunk pending SMS (f): unless one of them waits (a retry time or a schedule still to
    // come, not parked), its parked ones are released, up to and including the first one scheduled for later
    // (NotBefore), which gets that time; the SMS behind it stay parked. Due: BUFFERED or pending as they were.
    // SQLite (ReleaseHeadSql): the first pending SMS only, when it is parked — the claim runs on through the parked SMS
    // behind a head that was never tried (ClaimSql), so one due SMS brings the device back into the claim's window.
    private static readonly string ReleaseSql = ReleaseSqlFor(ReleaseChunk), ReleaseHeadSql = ReleaseSqlFor(1);

    private static string ReleaseSqlFor(int chunk) => $"""
        WITH f AS (SELECT "Id", "RetryDate", "NotBefore" FROM sms WHERE "DeviceId" = @device AND {Pending} ORDER BY "Id" LIMIT {chunk})
        UPDATE sms SET "RetryDate" = CASE WHEN "NotBefore" > @now THEN "NotBefore" ELSE @now END
        WHERE "Id" IN (SELECT f."Id" FROM f WHERE f."RetryDate" = @parked
                         AND f."Id" <= COALESCE((SELECT MIN(g."Id") FROM f g WHERE g."NotBefore" > @now), {long.MaxValue}))
          AND NOT EXISTS (SELECT 1 FROM f WHERE f."RetryDate" > @now AND f."RetryDate" < @parked)
        """;

    // The devices (a JSON array) whose queue ends with a parked SMS: by the queue's invariant (parked SMS hold the largest
    // RetryDate there is) a device has parked SMS exactly when its last pending MT SMS is parked. One backwards index
    // probe per device (ix_sms_pending_by_device).
    private static readonly string ParkedTailsSql = $"""
        SELECT d.value FROM json_each(@devices) d
        WHERE (SELECT s."RetryDate" FROM sms s WHERE s."DeviceId" = d.value AND {PendingOf("s")} ORDER BY s."Id" DESC LIMIT 1) = @parked
        """;

    private static readonly string ParkedTailsSqlPostgres = $"""
        SELECT d.value FROM unnest(@devices) AS d(value)
        WHERE (SELECT s."RetryDate" FROM sms s WHERE s."DeviceId" = d.value AND {PendingOf("s")} ORDER BY s."Id" DESC LIMIT 1) = @parked
        """;

    private static string PendingOf(string alias) => SmsQueueFilter.PendingOf(alias);

    // PostgreSQL: ReleaseSql for every device of an array in one statement (one round trip per round, not per device).
    private static readonly string ReleaseManySqlPostgres = $"""
        WITH f AS (SELECT x."Id", x."DeviceId", x."RetryDate", x."NotBefore" FROM unnest(@devices) AS d(id)
                   CROSS JOIN LATERAL (SELECT "Id", "DeviceId", "RetryDate", "NotBefore" FROM sms WHERE "DeviceId" = d.id AND {Pending} ORDER BY "Id" LIMIT {ReleaseChunk}) x),
        g AS (SELECT "DeviceId", MIN("Id") FILTER (WHERE "NotBefore" > @now) AS "Stop",
                     BOOL_OR("RetryDate" > @now AND "RetryDate" < @parked) AS "Waits" FROM f GROUP BY "DeviceId")
        UPDATE sms SET "RetryDate" = CASE WHEN sms."NotBefore" > @now THEN sms."NotBefore" ELSE @now END
        FROM f JOIN g ON g."DeviceId" = f."DeviceId"
        WHERE sms."Id" = f."Id" AND f."RetryDate" = @parked AND NOT g."Waits" AND f."Id" <= COALESCE(g."Stop", {long.MaxValue})
        """;

    /// <summary>
    /// Releases parked SMS of each of <paramref name="devices"/> whose first pending SMS no longer wait: those among its
    /// first <see cref="ReleaseChunk"/> pending SMS become due at <paramref name="now"/> (or at their schedule); on SQLite
    /// only its first pending SMS, if parked (the claim takes the parked SMS behind it as they are: <see cref="ClaimAsync"/>).
    /// Called wherever a device's SMS ends (recorded, expired, receipt, receipt timeout, cancel); reads at most
    /// <see cref="ReleaseChunk"/> rows per device. Returns how many SMS became due. Takes the devices' order locks (PostgreSQL) unless held.
    /// </summary>
    public static async ValueTask<int> ReleaseAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> devices, DateTime now, CancellationToken ct)
    {
        await SmsOrderLocks.TakeAsync(connection, transaction, devices, ct);
        // Most devices a round records have nothing parked: one index probe each (their queue's last SMS) finds the few
        // that do, instead of a release reading up to ReleaseChunk rows of every device of the round.
        var postgres = connection.IsPostgreSql();
        var probe = postgres
            ? Cached(connection, transaction, ParkedTailsSqlPostgres, ("@devices", devices.ToArray()), ("@parked", Parked))
            : Cached(connection, transaction, ParkedTailsSql, ("@devices", JsonArray(devices)),
                ("@parked", Parked));
        var parked = new List<long>();
        await using (var reader = await probe.ReaderAsync(ct))
        {
            while (await reader.ReadAsync(postgres, ct)) parked.Add(reader.GetInt64(0));
        }
        if (parked.Count == 0) return 0;
        if (postgres && parked.Count > 1)
            return await Cached(connection, transaction, ReleaseManySqlPostgres, ("@devices", parked.ToArray()), ("@now", now), ("@parked", Parked)).RunAsync(ct);
        var release = Cached(connection, transaction, postgres ? ReleaseSql : ReleaseHeadSql, ("@device", 0L), ("@now", now), ("@parked", Parked));
        var released = 0;
        foreach (var device in parked)
        {
            release.Set(0, device);
            released += await release.RunAsync(ct);
        }
        return released;
    }

    /// <summary>One device's <see cref="ReleaseAsync"/>, run synchronously (a receipt, a cancel).</summary>
    public static int Release(DbConnection connection, DbTransaction transaction, long device, DateTime now)
    {
        SmsOrderLocks.Take(connection, transaction, device);
        // Nothing parked unless the queue's last SMS is (ParkedTailsSql): one index probe.
        var tail = SqlCommands.Get(connection, transaction, QueueTailSql, "@device");
        tail.Set(0, device);
        if (tail.ExecuteScalar() is not { } last || last is DBNull || Convert.ToDateTime(last, CultureInfo.InvariantCulture).Ticks != Parked.Ticks) return 0;
        return Cached(connection, transaction, connection.IsPostgreSql() ? ReleaseSql : ReleaseHeadSql, ("@device", device), ("@now", now), ("@parked", Parked))
            .ExecuteNonQuery();
    }

    /// <summary>
    /// Delivery at submit (<see cref="DeliveryOptions.DeliverAtSubmit"/>): records the outcomes of SMS that were inserted
    /// DELIVERED in this transaction and then handed to their inline transport (<paramref name="outcomes"/> in id order,
    /// one per SMS). Delivered: the row is already final; its delivery report is enqueued as the record path does. Any
    /// other outcome (the handset absent, the precheck, the rest of a run behind it): the row becomes what a claim would
    /// have made of it (IN PROGRESS under <paramref name="node"/>'s lease) and goes through <see cref="RecordAsync"/>, so
    /// it is retried, buffered or failed exactly as the dispatcher would have recorded it. Returns whether a webhook may
    /// have been enqueued (a delivery report; or any outcome but delivered, which goes the record path): the webhook
    /// dispatcher is woken only then (woken after every submit, it ran a round a group for nothing).
    /// </summary>
    public static async ValueTask<bool> RecordAtSubmitAsync(DbConnection connection, DbTransaction transaction, string node, DateTime now, DateTime leaseUntil,
        IReadOnlyList<DeliveryOutcome> outcomes, RetryPolicy policy, IReadOnlyDictionary<long, ClaimedSms> claimed, TimeSpan? webhookMaxAge,
        CancellationToken ct)
    {
        var delivered = new List<(long Id, long DeviceId)>(outcomes.Count);
        List<DeliveryOutcome>? rest = null;
        foreach (var o in outcomes)
        {
            if (o.Result == DeliveryResult.Delivered) delivered.Add((o.SmsId, o.DeviceId));
            else (rest ??= []).Add(o);
        }
        // A device's delivered SMS come before its first SMS with another outcome: its reports stay in id order.
        var reports = await WebhookOutbox.EnqueueSmsReportsAsync(connection, transaction, delivered, now, now + (webhookMaxAge ?? DefaultWebhookMaxAge), ct);
        if (rest is null) return reports > 0;
        await using (var lease = SqlCommands.Create(connection, transaction, $"""
            UPDATE sms SET "Status" = 2, "LeaseOwner" = @node, "LeaseUntil" = @lease, "DeliveryDate" = NULL, "FinalDate" = NULL
            WHERE "Id" IN ({string.Join(',', rest.Select(o => o.SmsId.ToString(CultureInfo.InvariantCulture)))}) AND "Status" = 4
            """, ("@node", node), ("@lease", leaseUntil)))
            await lease.RunAsync(ct);
        await RecordAsync(connection, transaction, node, now, rest, policy, claimed, webhookMaxAge, ct);
        return true;
    }

    /// <summary>
    /// Delivery at submit, when the transport failed (threw, or broke per-device order): the SMS inserted DELIVERED become
    /// plain pending SMS, as if stored without it (no attempt counted); the dispatcher delivers them in its next round.
    /// </summary>
    public static async ValueTask PendingAgainAsync(DbConnection connection, DbTransaction transaction, IEnumerable<long> ids, CancellationToken ct)
    {
        await using var command = SqlCommands.Create(connection, transaction, $"""
            UPDATE sms SET "Status" = 1, "DeliveryDate" = NULL, "FinalDate" = NULL, "LastDeliveryAttempt" = NULL
            WHERE "Id" IN ({string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}) AND "Status" = 4
            """);
        await command.RunAsync(ct);
    }

    /// <summary>
    /// Records a run of SMS of <paramref name="device"/> delivered one after the other in this round (no SMS of the
    /// device between them with another outcome): one UPDATE of the id range, or the one-row UPDATE for a single SMS.
    /// The range holds no other row leased by <paramref name="node"/> and IN PROGRESS: the claim never takes an SMS
    /// behind one this node still holds, and every SMS of the round has an outcome. Delivery reports are enqueued, in id
    /// order, for the rows that changed (RETURNING).
    /// </summary>
    private static async ValueTask RecordDeliveredAsync(DbConnection connection, DbTransaction transaction, string node, DateTime now, long device,
        long first, long last, int count, DateTime webhookExpiry, DbCommand single, CancellationToken ct)
    {
        if (count == 1)
        {
            single.Set(1, first);
            if (await single.RunAsync(ct) == 1) await WebhookOutbox.EnqueueSmsReportAsync(connection, transaction, first, now, webhookExpiry, ct);
            return;
        }
        var range = Cached(connection, transaction, RecordDeliveredRangeSql, ("@now", now), ("@device", device), ("@first", first), ("@last", last), ("@node", node));
        var ids = new List<long>(count);
        var postgres = connection.IsPostgreSql();
        await using (var reader = await range.ReaderAsync(ct))
        {
            while (await reader.ReadAsync(postgres, ct)) ids.Add(reader.GetInt64(0));
        }
        ids.Sort();
        await WebhookOutbox.EnqueueSmsReportsAsync(connection, transaction, ids.ConvertAll(id => (id, device)), now, webhookExpiry, ct);
    }

    // The queue's filter (Pending) lets SQLite read the range on ix_sms_pending_by_device: without it, it walked the
    // primary key from first to last, over every SMS of every other device stored meanwhile (64 × 1,000 rows for a run of
    // 64 when 1,000 devices' backlogs drain: a quarter of the drain's SQLite time in issue 11's backlog benchmark).
    internal const string RecordDeliveredRangeSql = $"""
        UPDATE sms SET "Status" = 4, "DeliveryDate" = @now, "FinalDate" = @now, "GsmMapError" = NULL, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "DeviceId" = @device AND {Pending} AND "Id" >= @first AND "Id" <= @last AND "Status" = 2 AND "LeaseOwner" = @node
        RETURNING "Id"
        """;

    /// <summary>The statements that read one device's queue (for a test of their plans: each reads it on <c>ix_sms_pending_by_device</c>).</summary>
    internal static IEnumerable<string> DeviceQueueStatements => [RecordDeliveredRangeSql, ParkBehindSql, ReleaseSql, ReleaseHeadSql, QueueTailSql, AlertInFlightSql];

    private const string RecordDeliveredManySql = """
        UPDATE sms SET "Status" = 4, "DeliveryDate" = @now, "FinalDate" = @now, "GsmMapError" = NULL, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Id" = ANY(@ids) AND "Status" = 2 AND "LeaseOwner" = @node
        RETURNING "Id", "DeviceId"
        """;

    // SQLite: the ids as a JSON array (one text parameter; json_each takes it apart in C).
    private static readonly string RecordDeliveredManySqlSqlite = RecordDeliveredManySql.Contains("\"Id\" = ANY(@ids)", StringComparison.Ordinal)
        ? RecordDeliveredManySql.Replace("\"Id\" = ANY(@ids)", "\"Id\" IN (SELECT value FROM json_each(@ids))", StringComparison.Ordinal)
        : throw new InvalidOperationException("RecordDeliveredManySql: unexpected statement shape.");

    /// <summary>SQLite: ids as a JSON array, one text parameter for <c>json_each</c>.</summary>
    private static string JsonArray(IEnumerable<long> ids) => "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Records delivered SMS of any devices in one UPDATE (only rows still IN PROGRESS under <paramref name="node"/>'s
    /// lease change) and enqueues the delivery reports of those that changed
    /// (<see cref="WebhookOutbox.EnqueueSmsReportsAsync"/>, in id order per device).
    /// </summary>
    private static async ValueTask RecordDeliveredManyAsync(DbConnection connection, DbTransaction transaction, string node, DateTime now, List<long> ids,
        DateTime webhookExpiry, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        var postgres = connection.IsPostgreSql();
        var update = postgres
            ? Cached(connection, transaction, RecordDeliveredManySql, ("@now", now), ("@ids", ids.ToArray()), ("@node", node))
            : Cached(connection, transaction, RecordDeliveredManySqlSqlite, ("@now", now),
                ("@ids", JsonArray(ids)), ("@node", node));
        var changed = new List<(long Id, long DeviceId)>(ids.Count);
        await using (var reader = await update.ReaderAsync(ct))
        {
            while (await reader.ReadAsync(postgres, ct)) changed.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        changed.Sort((a, b) => a.Id.CompareTo(b.Id));
        await WebhookOutbox.EnqueueSmsReportsAsync(connection, transaction, changed, now, webhookExpiry, ct);
    }

    /// <summary>
    /// The network's alert: the device is reachable again, so its buffered SMS are due now — its first
    /// <see cref="ReleaseChunk"/> pending ones, the rest as those end (<see cref="ReleaseAsync"/>), and only up to the
    /// first one held by a schedule (<c>NotBefore</c>), which waits for its time with the SMS behind it.
    /// <para>
    /// PostgreSQL (two writer connections, several nodes): the alert first takes the device's order lock and then waits
    /// for the claim lock (<see cref="ClaimAsync"/>), both held to its group's commit, so it never runs beside a group
    /// that changes the device's queue. Without them, a dispatcher round in another open transaction (inline delivery:
    /// claim, the handset's state read before the attach committed, "absent" recorded) moved the device's SMS behind a
    /// retry time after the alert had looked at the queue (its claim uncommitted, so no SMS was in flight to flag), and an
    /// MT insert that had read the queue's tail before the alert stored its SMS behind the old retry time: buffered SMS
    /// to an attached handset, until their retry time. Alerts are rare next to rounds; a round that finds the claim lock
    /// taken skips (as it does for another node's claim). SQLite (one writer): nothing to take.
    /// </para>
    /// </summary>
    public static int Alert(DbConnection connection, DbTransaction transaction, long deviceId, DateTime now)
    {
        if (connection.IsPostgreSql())
        {
            // The order lock first (a write that names the device has it from the group's start), then the claim lock. A
            // round holding the claim lock takes order locks only for devices it moves behind a retry time (RecordAsync):
            // with an alert for that device at that moment PostgreSQL breaks the deadlock and the loser's group runs again.
            SmsOrderLocks.Take(connection, transaction, deviceId);
            Cached(connection, transaction, "SELECT pg_advisory_xact_lock(@space, 1)", ("@space", AdvisoryLockSpace)).ExecuteNonQuery();
        }
        // SMS in flight right now may come back "absent" from a handset state read before the alert: flag them.
        var inFlight = Cached(connection, transaction, AlertInFlightSql, ("@device", deviceId));
        inFlight.ExecuteNonQuery();
        // Due now: the device's waiting SMS among its first ReleaseChunk pending ones (parked or not), ahead of the first
        // one held by a schedule (NotBefore, SMPP schedule_delivery_time) — that one and the SMS behind it keep waiting
        // for its time (the device's order). The SMS further back stay parked: releases make them due as the first
        // ones end (ReleaseAsync), so an attach never rewrites a whole backlog in one statement (issue 11). SQLite: the
        // first pending SMS only; the claim takes those parked behind it as they are, once the device's head has ended.
        var command = Cached(connection, transaction, connection.IsPostgreSql() ? AlertSql : AlertHeadSql, ("@now", now), ("@device", deviceId));
        return command.ExecuteNonQuery();
    }

    private static readonly string AlertSql = AlertSqlFor(ReleaseChunk), AlertHeadSql = AlertSqlFor(1);

    private static string AlertSqlFor(int chunk) => $"""
        WITH f AS (SELECT "Id", "Status", "RetryDate", "NotBefore" FROM sms WHERE "DeviceId" = @device AND {Pending} ORDER BY "Id" LIMIT {chunk})
        UPDATE sms SET "RetryDate" = @now
        WHERE "Id" IN (SELECT f."Id" FROM f WHERE f."Status" <> 2 AND f."RetryDate" > @now
                         AND f."Id" < COALESCE((SELECT MIN(g."Id") FROM f g WHERE g."NotBefore" > @now), {long.MaxValue}))
        """;

    // A device's SMS in flight (IN PROGRESS: leased, or awaiting a receipt) are the head of its queue: a claim takes a
    // device's SMS from its head on, never one behind an SMS it cannot take, and a hand-off at submit leases an SMS only
    // when nothing of its device is pending. So the ones to flag are read from the head up to the first that is not in
    // flight, not by reading the status of every SMS the device has waiting (a thousand rows per attach when the handset
    // has a thousand buffered: 10 ms of the writer's time each in issue 11's backlog benchmark).
    internal static readonly string AlertInFlightSql = $"""
        UPDATE sms SET "Alerted" = TRUE
        WHERE "DeviceId" = @device AND {Pending} AND "Status" = 2
          AND "Id" < COALESCE((SELECT o."Id" FROM sms o WHERE o."DeviceId" = @device AND {PendingOf("o")} AND o."Status" <> 2 ORDER BY o."Id" LIMIT 1),
                              {long.MaxValue})
        """;

    private const string TimeoutReceiptsSql = """
        UPDATE sms SET "Status" = 5, "FinalDate" = @now, "GsmMapError" = 'receiptTimeout', "ReceiptDue" = NULL
        WHERE "Id" IN (SELECT "Id" FROM sms WHERE "ReceiptDue" <= @now AND "Status" = 2 LIMIT @limit)
        RETURNING "Id", "DeviceId"
        """;

    /// <summary>
    /// Ends SMS submitted upstream whose receipt did not come by <c>ReceiptDue</c> (their expiry plus
    /// <c>ReceiptTimeoutSeconds</c>): FAILED, <c>receiptTimeout</c>. Not retried: the upstream may have delivered it.
    /// </summary>
    public static ValueTask<int> TimeoutReceiptsAsync(DbConnection connection, DbTransaction transaction, DateTime now, int limit, TimeSpan? webhookMaxAge = null,
        CancellationToken cancellationToken = default)
    {
        var command = Cached(connection, transaction, connection.IsPostgreSql() ? TimeoutReceiptsSqlPostgres : TimeoutReceiptsSql, ("@now", now), ("@limit", limit));
        return CountAndReportAsync(connection, transaction, command, now, webhookMaxAge, cancellationToken);
    }

    public enum ReceiptResult { Recorded, AlreadyFinal, Unknown }

    /// <summary>The final state an upstream receipt reports.</summary>
    public enum ReceiptState { Delivered = SmsStatus.Delivered, Failed = SmsStatus.Failed, Expired = SmsStatus.Expired }

    /// <summary>
    /// Records a receipt for the SMS that <paramref name="transport"/> submitted as <paramref name="upstreamId"/>:
    /// DELIVERED, FAILED or EXPIRED with the network's error. Returns the device whose queue it frees (or null),
    /// and whether the receipt was recorded, repeats one already recorded, or names no SMS (not yet known: a receipt
    /// that overtook the recording of its submission; the caller asks the sender to repeat it later).
    /// </summary>
    public static (ReceiptResult Result, long? DeviceId) RecordReceipt(DbConnection connection, DbTransaction transaction, string transport,
        string upstreamId, ReceiptState state, string? error, DateTime now, TimeSpan? webhookMaxAge = null)
    {
        var record = Cached(connection, transaction, """
            UPDATE sms SET "Status" = @status, "FinalDate" = @now, "DeliveryDate" = CASE WHEN @status = 4 THEN @now ELSE "DeliveryDate" END,
                "GsmMapError" = CASE WHEN @status = 4 THEN NULL ELSE @error END, "ReceiptDue" = NULL
            WHERE "Transport" = @transport AND "UpstreamId" = @upstream AND "Status" = 2 AND "ReceiptDue" IS NOT NULL
            RETURNING "DeviceId", "Id"
            """, ("@status", (int)state), ("@now", now), ("@error", error), ("@transport", transport), ("@upstream", upstreamId));
        // 1: awaiting this receipt; 0: the SMS is known and the receipt ends nothing (final already, a repeat).
        var known = Cached(connection, transaction, """
            SELECT CASE WHEN "Status" = 2 AND "ReceiptDue" IS NOT NULL THEN 1 ELSE 0 END FROM sms WHERE "Transport" = @transport AND "UpstreamId" = @upstream
            """, ("@transport", transport), ("@upstream", upstreamId));
        // Twice at most: with several groups at once (PostgreSQL: two writer connections, several nodes) the recording of
        // the submission may commit between the UPDATE (its snapshot did not have it) and the look-up, which then finds
        // the SMS awaiting this very receipt; taken for "already final", the receipt was acknowledged and lost (the SMS
        // stayed IN PROGRESS until the receipt timeout). The UPDATE runs again and sees it.
        for (var attempt = 1; ; attempt++)
        {
            long? device = null, sms = null;
            using (var reader = record.ExecuteReader())
            {
                if (reader.Read()) (device, sms) = (reader.GetInt64(0), reader.GetInt64(1));
            }
            if (device is not null)
            {
                WebhookOutbox.EnqueueSmsReport(connection, transaction, sms!.Value, now, now + (webhookMaxAge ?? DefaultWebhookMaxAge));
                Release(connection, transaction, device.Value, now);
                return (ReceiptResult.Recorded, device);
            }
            var awaiting = known.ExecuteScalar();
            if (awaiting is null or DBNull) return (ReceiptResult.Unknown, null);
            if (Convert.ToInt32(awaiting, CultureInfo.InvariantCulture) == 0) return (ReceiptResult.AlreadyFinal, null);
            if (attempt == 2) return (ReceiptResult.Unknown, null); // still not ours to record: the sender repeats it
        }
    }

    /// <summary>A receipt for the SMS <see cref="Transport"/> submitted as <see cref="UpstreamId"/> (<see cref="RecordReceiptsAsync"/>).</summary>
    public readonly record struct Receipt(string Transport, string UpstreamId, ReceiptState State, string? Error);

    // Every receipt of one transport that ends an SMS awaiting it, in one statement (one index probe of ix_sms_upstream
    // per receipt), from a row source v(u: upstream id, s: state, e: error) that each provider builds its own way.
    private const string RecordReceiptsUpdate = """
        UPDATE sms SET "Status" = v.s, "FinalDate" = @now, "DeliveryDate" = CASE WHEN v.s = 4 THEN @now ELSE sms."DeliveryDate" END,
            "GsmMapError" = CASE WHEN v.s = 4 THEN NULL ELSE v.e END, "ReceiptDue" = NULL
        """;

    private const string AwaitingReceipt = """sms."Status" = 2 AND sms."ReceiptDue" IS NOT NULL""";

    // SQLite (one writer): v is a JSON array [[upstream id, state, error], …].
    private const string RecordReceiptsSql = $"""
        {RecordReceiptsUpdate}
        FROM (SELECT json_extract(r.value, '$[0]') AS u, json_extract(r.value, '$[1]') AS s, json_extract(r.value, '$[2]') AS e FROM json_each(@receipts) r) AS v
        WHERE sms."Transport" = @transport AND sms."UpstreamId" = v.u AND {AwaitingReceipt}
        RETURNING sms."Id", sms."DeviceId", sms."UpstreamId"
        """;

    // PostgreSQL: v from three arrays, and the rows locked first, in id order (FOR UPDATE under ORDER BY), so that two
    // writes ending overlapping SMS (two nodes recording a receipt the SMSC repeated to both, a batch beside the
    // receipt-timeout sweep) wait for each other instead of taking the rows in their joins' orders and deadlocking.
    private const string RecordReceiptsSqlPostgres = $"""
        WITH v AS (
            SELECT sms."Id" AS i, r.s, r.e FROM unnest(@upstreams, @states, @errors) AS r(u, s, e)
            JOIN sms ON sms."Transport" = @transport AND sms."UpstreamId" = r.u AND {AwaitingReceipt}
            ORDER BY sms."Id" FOR UPDATE OF sms)
        {RecordReceiptsUpdate}
        FROM v WHERE sms."Id" = v.i AND {AwaitingReceipt}
        RETURNING sms."Id", sms."DeviceId", sms."UpstreamId"
        """;

    /// <summary>
    /// <see cref="RecordReceipt"/> for many receipts in one write (an SMSC sends them as fast as the SMS it delivers, one
    /// write each was the larger part of the writer's work per SMS through an upstream): per transport one statement
    /// ends every SMS awaiting its receipt, then one enqueues their delivery reports and one releases their devices'
    /// parked SMS. A receipt it does not end that way — unknown yet, a repeat, or the same id twice in the batch — takes
    /// <see cref="RecordReceipt"/>'s path alone, as before. Results in the order of <paramref name="receipts"/>.
    /// </summary>
    public static async ValueTask<(ReceiptResult Result, long? DeviceId)[]> RecordReceiptsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<Receipt> receipts, DateTime now, TimeSpan? webhookMaxAge = null, CancellationToken ct = default)
    {
        var results = new (ReceiptResult Result, long? DeviceId)[receipts.Count];
        var done = new bool[receipts.Count];
        var postgres = connection.IsPostgreSql();
        var ended = new List<(long Id, long DeviceId)>();
        foreach (var transport in receipts.Select(r => r.Transport).Distinct(StringComparer.Ordinal))
        {
            // The first receipt for each upstream id of this transport (a repeat in the same batch goes alone, after it).
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < receipts.Count; i++)
                if (string.Equals(receipts[i].Transport, transport, StringComparison.Ordinal)) first.TryAdd(receipts[i].UpstreamId, i);
            DbCommand record;
            if (postgres)
            {
                var upstreams = new string[first.Count];
                var states = new int[first.Count];
                var errors = new string?[first.Count];
                var k = 0;
                foreach (var i in first.Values) (upstreams[k], states[k], errors[k], k) = (receipts[i].UpstreamId, (int)receipts[i].State, receipts[i].Error, k + 1);
                record = Cached(connection, transaction, RecordReceiptsSqlPostgres, ("@now", now), ("@transport", transport), ("@upstreams", upstreams),
                    ("@states", states), ("@errors", errors));
            }
            else
            {
                var json = new System.Buffers.ArrayBufferWriter<byte>(first.Count * 40 + 2);
                using (var writer = new System.Text.Json.Utf8JsonWriter(json))
                {
                    writer.WriteStartArray();
                    foreach (var i in first.Values)
                    {
                        writer.WriteStartArray();
                        writer.WriteStringValue(receipts[i].UpstreamId);
                        writer.WriteNumberValue((int)receipts[i].State);
                        if (receipts[i].Error is { } error) writer.WriteStringValue(error);
                        else writer.WriteNullValue();
                        writer.WriteEndArray();
                    }
                    writer.WriteEndArray();
                }
                record = Cached(connection, transaction, RecordReceiptsSql, ("@now", now), ("@transport", transport), ("@receipts", Encoding.UTF8.GetString(json.WrittenSpan)));
            }
            await using (var reader = await record.ReaderAsync(ct))
            {
                while (await reader.ReadAsync(postgres, ct))
                {
                    var (id, device, upstream) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
                    var i = first[upstream];
                    (results[i], done[i]) = ((ReceiptResult.Recorded, device), true);
                    ended.Add((id, device));
                }
            }
        }
        if (ended.Count > 0)
        {
            ended.Sort((a, b) => a.Id.CompareTo(b.Id));
            await WebhookOutbox.EnqueueSmsReportsAsync(connection, transaction, ended, now, now + (webhookMaxAge ?? DefaultWebhookMaxAge), ct);
            await ReleaseAsync(connection, transaction, ended.Select(e => e.DeviceId).ToHashSet(), now, ct);
        }
        // The rest (rare): unknown yet, already final, or a second receipt for an id of this batch — one by one.
        for (var i = 0; i < receipts.Count; i++)
        {
            if (done[i]) continue;
            var r = receipts[i];
            results[i] = RecordReceipt(connection, transaction, r.Transport, r.UpstreamId, r.State, r.Error, now, webhookMaxAge);
        }
        return results;
    }

    public enum CancelResult { Canceled, NotFound, InProgress, Final }

    /// <summary>
    /// Cancels an undelivered MT SMS and every other undelivered part of its message (status 7). Its <c>FinalDate</c> is
    /// set, as for every SMS that leaves the queue (<see cref="SmsQueueFilter"/>); the API shows no <c>final_date</c> for it.
    /// </summary>
    /// <remarks>A cancelled head no longer holds the SMS parked behind it: they are released as of <paramref name="now"/>.</remarks>
    public static CancelResult Cancel(DbConnection connection, DbTransaction transaction, long deviceId, long smsId, DateTime now)
    {
        using var find = SqlCommands.Create(connection, transaction, """
            SELECT "Status", COALESCE("MessageId", "Id") FROM sms WHERE "Id" = @id AND "DeviceId" = @device AND "Type" = 1
            """, ("@id", smsId), ("@device", deviceId));
        using var reader = find.ExecuteReader();
        if (!reader.Read()) return CancelResult.NotFound;
        var status = (SmsStatus)reader.GetInt32(0);
        var message = reader.GetInt64(1);
        reader.Close();
        if (status == SmsStatus.InProgress) return CancelResult.InProgress;
        if (status is not (SmsStatus.DeliveryAttemptPending or SmsStatus.Buffered)) return CancelResult.Final;
        using var cancel = SqlCommands.Create(connection, transaction, """
            UPDATE sms SET "Status" = 7, "FinalDate" = @now, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE ("Id" = @message OR "MessageId" = @message) AND "Status" IN (1, 3)
            """, ("@message", message), ("@now", now));
        cancel.ExecuteNonQuery();
        Release(connection, transaction, deviceId, now);
        return CancelResult.Canceled;
    }
}
