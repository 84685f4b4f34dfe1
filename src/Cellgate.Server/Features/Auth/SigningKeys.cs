using System.Collections.Concurrent;
using Cellgate.Server.Hosting;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// The HS384 keys auth tokens are signed with, each with a <c>kid</c>. The newest active key signs; every active key
/// verifies. Keys live in the database so that several nodes share them; a token with an unknown <c>kid</c> makes
/// the ring reload (at most once a second), which is how a rotated key reaches the other nodes.
/// </summary>
public sealed class SigningKeys(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int KeyBytes = 64;
    private readonly ConcurrentDictionary<string, SymmetricSecurityKey> _keys = new(StringComparer.Ordinal);
    private SymmetricSecurityKey? _current;
    private long _lastReload;

    public SymmetricSecurityKey Current => _current ?? throw new InvalidOperationException("Signing keys are not loaded.");

    /// <summary>Loads the configured key, or the stored ones, generating and storing one on first start.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 48) throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), ["Cellgate:Auth:SigningKey must be at least 48 bytes (base64)."]);
            _current = Add(options.Value.SigningKeyId, bytes);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        if (_current is null && !await db.SigningKeys.AnyAsync(k => k.Active, cancellationToken))
        {
            db.SigningKeys.Add(new SigningKey
            {
                Kid = "k" + time.GetUtcNow().ToUnixTimeSeconds() + "-" + Secrets.NewUrlSafe(6),
                Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyBytes),
                Created = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        await LoadAsync(db, cancellationToken);
    }

    private async Task LoadAsync(CellgateDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.SigningKeys.AsNoTracking().Where(k => k.Active).OrderBy(k => k.Created).ToListAsync(cancellationToken);
        foreach (var k in stored)
        {
            var key = Add(k.Kid, k.Key);
            if (string.IsNullOrEmpty(options.Value.SigningKey)) _current = key;
        }
    }

    private SymmetricSecurityKey Add(string kid, byte[] bytes) => _keys.GetOrAdd(kid, id => new SymmetricSecurityKey(bytes) { KeyId = id });

    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        if (kid is null) return [];
        if (_keys.TryGetValue(kid, out var key)) return [key];
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastReload);
        if (time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1) && Interlocked.CompareExchange(ref _lastReload, now, last) == last)
        {
            using var scope = scopes.CreateScope();
            foreach (var k in scope.ServiceProvider.GetRequiredService<CellgateDbContext>().SigningKeys.AsNoTracking().Where(k => k.Active).ToList())
                Add(k.Kid, k.Key);
            if (_keys.TryGetValue(kid, out key)) return [key];
        }
        return [];
    }
}
