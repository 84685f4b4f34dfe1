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
/// </summary>
public sealed class SmsRouteVersion
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}

/// <summary>
/// Moves <see cref="SmsRouteVersion"/> around every EF save that touches route data: before it writes, and after its
/// commit (at once for a save in its own transaction, at the commit of an explicit transaction otherwise). No code
/// writes devices, SIMs or service profiles outside EF's SaveChanges (no raw SQL, no ExecuteUpdate/ExecuteDelete on
/// those tables); a new one must bump the version too.
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
        OnSaved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        OnSaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => OnSaved(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        OnSaved(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => OnCommitted(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        OnCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    private void OnSaving(DbContext? db)
    {
        if (db is null || !TouchesRoutes(db)) return;
        Touched.GetOrCreateValue(db).Value = true;
        version.Bump();
    }

    private void OnSaved(DbContext? db)
    {
        if (db is not null && db.Database.CurrentTransaction is null) OnCommitted(db);
    }

    private void OnCommitted(DbContext? db)
    {
        if (db is null || !Touched.TryGetValue(db, out var flag) || !flag.Value) return;
        flag.Value = false;
        version.Bump();
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
