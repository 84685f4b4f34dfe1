using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Cellgate.Delivery;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Sms;

/// <summary>How SQLite's list of SMS by endpoint (<c>sms_by_device</c>) follows the submits (docs/sms.md, "Listing an endpoint's SMS").</summary>
public sealed class SmsByDeviceOptions
{
    public const string Section = "Cellgate:SmsByDevice";

    /// <summary>
    /// Seconds (of the server's clock) between passes: the SMS stored meanwhile are entered in bulk, sorted by endpoint,
    /// so that an endpoint's entries of a pass share its pages. Until then lists read them from the table's tail.
    /// </summary>
    [Range(0.05, 60)]
    public double PassSeconds { get; set; } = 1;

    /// <summary>Most SMS one pass enters (a longer tail takes several passes at once).</summary>
    [Range(1000, 10_000_000)]
    public int PassRows { get; set; } = 50_000;

    /// <summary>
    /// Entries per writer transaction, in endpoint order: a pass goes in slices of this many so that submits never wait
    /// behind a whole pass (a slice writes the pages of its endpoints only).
    /// </summary>
    [Range(100, 1_000_000)]
    public int SliceRows { get; set; } = 2000;
}

/// <summary>
/// SQLite: enters the SMS stored since the last pass in <c>sms_by_device</c> (device, organisation, id) and moves
/// <c>sms_by_device_mark</c> past them. An index by device would take a page write per SMS in each group commit when the
/// SMS of a group go to many endpoints — with 1,000 endpoints that was most of what a submit wrote (issue 11); a pass a
/// second writes each endpoint's page once for all its SMS of that second. A pass reads the tail above the mark on a
/// connection of its own (the rows it reads never change), sorts it by key and enters it in slices
/// (<see cref="SmsByDeviceOptions.SliceRows"/>), each a writer transaction that need not wait for the disk; the last also
/// moves the mark. Until then the entries are above the mark and unread (lists read their SMS from the tail); a lost
/// slice is entered again by the next pass (INSERT OR IGNORE). PostgreSQL keeps the index and runs no passes.
/// </summary>
public sealed partial class SmsByDeviceIndexer(SmsWriter writer, SmsDatabase database, TimeProvider time, IOptions<SmsByDeviceOptions> options,
    ILogger<SmsByDeviceIndexer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        database.Dialect != SqlDialect.Sqlite ? Task.CompletedTask : BackgroundLoop.RunAsync(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.PassSeconds), time, ct);
            while (await PassAsync(ct)) { }
        }, (ex, backoff) => Log.PassFailed(logger, ex, backoff), time, stoppingToken);

    /// <summary>One pass; true when it took <see cref="SmsByDeviceOptions.PassRows"/> ids and more may wait.</summary>
    private async Task<bool> PassAsync(CancellationToken ct)
    {
        var o = options.Value;
        var (mark, entries) = await SmsByDevice.TailAsync(database, o.PassRows, ct);
        if (entries.Count == 0) return false;
        var upto = entries[^1].Id; // read in id order
        entries.Sort();
        for (var from = 0; ;)
        {
            var n = Math.Min(o.SliceRows, entries.Count - from);
            var json = SmsByDevice.Json(entries, from, n);
            var last = from + n >= entries.Count;
            await writer.WriteLazyAsync((c, t) => SmsByDevice.Enter(c, t, json, last ? (mark, upto) : null), ct);
            if (last) break;
            from += n;
        }
        return entries.Count >= o.PassRows;
    }

    private static partial class Log
    {
        [LoggerMessage(3250, LogLevel.Error, "Entering SMS in the list by endpoint failed; going on in {Backoff}")]
        public static partial void PassFailed(ILogger logger, Exception exception, TimeSpan backoff);
    }
}

/// <summary>
/// An endpoint's SMS, newest first. PostgreSQL: on the index (DeviceId, OrganisationId, Id). SQLite: the SMS above
/// <c>sms_by_device_mark</c> from the table's tail (a range of its key), then those at or below it through
/// <c>sms_by_device</c> (<see cref="SmsByDeviceIndexer"/>) joined to their rows — both in id order, no sort. The mark is
/// read once: an entry the indexer adds meanwhile is above it and ignored, its SMS already read from the tail.
/// </summary>
public sealed class SmsByDevice
{
    private readonly CellgateDbContext _db;
    private readonly long _device, _org;
    private readonly long? _mark; // null: PostgreSQL
    private long? _headCount; // the SMS above the mark, once counted

    private SmsByDevice(CellgateDbContext db, long device, long org, long? mark) => (_db, _device, _org, _mark) = (db, device, org, mark);

    public static async Task<SmsByDevice> OpenAsync(CellgateDbContext db, long device, long org, CancellationToken ct) =>
        new(db, device, org, db.Database.IsSqlite() ? await MarkAsync(db, ct) : null);

