using System.Globalization;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.IpAddressSpaces;

/// <summary>
/// IPv4 arithmetic and device address allocation. Addresses are handed out in order (.1, .2, … of the space, never
/// the network or broadcast address), continuing after the highest one in use; once the top is reached, freed
/// addresses are reused lowest first. The (space, address) unique index guarantees no address is held twice.
/// </summary>
public static class IpAddresses
{
    public const int MinPrefix = 8, MaxPrefix = 30;

    public static string Format(long value) => string.Create(CultureInfo.InvariantCulture,
        $"{(value >> 24) & 255}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");

    /// <summary>Strict dotted quad (no leading zeros, no shorthand).</summary>
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(char.IsAsciiDigit)) return false;
            var octet = int.Parse(p, CultureInfo.InvariantCulture);
            if (octet > 255) return false;
            value = (value << 8) | (uint)octet;
        }
        return true;
    }

    public static bool TryParseCidr(string? text, out long network, out int prefix)
    {
        network = 0;
        prefix = 0;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash <= 0) return false;
        return TryParse(text![..slash], out network)
            && int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix is >= 0 and <= 32;
    }

    public static long Broadcast(long network, int prefix) => network | ((1L << (32 - prefix)) - 1);

    public static long UsableCount(IpAddressSpace s) => Math.Max(0, s.LastAddress - s.FirstAddress - 1);

    /// <summary>The next free address of <paramref name="space"/>, or null when it is exhausted.</summary>
    public static async Task<long?> NextFreeAsync(CellgateDbContext db, IpAddressSpace space, CancellationToken ct)
    {
        long first = space.FirstAddress + 1, last = space.LastAddress - 1;
        var used = db.Devices.Where(d => d.IpAddressSpaceId == space.Id && d.IpAddressValue != null);
        var max = await used.MaxAsync(d => d.IpAddressValue, ct);
        if (max is null) return first;
        if (max < last) return Math.Max(max.Value + 1, first);
        if (!await used.AnyAsync(d => d.IpAddressValue == first, ct)) return first;
        // Lowest address whose successor is free: one index-backed pass, only once the space has been filled to the top.
        var spaceId = space.Id;
        var gap = await used
            .Where(d => d.IpAddressValue < last && !db.Devices.Any(e => e.IpAddressSpaceId == spaceId && e.IpAddressValue == d.IpAddressValue + 1))
            .MinAsync(d => d.IpAddressValue + 1, ct);
        return gap;
    }

    public static Task<bool> InUseAsync(CellgateDbContext db, long spaceId, long value, CancellationToken ct) =>
        db.Devices.AnyAsync(d => d.IpAddressSpaceId == spaceId && d.IpAddressValue == value, ct);
}
