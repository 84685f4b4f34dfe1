using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cellgate.Delivery;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// Writes a usage feed request (<c>POST /api/simulator/usage</c>) to the group-commit writer. Without an
/// <c>Idempotency-Key</c> the request is one write, one transaction: all or nothing, but it holds the writer for its whole
/// length. With a key it goes in chunks of at most <see cref="UsageOptions.FeedWriteRecords"/> records, one writer call
/// each, the next enqueued only once the previous one runs — so each group transaction holds at most one chunk of a
/// request. Feed writes are the writer's bulk writes (<see cref="SmsWriter.WriteBulkAsync"/>): one a group, and a
/// group of their own unless no other write is waiting — an SMS queued while a chunk commits goes in a short group
/// before the next chunk, not behind it (docs/connectivity.md). Each chunk advances the request's row in <c>usage_feed_requests</c> in its own transaction
/// (the chunk is recorded only if the row says every chunk before it was), so a request that failed half way is
/// resumed by a retry with the same key, and a completed one is answered again without recording anything twice.
/// <para>
/// When the writer runs several group transactions at once (PostgreSQL, <see cref="DeliveryOptions.PostgresWriterConnections"/>
/// above 1), a chunk that runs says nothing about the groups before it having committed: the next chunk could run in a
/// concurrent group, not see the request's row the previous chunk inserted (or see its old count) and fail the request.
/// So there the next chunk is enqueued only once the previous one has committed (<see cref="_chunkAfterCommit"/>):
/// the chunks of one request still go one after the other, and many requests' chunks fill the groups side by side.
/// </para>
/// </summary>
public sealed class UsageFeed(SmsWriter writer, SmsDatabase database, IOptions<DeliveryOptions> delivery, UsageRoller roller, EventLog events,
    IOptions<UsageOptions> options)
{
    public const int MaxKeyLength = 255;

    /// <summary>Whether group transactions may run at once, so that a chunk must wait for its predecessor's commit, not only its start.</summary>
    private readonly bool _chunkAfterCommit = database.Dialect == SqlDialect.PostgreSql && delivery.Value.PostgresWriterConnections > 1;

    /// <summary>Feed writes enqueued and not yet running (<see cref="UsageOptions.FeedWritesQueued"/>).</summary>
    private readonly SemaphoreSlim _queued = new(options.Value.FeedWritesQueued);

    /// <summary>
    /// Enqueues <paramref name="work"/> once fewer than <see cref="UsageOptions.FeedWritesQueued"/> feed writes wait for
    /// the writer, and returns when it starts running (or failed), so that the caller can enqueue its next chunk.
    /// The returned task is the write's commit.
    /// </summary>
    private async Task<Task<T>> EnqueueAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct)
    {
        await _queued.WaitAsync(ct);
        try
        {
            var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var write = writer.WriteBulkAsync((c, t) =>
            {
                running.TrySetResult();
                return work(c, t);
            }, ct);
            await Task.WhenAny(running.Task, write);
            return write;
        }
        finally
        {
            _queued.Release();
        }
    }

    public abstract record Outcome;

    /// <summary>Every record is committed; <c>Blocked</c> endpoints were blocked by the request.</summary>
    public sealed record Recorded(int Records, int Blocked) : Outcome;

    /// <summary>The key was used before for other records.</summary>
    public sealed record KeyReused : Outcome;

    /// <summary>Records one request; returns only after every record is durably committed.</summary>
    public async Task<Outcome> RecordAsync(long organisationId, string? key, IReadOnlyList<string?> times, DataPlaneStore.UsageInput[] records, DateTime now,
        CellgateDbContext db, CancellationToken ct)
    {
        if (key is null)
        {
            var (blocked, pending) = await await EnqueueAsync((c, t) => DataPlaneStore.RecordBatch(c, t, records, now, events), ct);
            roller.Added(pending);
            return new Recorded(records.Length, blocked);
        }

        var hash = Hash(records, times);
        var done = 0;
        var seen = await db.UsageFeedRequests.AsNoTracking().FirstOrDefaultAsync(r => r.OrganisationId == organisationId && r.Key == key, ct);
        if (seen is not null)
        {
            if (seen.RequestHash != hash || seen.Records != records.Length) return new KeyReused();
            done = seen.RecordsDone;
            // A resumed request: records without a time get the first attempt's "now".
            if (seen.Now != now)
                for (var i = 0; i < records.Length; i++)
                    if (times[i] is null) records[i] = records[i] with { Time = DateTime.SpecifyKind(seen.Now, DateTimeKind.Utc) };
        }

        var size = options.Value.FeedWriteRecords;
        var chunks = new List<Task<ChunkResult>>();
        for (var start = done; start < records.Length; start += size)
        {
            var first = start;
            var slice = new ArraySegment<DataPlaneStore.UsageInput>(records, first, Math.Min(size, records.Length - first));
            // The next chunk is enqueued once this one runs (one group at a time: it goes into a later group than this
            // one) or once this one is committed (several groups at once).
            var chunk = await EnqueueAsync((c, t) => Chunk(c, t, organisationId, key, hash, records.Length, first, slice, now), ct);
            chunks.Add(chunk);
            if (_chunkAfterCommit) await ((Task)chunk).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (chunk.IsFaulted || chunk.IsCanceled) break;
        }
        var results = await Task.WhenAll(chunks); // throws the first failure: the client retries with the same key and resumes
        if (results.Any(r => r.Outcome == ChunkOutcome.KeyReused)) return new KeyReused();
        foreach (var r in results) roller.Added(r.Pending);
        var final = await db.UsageFeedRequests.AsNoTracking().FirstOrDefaultAsync(r => r.OrganisationId == organisationId && r.Key == key, ct);
        if (final is null || final.RecordsDone != records.Length)
            throw new InvalidOperationException("A usage feed request was not recorded whole although no chunk failed.");
        return new Recorded(records.Length, final.Blocked);
    }

    private enum ChunkOutcome { Recorded, AlreadyRecorded, OutOfOrder, KeyReused }

    private readonly record struct ChunkResult(ChunkOutcome Outcome, int Pending);

    /// <summary>
    /// One chunk in the writer's transaction: claims the records <paramref name="first"/>… in the request's row, then
    /// records them. Claimed by a concurrent duplicate of the request already: nothing. An earlier chunk not committed
    /// (it failed): nothing, and the request fails.
    /// </summary>
    private ChunkResult Chunk(DbConnection c, DbTransaction t, long org, string key, string hash, int total, int first, IReadOnlyList<DataPlaneStore.UsageInput> slice,
        DateTime now)
    {
        var end = first + slice.Count;
        int claimed;
        if (first == 0)
        {
            var insert = SqlCommands.Get(c, t, """
                INSERT INTO usage_feed_requests ("OrganisationId", "Key", "RequestHash", "Records", "RecordsDone", "Blocked", "Now", "Created")
                VALUES (@org, @key, @hash, @records, @done, 0, @now, @now)
                ON CONFLICT ("OrganisationId", "Key") DO NOTHING
                """, "@org", "@key", "@hash", "@records", "@done", "@now");
            insert.Set(0, org);
            insert.Set(1, key);
            insert.Set(2, hash);
            insert.Set(3, total);
            insert.Set(4, end);
            insert.Set(5, now);
            claimed = insert.ExecuteNonQuery();
        }
        else
        {
            var advance = SqlCommands.Get(c, t, """
                UPDATE usage_feed_requests SET "RecordsDone" = @done
                WHERE "OrganisationId" = @org AND "Key" = @key AND "RequestHash" = @hash AND "RecordsDone" = @first
                """, "@done", "@org", "@key", "@hash", "@first");
            advance.Set(0, end);
            advance.Set(1, org);
            advance.Set(2, key);
            advance.Set(3, hash);
            advance.Set(4, first);
            claimed = advance.ExecuteNonQuery();
        }
        if (claimed == 0)
        {
            using var read = SqlCommands.Create(c, t, """SELECT "RequestHash", "RecordsDone" FROM usage_feed_requests WHERE "OrganisationId" = @org AND "Key" = @key""",
                ("@org", org), ("@key", key));
            using var r = read.ExecuteReader();
            if (!r.Read()) throw new FeedChunkException($"usage feed request '{key}': chunk at {first} has no request row (an earlier chunk failed)");
            if (r.GetString(0) != hash) return new(ChunkOutcome.KeyReused, 0);
            if (r.GetInt32(1) >= end) return new(ChunkOutcome.AlreadyRecorded, 0);
            throw new FeedChunkException($"usage feed request '{key}': chunk at {first} follows one not committed (an earlier chunk failed)");
        }
        var (blocked, pending) = DataPlaneStore.RecordBatch(c, t, slice, now, events);
        if (blocked > 0)
        {
            using var add = SqlCommands.Create(c, t, """UPDATE usage_feed_requests SET "Blocked" = "Blocked" + @blocked WHERE "OrganisationId" = @org AND "Key" = @key""",
                ("@blocked", blocked), ("@org", org), ("@key", key));
            add.ExecuteNonQuery();
        }
        return new(ChunkOutcome.Recorded, pending);
    }

    /// <summary>SHA-256 of the records as sent (endpoint, bytes, the time as given): a retry must carry the same records.</summary>
    private static string Hash(DataPlaneStore.UsageInput[] records, IReadOnlyList<string?> times)
    {
        var text = new StringBuilder(records.Length * 40);
        for (var i = 0; i < records.Length; i++)
            text.Append(CultureInfo.InvariantCulture, $"{records[i].DeviceId},{records[i].Up},{records[i].Down},{times[i]}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Removes the rows of requests older than a day (a retry comes within minutes).</summary>
    public static int Forget(DbConnection c, DbTransaction t, DateTime now)
    {
        var forget = SqlCommands.Get(c, t, """DELETE FROM usage_feed_requests WHERE "Created" < @cutoff""", "@cutoff");
        forget.Set(0, now.AddDays(-1));
        return forget.ExecuteNonQuery();
    }
}

/// <summary>A chunk of a keyed usage feed request could not be recorded because an earlier one was not committed.</summary>
public sealed class FeedChunkException(string message) : Exception(message);
