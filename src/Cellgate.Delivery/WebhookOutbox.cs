using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Cellgate.Storage.Entities;

namespace Cellgate.Delivery;

/// <summary>
/// A webhook to send, as any feature hands it to <see cref="WebhookOutbox.Enqueue"/>. <paramref name="Url"/> and
/// <paramref name="Method"/> (POST, PUT or PATCH) are copied into the row: changing the destination later does not
/// change webhooks already committed. <paramref name="Body"/> is sent as is (its content type in
/// <see cref="ContentType"/>). <paramref name="ExpiresAt"/>: retries stop then and the webhook is EXPIRED.
/// </summary>
public sealed record WebhookMessage(
    long OrganisationId, WebhookDestinationKind DestinationKind, long DestinationId, string Kind,
    string Url, string Method, ReadOnlyMemory<byte> Body, DateTime ExpiresAt)
{
    /// <summary>Extra request headers (a data stream's configured headers, say). Never logged.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Webhooks with the same key go out one after the other in enqueue order (the next only once the previous
    /// one is delivered, failed or expired); null: no order. SMS webhooks use <c>device:{id}</c>; a data stream its id.</summary>
    public string? OrderingKey { get; init; }

    /// <summary>The <c>api_secret</c> that signs it (JWT bearer + Standard Webhooks signature), or null: unsigned.</summary>
    public long? SecretId { get; init; }

    public string ContentType { get; init; } = "application/json";
}

/// <summary>One claimed webhook, as the dispatcher sends it.</summary>
public sealed record ClaimedWebhook(
    long Id, long OrganisationId, WebhookDestinationKind DestinationKind, long DestinationId, string Kind, string Url, string Method,
    string? Headers, byte[]? Body, long? SmsId, string? OrderingKey, long? SecretId, int Attempts, DateTime ExpiresAt, DateTime Created);

/// <summary>What became of one attempt (the dispatcher decides; <see cref="WebhookOutbox.Record"/> applies it).</summary>
public enum WebhookResult
{
    /// <summary>2xx: done.</summary>
    Delivered,

    /// <summary>To be tried again at <see cref="WebhookOutcome.NextAttempt"/> (5xx, 408, 429, timeout, connection error).</summary>
    Retry,

    /// <summary>Given up (a 4xx after the configured attempts, a forbidden target).</summary>
    Failed,

    /// <summary>The next attempt would fall after its expiry.</summary>
    Expired,

    /// <summary>Not attempted (its destination's circuit is open, or the node is stopping): pending again, no attempt counted.</summary>
    Released,
}

/// <summary>The outcome of one claimed webhook. <see cref="Body"/> is set when the body was rendered for this attempt (SMS webhooks).</summary>
public sealed record WebhookOutcome(long Id, WebhookResult Result, DateTime NextAttempt, int? StatusCode = null, string? Error = null,
    int DurationMs = 0, byte[]? Body = null);

/// <summary>
/// The durable webhook outbox (table <c>webhook_outbox</c>) and its queue SQL, for <see cref="SmsWriter"/> and EF
/// transactions alike, in the SQL subset SQLite and PostgreSQL share.
/// <para>
/// <b>Enqueueing</b> (any feature): call <see cref="Enqueue"/> with the connection and transaction of the state change that
/// causes the webhook — inside <c>writer.WriteAsync((c, t) => …)</c>, or with an EF transaction
/// (<c>db.Database.GetDbConnection()</c>, <c>tx.GetDbTransaction()</c>) — so the webhook commits exactly when the change
/// does; then, after the commit, <see cref="WebhookSignal.Wake"/> so the dispatcher sends it at once (else it is found
/// by the next poll). The dispatcher (<c>Features/Webhooks/WebhookDispatcher.cs</c>) reads due rows (<see cref="Due"/>),
/// claims with a lease only those a destination can take now (<see cref="ClaimOne"/>), parks those of a destination whose
/// circuit is open (<see cref="Park"/>, <see cref="Unpark"/>), sends them and records the attempts in batches
/// (<see cref="Record"/>); the row's id is the stable <c>webhook-id</c> header.
/// </para>
/// </summary>
public static class WebhookOutbox
{
    private const string Pending = "\"State\" IN (1, 2)"; // the partial indexes' filter, verbatim

