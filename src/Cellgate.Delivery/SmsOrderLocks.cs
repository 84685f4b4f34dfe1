using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Cellgate.Delivery;

/// <summary>
/// PostgreSQL, several nodes: the per-device order locks. A device's SMS get their ids (and so their delivery order) in
/// the order their transactions commit; without a lock two nodes could insert id 100 and 101 for one device and commit
/// 101 first, and a claim in between would deliver 101 before 100 exists for it. So a transaction that inserts MT SMS
/// holds the transaction-scoped advisory lock of each of their devices until it commits. Locks are taken in ascending
/// device order, all of a group's in one statement (<see cref="SmsWriter"/>), so two nodes' groups never wait on each
/// other in a circle; a transaction remembers what it holds, so later statements take only what is missing.
/// SQLite (one writer) takes none.
/// </summary>
public static class SmsOrderLocks
{
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<long>> Held = new();

    /// <summary>
    /// Forgets what <paramref name="transaction"/> held: call it when the transaction begins. Npgsql hands out the same
    /// <see cref="DbTransaction"/> object for every transaction of a connection (it re-initialises one instance), so
    /// without this a group took a device's lock once per connection and never again: later groups believed they held
    /// it (issue 12: with two writer connections a device's SMS were delivered out of order in the crash test).
    /// </summary>
    public static void Begin(DbTransaction transaction) => Held.Remove(transaction);

    // unnest keeps the array's order and the projection runs row by row: the locks are taken in ascending order.
    private const string LockSql = "SELECT pg_advisory_xact_lock(d) FROM unnest(@devices) AS u(d)";

    /// <summary>
    /// Takes (PostgreSQL) the order locks of <paramref name="devices"/> that this transaction does not hold yet, in
    /// ascending order, in one statement, run asynchronously. Nothing on SQLite.
    /// </summary>
    public static async ValueTask TakeAsync(DbConnection connection, DbTransaction transaction, IEnumerable<long> devices, CancellationToken cancellationToken = default)
    {
        if (!connection.IsPostgreSql()) return;
        var held = Held.GetValue(transaction, _ => []);
        var missing = new SortedSet<long>();
        foreach (var device in devices)
            if (!held.Contains(device)) missing.Add(device);
        if (missing.Count == 0) return;
        var command = SqlCommands.Get(connection, transaction, LockSql, "@devices");
        command.Set(0, missing.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        held.UnionWith(missing);
    }

    /// <summary>Takes the order lock of one device unless this transaction holds it (PostgreSQL; nothing on SQLite).</summary>
    public static void Take(DbConnection connection, DbTransaction transaction, long device)
    {
        if (!connection.IsPostgreSql()) return;
        var held = Held.GetValue(transaction, _ => []);
        if (held.Contains(device)) return;
        var command = SqlCommands.Get(connection, transaction, "SELECT pg_advisory_xact_lock(@device)", "@device");
        command.Set(0, device);
        command.ExecuteNonQuery();
        held.Add(device);
    }
}
