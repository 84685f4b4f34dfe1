using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.IpAddressSpaces;

/// <summary>
/// The pool <c>GET /api/v1/ip_address_space/available</c> proposes from: the /24 networks of 100.64.0.0/10 (RFC 6598,
/// shared address space, as a carrier would use it). A proposal's id is <see cref="IdBase"/> plus the block's index,
/// so it is stable across requests and <c>PUT /api/v1/ip_address_space/{id}</c> can assign it; once assigned, the space
/// has an ordinary id of its own (the PUT's <c>Location</c>).
/// </summary>
public static class AvailableSpaces
{
    public const long IdBase = 1_000_000_000;
    public const int Prefix = 24;
    public const int Proposals = 10;
    private const long PoolNetwork = (100L << 24) | (64L << 16); // 100.64.0.0
    private const int PoolPrefix = 10;
    public const long BlockCount = 1L << (Prefix - PoolPrefix);

    public static bool TryDecode(long id, out long network)
    {
        network = 0;
        if (id < IdBase || id >= IdBase + BlockCount) return false;
        network = PoolNetwork + ((id - IdBase) << (32 - Prefix));
        return true;
    }

    public static long Encode(long network) => IdBase + ((network - PoolNetwork) >> (32 - Prefix));

    /// <summary>Up to <see cref="Proposals"/> random pool blocks that overlap no assigned space, in id order.</summary>
    public static async Task<List<long>> ProposeAsync(CellgateDbContext db, CancellationToken ct)
    {
        var poolLast = IpAddresses.Broadcast(PoolNetwork, PoolPrefix);
        var taken = await db.IpAddressSpaces.AsNoTracking().Where(s => s.FirstAddress <= poolLast && PoolNetwork <= s.LastAddress)
            .Select(s => new { s.FirstAddress, s.LastAddress }).ToListAsync(ct);
        var chosen = new SortedSet<long>();
        for (var attempt = 0; attempt < Proposals * 20 && chosen.Count < Proposals; attempt++)
        {
            var network = PoolNetwork + (Random.Shared.NextInt64(BlockCount) << (32 - Prefix));
            var last = IpAddresses.Broadcast(network, Prefix);
            if (!taken.Any(s => s.FirstAddress <= last && network <= s.LastAddress)) chosen.Add(network);
        }
        return [.. chosen];
    }
}
