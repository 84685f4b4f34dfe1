using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// The JWT handler of the bearer scheme, remembering tokens whose signature, issuer, audience and lifetime it has
/// checked, for at most <see cref="AuthOptions.ValidatedTokenCacheSeconds"/> and never past the token's own expiry
/// (read with the injected clock on every hit). A client sends the same auth token with every request, and checking it
/// (base64 and JSON decoding, the HMAC, the claims) was a measurable share of a request's CPU (docs/benchmarks.md).
/// Only the cryptographic check is cached: the principal check that follows (<c>OnTokenValidated</c>: revoked or
/// suspended user, application token or organisation, the address range) runs on every request as before, each on a
/// fresh copy of the identity. Entries are keyed by the SHA-256 of the token, so the cache holds no bearer token; it is
/// bounded (cleared when full) and keeps successful validations only.
/// </summary>
public sealed class CachingJsonWebTokenHandler(TimeProvider time, int cacheSeconds, int maxEntries = CachingJsonWebTokenHandler.DefaultMaxEntries) : JsonWebTokenHandler
{
    public const int DefaultMaxEntries = 10_000;
    private readonly ConcurrentDictionary<TokenKey, Entry> _cache = new();

    /// <summary>Validated tokens held now (for tests).</summary>
    internal int Count => _cache.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cacheSeconds <= 0 || token.Length > MaximumTokenSizeInBytes) return await base.ValidateTokenAsync(token, validationParameters);
        var key = TokenKey.Of(token);
        var now = time.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue(key, out var hit))
        {
            if (hit.Until > now)
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = hit.Token,
                    ClaimsIdentity = hit.Identity.Clone(), // OnTokenValidated adds the current role to it
                    Issuer = hit.Token.Issuer,
                    TokenType = hit.Token.Typ,
                };
            _cache.TryRemove(key, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken jwt, ClaimsIdentity: { } identity })
        {
            var until = now.AddSeconds(cacheSeconds);
            if (jwt.ValidTo < until) until = jwt.ValidTo; // JsonWebToken.ValidTo is UTC; DateTime.MinValue without exp (refused earlier)
            if (until > now)
            {
                if (_cache.Count >= maxEntries) _cache.Clear();
                _cache[key] = new Entry(jwt, identity.Clone(), until);
            }
            result.ClaimsIdentity = identity;
        }
        return result;
    }

    private sealed record Entry(JsonWebToken Token, ClaimsIdentity Identity, DateTime Until);
}

/// <summary>A bearer token's SHA-256 (of its UTF-8 text): how the token caches key it without holding the token.</summary>
internal readonly record struct TokenKey(ulong A, ulong B, ulong C, ulong D)
{
    public static TokenKey Of(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 2048 ? stackalloc byte[2048] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(token, utf8);
            SHA256.HashData(utf8[..n], hash);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(hash);
        return new TokenKey(words[0], words[1], words[2], words[3]);
    }
}
