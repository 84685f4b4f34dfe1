using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class AuthenticateTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Application_token_yields_an_auth_token_without_refresh_token()
    {
        var response = await _app.AuthenticateAsync(new { application_token = CellgateApp.BootstrapToken });
        var json = await HttpAssert.JsonAsync(response);
        Assert.True(json.TryGetProperty("auth_token", out _));
        Assert.False(json.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task Username_and_sha1_password_yield_auth_and_refresh_tokens_that_work()
    {
        var (auth, refresh) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        Assert.NotEmpty(refresh);
        var my = await HttpAssert.JsonAsync(await _app.ClientWithToken(auth).GetAsync("/api/v1/organisation/my"));
        Assert.Equal("Operator Org", my.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Username_is_case_insensitive()
    {
        var (auth, _) = await _app.LoginAsync(CellgateApp.AdminUsername.ToUpperInvariant(), CellgateApp.AdminPassword);
        Assert.NotEmpty(auth);
    }

    [Fact]
    public async Task Refresh_token_yields_a_new_auth_token_only()
    {
        var (_, refresh) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        var json = await HttpAssert.JsonAsync(await _app.AuthenticateAsync(new { refresh_token = refresh }));
        var token = json.GetProperty("auth_token").GetString()!;
        Assert.False(json.TryGetProperty("refresh_token", out _));
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithToken(token).GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task Refresh_token_expires_after_its_lifetime()
    {
        var (_, refresh) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        _app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { refresh_token = refresh }), 401, 1103, "TokenExpired");
    }

    [Fact]
    public async Task An_auth_token_is_not_accepted_as_a_refresh_token_and_vice_versa()
    {
        var (auth, refresh) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { refresh_token = auth }), 401, 1102, "InvalidToken");
        var response = await _app.ClientWithToken(refresh).GetAsync("/api/v1/user");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("")]
    public async Task Wrong_password_is_401_with_a_json_body(string password)
    {
        var response = await _app.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = password == "" ? "not-a-sha1" : Secrets.Sha1Hex(password) });
        await HttpAssert.ErrorAsync(response, 401, 1101, "InvalidCredentials");
    }

    [Fact]
    public async Task Unknown_user_is_401()
    {
        var response = await _app.AuthenticateAsync(new { username = "nobody@example.com", password = Secrets.Sha1Hex("x") });
        await HttpAssert.ErrorAsync(response, 401, 1101, "InvalidCredentials");
    }

    [Fact]
    public async Task Unknown_application_token_is_401()
    {
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = "no-such-token" }), 401, 1102, "InvalidToken");
    }

    [Fact]
    public async Task Unknown_refresh_token_is_401()
    {
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { refresh_token = "no-such-token" }), 401, 1102, "InvalidToken");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"username\":\"admin@example.com\"}")]
    [InlineData("{\"foo\":1}")]
    public async Task Malformed_or_unrecognised_bodies_are_400_bad_request(string body)
    {
        var response = await _app.CreateClient().PostAsync("/api/v1/authenticate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await HttpAssert.ErrorAsync(response, 400, 1000, "BadRequest");
    }

    [Theory]
    [InlineData("Bearer None")]
    [InlineData("Bearer expired.garbage.token")]
    [InlineData("Basic Zm9vOmJhcg==")]
    public async Task Any_authorization_header_sent_to_authenticate_is_ignored(string header)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        var response = await client.PostAsJsonAsync("/api/v1/authenticate", new { application_token = CellgateApp.BootstrapToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Three_failed_logins_lock_the_user_for_five_minutes_even_for_the_right_password()
    {
        for (var i = 0; i < 3; i++)
            await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex("bad") }), 401, 1101, "InvalidCredentials");

        var locked = await _app.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) });
        await HttpAssert.ErrorAsync(locked, 401, 1105, "TooManyRequests");

        _app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var (auth, _) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        Assert.NotEmpty(auth);
    }

    [Fact]
    public async Task A_successful_login_resets_the_failure_count()
    {
        for (var i = 0; i < 2; i++)
            await _app.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex("bad") });
        await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        for (var i = 0; i < 2; i++)
            await _app.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex("bad") });
        await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
    }

    [Fact]
    public async Task More_authenticate_requests_per_address_than_the_limit_are_429()
    {
        _app.With("Cellgate:Auth:RateLimitPermits", "5");
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await _app.AuthenticateAsync(new { application_token = CellgateApp.BootstrapToken })).StatusCode);
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = CellgateApp.BootstrapToken }), 429, 1105, "TooManyRequests");
    }

    [Fact]
    public async Task The_auth_token_carries_emnify_claims_and_is_signed_with_HS384_for_240_minutes()
    {
        var token = await _app.AuthTokenAsync();
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[0])).RootElement;
        var claims = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1])).RootElement;
        Assert.Equal("HS384", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        Assert.Equal(48, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[2]).Length);
        Assert.Equal("/api/v1/authentication", claims.GetProperty("aud").GetString());
        Assert.Equal(14400, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("esc.org").ValueKind);
        Assert.Equal("Operator Org", claims.GetProperty("esc.orgName").GetString());
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("esc.app").ValueKind);
        Assert.False(claims.TryGetProperty("esc.user", out _));
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("iss").GetString()));
    }

    [Fact]
    public async Task A_user_login_token_carries_the_user_claim()
    {
        var (auth, _) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        var claims = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(auth.Split('.')[1])).RootElement;
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("esc.user").ValueKind);
        Assert.False(claims.TryGetProperty("esc.app", out _));
    }

    [Fact]
    public async Task The_auth_token_lifetime_is_configurable()
    {
        _app.With("Cellgate:Auth:AuthTokenMinutes", "10");
        var token = await _app.AuthTokenAsync();
        var claims = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement;
        Assert.Equal(600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }
}
