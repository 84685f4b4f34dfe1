using System.Collections.Concurrent;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Devices;

/// <summary>
/// Makes the plain device list (no filter, sorted by id) cost the same on page 1 and page 1,000: the total comes from
/// <see cref="DeviceCounter"/> instead of a COUNT, and the first id of every page comes from an index of page
/// boundaries, so a page is a seek (<c>id &gt;= start LIMIT n</c>) instead of an OFFSET scan. The index holds one id
/// per page (8 bytes × pages) and is rebuilt, by one pass over the id index, when the organisation's counter
/// version shows that devices were created or deleted, on this node or another.
/// </summary>
public sealed class DevicePages
{
    public const int MinPerPage = 20;
    private const int MaxEntries = 256;

    private sealed record Entry(long Version, long[] Starts);

    private readonly ConcurrentDictionary<(long Org, int PerPage), Entry> _entries = new();

    /// <summary>Adds <paramref name="delta"/> devices to the organisation's counter, in the caller's transaction, after its SaveChanges.</summary>
    public static async Task BumpAsync(CellgateDbContext db, long orgId, int delta, CancellationToken ct)
    {
        var updated = await db.DeviceCounters.Where(c => c.OrganisationId == orgId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + delta).SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (updated > 0) return;
        // The organisation's first counter: an upsert, since another node may create it at the same moment.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO device_counters ("OrganisationId", "Count", "Version")
            VALUES ({orgId}, (SELECT COUNT(*) FROM devices WHERE "OrganisationId" = {orgId}), 1)
            ON CONFLICT ("OrganisationId") DO UPDATE SET "Count" = device_counters."Count" + {delta}, "Version" = device_counters."Version" + 1
            """, ct);
    }

    /// <summary>The first id of page <paramref name="page"/> (1-based), or null when there is no such page.</summary>
    public async Task<long?> StartAsync(CellgateDbContext db, long orgId, long version, int perPage, int page, CancellationToken ct)
    {
        var key = (orgId, perPage);
        if (!_entries.TryGetValue(key, out var entry) || entry.Version != version)
        {
            var starts = new List<long>();
            long i = 0;
            await foreach (var id in db.Devices.AsNoTracking().Where(d => d.OrganisationId == orgId).OrderBy(d => d.Id).Select(d => d.Id).AsAsyncEnumerable().WithCancellation(ct))
                if (i++ % perPage == 0) starts.Add(id);
            entry = new Entry(version, [.. starts]);
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[key] = entry;
        }
        return entry.Starts.Length == 0 ? null : entry.Starts[Math.Min(page, entry.Starts.Length) - 1];
    }
}
