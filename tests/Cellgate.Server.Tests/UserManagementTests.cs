using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>User deletion, roles, role permissions, and the user and SIM event lists (issue 8).</summary>
public sealed class UserManagementTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    /// <summary>Creates a user in the caller's organisation (role 1 Administrator or 2 Observer); returns its id and a logged-in client.</summary>
    private async Task<(long Id, HttpClient Client)> UserAsync(HttpClient admin, string username, int role = 1)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/user", new { username, name = "U", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = role } } });
        var id = Resources.IdFromLocation(created);
        return (id, _app.ClientWithToken((await _app.LoginAsync(username, "pw")).AuthToken));
    }

    [Fact]
    public async Task A_deleted_user_is_gone_its_tokens_stop_and_its_username_is_free_again()
    {
        var op = await _app.OperatorAsync();
        var (id, client) = await UserAsync(op, "leaving@example.com");
        var (_, refresh) = await _app.LoginAsync("leaving@example.com", "pw");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/user")).StatusCode);

        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/user/{id}"));

        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v1/user/{id}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/user/leaving@example.com"), 404, 1401, "InvalidReference");
        Assert.DoesNotContain((await op.GetJsonAsync("/api/v1/user")).EnumerateArray(), u => u.GetProperty("id").GetInt64() == id);
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/user/{id}"), 404, 1401, "InvalidReference");
        // The auth token issued before is refused on its next request; neither password nor refresh token logs in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/user")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { username = "leaving@example.com", password = Secrets.Sha1Hex("pw") })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.AuthenticateAsync(new { refresh_token = refresh })).StatusCode);
        // The username can be given to someone new.
        Assert.Equal(HttpStatusCode.Created,
            (await op.PostAsJsonAsync("/api/v1/user", new { username = "leaving@example.com", name = "New", password = Secrets.Sha1Hex("pw") })).StatusCode);
    }

    [Fact]
    public async Task Nobody_deletes_themselves_observers_delete_nobody_and_other_organisations_users_are_404()
    {
        var op = await _app.OperatorAsync();
        var (adminId, admin) = await UserAsync(op, "admin2@example.com");
        var (_, observer) = await UserAsync(op, "watcher@example.com", role: 2);
        var (customer, _) = await _app.CustomerAsync();

        await HttpAssert.ErrorAsync(await admin.DeleteAsync($"/api/v1/user/{adminId}"), 422, 1406, "NotAllowed");
        await HttpAssert.ErrorAsync(await observer.DeleteAsync($"/api/v1/user/{adminId}"), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await customer.DeleteAsync($"/api/v1/user/{adminId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.DeleteAsync("/api/v1/user/abc"), 400, 1000, "BadRequest");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task Assigning_a_role_replaces_the_users_role_and_takes_effect_on_its_token()
    {
        var op = await _app.OperatorAsync();
        var (id, client) = await UserAsync(op, "role@example.com", role: 2);
        await HttpAssert.ErrorAsync(await client.PostAsJsonAsync("/api/v1/application_token", new { description = "x" }), 403, 1104, "Forbidden");

        await Resources.NoContentAsync(op.PutAsync($"/api/v1/user/{id}/role/1", null));
        var user = await op.GetJsonAsync($"/api/v1/user/{id}");
        Assert.Equal([1], user.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/application_token", new { description = "x" })).StatusCode);

        await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/user/{id}/role/1", null), 409, 1405, "Duplicated");
        await HttpAssert.ErrorAsync(await op.PutAsync($"/api/v1/user/{id}/role/7", null), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task Removing_a_role_the_user_lacks_is_404_and_its_only_role_is_409()
    {
        var op = await _app.OperatorAsync();
        var (id, _) = await UserAsync(op, "keep@example.com", role: 2);
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/user/{id}/role/1"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v1/user/{id}/role/2"), 409, 1406, "NotAllowed");
        Assert.Equal([2], (await op.GetJsonAsync($"/api/v1/user/{id}")).GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Role_changes_are_admin_only_not_on_yourself_and_not_across_organisations()
    {
        var op = await _app.OperatorAsync();
        var (adminId, admin) = await UserAsync(op, "self@example.com");
        var (watcherId, observer) = await UserAsync(op, "obs@example.com", role: 2);
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.ErrorAsync(await admin.PutAsync($"/api/v1/user/{adminId}/role/2", null), 422, 1406, "NotAllowed");
        await HttpAssert.ErrorAsync(await observer.PutAsync($"/api/v1/user/{watcherId}/role/1", null), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.DeleteAsync($"/api/v1/user/{watcherId}/role/2"), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await customer.PutAsync($"/api/v1/user/{watcherId}/role/1", null), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/user/{watcherId}/role/permission"), 404, 1401, "InvalidReference");
        Assert.Equal([2], (await op.GetJsonAsync($"/api/v1/user/{watcherId}")).GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Role_permissions_say_what_the_role_may_read_and_write()
    {
        var op = await _app.OperatorAsync();
        var (watcherId, observer) = await UserAsync(op, "perm@example.com", role: 2);
        var (adminId, _) = await UserAsync(op, "perm-admin@example.com");

        var mine = await observer.GetJsonAsync($"/api/v1/user/{watcherId}/role/permission");
        Assert.Equal(JsonValueKind.Object, mine.ValueKind); // the spec's shape: an object
        Assert.Equal("""{"id":2,"name":"Observer","description":"Reads everything of the organisation, changes nothing"}""", mine.GetProperty("role").GetRawText());
        var endpoint = mine.GetProperty("permissions").EnumerateArray().Single(p => p.GetProperty("resource").GetString() == "endpoint");
        Assert.True(endpoint.GetProperty("read").GetBoolean());
        Assert.False(endpoint.GetProperty("write").GetBoolean());

        var admins = await observer.GetJsonAsync($"/api/v1/user/{adminId}/role/permission"); // observers may read others' too
        Assert.All(admins.GetProperty("permissions").EnumerateArray(), p => Assert.True(p.GetProperty("write").GetBoolean()));
    }

    [Fact]
    public async Task A_users_events_are_those_it_caused_and_a_foreign_or_unknown_user_has_none()
    {
        var op = await _app.OperatorAsync();
        var (id, client) = await UserAsync(op, "actor@example.com");
        await client.SetupAsync();
        var (customer, _) = await _app.CustomerAsync();

        var response = await op.GetAsync($"/api/v1/user/{id}/event");
        var events = await HttpAssert.JsonAsync(response);
        Assert.NotEqual(0, events.GetArrayLength());
        Assert.Equal(events.GetArrayLength().ToString(), response.Header("X-Total-Count"));
        Assert.All(events.EnumerateArray(), e =>
        {
            Assert.Equal(id, e.GetProperty("user").GetProperty("id").GetInt64());
            foreach (var key in new[] { "id", "alert", "description", "timestamp", "event_type", "event_source", "event_severity", "organisation", "user" })
                Assert.True(e.TryGetProperty(key, out _), $"the spec requires {key}");
        });
        var types = events.EnumerateArray().Select(e => e.GetProperty("event_type").GetProperty("id").GetInt32()).ToList();
        Assert.Contains(1003, types); // service profile created
        Assert.Contains(1009, types); // IP address space assigned

        // The documented quirk: 200 [] rather than 404 for a user you cannot see; a non-numeric id is still 400.
        Assert.Equal(0, (await customer.GetJsonAsync($"/api/v1/user/{id}/event")).GetArrayLength());
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/user/987654/event")).GetArrayLength());
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/user/abc/event"), 400, 1000, "BadRequest");
    }

    [Fact]
    public async Task A_sims_events_are_listed_and_a_foreign_or_unknown_sim_has_none()
    {
        var op = await _app.OperatorAsync();
        var setup = await op.SetupAsync();
        var sims = await op.ImportSimsAsync(2, await op.OrganisationIdAsync());
        await op.EndpointAsync(new { name = "d", status = new { id = 0 }, service_profile = new { id = setup.ServiceProfileId }, tariff_profile = new { id = setup.TariffProfileId }, sim = new { id = sims[0].Id } });
        var (customer, _) = await _app.CustomerAsync();

        var events = await op.GetJsonAsync($"/api/v1/sim/{sims[0].Id}/event");
        Assert.NotEqual(0, events.GetArrayLength());
        Assert.All(events.EnumerateArray(), e => Assert.Equal(sims[0].Iccid, e.GetProperty("sim").GetProperty("iccid").GetString()));
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("event_type").GetProperty("id").GetInt32() == 51); // SIM assigned
        Assert.DoesNotContain((await op.GetJsonAsync($"/api/v1/sim/{sims[1].Id}/event")).EnumerateArray(),
            e => e.GetProperty("event_type").GetProperty("id").GetInt32() == 51);

        Assert.Equal(0, (await customer.GetJsonAsync($"/api/v1/sim/{sims[0].Id}/event")).GetArrayLength());
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/sim/987654/event")).GetArrayLength());
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/sim/abc/event"), 400, 1000, "BadRequest");
    }
}
