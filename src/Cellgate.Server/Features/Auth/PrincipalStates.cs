using System.Collections.Concurrent;
using Cellgate.Server.Hosting;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Auth;

/// <summary>Whether a token's principal may still act, and with which role.</summary>
public readonly record struct PrincipalState(bool Active, UserRole Role, string? Reason, long? CreatorId = null)
{
    public static PrincipalState Denied(string reason) => new(false, UserRole.Observer, reason);
}

/// <summary>
/// Goes beyond EMnify: every bearer request checks that its user or application token and its organisation are still
/// active, so revoking a token or suspending a user or organisation rejects the auth tokens already issued. The answer
/// is cached for <see cref="AuthOptions.RevocationCacheSeconds"/>; the node that makes a change forgets its entry at once
/// and tells the other nodes through the <see cref="PrincipalChangeFeed"/> (PostgreSQL: <c>LISTEN/NOTIFY</c>), which
/// forget theirs at once too. The cache's lifetime stays the bound on staleness when a notification is lost (a node's
/// listening connection broke). An application token is also bound to its creator's current state: see
/// <see cref="CheckAsync"/> and docs/authentication.md.
/// </summary>
public sealed class PrincipalStates
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(char Kind, long Id), (PrincipalState State, Organisation? Organisation, DateTime Until)> _cache = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly IOptions<AuthOptions> _options;
    private readonly PrincipalChangeFeed _feed;

    public PrincipalStates(IServiceScopeFactory scopes, TimeProvider time, IOptions<AuthOptions> options, PrincipalChangeFeed feed)
    {
        (_scopes, _time, _options, _feed) = (scopes, time, options, feed);
        feed.Changed += Evict;
        feed.Missed += () =>
        {
            Interlocked.Increment(ref _generation);
            _cache.Clear();
        };
    }

    /// <summary>Counts evictions, so that a read that overlapped one does not put back what it removed.</summary>
    private long _generation;

    private void Evict(char kind, long id)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove((kind, id), out _);
    }

    /// <summary>Call after the change to the user (status, role, deletion) is committed: every node forgets it.</summary>
    public ValueTask ForgetUserAsync(long id, CancellationToken cancellationToken) => ForgetAsync('u', id, cancellationToken);

    /// <summary>Call after the application token's change (revocation) is committed: every node forgets it.</summary>
    public ValueTask ForgetApplicationTokenAsync(long id, CancellationToken cancellationToken) => ForgetAsync('a', id, cancellationToken);

    /// <summary>Call after the organisation's change (status, name) is committed: every node forgets it.</summary>
    public ValueTask ForgetOrganisationAsync(long id, CancellationToken cancellationToken) => ForgetAsync('o', id, cancellationToken);

    private ValueTask ForgetAsync(char kind, long id, CancellationToken cancellationToken)
    {
        Evict(kind, id);
        return _feed.PublishAsync(kind, id, cancellationToken);
    }

    /// <summary>
    /// The organisation as this node last read it (at most <see cref="AuthOptions.RevocationCacheSeconds"/> old; changes
    /// made through this node are seen at once). Every request reads it for the status check, so reads of the caller's own
    /// organisation are served from here rather than from the database.
    /// </summary>
    public async ValueTask<Organisation?> OrganisationAsync(long id, CancellationToken cancellationToken) =>
        (await GetAsync('o', id, cancellationToken)).Organisation;

    public async ValueTask<PrincipalState> CheckAsync(long organisationId, long? userId, long? applicationTokenId, CancellationToken cancellationToken)
    {
        var (org, _) = await GetAsync('o', organisationId, cancellationToken);
        if (!org.Active) return org;
        if (applicationTokenId is { } app)
        {
            // A token never carries more than its creator holds now: the creator's suspension or deletion stops it,
            // the creator's demotion limits it.
            var token = (await GetAsync('a', app, cancellationToken)).State;
            if (!token.Active || token.CreatorId is not { } creatorId) return token;
            var creator = (await GetAsync('u', creatorId, cancellationToken)).State;
            if (!creator.Active) return PrincipalState.Denied("The application token's creator is no longer active.");
            return token with { Role = token.Role == UserRole.Observer || creator.Role == UserRole.Observer ? UserRole.Observer : UserRole.Admin };
        }
        if (userId is { } user) return (await GetAsync('u', user, cancellationToken)).State;
        return PrincipalState.Denied("Token has no principal.");
    }

    /// <summary>The principal's state, and for an organisation its row, from the cache or (once per window) the database.</summary>
    private async ValueTask<(PrincipalState State, Organisation? Organisation)> GetAsync(char kind, long id, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue((kind, id), out var hit) && hit.Until > now) return (hit.State, hit.Organisation);

        // A change heard while this read runs may concern the row read: then the answer is used but not kept.
        var generation = Volatile.Read(ref _generation);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        Organisation? organisation = null;
        var state = kind switch
        {
            'o' => (organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken))?.Status switch
            {
                OrganisationStatus.Active => new PrincipalState(true, UserRole.Admin, null),
                null => PrincipalState.Denied("Organisation no longer exists."),
                _ => PrincipalState.Denied("Organisation is suspended."),
            },
            'u' => await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Status, u.Role }).FirstOrDefaultAsync(cancellationToken) switch
            {
                { Status: UserStatus.Active } u => new PrincipalState(true, u.Role, null),
                null => PrincipalState.Denied("User no longer exists."),
                _ => PrincipalState.Denied("User is not active."),
            },
            _ => await db.ApplicationTokens.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.Status, t.ExpiryDate, t.Role, t.CreatorId }).FirstOrDefaultAsync(cancellationToken) switch
            {
                null => PrincipalState.Denied("Application token no longer exists."),
                { Status: ApplicationTokenStatus.Revoked } => PrincipalState.Denied("Application token has been revoked."),
                { ExpiryDate: { } e } when e <= now => PrincipalState.Denied("Application token has expired."),
                var t => new PrincipalState(true, t.Role, null, t.CreatorId),
            },
        };
        if (_cache.Count >= MaxEntries) _cache.Clear();
        if (Volatile.Read(ref _generation) == generation)
            _cache[(kind, id)] = (state, organisation, now.AddSeconds(_options.Value.RevocationCacheSeconds));
        return (state, organisation);
    }
}
