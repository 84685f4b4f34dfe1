using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Features.Auth;

/// <summary>Random secrets and the fast hash used to find high-entropy secrets (application and refresh tokens) by value.</summary>
public static class Secrets
{
    public static string NewUrlSafe(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>SHA-256 of a high-entropy secret: right for lookups, since such secrets cannot be guessed offline.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>A readable password for the bootstrap admin: 20 characters from an unambiguous alphabet.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    /// <summary>What a client sends as the password: the lower-case SHA-1 hex of the real password (reference §2.1).</summary>
    public static string Sha1Hex(string password) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(password)));

    public static bool IsSha1Hex(string? value) => value is { Length: 40 } && value.All(char.IsAsciiHexDigit);
}
