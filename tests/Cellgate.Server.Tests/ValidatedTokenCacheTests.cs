using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 11: the bearer scheme remembers auth tokens whose signature and lifetime it checked
/// (Cellgate:Auth:ValidatedTokenCacheSeconds); revocation, suspension, expiry and the signature still decide every request.
/// </summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private AcceptedTokens Accepted => _app.Services.GetRequiredService<AcceptedTokens>();

    [Fact]
    public async Task An_auth_token_used_twice_is_checked_once_and_kept_in_the_cache()
    {
        var op = await _app.OperatorAsync();
        Assert.Equal(0, Accepted.Count);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(1, Accepted.Count);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(1, Accepted.Count);
    }

    [Fact]
    public async Task An_accepted_auth_token_takes_the_shortcut_and_its_callers_role_is_read_again_on_every_request()
    {
        var op = await _app.OperatorAsync();
        var created = await op.PostAsJsonAsync("/api/v1/user", new { username = "r@example.com", name = "R", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = 1 } } });
        var id = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var client = _app.ClientWithToken((await _app.LoginAsync("r@example.com", "pw")).AuthToken);
        var before = Accepted.Count;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(before + 1, Accepted.Count); // accepted by the full path, remembered

        // Admin, observer, admin again: each request on the shortcut carries the role the user has at that moment.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/application_token", new { description = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/user/{id}", new { roles = new[] { new { id = 2.0 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/application_token", new { description = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/user/{id}", new { roles = new[] { new { id = 1.0 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/application_token", new { description = "c" })).StatusCode);

        // Deleted: the next request on the shortcut is refused with the principal check's reason.
        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync($"/api/v1/user/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(before + 1, Accepted.Count);
    }

    [Fact]
    public async Task A_revoked_application_token_is_refused_while_its_auth_token_is_in_the_cache()
    {
        var op = await _app.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "fleet" }))).GetProperty("application_token").GetString()!;
        var fleet = _app.ClientWithToken(await _app.AuthTokenAsync(secret));
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(2, Accepted.Count); // the operator's token and the fleet's

        var list = await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"));
        var id = list.EnumerateArray().Single(t => t.GetProperty("description").GetString() == "fleet").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/application_token/{id}", new { status = new { id = 1.0 } })).StatusCode);

        Assert.Equal(2, Accepted.Count); // still cached: the principal check refuses it
        Assert.Equal(HttpStatusCode.Unauthorized, (await fleet.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
    }

    [Fact]
    public async Task An_auth_token_past_its_expiry_is_refused_although_the_cache_would_keep_it_longer()
    {
        _app.With("Cellgate:Auth:AuthTokenMinutes", "1").With("Cellgate:Auth:ValidatedTokenCacheSeconds", "3600");
        var op = await _app.OperatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(1, Accepted.Count);

        _app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
    }

    [Fact]
    public async Task A_token_with_a_changed_signature_is_refused_while_the_genuine_one_is_in_the_cache()
    {
        var token = await _app.AuthTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithToken(token).GetAsync("/api/v1/organisation/my")).StatusCode);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var forged = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientWithToken(forged).GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWithToken(token).GetAsync("/api/v1/organisation/my")).StatusCode);
    }

    [Fact]
    public async Task With_the_cache_off_every_request_checks_the_token_again()
    {
        _app.With("Cellgate:Auth:ValidatedTokenCacheSeconds", "0");
        var op = await _app.OperatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/api/v1/organisation/my")).StatusCode);
        Assert.Equal(0, Accepted.Count);
    }
}
