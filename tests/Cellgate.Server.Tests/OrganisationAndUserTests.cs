using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

public sealed class OrganisationAndUserTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task My_organisation_is_the_bootstrap_master_organisation()
    {
        var my = await HttpAssert.JsonAsync(await (await _app.OperatorAsync()).GetAsync("/api/v1/organisation/my"));
        Assert.Equal("Operator Org", my.GetProperty("name").GetString());
        Assert.Equal(1, my.GetProperty("organisation_type").GetProperty("id").GetInt32());
        Assert.Equal("Master", my.GetProperty("organisation_type").GetProperty("description").GetString());
        Assert.Equal("2026-03-01T12:00:00.000+0000", my.GetProperty("created").GetString());
    }

    [Fact]
    public async Task The_master_creates_a_customer_organisation_whose_admin_sees_only_it()
    {
        var op = await _app.OperatorAsync();
        var (customer, orgId) = await _app.CustomerAsync("Acme");
        var my = await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/organisation/my"));
        Assert.Equal(orgId, my.GetProperty("id").GetInt64());
        Assert.Equal("Customer", my.GetProperty("organisation_type").GetProperty("description").GetString());

        var children = await op.GetAsync("/api/v1/organisation");
        var list = await HttpAssert.JsonAsync(children);
        Assert.Contains(list.EnumerateArray(), o => o.GetProperty("id").GetInt64() == orgId);
        Assert.Equal("1", children.Headers.GetValues("X-Total-Pages").Single());
        Assert.Equal(0, (await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/organisation"))).GetArrayLength());

        var masterId = (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/organisation/my"))).GetProperty("id").GetInt64();
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/organisation/{masterId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/v1/organisation/{masterId}", new { name = "pwned" }), 404, 1401, "InvalidReference");
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/v1/organisation/{orgId}")).StatusCode);
    }

    [Fact]
    public async Task A_rename_by_the_parent_shows_in_the_customers_own_view_at_once()
    {
        var op = await _app.OperatorAsync();
        var (customer, orgId) = await _app.CustomerAsync("Old Name");
        Assert.Equal("Old Name", (await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/organisation/my"))).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/organisation/{orgId}", new { name = "New Name" })).StatusCode);
        Assert.Equal("New Name", (await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/organisation/my"))).GetProperty("name").GetString());
        Assert.Equal("New Name", (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/organisation/{orgId}"))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_customer_cannot_create_organisations_and_nobody_updates_their_own()
    {
        var (customer, orgId) = await _app.CustomerAsync();
        var response = await customer.PostAsJsonAsync("/api/v1/organisation", new { name = "Sub", admin = new { username = "s@example.com", name = "S", password = Secrets.Sha1Hex("p") } });
        await HttpAssert.ErrorAsync(response, 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/v1/organisation/{orgId}", new { name = "x" }), 422, 1406, "NotAllowed");
    }

    [Fact]
    public async Task Creating_an_organisation_validates_every_field_and_stores_nothing_on_failure()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/organisation", new { name = "", admin = new { username = "not-an-email", password = "plain" } });
        var error = await HttpAssert.ErrorAsync(response, 422, 1400, "InputValidationFailed");
        var messages = error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains("name is required"));
        Assert.Contains(messages, m => m!.Contains("admin.username"));
        Assert.Contains(messages, m => m!.Contains("admin.name is required"));
        Assert.Contains(messages, m => m!.Contains("admin.password"));
        Assert.Equal(0, (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/organisation"))).GetArrayLength());
    }

    [Fact]
    public async Task Users_are_listed_paged_with_all_headers_and_found_by_id_or_username()
    {
        var op = await _app.OperatorAsync();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync("/api/v1/user", new { username = $"u{i}@example.com", name = $"User {i}", password = Secrets.Sha1Hex("pw") })).StatusCode);

        var page = await op.GetAsync("/api/v1/user?page=2&per_page=2&sort=-id");
        var list = await HttpAssert.JsonAsync(page);
        Assert.Equal(2, list.GetArrayLength());
        foreach (var (header, value) in new[] { ("X-Current-Page", "2"), ("X-Count-Per-Page", "2"), ("X-Total-Count", "4"), ("X-Total-Pages", "2"), ("X-Sort", "-id"), ("X-Page", "2"), ("X-Per-Page", "2"), ("X-Pages", "2"), ("X-Count", "4") })
            Assert.Equal(value, page.Headers.GetValues(header).Single());
        Assert.Equal("User 0", list[0].GetProperty("name").GetString());

        var user = list[0];
        Assert.Equal(["id", "username", "name", "created", "status", "organisation", "roles", "mfa"], user.EnumerateObject().Select(p => p.Name));
        var id = user.GetProperty("id").GetInt64();
        Assert.Equal("u0@example.com", (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/user/{id}"))).GetProperty("username").GetString());
        Assert.Equal(id, (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/user/u0@example.com"))).GetProperty("id").GetInt64());

        var filtered = await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/user?q=username:u1"));
        Assert.Equal("u1@example.com", filtered.EnumerateArray().Single().GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("page=0&per_page=0", "1", "1000")]
    [InlineData("page=-3&per_page=5000", "1", "1000")]
    [InlineData("page=99&per_page=1", "2", "1")]
    public async Task Paging_edge_rules_follow_emnify(string query, string currentPage, string perPage)
    {
        var op = await _app.OperatorAsync();
        await op.PostAsJsonAsync("/api/v1/user", new { username = "second@example.com", name = "Second", password = Secrets.Sha1Hex("pw") });
        var response = await op.GetAsync($"/api/v1/user?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(currentPage, response.Headers.GetValues("X-Current-Page").Single());
        Assert.Equal(perPage, response.Headers.GetValues("X-Count-Per-Page").Single());
    }

    [Fact]
    public async Task Invalid_query_and_sort_criteria_are_422()
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/user?q=password:x"), 422, 1301, "InvalidQueryCriteria");
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/user?sort=password"), 422, 1302, "InvalidSortCriteria");
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/user?page=abc"), 400, 1000, "BadRequest");
    }

    [Fact]
    public async Task A_duplicate_username_is_409()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/user", new { username = CellgateApp.AdminUsername.ToUpperInvariant(), name = "Dup", password = Secrets.Sha1Hex("pw") });
        await HttpAssert.ErrorAsync(response, 409, 1405, "Duplicated");
    }

    [Fact]
    public async Task Observers_read_but_get_403_on_every_write()
    {
        var op = await _app.OperatorAsync();
        await op.PostAsJsonAsync("/api/v1/user", new { username = "watch@example.com", name = "Watcher", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = 2 } } });
        var (auth, _) = await _app.LoginAsync("watch@example.com", "pw");
        var observer = _app.ClientWithToken(auth);

        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync("/api/v1/user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync("/api/v1/application_token")).StatusCode);
        await HttpAssert.ErrorAsync(await observer.PostAsJsonAsync("/api/v1/application_token", new { description = "x" }), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.PostAsJsonAsync("/api/v1/user", new { username = "x@example.com", name = "X", password = Secrets.Sha1Hex("pw") }), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.PatchAsJsonAsync("/api/v1/user/1", new { name = "X" }), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.PatchAsJsonAsync("/api/v1/application_token/1", new { status = new { id = 1 } }), 403, 1104, "Forbidden");
        await HttpAssert.ErrorAsync(await observer.DeleteAsync("/api/v1/application_token/1"), 403, 1104, "Forbidden");
        // ...but may change their own password.
        Assert.Equal(HttpStatusCode.NoContent, (await observer.PatchAsJsonAsync("/api/v1/user/password", new { old_password = Secrets.Sha1Hex("pw"), new_password = Secrets.Sha1Hex("pw2") })).StatusCode);
        Assert.NotEmpty(await _app.AuthTokenAsync()); // the bootstrap token was not revoked
    }

    [Fact]
    public async Task Promoting_an_observer_takes_effect_on_their_existing_token()
    {
        var op = await _app.OperatorAsync();
        var created = await op.PostAsJsonAsync("/api/v1/user", new { username = "p@example.com", name = "P", password = Secrets.Sha1Hex("pw"), roles = new[] { new { id = 2 } } });
        var id = long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
        var (auth, _) = await _app.LoginAsync("p@example.com", "pw");
        var client = _app.ClientWithToken(auth);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/application_token", new { description = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/user/{id}", new { roles = new[] { new { id = 1.0 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/application_token", new { description = "x" })).StatusCode);
    }

    [Fact]
    public async Task Users_of_another_organisation_do_not_exist_for_you()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync(username: "boss@acme.example");
        var customerUsers = await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/user"));
        Assert.Equal("boss@acme.example", customerUsers.EnumerateArray().Single().GetProperty("username").GetString());
        var customerUserId = customerUsers[0].GetProperty("id").GetInt64();
        var adminId = (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/user/{CellgateApp.AdminUsername}"))).GetProperty("id").GetInt64();

        Assert.DoesNotContain("boss@acme.example", await (await op.GetAsync("/api/v1/user")).Content.ReadAsStringAsync());
        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v1/user/{customerUserId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/user/boss@acme.example"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.PatchAsJsonAsync($"/api/v1/user/{customerUserId}", new { status = new { id = 2 } }), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/user/{adminId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/v1/user/{adminId}", new { name = "pwned" }), 404, 1401, "InvalidReference");
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/v1/organisation/my")).StatusCode); // not suspended by the attempt
    }

    [Fact]
    public async Task You_cannot_suspend_or_demote_yourself()
    {
        var (auth, _) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        var me = _app.ClientWithToken(auth);
        var id = (await HttpAssert.JsonAsync(await me.GetAsync($"/api/v1/user/{CellgateApp.AdminUsername}"))).GetProperty("id").GetInt64();
        await HttpAssert.ErrorAsync(await me.PatchAsJsonAsync($"/api/v1/user/{id}", new { status = new { id = 2 } }), 422, 1406, "NotAllowed");
        await HttpAssert.ErrorAsync(await me.PatchAsJsonAsync($"/api/v1/user/{id}", new { roles = new[] { new { id = 2 } } }), 422, 1406, "NotAllowed");
    }
}
