using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA512 over the SHA-1 hex the client sends, with a per-user salt: <c>pbkdf2-sha512$iterations$salt$hash</c>.
/// The iteration count travels with the hash, so raising it later needs no migration.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const string Scheme = "pbkdf2-sha512";
    private const int SaltBytes = 16, HashBytes = 32;
    private readonly Lazy<string> _dummy = new(() => Hash(Secrets.Sha1Hex(Secrets.NewPassword()), options.Value.PasswordIterations));

    public string Hash(string sha1Hex) => Hash(sha1Hex, options.Value.PasswordIterations);

    private static string Hash(string sha1Hex, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(sha1Hex, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public bool Verify(string sha1Hex, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(sha1Hex, Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a real check, so that unknown usernames cannot be told apart by timing.</summary>
    public void VerifyDummy(string sha1Hex) => Verify(sha1Hex, _dummy.Value);

    private static byte[] Derive(string sha1Hex, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(sha1Hex.ToLowerInvariant()), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
}