    /// <summary>
    /// The <c>NextAttempt</c> of a pending webhook that waits for an older pending webhook of its ordering key (it is not
    /// the head of its key): beyond any due time, so the due walk of <c>ix_webhook_due</c> never reads it. When the head
    /// ends (delivered, failed, expired) the next one is made due (<see cref="Promote"/>). Only heads and unordered
    /// webhooks ever carry a real due time, so a round's window cannot fill with webhooks that may not go yet.
    /// </summary>
    public static readonly DateTime Waiting = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    // Whether ordering key {key} has a pending (or in-flight) webhook: then a new one waits behind it.
    private static string Behind(string key) => $"""
        CASE WHEN EXISTS (SELECT 1 FROM webhook_outbox o WHERE o."OrderingKey" = {key} AND o.{Pending}) THEN @waiting ELSE @now END
        """;

    private static DbCommand Cached(DbConnection connection, DbTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Span<string> names = new string[parameters.Length];
        for (var i = 0; i < parameters.Length; i++) names[i] = parameters[i].Name;
        var command = SqlCommands.Get(connection, transaction, sql, names);
        for (var i = 0; i < parameters.Length; i++) command.Set(i, parameters[i].Value);
        return command;
    }

    private static readonly string InsertSql = $"""
        INSERT INTO webhook_outbox ("OrganisationId", "DestinationKind", "DestinationId", "Kind", "Url", "Method", "Headers", "Body",
            "SmsId", "OrderingKey", "SecretId", "State", "Attempts", "Created", "NextAttempt", "ExpiresAt")
        VALUES (@org, @kind, @dest, @what, @url, @method, @headers, @body, NULL, @key, @secret, 1, 0, @now, {Behind("@key")}, @expires)
        RETURNING "Id"
        """;

