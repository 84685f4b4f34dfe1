using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>The cross-cutting wire conventions of reference §1, checked against the recorded examples.</summary>
public sealed class ConventionTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    /// <summary>A recorded EMnify response (copied from the shared reference into Fixtures/emnify, so the suite runs anywhere).</summary>
    private static JsonElement Example(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emnify", name))).RootElement;

    /// <summary>Same keys, same JSON kinds, same error code and token as the recorded body.</summary>
    private static void AssertSameShape(JsonElement recorded, JsonElement actual, bool sameCodes = true)
    {
        Assert.Equal(recorded.EnumerateObject().Select(p => p.Name).Order(), actual.EnumerateObject().Select(p => p.Name).Where(n => n != "errors" || recorded.TryGetProperty("errors", out _)).Order());
        foreach (var p in recorded.EnumerateObject())
            Assert.Equal(p.Value.ValueKind, actual.GetProperty(p.Name).ValueKind);
        if (sameCodes && recorded.TryGetProperty("error_token", out var token))
        {
            Assert.Equal(recorded.GetProperty("error_code").GetInt32(), actual.GetProperty("error_code").GetInt32());
            Assert.Equal(token.GetString(), actual.GetProperty("error_token").GetString());
        }
    }

    [Fact]
    public async Task Non_numeric_path_id_is_400_exactly_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PatchAsJsonAsync("/api/v1/user/None", new { });
        var recorded = Example("error-400-bad-request.json");
        Assert.Equal(recorded.GetProperty("_status").GetInt32(), (int)response.StatusCode);
        var body = await HttpAssert.JsonAsync(response, 400);
        AssertSameShape(recorded.GetProperty("body"), body);
        Assert.Equal(recorded.GetProperty("body").GetProperty("message").GetString(), body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Gateway_401_has_the_recorded_shape()
    {
        var response = await _app.ClientWithToken("None").GetAsync("/api/v1/user");
        var recorded = Example("error-401-invalid-token.json");
        Assert.Equal(recorded.GetProperty("_status").GetInt32(), (int)response.StatusCode);
        var body = await HttpAssert.JsonAsync(response, 401);
        AssertSameShape(recorded.GetProperty("body"), body);
        Assert.Equal(recorded.GetProperty("body").GetProperty("message").GetString(), body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_id_is_404_invalid_reference_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PatchAsJsonAsync("/api/v1/user/-1", new { });
        var recorded = Example("error-404-invalid-reference.json");
        var body = await HttpAssert.JsonAsync(response, recorded.GetProperty("_status").GetInt32());
        AssertSameShape(recorded.GetProperty("body"), body);
        Assert.Equal("User with Id '-1' not found.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Validation_failures_are_422_with_nested_errors_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/user", new { username = "x@example.com" });
        var recorded = Example("error-422-validation.json");
        var body = await HttpAssert.JsonAsync(response, recorded.GetProperty("_status").GetInt32());
        AssertSameShape(recorded.GetProperty("body"), body);
        foreach (var e in body.GetProperty("errors").EnumerateArray())
            AssertSameShape(recorded.GetProperty("body").GetProperty("errors")[0], e, sameCodes: false);
    }

    [Fact]
    public async Task Duplicates_are_409_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/user", new { username = CellgateApp.AdminUsername, name = "x", password = Cellgate.Server.Features.Auth.Secrets.Sha1Hex("x") });
        var recorded = Example("error-409-duplicated.json");
        AssertSameShape(recorded.GetProperty("body"), await HttpAssert.JsonAsync(response, recorded.GetProperty("_status").GetInt32()));
    }

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_wrong_media_types_answer_json_errors()
    {
        var op = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/no_such_thing"), 404, 1201, "NotFound");
        await HttpAssert.ErrorAsync(await op.PutAsJsonAsync("/api/v1/user/1", new { }), 405, 1000, "BadRequest");
        await HttpAssert.ErrorAsync(await op.PostAsync("/api/v1/user", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded")), 415, 1000, "BadRequest");
        await HttpAssert.ErrorAsync(await op.PostAsync("/api/v1/user", new StringContent("{\"name\":", Encoding.UTF8, "application/json")), 400, 1000, "BadRequest");
        await HttpAssert.ErrorAsync(await op.PostAsync("/api/v1/user", new StringContent("{\"roles\":[{\"id\":1.5}]}", Encoding.UTF8, "application/json")), 400, 1000, "BadRequest");
    }

    [Fact]
    public async Task Integral_floats_are_accepted_for_ids()
    {
        var op = await _app.OperatorAsync();
        var created = await op.PostAsync("/api/v1/user", new StringContent(
            """{"username":"f@example.com","name":"F","password":"0123456789abcdef0123456789abcdef01234567","roles":[{"id":2.0,"description":"Observer"}],"status":{"id":1.0}}""",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await HttpAssert.JsonAsync(await op.GetAsync(created.Headers.Location!.AbsolutePath));
        Assert.Equal(2, user.GetProperty("roles")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Location_headers_are_absolute_and_end_in_the_new_id()
    {
        var op = await _app.OperatorAsync();
        var created = await op.PostAsJsonAsync("/api/v1/user", new { username = "loc@example.com", name = "L", password = Cellgate.Server.Features.Auth.Secrets.Sha1Hex("x") });
        var location = created.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        var id = long.Parse(location.ToString().Split('/')[^1]);
        Assert.Equal("loc@example.com", (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/user/{id}"))).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Every_response_carries_emnifys_cors_and_security_headers_even_a_401()
    {
        foreach (var response in new[] { await _app.CreateClient().GetAsync("/api/v1/user"), await (await _app.OperatorAsync()).GetAsync("/api/v1/user") })
            HttpAssert.StandardHeaders(response);
    }

    [Fact]
    public async Task Strict_transport_security_is_sent_only_over_https()
    {
        var https = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        HttpAssert.StandardHeaders(await https.GetAsync("/api/v1/user"), https: true);
        var plain = await _app.CreateClient().GetAsync("/api/v1/user");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Answers_of_the_exception_handler_carry_the_same_headers_and_no_no_cache()
    {
        var client = await _app.OperatorAsync();
        foreach (var response in new[]
        {
            await client.PatchAsync("/api/v1/endpoint/1", Resources.Json("{\"name\":")), // malformed JSON
            await client.GetAsync("/api/v1/endpoint/abc"), // unparsable id
            await client.PostAsync("/api/v1/endpoint", Resources.Json("{\"name\":[1,2]}")), // wrong type
        })
        {
            await HttpAssert.ErrorAsync(response, 400, 1000, "BadRequest");
            HttpAssert.StandardHeaders(response);
        }
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Json_answers_are_compressed_when_the_client_asks(string encoding)
    {
        var client = await _app.OperatorAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/user");
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        await using var raw = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = encoding == "gzip"
            ? new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.BrotliStream(raw, System.IO.Compression.CompressionMode.Decompress);
        var json = await System.Text.Json.JsonDocument.ParseAsync(decoded);
        Assert.Equal(CellgateApp.AdminUsername, json.RootElement[0].GetProperty("username").GetString());

        var plain = await client.GetAsync("/api/v1/user");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Answers_that_carry_secrets_are_never_compressed()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/authenticate")
        {
            Content = Resources.Json($"{{\"application_token\":\"{CellgateApp.BootstrapToken}\"}}"),
        };
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var auth = await _app.CreateClient().SendAsync(request);
        await HttpAssert.JsonAsync(auth);
        Assert.Empty(auth.Content.Headers.ContentEncoding);

        var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/application_token") { Content = Resources.Json("{\"description\":\"x\"}") };
        create.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var created = await (await _app.OperatorAsync()).SendAsync(create);
        Assert.True(created.IsSuccessStatusCode);
        Assert.Empty(created.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_preflight_is_answered_without_a_token()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/endpoint");
        request.Headers.Add("Origin", "https://portal.example");
        request.Headers.Add("Access-Control-Request-Method", "PATCH");
        var response = await _app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task An_unhandled_failure_is_a_500_json_body_without_internals()
    {
        var op = await _app.OperatorAsync();
        await using (var connection = await TestDatabase.OpenAsync(_app.Directory))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE organisations RENAME TO organisations_gone;";
            await command.ExecuteNonQueryAsync();
        }
        var response = await op.GetAsync("/api/v1/organisation");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("InternalServerError", body.GetProperty("error_token").GetString());
        Assert.DoesNotContain("organisations", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Health_endpoints_the_reference_and_the_portal_page_answer_without_a_token_and_api_routes_do_not()
    {
        var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode); // the portal's page: no data in it (docs/portal.md)
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/doc/index.html")).StatusCode);
        foreach (var path in new[] { "/api/v1/user", "/api/v1/organisation/my", "/api/v1/application_token", "/api/simulator/stats" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        // Paths that do not exist are 404 without a token too (issue 8); FirstRunTests covers them.
    }
}
