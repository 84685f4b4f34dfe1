namespace Cellgate.Client;

/// <summary>
/// Where the API is and how to authenticate. Give an <see cref="ApplicationToken"/> (for programs), or a
/// <see cref="Username"/> with a <see cref="Password"/> and/or a <see cref="RefreshToken"/> (for people), or a fixed
/// <see cref="AuthToken"/>.
/// </summary>
public sealed class CellgateClientOptions
{
    /// <summary>The server, e.g. <c>http://127.0.0.1:5080</c> or <c>https://cdn.emnify.net</c>; null to use the HttpClient's BaseAddress.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Exchanged for auth tokens, which are renewed shortly before they expire.</summary>
    public string? ApplicationToken { get; set; }

    /// <summary>A user's login (an e-mail address).</summary>
    public string? Username { get; set; }

    /// <summary>The user's plain password; the SDK sends its SHA-1 hex, as EMnify requires.</summary>
    public string? Password { get; set; }

    /// <summary>A refresh token from an earlier user login; used before the password to renew auth tokens.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>A fixed auth token (not renewed).</summary>
    public string? AuthToken { get; set; }

    /// <summary>Called with each refresh token a user login hands out, so that a caller may keep it instead of the password.</summary>
    public Action<string>? RefreshTokenIssued { get; set; }

    /// <summary>How long before expiry an auth token is renewed (default one minute; at most half its lifetime).</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries of an idempotent request answered 429 or 503 (default 3).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest wait for a retry; a longer <c>Retry-After</c> is not waited for (default 30 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="SmsClient.WaitForFinalStatusAsync"/> and the watchers poll (default 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for token lifetimes, retry delays and polling; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), "must not be negative");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), "must be positive");
        if (RenewBefore < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RenewBefore), "must not be negative");
        if (BaseAddress is { IsAbsoluteUri: false }) throw new ArgumentException("BaseAddress must be absolute", nameof(BaseAddress));
    }
}
