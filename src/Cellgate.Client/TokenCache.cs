using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cellgate.Client;

/// <summary>
/// The current auth token, obtained from the options' credentials and renewed shortly before it expires. Its
/// lifetime is read from the token itself (<c>exp</c> − <c>iat</c>) and counted on the client's clock from the
/// moment it arrived, so a client whose clock differs from the server's still renews in time.
/// </summary>
internal sealed class TokenCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;
    private string? _refreshToken;

    private sealed record Entry(string Token, DateTimeOffset RenewAt);

    public bool CanRenew(CellgateClientOptions o) => o.AuthToken is null && HasCredentials(o);

    private bool HasCredentials(CellgateClientOptions o) =>
        o.ApplicationToken is not null || o.Password is not null || (_refreshToken ?? o.RefreshToken) is not null;

    public void Invalidate(string? token)
    {
        var current = _current;
        if (current is not null && current.Token == token) Interlocked.CompareExchange(ref _current, null, current);
    }

    public async ValueTask<string> GetAsync(CellgateClient client, CancellationToken ct)
    {
        var o = client.Options;
        if (o.AuthToken is { } fixedToken) return fixedToken;
        var current = _current;
        if (current is not null && o.TimeProvider.GetUtcNow() < current.RenewAt) return current.Token;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is not null && o.TimeProvider.GetUtcNow() < current.RenewAt) return current.Token;
            var token = await AuthenticateAsync(client, ct).ConfigureAwait(false);
            var now = o.TimeProvider.GetUtcNow();
            var lifetime = Lifetime(token, now) ?? TimeSpan.FromMinutes(5);
            var margin = o.RenewBefore < lifetime / 2 ? o.RenewBefore : lifetime / 2;
            _current = new Entry(token, now + lifetime - margin);
            Log.Authenticated(client.Logger, lifetime - margin);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> AuthenticateAsync(CellgateClient client, CancellationToken ct)
    {
        var o = client.Options;
        if (o.ApplicationToken is { } applicationToken)
        {
            Log.Authenticating(client.Logger, "application token");
            return (await client.Authentication.AuthenticateAsync(applicationToken, ct).ConfigureAwait(false)).AuthToken;
        }
        if ((_refreshToken ?? o.RefreshToken) is { } refresh)
        {
            Log.Authenticating(client.Logger, "refresh token");
            try
            {
                return (await client.Authentication.RefreshAsync(refresh, ct).ConfigureAwait(false)).AuthToken;
            }
            catch (CellgateApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized && o.Password is not null && o.Username is not null)
            {
                Log.RefreshRefused(client.Logger);
                _refreshToken = null;
            }
        }
        if (o.Username is { } username && o.Password is { } password)
        {
            Log.Authenticating(client.Logger, "user login");
            var result = await client.Authentication.LoginAsync(username, password, ct).ConfigureAwait(false);
            if (result.RefreshToken is { } issued)
            {
                _refreshToken = issued;
                o.RefreshTokenIssued?.Invoke(issued);
            }
            return result.AuthToken;
        }
        throw new InvalidOperationException(
            "No credentials: set CellgateClientOptions.ApplicationToken, Username and Password, RefreshToken, or AuthToken.");
    }

    /// <summary><c>exp − iat</c> of a JWT (or <c>exp</c> − now without <c>iat</c>); null when it is not a JWT.</summary>
    internal static TimeSpan? Lifetime(string jwt, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return null;
        byte[] payload;
        try { payload = Base64Url.DecodeFromChars(parts[1]); }
        catch (FormatException) { return null; }
        long? iat = null, exp = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number) continue;
                if (name == "iat") iat = (long)reader.GetDouble();
                else if (name == "exp") exp = (long)reader.GetDouble();
            }
        }
        catch (JsonException) { return null; }
        if (exp is null) return null;
        var lifetime = iat is { } issued ? TimeSpan.FromSeconds(exp.Value - issued) : DateTimeOffset.FromUnixTimeSeconds(exp.Value) - now;
        return lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero;
    }
}

/// <summary>The SHA-1 hex that EMnify expects in place of a password (reference §2.1).</summary>
public static class CellgatePassword
{
    /// <summary>The lower-case hex SHA-1 of the UTF-8 password.</summary>
    public static string Sha1Hex(string password) =>
#pragma warning disable CA5350 // EMnify's wire protocol, not our choice; the server hashes it again with PBKDF2
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
#pragma warning restore CA5350
}