    /// <summary>
    /// Adds a webhook to the outbox inside <paramref name="transaction"/>; returns its id (its <c>webhook-id</c>).
    /// <paramref name="now"/> is when it becomes due. Wake <see cref="WebhookSignal"/> after the commit.
    /// </summary>
    public static long Enqueue(DbConnection connection, DbTransaction transaction, WebhookMessage message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Method is not ("POST" or "PUT" or "PATCH")) throw new ArgumentException("A webhook's method is POST, PUT or PATCH.", nameof(message));
        var headers = new Dictionary<string, string>(message.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = message.ContentType,
        };
        var insert = Cached(connection, transaction, InsertSql,
            ("@org", message.OrganisationId), ("@kind", (int)message.DestinationKind), ("@dest", message.DestinationId), ("@what", message.Kind),
            ("@url", message.Url), ("@method", message.Method), ("@headers", JsonSerializer.Serialize(headers)), ("@body", message.Body.ToArray()),
            ("@key", message.OrderingKey), ("@secret", message.SecretId), ("@now", now), ("@waiting", Waiting), ("@expires", message.ExpiresAt));
        return Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The kinds of SMS webhook (EMnify's API callback): an MO SMS (POST) and the delivery report of an MT (PATCH).</summary>
    public const string SmsMo = "sms.mo", SmsReport = "sms.report";

    // One statement, joined on primary keys: it inserts nothing unless the device's service profile has an API
    // callback of the SMS's own organisation, so an SMS without a callback pays one indexed lookup. The body is
    // rendered by the dispatcher on the first attempt (from the SMS row, which no longer changes) and stored then.
    private static readonly string SmsWebhookSql = $"""
        INSERT INTO webhook_outbox ("OrganisationId", "DestinationKind", "DestinationId", "Kind", "Url", "Method", "Headers", "Body",
            "SmsId", "OrderingKey", "SecretId", "State", "Attempts", "Created", "NextAttempt", "ExpiresAt")
        SELECT s."OrganisationId", 1, c."Id", @what, c."Url", @method, NULL, NULL, s."Id", 'device:' || CAST(s."DeviceId" AS TEXT),
            (SELECT x."Id" FROM api_secrets x WHERE x."Id" = p."ApiSecretId" AND x."OrganisationId" = s."OrganisationId"),
            1, 0, @now, {Behind("'device:' || CAST(s.\"DeviceId\" AS TEXT)")}, @expires
        FROM sms s
        JOIN devices d ON d."Id" = s."DeviceId"
        JOIN service_profiles p ON p."Id" = d."ServiceProfileId"
        JOIN api_callbacks c ON c."Id" = p."ApiCallbackId" AND c."OrganisationId" = s."OrganisationId"
        WHERE s."Id" = @sms AND s."Type" = @type AND (s."Type" = 2 OR s."EsmeInterfaceType" = 1)
        """;

    /// <summary>
    /// Enqueues the MO webhook of MO SMS <paramref name="smsId"/> when its device's service profile has an API
    /// callback; returns 1 when it did, else 0. Call it in the transaction that inserts the SMS.
    /// </summary>
    public static int EnqueueSmsMo(DbConnection connection, DbTransaction transaction, long smsId, DateTime now, DateTime expiresAt) =>
        Cached(connection, transaction, SmsWebhookSql, ("@what", SmsMo), ("@method", "POST"), ("@now", now), ("@waiting", Waiting), ("@expires", expiresAt),
            ("@sms", smsId), ("@type", (int)SmsType.Mo)).ExecuteNonQuery();

    /// <summary>
    /// Enqueues the delivery report of MT SMS <paramref name="smsId"/> (just set DELIVERED, FAILED or EXPIRED) when it
    /// was submitted through the REST interface (<c>esme_interface_type</c> 1; an SMPP client gets its receipts over
    /// SMPP) and its device's service profile has an API callback; returns 1 when it did, else 0. Call it in the transaction that
    /// writes the final status.
    /// </summary>
    public static int EnqueueSmsReport(DbConnection connection, DbTransaction transaction, long smsId, DateTime now, DateTime expiresAt) =>
        Cached(connection, transaction, SmsWebhookSql, ("@what", SmsReport), ("@method", "PATCH"), ("@now", now), ("@waiting", Waiting), ("@expires", expiresAt),
            ("@sms", smsId), ("@type", (int)SmsType.Mt)).ExecuteNonQuery();

    /// <summary><see cref="EnqueueSmsReport"/>, run asynchronously on PostgreSQL (<see cref="SqlAsync"/>).</summary>
    public static ValueTask<int> EnqueueSmsReportAsync(DbConnection connection, DbTransaction transaction, long smsId, DateTime now, DateTime expiresAt,
        CancellationToken cancellationToken = default) =>
        Cached(connection, transaction, SmsWebhookSql, ("@what", SmsReport), ("@method", "PATCH"), ("@now", now), ("@waiting", Waiting), ("@expires", expiresAt),
            ("@sms", smsId), ("@type", (int)SmsType.Mt)).RunAsync(cancellationToken);

    // PostgreSQL: the delivery reports of many SMS in one statement, rows in id order. A device's first report in it waits
    // behind the device's pending webhooks (Behind); its later ones wait behind that first one (the statement does not see
    // its own rows, so Behind would find none for them): the window numbers the SMS of each device that get a report.
    private static readonly string SmsReportsSql = SmsWebhookSql
        .Must($"1, 0, @now, {Behind("'device:' || CAST(s.\"DeviceId\" AS TEXT)")}, @expires",
            $"1, 0, @now, CASE WHEN ROW_NUMBER() OVER (PARTITION BY s.\"DeviceId\" ORDER BY s.\"Id\") > 1 THEN @waiting ELSE {Behind("'device:' || CAST(s.\"DeviceId\" AS TEXT)")} END, @expires")
        .Must("WHERE s.\"Id\" = @sms AND", "WHERE s.\"Id\" = ANY(@sms) AND")
        + "\nORDER BY s.\"Id\"";

