using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Cellgate.Server.Api;
using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA512 over the SHA-1 hex the client sends, with a per-user salt: <c>pbkdf2-sha512$iterations$salt$hash</c>.
/// The iteration count travels with the hash, so raising it later needs no migration.
/// Request-time hashing (<see cref="HashAsync"/>, <see cref="VerifyAsync"/>) runs at most
/// <see cref="AuthOptions.PasswordHashConcurrency"/> at a time server-wide, further calls queue (up to
/// <see cref="AuthOptions.PasswordHashQueue"/>), and beyond that <see cref="CapacityExceededException"/> (429): a burst of
/// logins or password changes cannot take every core from the rest of the API.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private const string Scheme = "pbkdf2-sha512";
    private const int SaltBytes = 16, HashBytes = 32;
    private readonly IOptions<AuthOptions> _options;
    private readonly Lazy<string> _dummy;

    public PasswordHasher(IOptions<AuthOptions> options)
    {
        _options = options;
        _dummy = new(() => Hash(Secrets.Sha1Hex(Secrets.NewPassword()), options.Value.PasswordIterations));
        var permits = options.Value.PasswordHashConcurrency is > 0 and var n ? n : Math.Max(1, Environment.ProcessorCount / 2);
        Limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = options.Value.PasswordHashQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>The server-wide bound on concurrent hashing (tests hold its permits to see the queue fill).</summary>
    internal ConcurrencyLimiter Limiter { get; }

    /// <summary>Hashes without the bound: for start-up work (bootstrap, demo data), not for requests.</summary>
    public string Hash(string sha1Hex) => Hash(sha1Hex, _options.Value.PasswordIterations);

    public async ValueTask<string> HashAsync(string sha1Hex, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return Hash(sha1Hex);
    }

    public async ValueTask<bool> VerifyAsync(string sha1Hex, string stored, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return Verify(sha1Hex, stored);
    }

    /// <summary>Spends the same time as a real check, so that unknown usernames cannot be told apart by timing.</summary>
    public async ValueTask VerifyDummyAsync(string sha1Hex, CancellationToken cancellationToken) =>
        await VerifyAsync(sha1Hex, _dummy.Value, cancellationToken);

    private async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await Limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new CapacityExceededException("Too many password checks in progress; try again shortly.", TimeSpan.FromSeconds(1));
    }

    private static string Hash(string sha1Hex, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(sha1Hex, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Unbounded verification, for start-up and admin commands only; requests use <see cref="VerifyAsync"/>.</summary>
    internal static bool Verify(string sha1Hex, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(sha1Hex, Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string sha1Hex, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(sha1Hex.ToLowerInvariant()), salt, iterations, HashAlgorithmName.SHA512, HashBytes);

    public void Dispose() => Limiter.Dispose();
}