    private static Task<long> MarkAsync(CellgateDbContext db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<long>(MarkSql).SingleAsync(ct);

    /// <summary>PostgreSQL: the endpoint's SMS on the index; SQLite: those above the mark (the tail).</summary>
    internal IOrderedQueryable<SmsMessage> Head()
    {
        var query = _db.Sms.AsNoTracking().Where(s => s.DeviceId == _device && s.OrganisationId == _org);
        if (_mark is { } m) query = query.Where(s => s.Id > m);
        return query.OrderByDescending(s => s.Id);
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        var count = await HeadCountAsync(ct);
        if (_mark is not { } m) return count;
        return count + await _db.Database.SqlQueryRaw<long>(CountSql, _device, _org, m).SingleAsync(ct);
    }

    private async Task<long> HeadCountAsync(CancellationToken ct) => _headCount ??= await Head().LongCountAsync(ct);

    /// <summary>The SMS from the <paramref name="skip"/>-th on, at most <paramref name="take"/> (all when null), streamed.</summary>
    public async IAsyncEnumerable<SmsMessage> ReadAsync(long skip, long? take, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var left = take ?? long.MaxValue;
        if (left <= 0) yield break;
        IQueryable<SmsMessage> head = Head();
        if (skip > 0) head = head.Skip((int)Math.Min(skip, int.MaxValue));
        if (take is { } t) head = head.Take((int)Math.Min(t, int.MaxValue));
        long read = 0;
        await foreach (var sms in head.AsAsyncEnumerable().WithCancellation(ct))
        {
            read++;
            yield return sms;
        }
        if (_mark is not { } m || (left -= read) <= 0) yield break;
        // What the tail did not cover of the skip: counted only when the page starts beyond the tail's first SMS.
        var offset = skip > 0 && read == 0 ? Math.Max(0, skip - await HeadCountAsync(ct)) : 0;
        var rows = _db.Sms.FromSqlRaw(RowsSql, _device, _org, m, left == long.MaxValue ? -1 : left, offset).AsNoTracking();
        await foreach (var sms in rows.AsAsyncEnumerable().WithCancellation(ct)) yield return sms;
    }

    /// <summary>
    /// A handset's received SMS (its inbox, unsorted): SQLite reads those at or below the mark through sms_by_device and
    /// the tail above it, the mark read once in the statement; PostgreSQL the index.
    /// </summary>
    public static IQueryable<SmsMessage> OfDevice(CellgateDbContext db, long device) =>
        db.Database.IsSqlite()
            ? db.Sms.FromSqlRaw(OfDeviceSql, device)
            : db.Sms.Where(s => s.DeviceId == device);

    // Statements over sms_by_device ({n}: the n-th parameter, as EF's raw SQL takes them; SmsQueuePlanTests reads their plans).
    internal const string CountSql = """SELECT COUNT(*) AS "Value" FROM sms_by_device WHERE "DeviceId" = {0} AND "OrganisationId" = {1} AND "Id" <= {2}""";
    internal const string RowsSql = """
        SELECT s.* FROM sms_by_device x CROSS JOIN sms s ON s."Id" = x."Id"
        WHERE x."DeviceId" = {0} AND x."OrganisationId" = {1} AND x."Id" <= {2}
        ORDER BY x."Id" DESC LIMIT {3} OFFSET {4}
        """;
    internal const string OfDeviceSql = """
        SELECT * FROM sms WHERE "Id" IN (SELECT "Id" FROM sms_by_device WHERE "DeviceId" = {0} AND "Id" <= (SELECT "Mark" FROM sms_by_device_mark))
        UNION ALL
        SELECT * FROM sms WHERE "Id" > (SELECT "Mark" FROM sms_by_device_mark) AND "DeviceId" = {0}
        """;

    internal const string MarkSql = """SELECT "Mark" AS "Value" FROM sms_by_device_mark""";
    internal const string TailSql = """SELECT "DeviceId", "OrganisationId", "Id" FROM sms WHERE "Id" > @mark ORDER BY "Id" LIMIT @most""";
    internal const string EnterSql = """
        INSERT OR IGNORE INTO sms_by_device ("DeviceId", "OrganisationId", "Id")
        SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@entries)
        """;
    internal const string MoveSql = """UPDATE sms_by_device_mark SET "Mark" = @upto WHERE "Mark" = @mark""";

    /// <summary>
    /// The mark and the entries of the first <paramref name="most"/> SMS above it (by id), read on a connection of its
    /// own. Only the indexer moves the mark, so the two reads need no common snapshot.
    /// </summary>
    public static async Task<(long Mark, List<(long Device, long Org, long Id)> Entries)> TailAsync(SmsDatabase database, int most, CancellationToken ct)
    {
        await using var connection = database.Open(); // opened
        long mark;
        await using (var read = SqlCommands.Create(connection, null, MarkSql))
            mark = Convert.ToInt64(await read.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await using var command = SqlCommands.Create(connection, null, TailSql, ("@mark", mark), ("@most", most));
        var entries = new List<(long, long, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) entries.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        return (mark, entries);
    }

    /// <summary><paramref name="count"/> entries from <paramref name="from"/> as a JSON array of [device, organisation, id].</summary>
    public static string Json(List<(long Device, long Org, long Id)> entries, int from, int count)
    {
        var json = new System.Text.StringBuilder(count * 24 + 2).Append('[');
        for (var i = from; i < from + count; i++)
        {
            var (device, org, id) = entries[i];
            if (i > from) json.Append(',');
            json.Append('[').Append(device).Append(',').Append(org).Append(',').Append(id).Append(']');
        }
        return json.Append(']').ToString();
    }

    /// <summary>
    /// A slice of a pass in the writer's transaction: enters <paramref name="json"/>'s entries and, for the last slice,
    /// moves the mark from <c>move.Mark</c> to <c>move.Upto</c> (not when another pass moved it meanwhile).
    /// </summary>
    public static int Enter(DbConnection connection, DbTransaction transaction, string json, (long Mark, long Upto)? move)
    {
        var enter = SqlCommands.Get(connection, transaction, EnterSql, "@entries");
        enter.Parameters[0].Value = json;
        var n = enter.ExecuteNonQuery();
        if (move is { } m)
        {
            var update = SqlCommands.Get(connection, transaction, MoveSql, "@upto", "@mark");
            update.Parameters[0].Value = m.Upto;
            update.Parameters[1].Value = m.Mark;
            update.ExecuteNonQuery();
        }
        return n;
    }
}
