using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>
/// How a webhook with an API secret is signed (docs/webhooks.md shows verification in C# and with openssl). The key is
/// the secret's UTF-8 bytes.
/// <list type="bullet">
/// <item><c>Authorization: Bearer &lt;JWT&gt;</c> as EMnify sends it: HS256, claims <c>iss</c> (Cellgate:Webhooks:Issuer),
/// <c>iat</c>, <c>exp</c> (<c>iat</c> + 5 minutes; minted per attempt), <c>jti</c> (the webhook id), <c>sub</c> (the kind,
/// <c>sms.mo</c>/<c>sms.report</c>/…), <c>organisation_id</c>, and <c>body_sha256</c> (base64url SHA-256 of the body, so the
/// token alone also protects the body). Hand-written rather than by a JWT library: EMnify's secrets can be shorter
/// than the 32 bytes the libraries insist on for HS256.</item>
/// <item>Standard Webhooks (standardwebhooks.com): <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>.</item>
/// </list>
/// </summary>
public static class WebhookSigning
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The <c>webhook-id</c> of outbox row <paramref name="id"/> (stable across attempts, restarts and replays).</summary>
    public static string WebhookId(long id) => "wh_" + id.ToString(CultureInfo.InvariantCulture);

    public static string Jwt(byte[] key, string issuer, string webhookId, string kind, long organisationId, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        var iat = now.ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["iat"] = iat,
            ["exp"] = iat + (long)TokenLifetime.TotalSeconds,
            ["jti"] = webhookId,
            ["sub"] = kind,
            ["organisation_id"] = organisationId,
            ["body_sha256"] = Base64Url.EncodeToString(SHA256.HashData(body)),
        });
        var signingInput = header + "." + Base64Url.EncodeToString(payload);
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>The Standard Webhooks <c>webhook-signature</c> value: <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c>.</summary>
    public static string Signature(byte[] key, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Verifies a <c>webhook-signature</c> header (any of its space-separated <c>v1,</c> entries) in constant time.</summary>
    public static bool Verify(byte[] key, string webhookId, long timestamp, ReadOnlySpan<byte> body, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Signature(key, webhookId, timestamp, body));
        foreach (var part in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(part), expected)) return true;
        return false;
    }
}
