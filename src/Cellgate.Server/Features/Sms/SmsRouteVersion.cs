using System.Runtime.CompilerServices;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cellgate.Server.Features.Sms;

/// <summary>
/// A counter that changes whenever what an <see cref="SmsRoute"/> is read from may have changed (devices, SIMs,
/// service profiles, or any deletion: the database cascades deletions to rows EF does not track). It moves twice per
/// such save: before the save writes and after it is committed. A reader that saw the same value before and after its
/// read therefore read data no save has changed since (the read cannot have straddled a commit), and a cached answer
/// stays good exactly as long as the value is the one it was read under. See <see cref="SmsRoutes"/>.
/// <para>
/// Several nodes on one PostgreSQL (issue 12): after a save that touched route data is committed, the node publishes
/// it on the <see cref="Auth.PrincipalChangeFeed"/> (kind <c>r</c>), and every node moves its version when it hears it
/// (or when its feed reconnects and may have missed one), so an endpoint's new SIM or MSISDN, or its deletion, is seen
/// by every node's next submission. The publishing save returns once every listening node has acknowledged (bounded by
/// <see cref="Auth.PostgresPrincipalChangeFeed.AckTimeout"/>); <see cref="SmsRoutes.MaxAge"/> stays the bound when a
/// node does not hear the feed.
/// </para>
/// </summary>
public sealed class SmsRouteVersion
{
    /// <summary>The change feed's kind for "route data changed somewhere" (its id is unused: every node forgets all).</summary>
    public const char FeedKind = 'r';

    private readonly Auth.PrincipalChangeFeed _feed;
    private long _value;

    public SmsRouteVersion(Auth.PrincipalChangeFeed feed)
    {
        _feed = feed;
        feed.Changed += (kind, _) =>
        {
            if (kind == FeedKind) Bump();
        };
        feed.Missed += Bump;
    }

    public long Value => Volatile.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);

    /// <summary>
    /// Tells every other node that route data changed (the change is committed). Never throws: the save is done, and a
    /// node that does not hear it sees the change within <see cref="SmsRoutes.MaxAge"/>.
    /// </summary>
    public async Task PublishAsync()
    {
        if (_feed.Mode == "local") return; // one node: the interceptor moved this node's version already
        try
        {
            // Not the request's token: the change is committed whether or not its caller still waits for the answer.
            await _feed.PublishAsync(FeedKind, 0, CancellationToken.None);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or System.Data.Common.DbException)
        {
            // The data source is gone (the host stops) or the database is lost: the MaxAge bound applies.
        }
    }
}

/// <summary>
/// Moves <see cref="SmsRouteVersion"/> around every EF save that touches route data: before it writes, and after its
/// commit (at once for a save in its own transaction, at the commit of an explicit transaction otherwise). No code
/// writes devices, SIMs or service profiles outside EF's SaveChanges (no raw SQL, no ExecuteUpdate/ExecuteDelete on
/// those tables); a new one must bump the version too. After the commit the change is also published to the other
/// nodes (<see cref="SmsRouteVersion.PublishAsync"/>): awaited by an async save, which therefore returns once every
/// node forgot its cached routes; started and not awaited by a synchronous one.
/// </summary>
public sealed class SmsRouteVersionInterceptor(SmsRouteVersion version) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, StrongBox<bool>> Touched = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        OnSaving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        OnSaving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (OnSaved(eventData.Context)) _ = version.PublishAsync();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (OnSaved(eventData.Context)) await version.PublishAsync();
        return result;
    }

    // A failed save may have committed nothing; the other nodes are not told (their cached routes are still right).
    public void SaveChangesFailed(DbContextErrorEventData eventData) => OnSaved(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        OnSaved(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (OnCommitted(eventData.Context)) _ = version.PublishAsync();
    }

    public async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (OnCommitted(eventData.Context)) await version.PublishAsync();
    }

    private void OnSaving(DbContext? db)
    {
        if (db is null || !TouchesRoutes(db)) return;
        Touched.GetOrCreateValue(db).Value = true;
        version.Bump();
    }

    /// <summary>True when a save that touched route data is now committed.</summary>
    private bool OnSaved(DbContext? db) => db is not null && db.Database.CurrentTransaction is null && OnCommitted(db);

    /// <summary>True when the committed transaction touched route data.</summary>
    private bool OnCommitted(DbContext? db)
    {
        if (db is null || !Touched.TryGetValue(db, out var flag) || !flag.Value) return false;
        flag.Value = false;
        version.Bump();
        return true;
    }

    private static bool TouchesRoutes(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.State == EntityState.Deleted || entry.Entity is Device or Sim or ServiceProfile) return true;
        }
        return false;
    }
}
