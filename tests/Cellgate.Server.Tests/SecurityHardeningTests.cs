using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;
using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>Issue 7, security items 1–5 and 11: what an attacker found, each reproduced and refused.</summary>
public sealed class SecurityHardeningTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private const string Password = "user password";

    /// <summary>Creates a user of the operator organisation; returns its id.</summary>
    private async Task<long> UserAsync(HttpClient admin, string username, int role) =>
        await Resources.CreatedAsync(admin.PostAsJsonAsync("/api/v1/user", new
        {
            username, name = "Someone", password = Secrets.Sha1Hex(Password), roles = new[] { new { id = role } },
        }));

    private static async Task<long> DeviceAsync(HttpClient admin, string name)
    {
        var setup = await admin.SetupAsync();
        return await admin.EndpointAsync(new { name, service_profile = new { id = setup.ServiceProfileId }, tariff_profile = new { id = setup.TariffProfileId } });
    }

    private async Task<string> ApplicationTokenAsync(HttpClient creator, object? body = null)
    {
        var json = await HttpAssert.JsonAsync(await creator.PostAsJsonAsync("/api/v1/application_token", body ?? new { description = "automation" }));
        return json.GetProperty("application_token").GetString()!;
    }

    [Fact]
    public async Task An_application_token_is_limited_by_its_creators_demotion_and_stopped_by_the_creators_suspension()
    {
        var admin = await _app.OperatorAsync();
        var userId = await UserAsync(admin, "creator@example.com", role: 1);
        var (userToken, _) = await _app.LoginAsync("creator@example.com", Password);
        var secret = await ApplicationTokenAsync(_app.ClientWithToken(userToken));
        var viaToken = _app.ClientWithToken(await _app.AuthTokenAsync(secret));
        var endpoint = await DeviceAsync(admin, "device");
        await Resources.NoContentAsync(viaToken.PatchJsonAsync($"/api/v1/endpoint/{endpoint}", "{\"name\":\"renamed\"}"));

        await Resources.NoContentAsync(admin.PatchJsonAsync($"/api/v1/user/{userId}", "{\"roles\":[{\"id\":2}]}"));
        await HttpAssert.ErrorAsync(await viaToken.PatchJsonAsync($"/api/v1/endpoint/{endpoint}", "{\"name\":\"again\"}"), 403, 1104, "Forbidden");
        await HttpAssert.JsonAsync(await viaToken.GetAsync($"/api/v1/endpoint/{endpoint}"));
        // A token issued after the demotion is limited the same way.
        var fresh = _app.ClientWithToken(await _app.AuthTokenAsync(secret));
        await HttpAssert.ErrorAsync(await fresh.PatchJsonAsync($"/api/v1/endpoint/{endpoint}", "{\"name\":\"again\"}"), 403, 1104, "Forbidden");

        await Resources.NoContentAsync(admin.PatchJsonAsync($"/api/v1/user/{userId}", "{\"status\":{\"id\":2}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaToken.GetAsync($"/api/v1/endpoint/{endpoint}")).StatusCode);
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = secret }), 401, 1102, "InvalidToken");
    }

    [Fact]
    public async Task A_token_created_with_an_application_token_answers_to_the_same_creator()
    {
        var admin = await _app.OperatorAsync();
        var userId = await UserAsync(admin, "parent@example.com", role: 1);
        var (userToken, _) = await _app.LoginAsync("parent@example.com", Password);
        var parent = await ApplicationTokenAsync(_app.ClientWithToken(userToken));
        var child = await ApplicationTokenAsync(_app.ClientWithToken(await _app.AuthTokenAsync(parent)));
        var viaChild = _app.ClientWithToken(await _app.AuthTokenAsync(child));
        await HttpAssert.JsonAsync(await viaChild.GetAsync("/api/v1/endpoint"));

        await Resources.NoContentAsync(admin.PatchJsonAsync($"/api/v1/user/{userId}", "{\"status\":{\"id\":2}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaChild.GetAsync("/api/v1/endpoint")).StatusCode);
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = child }), 401, 1102, "InvalidToken");
    }

    [Fact]
    public async Task An_application_token_dies_with_its_deleted_creator()
    {
        var admin = await _app.OperatorAsync();
        var userId = await UserAsync(admin, "leaver@example.com", role: 1);
        var (userToken, _) = await _app.LoginAsync("leaver@example.com", Password);
        var secret = await ApplicationTokenAsync(_app.ClientWithToken(userToken));
        var viaToken = _app.ClientWithToken(await _app.AuthTokenAsync(secret));
        await HttpAssert.JsonAsync(await viaToken.GetAsync("/api/v1/endpoint"));

        // As a user deletion does: remove the row, forget the cached state.
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().Users.Where(u => u.Id == userId).ExecuteDeleteAsync();
        await _app.Services.GetRequiredService<PrincipalStates>().ForgetUserAsync(userId, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, (await viaToken.GetAsync("/api/v1/endpoint")).StatusCode);
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = secret }), 401, 1102, "InvalidToken");
    }

    [Fact]
    public async Task A_wrong_old_password_counts_as_a_failed_login_and_locks_like_one()
    {
        var admin = await _app.OperatorAsync();
        await UserAsync(admin, "observer@example.com", role: 2);
        var (token, _) = await _app.LoginAsync("observer@example.com", Password);
        var observer = _app.ClientFrom("192.0.2.10", token);
        var wrong = $"{{\"old_password\":\"{Secrets.Sha1Hex("guess")}\",\"new_password\":\"{Secrets.Sha1Hex("new")}\"}}";
        for (var i = 0; i < 3; i++)
            await HttpAssert.ErrorAsync(await observer.PatchJsonAsync("/api/v1/user/password", wrong), 422, 1400, "InputValidationFailed");

        var right = $"{{\"old_password\":\"{Secrets.Sha1Hex(Password)}\",\"new_password\":\"{Secrets.Sha1Hex("new")}\"}}";
        var locked = await observer.PatchJsonAsync("/api/v1/user/password", right);
        await HttpAssert.ErrorAsync(locked, 429, 1105, "TooManyRequests");
        Assert.NotNull(locked.Headers.RetryAfter);
        var login = new { username = "observer@example.com", password = Secrets.Sha1Hex(Password) };
        await HttpAssert.ErrorAsync(await _app.ClientFrom("192.0.2.10").PostAsJsonAsync("/api/v1/authenticate", login), 401, 1105, "TooManyRequests");
        await HttpAssert.JsonAsync(await _app.ClientFrom("192.0.2.11").PostAsJsonAsync("/api/v1/authenticate", login));
    }

    [Fact]
    public async Task Password_hashing_is_bounded_server_wide_and_a_full_queue_is_429_with_retry_after()
    {
        _app.With("Cellgate:Auth:PasswordHashConcurrency", "1").With("Cellgate:Auth:PasswordHashQueue", "0");
        var login = new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) };
        await HttpAssert.JsonAsync(await _app.AuthenticateAsync(login));

        var hasher = _app.Services.GetRequiredService<PasswordHasher>();
        using (var held = hasher.Limiter.AttemptAcquire(1))
        {
            Assert.True(held.IsAcquired);
            var busy = await _app.AuthenticateAsync(login);
            await HttpAssert.ErrorAsync(busy, 429, 1105, "TooManyRequests");
            Assert.NotNull(busy.Headers.RetryAfter);
            // Work that needs no password hash goes on.
            await HttpAssert.JsonAsync(await _app.AuthenticateAsync(new { application_token = CellgateApp.BootstrapToken }));
        }
        await HttpAssert.JsonAsync(await _app.AuthenticateAsync(login));
    }

    [Fact]
    public async Task Unknown_and_known_usernames_get_the_same_answers_through_the_lockout()
    {
        var client = _app.ClientFrom("192.0.2.20");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var known = await client.PostAsJsonAsync("/api/v1/authenticate", new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex("guess") });
            var unknown = await client.PostAsJsonAsync("/api/v1/authenticate", new { username = "nobody@example.com", password = Secrets.Sha1Hex("guess") });
            Assert.Equal(known.StatusCode, unknown.StatusCode);
            Assert.Equal(known.Headers.RetryAfter?.ToString(), unknown.Headers.RetryAfter?.ToString());
            Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
            if (attempt == 4) await HttpAssert.ErrorAsync(unknown, 401, 1105, "TooManyRequests");
        }
    }

    [Fact]
    public async Task A_third_party_guessing_from_elsewhere_cannot_lock_out_the_real_user()
    {
        var attacker = _app.ClientFrom("203.0.113.66");
        for (var i = 0; i < 5; i++)
            await attacker.PostAsJsonAsync("/api/v1/authenticate", new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex("guess") });
        var attackerLocked = await attacker.PostAsJsonAsync("/api/v1/authenticate", new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) });
        await HttpAssert.ErrorAsync(attackerLocked, 401, 1105, "TooManyRequests");
        Assert.NotNull(attackerLocked.Headers.RetryAfter);

        var owner = _app.ClientFrom("192.0.2.30");
        await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/authenticate", new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) }));
    }

    [Fact]
    public async Task An_ipv6_client_counts_per_64_so_rotating_addresses_gains_no_guesses()
    {
        for (var i = 1; i <= 3; i++)
            await _app.ClientFrom($"2001:db8:1:2::{i}").PostAsJsonAsync("/api/v1/authenticate", new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex("guess") });
        var login = new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) };
        await HttpAssert.ErrorAsync(await _app.ClientFrom("2001:db8:1:2::99").PostAsJsonAsync("/api/v1/authenticate", login), 401, 1105, "TooManyRequests");
        await HttpAssert.JsonAsync(await _app.ClientFrom("2001:db8:1:3::1").PostAsJsonAsync("/api/v1/authenticate", login));
    }

    [Fact]
    public async Task An_auth_token_from_an_ip_restricted_application_token_works_only_from_that_range()
    {
        var admin = await _app.OperatorAsync();
        var secret = await ApplicationTokenAsync(admin, new { description = "office", ip = "192.0.2.0/28" });
        var response = await _app.ClientFrom("192.0.2.7").PostAsJsonAsync("/api/v1/authenticate", new { application_token = secret });
        var jwt = (await HttpAssert.JsonAsync(response)).GetProperty("auth_token").GetString()!;

        await HttpAssert.JsonAsync(await _app.ClientFrom("192.0.2.9", jwt).GetAsync("/api/v1/endpoint"));
        var elsewhere = await _app.ClientFrom("198.51.100.1", jwt).GetAsync("/api/v1/endpoint");
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Contains("address", await elsewhere.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/v1/user/%201%20")]
    [InlineData("GET", "/api/v1/user/+1")]
    [InlineData("GET", "/api/v1/user/01")]
    [InlineData("PATCH", "/api/v1/user/01")]
    [InlineData("GET", "/api/v1/endpoint/%201%20")]
    [InlineData("GET", "/api/v1/endpoint/+1")]
    [InlineData("GET", "/api/v1/endpoint/01")]
    [InlineData("PUT", "/api/v1/service_profile/1/service/+2")]
    public async Task Path_ids_are_canonical_digits_only(string method, string path)
    {
        var admin = await _app.OperatorAsync();
        await DeviceAsync(admin, "first");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PATCH") request.Content = Resources.Json("{\"name\":\"x\"}");
        var json = await HttpAssert.ErrorAsync(await admin.SendAsync(request), 400, 1000, "BadRequest");
        Assert.StartsWith("Cannot parse parameter", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_user_is_still_addressed_by_canonical_id_or_username()
    {
        var admin = await _app.OperatorAsync();
        Assert.Equal(CellgateApp.AdminUsername, (await admin.GetJsonAsync("/api/v1/user/1")).GetProperty("username").GetString());
        Assert.Equal(1, (await admin.GetJsonAsync($"/api/v1/user/{CellgateApp.AdminUsername}")).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Every_429_carries_retry_after()
    {
        _app.With("Cellgate:Auth:RateLimitPermits", "2");
        for (var i = 0; i < 2; i++) await _app.AuthenticateAsync(new { application_token = "wrong" });
        var limited = await _app.AuthenticateAsync(new { application_token = CellgateApp.BootstrapToken });
        await HttpAssert.ErrorAsync(limited, 429, 1105, "TooManyRequests");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {limited.Headers.RetryAfter}");
        HttpAssert.StandardHeaders(limited);
    }
}