    // SQLite: the same statement over a JSON array of ids (one text parameter; SQLite's json_each takes it apart in C).
    private static readonly string SmsReportsSqlSqlite = SmsReportsSql.Must("WHERE s.\"Id\" = ANY(@sms) AND", "WHERE s.\"Id\" IN (SELECT value FROM json_each(@sms)) AND");

    /// <summary><paramref name="sql"/> with <paramref name="from"/> replaced; throws when it is not there (a statement changed shape).</summary>
    private static string Must(this string sql, string from, string to) =>
        sql.Contains(from, StringComparison.Ordinal) ? sql.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException("WebhookOutbox: unexpected statement shape.");

    /// <summary>
    /// <see cref="EnqueueSmsReport"/> for many MT SMS (<paramref name="sms"/> in id order, with their devices) in one
    /// statement (a device's later reports wait behind its first, as one by one): on PostgreSQL over an array, on SQLite
    /// over a JSON array of the ids (issue 11: one statement per SMS was 4 to 7 % of the writer's samples). Returns how
    /// many it enqueued.
    /// </summary>
    public static async ValueTask<int> EnqueueSmsReportsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(long Id, long DeviceId)> sms,
        DateTime now, DateTime expiresAt, CancellationToken cancellationToken = default)
    {
        if (sms.Count == 0) return 0;
        if (sms.Count == 1) return await EnqueueSmsReportAsync(connection, transaction, sms[0].Id, now, expiresAt, cancellationToken);
        if (!connection.IsPostgreSql())
        {
            return await Cached(connection, transaction, SmsReportsSqlSqlite, ("@what", SmsReport), ("@method", "PATCH"), ("@now", now), ("@waiting", Waiting),
                ("@expires", expiresAt), ("@sms", SmsQueue.JsonIds(sms.Select(x => x.Id))), ("@type", (int)SmsType.Mt)).RunAsync(cancellationToken);
        }
        var ids = new long[sms.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = sms[i].Id;
        return await Cached(connection, transaction, SmsReportsSql, ("@what", SmsReport), ("@method", "PATCH"), ("@now", now), ("@waiting", Waiting),
            ("@expires", expiresAt), ("@sms", ids), ("@type", (int)SmsType.Mt)).RunAsync(cancellationToken);
    }

    /// <summary>A due webhook as a round sees it before claiming: the head of its ordering key (or unordered), so it may go now.</summary>
    public readonly record struct DueWebhook(long Id, string Url);

    // No older pending webhook of the same ordering key (one probe of ix_webhook_pending_by_key).
    private const string IsHead = $"""
        NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o."OrderingKey" = w."OrderingKey" AND o.{Pending} AND o."Id" < w."Id")
        """;

    // The first @scan due pending heads in due order: a bounded walk of ix_webhook_due. A webhook behind another of its
    // ordering key is Waiting (beyond any @now), so the walk does not meet it; the head test in the WHERE (before the
    // LIMIT) only skips the rare due row that is not a head (an older webhook replayed, or two enqueued at once on two nodes).
    private const string DueSql = $"""
        SELECT w."Id", w."Url" FROM webhook_outbox w
        WHERE w.{Pending} AND w."State" = 1 AND w."NextAttempt" <= @now AND w."ExpiresAt" > @now
          AND (w."OrderingKey" IS NULL OR {IsHead})
        ORDER BY w."NextAttempt", w."Id" LIMIT @scan
        """;

    /// <summary>
    /// The first <paramref name="scan"/> due pending webhooks that may go now (unordered, or the head of their ordering
    /// key), oldest due first, without claiming them: the dispatcher picks those its destinations can take now
    /// (<see cref="ClaimOne"/>) and moves those of a held-back destination out of the way (<see cref="Park"/>).
    /// </summary>
    public static List<DueWebhook> Due(DbConnection connection, DbTransaction transaction, DateTime now, int scan)
    {
        var due = new List<DueWebhook>();
        using var reader = Cached(connection, transaction, DueSql, ("@now", now), ("@scan", scan)).ExecuteReader();
        while (reader.Read()) due.Add(new DueWebhook(reader.GetInt64(0), reader.GetString(1)));
        return due;
    }

    private const string PromoteSql = $"""
        UPDATE webhook_outbox SET "NextAttempt" = @now
        WHERE "Id" = (SELECT o."Id" FROM webhook_outbox o WHERE o."OrderingKey" = @key AND o.{Pending} ORDER BY o."Id" LIMIT 1)
          AND "State" = 1 AND "NextAttempt" = @waiting
        """;

    /// <summary>
    /// Makes the oldest pending webhook of ordering key <paramref name="key"/> due now when it was
    /// <see cref="Waiting"/> (its predecessor just ended); returns 1 when it did. Called wherever a webhook ends.
    /// </summary>
    public static int Promote(DbConnection connection, DbTransaction transaction, string key, DateTime now) =>
        Cached(connection, transaction, PromoteSql, ("@now", now), ("@key", key), ("@waiting", Waiting)).ExecuteNonQuery();

    private const string OrphansSql = $"""
        SELECT w."Id" FROM webhook_outbox w
        WHERE w.{Pending} AND w."State" = 1 AND w."NextAttempt" = @waiting AND {IsHead}
        LIMIT @limit
        """;

    /// <summary>
    /// Waiting webhooks that are the head of their ordering key although nobody made them due: on PostgreSQL with
    /// several nodes a webhook enqueued while its predecessor ended on another node (neither transaction saw the
    /// other's row) is left waiting. A read (any connection, outside the writer), a walk of the waiting rows;
    /// <see cref="PromoteOrphan"/> then makes them due. Run now and then (every <c>LeaseSeconds</c>).
    /// </summary>
    public static List<long> Orphans(DbConnection connection, DbTransaction? transaction, int limit)
    {
        var ids = new List<long>();
        using var command = SqlCommands.Create(connection, transaction, OrphansSql, ("@waiting", Waiting), ("@limit", limit));
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>Makes waiting webhook <paramref name="id"/> due now if it is still waiting and the head of its key (<see cref="Orphans"/>).</summary>
    public static int PromoteOrphan(DbConnection connection, DbTransaction transaction, long id, DateTime now) =>
        Cached(connection, transaction, $"""
            UPDATE webhook_outbox SET "NextAttempt" = @now
            WHERE "Id" = @id AND "State" = 1 AND "NextAttempt" = @waiting
              AND NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o."OrderingKey" = webhook_outbox."OrderingKey" AND o.{Pending} AND o."Id" < @id)
            """, ("@now", now), ("@id", id), ("@waiting", Waiting)).ExecuteNonQuery();

    private const string ClaimOneSql = """
        UPDATE webhook_outbox SET "State" = 2, "LeaseOwner" = @node, "LeaseUntil" = @lease
        WHERE "Id" = @id AND "State" = 1
        RETURNING "Id", "OrganisationId", "DestinationKind", "DestinationId", "Kind", "Url", "Method", "Headers", "Body", "SmsId",
                  "OrderingKey", "SecretId", "Attempts", "ExpiresAt", "Created"
        """;

    /// <summary>Claims pending webhook <paramref name="id"/> with a lease until <paramref name="leaseUntil"/>; null when it is no longer pending (another node took it).</summary>
    public static ClaimedWebhook? ClaimOne(DbConnection connection, DbTransaction transaction, string node, long id, DateTime leaseUntil)
    {
        using var reader = Cached(connection, transaction, ClaimOneSql, ("@node", node), ("@lease", leaseUntil), ("@id", id)).ExecuteReader();
        if (!reader.Read()) return null;
        return new ClaimedWebhook(reader.GetInt64(0), reader.GetInt64(1), (WebhookDestinationKind)reader.GetInt32(2), reader.GetInt64(3),
            reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8), reader.IsDBNull(9) ? null : reader.GetInt64(9),
            reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetInt64(11), reader.GetInt32(12),
            DateTime.SpecifyKind(reader.GetDateTime(13), DateTimeKind.Utc), DateTime.SpecifyKind(reader.GetDateTime(14), DateTimeKind.Utc));
    }

    /// <summary>
    /// Moves pending webhook <paramref name="id"/> (due now, of a destination whose circuit is open) to
    /// <paramref name="until"/>, so that rounds stop seeing it; no attempt is counted. <see cref="Unpark"/> brings it back.
    /// </summary>
    public static int Park(DbConnection connection, DbTransaction transaction, long id, DateTime until) =>
        Cached(connection, transaction, """
            UPDATE webhook_outbox SET "NextAttempt" = @until WHERE "Id" = @id AND "State" = 1
            """, ("@until", until), ("@id", id)).ExecuteNonQuery();

    private const string UnparkSql = $"""
        UPDATE webhook_outbox SET "NextAttempt" = @now
        WHERE "Id" IN (SELECT "Id" FROM webhook_outbox WHERE {Pending} AND "NextAttempt" = @stamp AND "Url" = @url AND "State" = 1
                       ORDER BY "Id" LIMIT @limit)
        """;

    /// <summary>Makes up to <paramref name="limit"/> webhooks to <paramref name="url"/> parked at <paramref name="stamp"/> due now, oldest first; returns how many.</summary>
    public static int Unpark(DbConnection connection, DbTransaction transaction, string url, DateTime stamp, DateTime now, int limit) =>
        Cached(connection, transaction, UnparkSql, ("@now", now), ("@stamp", stamp), ("@url", url), ("@limit", limit)).ExecuteNonQuery();

    /// <summary>Makes webhooks whose lease ran out (their node died or was killed) pending again, keeping their due time; returns how many.</summary>
    public static int RecoverLeases(DbConnection connection, DbTransaction transaction, DateTime now) =>
        Cached(connection, transaction, $"""
            UPDATE webhook_outbox SET "State" = 1, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE {Pending} AND "State" = 2 AND "LeaseUntil" < @now
            """, ("@now", now)).ExecuteNonQuery();

    /// <summary>
    /// Records outcomes of webhooks this <paramref name="node"/> claimed, with one delivery-log row per attempt. Only rows
    /// still leased by the node change (a node whose lease ran out cannot overwrite the node that took over).
    /// </summary>
    public static void Record(DbConnection connection, DbTransaction transaction, string node, DateTime now, IReadOnlyList<WebhookOutcome> outcomes)
    {
        var attempted = Cached(connection, transaction, """
            UPDATE webhook_outbox SET "State" = @state, "NextAttempt" = @next, "Attempts" = "Attempts" + 1, "LastAttempt" = @now,
                "LastStatusCode" = @code, "LastError" = @error, "FinalDate" = CASE WHEN @state >= 3 THEN @now ELSE NULL END,
                "Body" = COALESCE("Body", @body), "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE "Id" = @id AND "State" = 2 AND "LeaseOwner" = @node
            RETURNING "OrderingKey"
            """, ("@state", 1), ("@next", now), ("@now", now), ("@code", null), ("@error", null), ("@body", null), ("@id", 0L), ("@node", node));
        var log = Cached(connection, transaction, """
            INSERT INTO webhook_attempts ("WebhookId", "At", "StatusCode", "Error", "DurationMs") VALUES (@id, @now, @code, @error, @ms)
            """, ("@id", 0L), ("@now", now), ("@code", null), ("@error", null), ("@ms", 0));
        var released = Cached(connection, transaction, """
            UPDATE webhook_outbox SET "State" = 1, "NextAttempt" = @next, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            WHERE "Id" = @id AND "State" = 2 AND "LeaseOwner" = @node
            """, ("@next", now), ("@id", 0L), ("@node", node));
        foreach (var o in outcomes)
        {
            if (o.Result == WebhookResult.Released)
            {
                released.Set(0, o.NextAttempt);
                released.Set(1, o.Id);
                released.ExecuteNonQuery();
                continue;
            }
            attempted.Set(0, (int)(o.Result switch
            {
                WebhookResult.Delivered => WebhookState.Delivered,
                WebhookResult.Failed => WebhookState.Failed,
                WebhookResult.Expired => WebhookState.Expired,
                _ => WebhookState.Pending,
            }));
            attempted.Set(1, o.NextAttempt);
            attempted.Set(3, o.StatusCode);
            attempted.Set(4, Truncate(o.Error));
            attempted.Set(5, o.Body);
            attempted.Set(6, o.Id);
            var key = attempted.ExecuteScalar();
            if (key is null) continue; // no longer ours
            // It ended: the next webhook of its ordering key (waiting behind it) is due now.
            if (key is string ordering && o.Result is not WebhookResult.Retry) Promote(connection, transaction, ordering, now);
            log.Set(0, o.Id);
            log.Set(2, o.StatusCode);
            log.Set(3, Truncate(o.Error));
            log.Set(4, o.DurationMs);
            log.ExecuteNonQuery();
        }
    }

    private static string? Truncate(string? error) => error is { Length: > 200 } ? error[..200] : error;

    private const string ExpireSql = $"""
        UPDATE webhook_outbox SET "State" = 5, "FinalDate" = @now, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Id" IN (SELECT "Id" FROM webhook_outbox WHERE {Pending} AND "ExpiresAt" <= @now
                       AND NOT ("State" = 2 AND "LeaseUntil" >= @now) LIMIT @limit)
        RETURNING "OrderingKey"
        """;

    /// <summary>
    /// Expires pending webhooks whose time ran out (not those a live lease holds), and makes the next webhook of each
    /// ordering key concerned due; returns how many expired.
    /// </summary>
    public static int ExpireDue(DbConnection connection, DbTransaction transaction, DateTime now, int limit)
    {
        var expired = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = Cached(connection, transaction, ExpireSql, ("@now", now), ("@limit", limit)).ExecuteReader())
        {
            while (reader.Read())
            {
                expired++;
                if (!reader.IsDBNull(0)) keys.Add(reader.GetString(0));
            }
        }
        foreach (var key in keys) Promote(connection, transaction, key, now);
        return expired;
    }

    /// <summary>Hands back every webhook <paramref name="node"/> holds (on shutdown): pending again at once, no attempt counted.</summary>
    public static int ReleaseLeases(DbConnection connection, DbTransaction transaction, string node)
    {
        using var command = SqlCommands.Create(connection, transaction, """
            UPDATE webhook_outbox SET "State" = 1, "LeaseOwner" = NULL, "LeaseUntil" = NULL WHERE "State" = 2 AND "LeaseOwner" = @node
            """, ("@node", node));
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Sends a FAILED or EXPIRED webhook again (the delivery log's replay): pending now, with a fresh expiry; its id (and
    /// so its <c>webhook-id</c>) stays. Returns false when it is not of <paramref name="organisationId"/> or not final-failed.
    /// </summary>
    public static bool Replay(DbConnection connection, DbTransaction transaction, long organisationId, long id, DateTime now, DateTime expiresAt)
    {
        using var command = SqlCommands.Create(connection, transaction, $"""
            UPDATE webhook_outbox SET "State" = 1, "ExpiresAt" = @expires, "FinalDate" = NULL,
                "NextAttempt" = CASE WHEN EXISTS (SELECT 1 FROM webhook_outbox o WHERE o."OrderingKey" = webhook_outbox."OrderingKey"
                                                  AND o.{Pending} AND o."Id" < @id) THEN @waiting ELSE @now END
            WHERE "Id" = @id AND "OrganisationId" = @org AND "State" IN (4, 5)
            """, ("@now", now), ("@waiting", Waiting), ("@expires", expiresAt), ("@id", id), ("@org", organisationId));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Pending webhooks (the backlog gauge).</summary>
    public static long Backlog(DbConnection connection, DbTransaction transaction) =>
        Convert.ToInt64(Cached(connection, transaction, $"SELECT COUNT(*) FROM webhook_outbox WHERE {Pending}").ExecuteScalar(), CultureInfo.InvariantCulture);
}

/// <summary>Wakes the webhook dispatcher for a round now (a webhook was enqueued). Signals coalesce.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);
}
