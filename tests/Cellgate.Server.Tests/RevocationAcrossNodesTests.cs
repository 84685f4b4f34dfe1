using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12: on PostgreSQL a revocation or suspension made through one node is refused on every other node from the
/// next request on (<c>LISTEN/NOTIFY</c>), not only when that node's cache entry ends. Both nodes keep principals for
/// the longest <c>RevocationCacheSeconds</c> allowed, and their clocks stand still: the cache cannot be what refuses.
/// </summary>
public sealed class RevocationAcrossNodesTests : IDisposable
{
    private const string LongCache = "300";
    private readonly CellgateApp _a = new CellgateApp().With("Cellgate:Auth:RevocationCacheSeconds", LongCache);
    private CellgateApp? _b;

    public void Dispose()
    {
        _b?.Dispose();
        _a.Dispose();
    }

    /// <summary>Node B on node A's database, its clock at A's.</summary>
    private CellgateApp NodeB()
    {
        _b = new CellgateApp(_a.Directory).With("Cellgate:Auth:RevocationCacheSeconds", LongCache);
        _b.Clock.SetUtcNow(_a.Clock.GetUtcNow());
        return _b;
    }

    /// <summary>The node's change feed listens (it starts with the host; a request starts the host).</summary>
    private static async Task ListeningAsync(CellgateApp node)
    {
        _ = node.Services; // starts the host
        var feed = node.Services.GetRequiredService<PrincipalChangeFeed>();
        Assert.Equal("listen_notify", feed.Mode);
        await Eventually.HoldsAsync(() => feed.Listening, "the node's principal change feed does not listen");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var body = await HttpAssert.JsonAsync(response, 401); // the API gateway's shape: {"message": …}
        Assert.Contains(reason, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_application_token_revoked_through_node_A_is_refused_on_node_B_at_the_next_request()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var opA = await _a.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await opA.PostAsJsonAsync("/api/v1/application_token", new { description = "fleet" })))
            .GetProperty("application_token").GetString()!;
        var b = NodeB();
        await ListeningAsync(b);
        var fleetOnB = b.ClientWithToken(await b.AuthTokenAsync(secret));
        Assert.Equal(HttpStatusCode.OK, (await fleetOnB.GetAsync("/api/v1/user")).StatusCode); // B now holds the token as active

        var id = (await HttpAssert.JsonAsync(await opA.GetAsync("/api/v1/application_token"))).EnumerateArray()
            .Single(t => t.GetProperty("description").GetString() == "fleet").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await opA.DeleteAsync($"/api/v1/application_token/{id}")).StatusCode);

        await AssertRefusedAsync(await fleetOnB.GetAsync("/api/v1/user"), "revoked");
        await HttpAssert.ErrorAsync(await b.AuthenticateAsync(new { application_token = secret }), 401, 1102, "InvalidToken");
    }

    [SkippableFact]
    public async Task A_user_suspended_or_deleted_through_node_A_is_refused_on_node_B_at_the_next_request_with_their_refresh_tokens()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var opA = await _a.OperatorAsync();
        var ids = new Dictionary<string, long>();
        foreach (var name in new[] { "suspended", "deleted" })
        {
            var created = await opA.PostAsJsonAsync("/api/v1/user", new { username = $"{name}@example.com", name, password = Secrets.Sha1Hex("user password") });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids[name] = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        }
        var b = NodeB();
        await ListeningAsync(b);
        var (suspendedAuth, suspendedRefresh) = await b.LoginAsync("suspended@example.com", "user password");
        var (deletedAuth, deletedRefresh) = await b.LoginAsync("deleted@example.com", "user password");
        var suspendedOnB = b.ClientWithToken(suspendedAuth);
        var deletedOnB = b.ClientWithToken(deletedAuth);
        Assert.Equal(HttpStatusCode.OK, (await suspendedOnB.GetAsync("/api/v1/user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await deletedOnB.GetAsync("/api/v1/user")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await opA.PatchAsJsonAsync($"/api/v1/user/{ids["suspended"]}", new { status = new { id = 2 } })).StatusCode);
        await AssertRefusedAsync(await suspendedOnB.GetAsync("/api/v1/user"), "not active");
        await HttpAssert.ErrorAsync(await b.AuthenticateAsync(new { refresh_token = suspendedRefresh }), 401, 1102, "InvalidToken");

        Assert.Equal(HttpStatusCode.NoContent, (await opA.DeleteAsync($"/api/v1/user/{ids["deleted"]}")).StatusCode);
        await AssertRefusedAsync(await deletedOnB.GetAsync("/api/v1/user"), "not active");
        await HttpAssert.ErrorAsync(await b.AuthenticateAsync(new { refresh_token = deletedRefresh }), 401, 1102, "InvalidToken");
    }

    [SkippableFact]
    public async Task An_organisation_suspended_through_node_A_locks_its_tokens_out_on_node_B_at_the_next_request()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var (_, orgId) = await _a.CustomerAsync("Acme", "admin@acme.example");
        var b = NodeB();
        await ListeningAsync(b);
        var (auth, _) = await b.LoginAsync("admin@acme.example", "customer password");
        var customerOnB = b.ClientWithToken(auth);
        Assert.Equal(HttpStatusCode.OK, (await customerOnB.GetAsync("/api/v1/organisation/my")).StatusCode);

        var opA = await _a.OperatorAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await opA.PatchAsJsonAsync($"/api/v1/organisation/{orgId}", new { status = new { id = 2 } })).StatusCode);
        await AssertRefusedAsync(await customerOnB.GetAsync("/api/v1/organisation/my"), "suspended");
    }

    [SkippableFact]
    public async Task A_node_whose_listening_connection_broke_forgets_every_cached_principal_when_it_listens_again()
    {
        // Notifications sent while a node was not listening are lost: on reconnecting it reads every principal again.
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var op = await _a.OperatorAsync();
        await ListeningAsync(_a);
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "missed" })))
            .GetProperty("application_token").GetString()!;
        var fleet = _a.ClientWithToken(await _a.AuthTokenAsync(secret));
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/user")).StatusCode);

        // Revoked behind the node's back (no notification), and the node's listening connection is terminated.
        await using (var connection = await TestDatabase.OpenAsync(_a.Directory))
        {
            await using var revoke = connection.CreateCommand();
            revoke.CommandText = """UPDATE application_tokens SET "Status" = 1 WHERE "Description" = 'missed'""";
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
            Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/user")).StatusCode); // still cached: nothing told the node
            await using var kill = connection.CreateCommand();
            kill.CommandText = $"""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = '{PostgresPrincipalChangeFeed.ApplicationName}'
                """;
            Assert.Equal(1L, Convert.ToInt64(await kill.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        var feed = _a.Services.GetRequiredService<PrincipalChangeFeed>();
        await Eventually.HoldsAsync(() => !feed.Listening, "the node did not notice its listening connection was gone");
        await Eventually.HoldsAsync(() => Task.FromResult(feed.Listening), "the node did not listen again", between: () => _a.Clock.Advance(TimeSpan.FromSeconds(1)));
        await AssertRefusedAsync(await fleet.GetAsync("/api/v1/user"), "revoked");
    }
}
