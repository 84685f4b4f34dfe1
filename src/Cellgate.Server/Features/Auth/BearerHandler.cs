using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Cellgate.Server.Hosting;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// The bearer scheme's handler: JwtBearer's, with a shortcut for an auth token it accepted a moment ago. A client sends
/// the same token with every request, and JwtBearer's handler redid everything on each: the token cut out of the header,
/// a copy of the validation parameters, the token's decoding and signature check, a copy of the identity and its claims,
/// the events' contexts, the ticket — the signature check alone was a measurable share of a request's CPU, the rest a
/// quarter of what an SMS submit allocated (docs/benchmarks.md, issue 11, 2026-12-03 session 16). A token accepted by the full path is remembered
/// (<see cref="AcceptedTokens"/>: by its SHA-256, for at most <see cref="AuthOptions.ValidatedTokenCacheSeconds"/> and
/// never past its expiry) with its identity; a later request with it skips to the principal check, which runs on every
/// request as on the full path (<see cref="AuthSetup.CheckPrincipalAsync"/>: revoked or suspended user, application
/// token or organisation; the address range; the current role), and gets a principal shared by the requests of that
/// token and role (read-only: nothing adds claims to a request's principal).
/// </summary>
public sealed class BearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, AcceptedTokens accepted)
    : JwtBearerHandler(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 1 && accepted.Find(header[0]) is { } entry)
        {
            var (failure, role) = await AuthSetup.CheckPrincipalAsync(Context, entry.OrganisationId, entry.UserId, entry.ApplicationTokenId, entry.IpRange);
            return failure is null ? AuthenticateResult.Success(entry.TicketFor(role, Scheme.Name)) : AuthenticateResult.Fail(failure);
        }
        var result = await base.HandleAuthenticateAsync();
        if (result.Succeeded && header.Count == 1) accepted.Add(header[0]!, result.Principal!);
        return result;
    }
}

/// <summary>
/// Auth tokens the bearer scheme accepted recently (<see cref="BearerHandler"/>), keyed by the SHA-256 of the header's
/// token (no bearer token is held), bounded (cleared when full), each until the sooner of
/// <see cref="AuthOptions.ValidatedTokenCacheSeconds"/> after it was accepted and the token's expiry (read with the
/// injected clock on every hit). 0 seconds: none is remembered.
/// </summary>
public sealed class AcceptedTokens(TimeProvider time, IOptions<AuthOptions> options)
{
    public const int MaxEntries = 10_000;
    private const string Bearer = "Bearer ";
    private readonly ConcurrentDictionary<TokenKey, Entry> _entries = new();

    /// <summary>Tokens held now (for tests).</summary>
    internal int Count => _entries.Count;

    /// <summary>The entry of the token in an <c>Authorization</c> header, if it was accepted and has not run out.</summary>
    public Entry? Find(string? header)
    {
        if (options.Value.ValidatedTokenCacheSeconds <= 0 || !TryToken(header, out var token)) return null;
        var key = TokenKey.Of(token);
        if (!_entries.TryGetValue(key, out var entry)) return null;
        if (entry.Until > time.GetUtcNow().UtcDateTime) return entry;
        _entries.TryRemove(key, out _);
        return null;
    }

    /// <summary>Remembers a token that the full path accepted, with the principal it built (its role claim left out).</summary>
    public void Add(string header, ClaimsPrincipal principal)
    {
        var seconds = options.Value.ValidatedTokenCacheSeconds;
        if (seconds <= 0 || !TryToken(header, out var token) || principal.Identity is not ClaimsIdentity identity) return;
        if (principal.FindFirst("exp")?.Value is not { } exp || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expSeconds)) return;
        var now = time.GetUtcNow().UtcDateTime;
        var until = now.AddSeconds(seconds);
        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expSeconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds())).UtcDateTime;
        if (expires < until) until = expires;
        if (until <= now) return;
        var template = identity.Clone();
        foreach (var role in template.FindAll(identity.RoleClaimType).ToList()) template.RemoveClaim(role);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[TokenKey.Of(token)] = new Entry(template, principal.OrganisationId(), principal.UserId(), principal.ApplicationTokenId(),
            principal.FindFirst(CellgateClaims.IpRange)?.Value, until);
    }

    private static bool TryToken(string? header, out ReadOnlySpan<char> token)
    {
        token = default;
        if (header is null || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)) return false;
        token = header.AsSpan(Bearer.Length).Trim();
        return !token.IsEmpty;
    }

    /// <summary>An accepted token: its identity without a role, the ids the principal check reads, until when it holds.</summary>
    public sealed class Entry(ClaimsIdentity template, long organisationId, long? userId, long? applicationTokenId, string? ipRange, DateTime until)
    {
        private readonly ConcurrentDictionary<UserRole, AuthenticationTicket> _tickets = new();

        public long OrganisationId => organisationId;
        public long? UserId => userId;
        public long? ApplicationTokenId => applicationTokenId;
        public string? IpRange => ipRange;
        public DateTime Until => until;

        /// <summary>The ticket for the caller's current role, built once per role.</summary>
        public AuthenticationTicket TicketFor(UserRole role, string scheme)
        {
            if (_tickets.TryGetValue(role, out var ticket)) return ticket;
            var identity = template.Clone();
            identity.AddClaim(new Claim(CellgateClaims.Role, role.ToString()));
            ticket = new AuthenticationTicket(new CellgatePrincipal(identity, organisationId, userId, applicationTokenId), scheme);
            _tickets[role] = ticket;
            return ticket;
        }
    }
}

/// <summary>A principal whose ids are read once, not looked up among its claims by every <see cref="CellgateClaims"/> call.</summary>
public sealed class CellgatePrincipal(ClaimsIdentity identity, long organisationId, long? userId, long? applicationTokenId) : ClaimsPrincipal(identity)
{
    public long OrganisationId => organisationId;
    public long? UserId => userId;
    public long? ApplicationTokenId => applicationTokenId;
}

/// <summary>A bearer token's SHA-256 (of its UTF-8 text): how <see cref="AcceptedTokens"/> keys a token without holding it.</summary>
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
