using System.Collections.Concurrent;
using System.Net;
using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// Failed password checks (logins and <c>PATCH /user/password</c>), counted per username <em>and client address</em>:
/// <see cref="AuthOptions.MaxFailedLogins"/> failures lock that pair for <see cref="AuthOptions.LockoutMinutes"/>.
/// A third party guessing from elsewhere locks only itself out, never the real user; and since the count is kept for any
/// username, known or not, a lock tells nothing about whether an account exists. An IPv6 client counts per /64.
/// Kept in memory per node, bounded.
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IOptions<AuthOptions> options)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string Username, string Address), Entry> _entries = new();

    private sealed record Entry(int Failures, DateTime? LockedUntil, DateTime LastFailure);

    /// <summary>Until when the pair is locked, or null.</summary>
    public DateTime? LockedUntil(string username, IPAddress? address)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _entries.TryGetValue(Key(username, address), out var e) && e.LockedUntil is { } until && until > now ? until : null;
    }

    /// <summary>Counts a failure; returns the lock's end when this failure locked the pair.</summary>
    public DateTime? Fail(string username, IPAddress? address)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var window = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        if (_entries.Count >= MaxEntries) Prune(now, window);
        var entry = _entries.AddOrUpdate(Key(username, address),
            _ => Next(null),
            (_, old) => Next(old));
        return entry.LockedUntil;

        Entry Next(Entry? old)
        {
            // A lock that ran out, or failures long ago, start a new count.
            var failures = old is null || old.LockedUntil is not null || now - old.LastFailure > window ? 1 : old.Failures + 1;
            return new Entry(failures, failures >= options.Value.MaxFailedLogins ? now + window : null, now);
        }
    }

    public void Succeed(string username, IPAddress? address) => _entries.TryRemove(Key(username, address), out _);

    private void Prune(DateTime now, TimeSpan window)
    {
        // Expired entries first, then counts that have not locked anything; locks go only if nothing else is left.
        foreach (var (key, e) in _entries)
            if ((e.LockedUntil ?? e.LastFailure + window) <= now) _entries.TryRemove(key, out _);
        if (_entries.Count < MaxEntries) return;
        foreach (var (key, e) in _entries)
            if (e.LockedUntil is null) _entries.TryRemove(key, out _);
        if (_entries.Count >= MaxEntries) _entries.Clear();
    }

    private static (string, string) Key(string username, IPAddress? address) =>
        (username.Trim().ToLowerInvariant(), AddressRanges.ClientKey(address));
}
