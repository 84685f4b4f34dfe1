using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cellgate.Delivery;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>
/// Keeps API secrets encrypted at rest. A signing secret must stay usable, so it cannot be hashed like a password:
/// it is encrypted with AES-256-GCM (random 12-byte nonce, 16-byte tag, the secret's id-free purpose not bound) under a
/// key that is either configured (<c>Cellgate:Webhooks:SecretKey</c>, base64 of 32 bytes, key id 0) or generated on
/// first use and kept in the database table <c>webhook_keys</c>, beside the auth token signing keys — a database copy
/// alone then yields the secrets, exactly as it yields the token signing keys; configure the key to keep them apart.
/// </summary>
public sealed class WebhookSecrets(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider time)
{
    private const int NonceBytes = 12, TagBytes = 16;
    private readonly ConcurrentDictionary<int, byte[]> _keys = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int? _current;

    public async Task<(int KeyId, byte[] Protected)> ProtectAsync(string secret, CancellationToken ct)
    {
        var (id, key) = await CurrentAsync(ct);
        var plain = Encoding.UTF8.GetBytes(secret);
        var result = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = result.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, result.AsSpan(NonceBytes, plain.Length), result.AsSpan(NonceBytes + plain.Length));
        CryptographicOperations.ZeroMemory(plain);
        return (id, result);
    }

    /// <summary>The secret's bytes (the signing key), or null when its key is unknown or it does not decrypt.</summary>
    public async Task<byte[]?> UnprotectAsync(int keyId, byte[] protectedSecret, CancellationToken ct)
    {
        var key = await KeyAsync(keyId, ct);
        if (key is null || protectedSecret.Length < NonceBytes + TagBytes) return null;
        var length = protectedSecret.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(protectedSecret.AsSpan(0, NonceBytes), protectedSecret.AsSpan(NonceBytes, length), protectedSecret.AsSpan(NonceBytes + length), plain);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private async Task<(int Id, byte[] Key)> CurrentAsync(CancellationToken ct)
    {
        if (_current is { } c && _keys.TryGetValue(c, out var k)) return (c, k);
        if (options.Value.SecretKey is { Length: > 0 } configured)
        {
            _keys[0] = Convert.FromBase64String(configured);
            _current = 0;
            return (0, _keys[0]);
        }
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
            var stored = await db.WebhookKeys.AsNoTracking().OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
            if (stored is null)
            {
                stored = new WebhookKey { Key = RandomNumberGenerator.GetBytes(32), Created = time.GetUtcNow().UtcDateTime };
                db.WebhookKeys.Add(stored);
                await db.SaveChangesAsync(ct);
            }
            _keys[stored.Id] = stored.Key;
            _current = stored.Id;
            return (stored.Id, stored.Key);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]?> KeyAsync(int id, CancellationToken ct)
    {
        if (_keys.TryGetValue(id, out var key)) return key;
        if (id == 0) return options.Value.SecretKey is { Length: > 0 } configured ? _keys[0] = Convert.FromBase64String(configured) : null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var stored = await db.WebhookKeys.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return stored is null ? null : _keys[id] = stored.Key;
    }
}
