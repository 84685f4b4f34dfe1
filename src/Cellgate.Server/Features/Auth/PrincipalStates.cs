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
/// is cached for <see cref="AuthOptions.RevocationCacheSeconds"/> (the bound on staleness across nodes); this node
/// forgets an entry at once when it makes the change itself. An application token is also bound to its creator's
/// current state: see <see cref="CheckAsync"/> and docs/authentication.md.
/// </summary>
public sealed class PrincipalStates(IServiceScopeFactory scopes, TimeProvider time, IOptions<AuthOptions> options)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(char Kind, long Id), (PrincipalState State, Organisation? Organisation, DateTime Until)> _cache = new();

    public void ForgetUser(long id) => _cache.TryRemove(('u', id), out _);
    public void ForgetApplicationToken(long id) => _cache.TryRemove(('a', id), out _);
    public void ForgetOrganisation(long id) => _cache.TryRemove(('o', id), out _);

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
        var now = time.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue((kind, id), out var hit) && hit.Until > now) return (hit.State, hit.Organisation);

        await using var scope = scopes.CreateAsyncScope();
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
        _cache[(kind, id)] = (state, organisation, now.AddSeconds(options.Value.RevocationCacheSeconds));
        return (state, organisation);
    }
}
