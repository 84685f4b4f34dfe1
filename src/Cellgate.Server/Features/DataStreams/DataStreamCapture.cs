using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Events;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cellgate.Server.Features.DataStreams;

/// <summary>
/// Which data streams each organisation has and what they filter on, cached per organisation so that an event of an
/// organisation without streams costs a dictionary lookup. The API invalidates an organisation's entry on every
/// change; a load that raced with a change is not kept (the generation moved on). Several nodes on one PostgreSQL: the
/// change is published on the <see cref="Auth.PrincipalChangeFeed"/> (kind <c>d</c>), so every node forgets the entry
/// before the change is answered, and a node that reconnects to the feed forgets every entry.
/// <para>
/// A miss is read asynchronously on an EF save made with <c>SaveChangesAsync</c> (<see cref="ForAsync"/>), and on the
/// writer's own connection and transaction inside a writer closure (<see cref="For"/>: no second connection opened, and
/// so no thread blocked on one, from inside a group).
/// </para>
/// </summary>
public sealed class DataStreamDirectory
{
    public const char FeedKind = 'd';

    private readonly SmsDatabase database;
    private readonly Hosting.DatabaseConnections _connections;
    private readonly Auth.PrincipalChangeFeed _feed;

    public DataStreamDirectory(SmsDatabase database, Hosting.DatabaseConnections connections, Auth.PrincipalChangeFeed feed)
    {
        (this.database, _connections, _feed) = (database, connections, feed);
        feed.Changed += (kind, id) =>
        {
            if (kind == FeedKind) Invalidate(id);
        };
        feed.Missed += () =>
        {
            Interlocked.Increment(ref _generation);
            _cache.Clear();
        };
    }

    public sealed record Target(long StreamId, int[]? EventTypes, bool? Alert)
    {
        public bool Matches(int eventType, bool alert) =>
            (EventTypes is null || Array.IndexOf(EventTypes, eventType) >= 0) && (Alert is null || Alert == alert);
    }

    public sealed record Organisation(string Name, Target[] Targets);

    private static readonly Organisation None = new("", []);
    private readonly ConcurrentDictionary<long, Organisation> _cache = new();
    private long _generation;

