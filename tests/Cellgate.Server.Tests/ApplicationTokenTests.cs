using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.IdentityModel.Tokens;

namespace Cellgate.Server.Tests;

public sealed class ApplicationTokenTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Creating_a_token_returns_the_secret_once_and_lists_it_with_the_real_field_names()
    {
        var op = await _app.OperatorAsync();
        var created = await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token",
            new { description = "Fleet API", expiry_date = "2027-05-29", ip = "10.88.0.139" }));
        Assert.Equal(["application_token"], created.EnumerateObject().Select(p => p.Name));
        var secret = created.GetProperty("application_token").GetString()!;
        Assert.True(secret.Length >= 64);

        var list = await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"));
        var item = list.EnumerateArray().Single(t => t.GetProperty("description").GetString() == "Fleet API");
        Assert.Equal(["id", "description", "created", "expiry_date", "status", "creator", "ip"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, item.GetProperty("id").ValueKind);
        Assert.Equal("2026-03-01T12:00:00.000Z", item.GetProperty("created").GetString());
        Assert.Equal("2027-05-29T00:00:00.000Z", item.GetProperty("expiry_date").GetString());
        Assert.Equal(0, item.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("Activated", item.GetProperty("status").GetProperty("description").GetString());
        Assert.Equal("10.88.0.139/32", item.GetProperty("ip").GetString());
        // Created with the bootstrap application token: the creator is the user that token answers to (docs/authentication.md).
        Assert.Equal(CellgateApp.AdminUsername, item.GetProperty("creator").GetProperty("username").GetString());
        Assert.DoesNotContain(secret, list.GetRawText());

        var one = await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/application_token/{item.GetProperty("id").GetInt64()}"));
        Assert.Equal("Fleet API", one.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_user_created_token_names_its_creator_and_decodes_like_emnifys()
    {
        var (auth, _) = await _app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        var me = _app.ClientWithToken(auth);
        var secret = (await HttpAssert.JsonAsync(await me.PostAsJsonAsync("/api/v1/application_token", new { description = "mine" }))).GetProperty("application_token").GetString()!;
        var item = (await HttpAssert.JsonAsync(await me.GetAsync("/api/v1/application_token"))).EnumerateArray().Single(t => t.GetProperty("description").GetString() == "mine");
        Assert.Equal(CellgateApp.AdminUsername, item.GetProperty("creator").GetProperty("username").GetString());

        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(secret.Split('.')[1])).RootElement;
        Assert.Equal(CellgateApp.AdminUsername, claims.GetProperty("sub").GetString());
        Assert.Equal("Operator Org", claims.GetProperty("esc.orgName").GetString());
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("esc.org").ValueKind);
    }

    [Fact]
    public async Task Only_a_hash_of_the_secret_is_stored()
    {
        var op = await _app.OperatorAsync();
        var secret = (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/application_token", new { description = "hashed" }))).GetProperty("application_token").GetString()!;
        var text = TestDatabase.IsPostgres ? await PostgresRowsAsTextAsync() : await SqliteFileAsTextAsync();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(secret.Split('.')[2], text);
        Assert.DoesNotContain(CellgateApp.BootstrapToken, text);
    }

    /// <summary>The database file and its WAL, as bytes read as ASCII.</summary>
    private async Task<string> SqliteFileAsTextAsync()
    {
        var bytes = await File.ReadAllBytesAsync(_app.DatabasePath);
        var wal = _app.DatabasePath + "-wal";
        var all = File.Exists(wal) ? bytes.Concat(await File.ReadAllBytesAsync(wal)).ToArray() : bytes;
        return System.Text.Encoding.ASCII.GetString(all);
    }

    /// <summary>PostgreSQL: every row of every table, as text.</summary>
    private async Task<string> PostgresRowsAsTextAsync()
    {
        await using var connection = await TestDatabase.OpenAsync(_app.Directory);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT CAST(t AS text) FROM \"{table}\" t";
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) text.AppendLine(reader.GetString(0));
        }
        Assert.Contains("hashed", text.ToString()); // the rows were read: the token's description is there
        return text.ToString();
    }

    [Fact]
    public async Task Patch_changes_the_description_and_a_revoked_token_cannot_be_reactivated()
    {
        var op = await _app.OperatorAsync();
        await op.PostAsJsonAsync("/api/v1/application_token", new { description = "old" });
        var id = (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"))).EnumerateArray().Single(t => t.GetProperty("description").GetString() == "old").GetProperty("id").GetInt64();

        var patch = await op.PatchAsJsonAsync($"/api/v1/application_token/{id}", new { description = "new" });
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Empty(await patch.Content.ReadAsByteArrayAsync());
        Assert.Equal("new", (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/application_token/{id}"))).GetProperty("description").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await op.PatchAsJsonAsync($"/api/v1/application_token/{id}", new { status = new { id = 1, description = "Revoked" } })).StatusCode);
        Assert.Equal(1, (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/application_token/{id}"))).GetProperty("status").GetProperty("id").GetInt32());
        await HttpAssert.ErrorAsync(await op.PatchAsJsonAsync($"/api/v1/application_token/{id}", new { status = new { id = 0 } }), 422, 1400, "InputValidationFailed");
    }

    [Theory]
    [InlineData("{\"expiry_date\":\"yesterday\"}", "expiry_date")]
    [InlineData("{\"expiry_date\":\"2020-01-01\"}", "expiry_date")]
    [InlineData("{\"ip\":\"10.0.0.300/8\"}", "ip")]
    [InlineData("{\"ip\":\"not an ip\"}", "ip")]
    public async Task Invalid_create_bodies_are_422_with_field_errors_and_store_nothing(string body, string field)
    {
        var op = await _app.OperatorAsync();
        var before = (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"))).GetArrayLength();
        var response = await op.PostAsync("/api/v1/application_token", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = await HttpAssert.ErrorAsync(response, 422, 1400, "InputValidationFailed");
        Assert.Contains(field, error.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before, (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"))).GetArrayLength());
    }

    [Fact]
    public async Task Another_organisations_tokens_do_not_exist_for_you()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        await customer.PostAsJsonAsync("/api/v1/application_token", new { description = "customer secret" });
        var customerTokenId = (await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/application_token"))).EnumerateArray().Single().GetProperty("id").GetInt64();
        var bootstrapId = (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"))).EnumerateArray().First().GetProperty("id").GetInt64();

        Assert.DoesNotContain("customer secret", await (await op.GetAsync("/api/v1/application_token")).Content.ReadAsStringAsync());
        Assert.Equal(1, (await HttpAssert.JsonAsync(await customer.GetAsync("/api/v1/application_token"))).GetArrayLength());
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v1/application_token/{bootstrapId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PatchAsJsonAsync($"/api/v1/application_token/{bootstrapId}", new { status = new { id = 1 } }), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.DeleteAsync($"/api/v1/application_token/{bootstrapId}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v1/application_token/{customerTokenId}"), 404, 1401, "InvalidReference");
        // The operator's token still works: nothing was revoked by the attempts.
        Assert.NotEmpty(await _app.AuthTokenAsync());
    }
}
