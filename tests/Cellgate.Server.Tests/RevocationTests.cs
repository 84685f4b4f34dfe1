using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>Beyond EMnify: revocation and suspension reject auth tokens already issued, from the next request on.</summary>
public sealed class RevocationTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static async Task<long> IdOfTokenAsync(HttpClient client, string description)
    {
        var list = await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/application_token"));
        return list.EnumerateArray().Single(t => t.GetProperty("description").GetString() == description).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Revoking_an_application_token_rejects_the_auth_tokens_issued_from_it_and_further_logins()
    {
        var op = await _app.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "device fleet" }))).GetProperty("application_token").GetString()!;
        var fleet = _app.ClientWithToken(await _app.AuthTokenAsync(secret));
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/organisation/my")).StatusCode);

        var id = await IdOfTokenAsync(op, "device fleet");
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/application_token/{id}", new { status = new { id = 1.0 } })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await fleet.GetAsync("/api/v1/organisation/my")).StatusCode);
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = secret }), 401, 1102, "InvalidToken");
        // The operator's own token is untouched.
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
    }

    [Fact]
    public async Task Revocation_made_on_another_node_is_seen_within_the_cache_window()
    {
        var op = await _app.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "other node" }))).GetProperty("application_token").GetString()!;
        var fleet = _app.ClientWithToken(await _app.AuthTokenAsync(secret));
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/user")).StatusCode); // cached as active now

        // A second server process on the same database revokes it.
        using var node2 = new CellgateApp(_app.Directory);
        node2.Clock.SetUtcNow(_app.Clock.GetUtcNow());
        var op2 = await node2.OperatorAsync();
        var id = await IdOfTokenAsync(op2, "other node");
        Assert.Equal(HttpStatusCode.NoContent, (await op2.DeleteAsync($"/api/v1/application_token/{id}")).StatusCode);

        _app.Clock.Advance(TimeSpan.FromSeconds(6)); // past Cellgate:Auth:RevocationCacheSeconds (5)
        Assert.Equal(HttpStatusCode.Unauthorized, (await fleet.GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task An_expired_application_token_cannot_authenticate()
    {
        var op = await _app.OperatorAsync();
        var expiry = _app.Clock.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "short", expiry_date = expiry }))).GetProperty("application_token").GetString()!;
        Assert.NotEmpty(await _app.AuthTokenAsync(secret));
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = secret }), 401, 1102, "InvalidToken");
    }

    [Fact]
    public async Task Suspending_a_user_rejects_their_auth_tokens_and_refresh_tokens()
    {
        var op = await _app.OperatorAsync();
        var created = await op.PostAsJsonAsync("/api/v1/user", new { username = "ops@example.com", name = "Ops", password = Secrets.Sha1Hex("ops password") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var userId = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var (auth, refresh) = await _app.LoginAsync("ops@example.com", "ops password");
        var ops = _app.ClientWithToken(auth);
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("/api/v1/user")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/user/{userId}", new { status = new { id = 2 } })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ops.GetAsync("/api/v1/user")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { refresh_token = refresh })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { username = "ops@example.com", password = Secrets.Sha1Hex("ops password") })).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_invalidates_refresh_tokens_and_the_new_password_works()
    {
        var (auth, refresh) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        var me = _app.ClientWithToken(auth);
        var wrong = await me.PatchAsJsonAsync("/api/v1/user/password", new { old_password = Secrets.Sha1Hex("nope"), new_password = Secrets.Sha1Hex("new secret") });
        await HttpAssert.ErrorAsync(wrong, 422, 1400, "InputValidationFailed");

        var ok = await me.PatchAsJsonAsync("/api/v1/user/password", new { old_password = Secrets.Sha1Hex(CellgateApp.AdminPassword), new_password = Secrets.Sha1Hex("new secret") });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { refresh_token = refresh })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) })).StatusCode);
        await _app.LoginAsync(CellgateApp.AdminUsername, "new secret");
    }

    [Fact]
    public async Task Suspending_a_customer_organisation_locks_out_its_users_and_tokens()
    {
        var (customer, orgId) = await _app.CustomerAsync("Acme");
        var secret = (await HttpAssert.JsonAsync(await customer.PostAsJsonAsync("/api/v1/application_token", new { description = "acme app" }))).GetProperty("application_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/v1/organisation/my")).StatusCode);

        var op = await _app.OperatorAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/organisation/{orgId}", new { status = new { id = 2 } })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await customer.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { application_token = secret })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/organisation/{orgId}", new { status = new { id = 1 } })).StatusCode);
        Assert.NotEmpty(await _app.AuthTokenAsync(secret));
    }

    [Fact]
    public async Task A_token_restricted_to_an_address_range_only_authenticates_from_it()
    {
        var op = await _app.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "ip", ip = "203.0.113.0/24" }))).GetProperty("application_token").GetString()!;
        // The in-process test server has no remote address, which is outside any range.
        await HttpAssert.ErrorAsync(await _app.AuthenticateAsync(new { application_token = secret }), 401, 1102, "InvalidToken");
        var list = await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"));
        Assert.Contains(list.EnumerateArray(), t => t.TryGetProperty("ip", out var ip) && ip.GetString() == "203.0.113.0/24"); // absent on tokens without a range
    }
}