    public void Invalidate(long organisationId)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove(organisationId, out _);
    }

    /// <summary>After a change to the organisation's streams is committed: this node and every other forget the entry.</summary>
    public ValueTask InvalidateEverywhereAsync(long organisationId, CancellationToken cancellationToken)
    {
        Invalidate(organisationId);
        return _feed.PublishAsync(FeedKind, organisationId, cancellationToken);
    }

    private const string TargetsSql = """SELECT "Id", "EventTypeIds", "Alert" FROM data_streams WHERE "OrganisationId" = @org ORDER BY "Id" """;
    private const string NameSql = """SELECT "Name" FROM organisations WHERE "Id" = @org""";

    /// <summary>
    /// The organisation's streams (every status captures: paused and failed streams hold their events), a miss read
    /// on <paramref name="connection"/> in <paramref name="transaction"/> when given (a writer closure's), else on a
    /// connection of its own (a synchronous EF save).
    /// </summary>
    public Organisation For(long organisationId, DbConnection? connection = null, DbTransaction? transaction = null)
    {
        if (Cached(organisationId) is { } known) return known;
        var generation = Interlocked.Read(ref _generation);
        Organisation loaded;
        if (connection is not null) loaded = Load(connection, transaction, organisationId);
        else
        {
            using var own = database.Open();
            loaded = Load(own, null, organisationId);
        }
        Keep(organisationId, generation, loaded);
        return loaded;
    }

    /// <summary>As <see cref="For"/>, a miss read asynchronously on a connection of its own (request paths).</summary>
    public async ValueTask<Organisation> ForAsync(long organisationId, CancellationToken cancellationToken)
    {
        if (Cached(organisationId) is { } known) return known;
        var generation = Interlocked.Read(ref _generation);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var targets = new List<Target>();
        await using (var command = SqlCommands.Create(connection, null, TargetsSql, ("@org", organisationId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                targets.Add(ReadTarget(reader));
        var loaded = None;
        if (targets.Count > 0)
        {
            await using var name = SqlCommands.Create(connection, null, NameSql, ("@org", organisationId));
            loaded = new Organisation(await name.ExecuteScalarAsync(cancellationToken) as string ?? "", [.. targets]);
        }
        Keep(organisationId, generation, loaded);
        return loaded;
    }

    // A node that does not hear other nodes' changes (its feed connection is down) reads the streams every time.
    private Organisation? Cached(long organisationId) => _feed.Listening && _cache.TryGetValue(organisationId, out var known) ? known : null;

    private void Keep(long organisationId, long generation, Organisation loaded)
    {
        if (_feed.Listening && Interlocked.Read(ref _generation) == generation) _cache[organisationId] = loaded;
    }

    private static Target ReadTarget(DbDataReader reader) => new(reader.GetInt64(0),
        reader.IsDBNull(1) ? null : JsonSerializer.Deserialize<int[]>(reader.GetString(1)),
        reader.IsDBNull(2) ? null : reader.GetBoolean(2));

    private static Organisation Load(DbConnection connection, DbTransaction? transaction, long organisationId)
    {
        var targets = new List<Target>();
        using (var command = SqlCommands.Create(connection, transaction, TargetsSql, ("@org", organisationId)))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                targets.Add(ReadTarget(reader));
        if (targets.Count == 0) return None;
        using var name = SqlCommands.Create(connection, transaction, NameSql, ("@org", organisationId));
        return new Organisation(name.ExecuteScalar() as string ?? "", [.. targets]);
    }
}

/// <summary>
/// Puts every event that matches a data stream's filters into that stream's queue, in the transaction that writes the
/// event: EF saves (through <see cref="DataStreamCaptureInterceptor"/>) and the SMS writer's raw SQL
/// (<see cref="EventLog.Written"/>) alike. The body is the event as <c>GET /api/v1/event</c> lists it.
/// </summary>
public sealed class DataStreamCapture(DataStreamDirectory directory, DataStreamPump pump, TimeProvider time)
{
    public DataStreamPump Pump => pump;

    private static readonly ConditionalWeakTable<DbContext, List<Event>> Added = new();

    /// <summary>EF path, step 1 (<see cref="EventLog.Add"/>): remembers an event added to <paramref name="db"/> for its next save.</summary>
    public static void Remember(DbContext db, Event e) => Added.GetOrCreateValue(db).Add(e);

    /// <summary>
    /// EF path, step 2 (saving): queue entries for the events added to <paramref name="db"/> since its last save, in
    /// this save; true when any was added. A save without events costs one table lookup. Events no longer Added (the
    /// pooled context was reset without saving) are skipped.
    /// </summary>
    public bool Capture(DbContext db)
    {
        if (!Added.TryGetValue(db, out var added) || added.Count == 0) return false;
        var events = added.ToArray();
        added.Clear();
        var any = false;
        foreach (var e in events)
            any |= Capture(db, e, directory.For(e.OrganisationId));
        return any;
    }

    /// <summary>As <see cref="Capture(DbContext)"/> for <c>SaveChangesAsync</c>: a directory miss is read asynchronously.</summary>
    public async ValueTask<bool> CaptureAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!Added.TryGetValue(db, out var added) || added.Count == 0) return false;
        var events = added.ToArray();
        added.Clear();
        var any = false;
        foreach (var e in events)
            any |= Capture(db, e, await directory.ForAsync(e.OrganisationId, cancellationToken));
        return any;
    }

    private bool Capture(DbContext db, Event e, DataStreamDirectory.Organisation org)
    {
        if (org.Targets.Length == 0 || db.Entry(e).State != EntityState.Added) return false;
        var any = false;
        string? body = null;
        foreach (var target in org.Targets)
        {
            if (!target.Matches(e.EventType, e.Alert)) continue;
            body ??= Render(e, org.Name);
            db.Add(new DataStreamQueueEntry { StreamId = target.StreamId, EventId = e.Id, Body = body, Created = time.GetUtcNow().UtcDateTime });
            any = true;
        }
        return any;
    }

    /// <summary>Raw SQL path: queues <paramref name="e"/>, just inserted in <paramref name="transaction"/>; the pump is woken after the commit by its own writer turn.</summary>
    public void Capture(DbConnection connection, DbTransaction transaction, Event e)
    {
        var org = directory.For(e.OrganisationId, connection, transaction);
        if (org.Targets.Length == 0) return;
        string? body = null;
        foreach (var target in org.Targets)
        {
            if (!target.Matches(e.EventType, e.Alert)) continue;
            body ??= Render(e, org.Name);
            using var insert = SqlCommands.Create(connection, transaction, """
                INSERT INTO data_stream_queue ("StreamId", "EventId", "Body", "Created") VALUES (@stream, @event, @body, @now)
                """, ("@stream", target.StreamId), ("@event", e.Id), ("@body", body), ("@now", time.GetUtcNow().UtcDateTime));
            insert.ExecuteNonQuery();
            pump.Wake();
        }
    }

    private static string Render(Event e, string organisationName) =>
        JsonSerializer.Serialize(EventsApi.ToDto(e, new EventOrganisation(e.OrganisationId, organisationName)), ApiJson.Options);
}

/// <summary>
/// Runs <see cref="DataStreamCapture"/> on every EF save and wakes the pump once the events are committed: at once
/// for a save in its own transaction, at the commit of an explicit transaction otherwise.
/// </summary>
public sealed class DataStreamCaptureInterceptor(DataStreamCapture capture) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, StrongBox<bool>> Captured = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        OnSaving(eventData.Context);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && await capture.CaptureAsync(db, cancellationToken)) Captured.GetOrCreateValue(db).Value = true;
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        OnSaved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        OnSaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => OnCommitted(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        OnCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    private void OnSaving(DbContext? db)
    {
        if (db is not null && capture.Capture(db)) Captured.GetOrCreateValue(db).Value = true;
    }

    private void OnSaved(DbContext? db)
    {
        if (db is not null && db.Database.CurrentTransaction is null) OnCommitted(db);
    }

    private void OnCommitted(DbContext? db)
    {
        if (db is null || !Captured.TryGetValue(db, out var flag) || !flag.Value) return;
        flag.Value = false;
        capture.Pump.Wake();
    }
}
