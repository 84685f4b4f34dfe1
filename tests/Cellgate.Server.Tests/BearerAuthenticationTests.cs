using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Tests;

public sealed class BearerAuthenticationTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private async Task<string> GatewayMessageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = await HttpAssert.JsonAsync(response, 401);
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        return json.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task A_request_without_a_token_is_401_with_a_message_body()
    {
        var message = await GatewayMessageAsync(await _app.CreateClient().GetAsync("/api/v1/organisation/my"));
        Assert.NotEmpty(message);
    }

    [Fact]
    public async Task Bearer_None_is_401_like_the_real_gateway()
    {
        var message = await GatewayMessageAsync(await _app.ClientWithToken("None").GetAsync("/api/v1/user"));
        Assert.Equal("token contains an invalid number of segments", message);
    }

    [Fact]
    public async Task A_token_is_valid_until_exactly_240_minutes_then_expired()
    {
        var client = _app.ClientWithToken(await _app.AuthTokenAsync());
        _app.Clock.Advance(TimeSpan.FromMinutes(240) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/organisation/my")).StatusCode);
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Token is expired", await GatewayMessageAsync(await client.GetAsync("/api/v1/organisation/my")));
    }

    [Fact]
    public async Task A_tampered_payload_fails_the_signature_check()
    {
        var parts = (await _app.AuthTokenAsync()).Split('.');
        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var forged = claims.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        forged["esc.org"] = 999;
        var token = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(forged))}.{parts[2]}";
        var response = await _app.ClientWithToken(token).GetAsync("/api/v1/organisation/my");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_rejected()
    {
        var token = Sign(Claims(), new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)) { KeyId = "attacker" }, SecurityAlgorithms.HmacSha384);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken(token).GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_rejected()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(Claims()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken($"{header}.{payload}.").GetAsync("/api/v1/user")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken($"{header}.{payload}").GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task An_RS256_token_is_rejected_because_the_algorithm_is_pinned()
    {
        using var rsa = RSA.Create(2048);
        var token = Sign(Claims(), new RsaSecurityKey(rsa) { KeyId = KidOfRealToken(await _app.AuthTokenAsync()) }, SecurityAlgorithms.RsaSha256);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken(token).GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task An_HS256_token_with_the_real_kid_is_rejected_because_the_algorithm_is_pinned()
    {
        // Even with a guessed key, a different HMAC algorithm is refused before any key is tried.
        var kid = KidOfRealToken(await _app.AuthTokenAsync());
        var token = Sign(Claims(), new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)) { KeyId = kid }, SecurityAlgorithms.HmacSha256);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken(token).GetAsync("/api/v1/user")).StatusCode);
    }

    [Theory]
    [InlineData("aud", "/api/v1/something-else")]
    [InlineData("iss", "somebody-else")]
    public async Task A_token_for_another_audience_or_issuer_is_rejected(string claim, string value)
    {
        // Re-sign a real token's claims with the server's own key, changing only one claim: only that claim can fail.
        var key = await ServerKeyAsync();
        var claims = Claims();
        claims[claim] = value;
        var token = Sign(claims, key, SecurityAlgorithms.HmacSha384);
        Assert.Equal("token is not valid for this API", await GatewayMessageAsync(await _app.ClientWithToken(token).GetAsync("/api/v1/user")));

        var control = Sign(Claims(), key, SecurityAlgorithms.HmacSha384);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithToken(control).GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task An_application_token_itself_is_not_a_bearer_token()
    {
        var op = await _app.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "x" }))).GetProperty("application_token").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken(secret).GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task The_signing_key_survives_a_restart_so_issued_tokens_stay_valid()
    {
        var token = await _app.AuthTokenAsync();
        using var second = new CellgateApp(_app.Directory);
        second.Clock.SetUtcNow(_app.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await second.ClientWithToken(token).GetAsync("/api/v1/organisation/my")).StatusCode);
    }

    [Fact]
    public async Task A_configured_signing_key_signs_with_its_kid()
    {
        _app.With("Cellgate:Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))).With("Cellgate:Auth:SigningKeyId", "ops-2026");
        var token = await _app.AuthTokenAsync();
        Assert.Equal("ops-2026", KidOfRealToken(token));
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithToken(token).GetAsync("/api/v1/user")).StatusCode);
    }

    private Dictionary<string, object> Claims()
    {
        var now = _app.Clock.GetUtcNow().ToUnixTimeSeconds();
        return new()
        {
            ["aud"] = "/api/v1/authentication", ["iss"] = "cellgate", ["iat"] = now, ["exp"] = now + 600,
            ["esc.org"] = 1, ["esc.orgName"] = "Operator Org", ["esc.app"] = 1, ["jti"] = "test",
        };
    }

    private static string KidOfRealToken(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;

    private async Task<SecurityKey> ServerKeyAsync()
    {
        await _app.AuthTokenAsync();
        return ((Cellgate.Server.Features.Auth.SigningKeys)_app.Services.GetService(typeof(Cellgate.Server.Features.Auth.SigningKeys))!).Current;
    }

    private static string Sign(Dictionary<string, object> claims, SecurityKey key, string algorithm) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            JsonSerializer.Serialize(claims), new SigningCredentials(key, algorithm));
}
