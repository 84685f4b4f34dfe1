using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>EMnify's <c>/api/v2/data_stream</c>: configuration, validation and status (issue 10).</summary>
public sealed class DataStreamTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    /// <summary>A create body. Streams to addresses other than the loopback receiver are created <paramref name="paused"/>: tests send nothing off the machine.</summary>
    internal static object RestApi(string url, int? size = null, string? method = null, string[]? headers = null, object[]? filters = null, string? name = "events",
        bool paused = false) => new
    {
        name,
        status = new { id = paused ? 2 : 1 },
        data_stream_type = new { id = 2 },
        destination = new { connection_type = "RestAPI", credentials = new { url, method, headers, size } },
        filters,
    };

    internal static async Task<long> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v2/data_stream", body);
        var json = await HttpAssert.JsonAsync(response, 201);
        var id = Resources.IdFromLocation(response);
        Assert.Equal(id, json.GetProperty("id").GetInt64());
        return id;
    }

    [Fact]
    public async Task A_created_stream_reads_back_with_its_destination_filters_and_masked_headers()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v2/data_stream", RestApi("https://example.com/hook", size: 50, method: "put",
            headers: ["X-Api-Key: s3cret-value", "X-Tenant:acme"],
            filters: [new { field = "event_type_id", value = new[] { "8", "1000" } }, new { field = "alert", value = new[] { "false" } }]));
        var created = await HttpAssert.JsonAsync(response, 201);
        Assert.EndsWith($"/api/v2/data_stream/{created.GetProperty("id").GetInt64()}", response.Headers.Location!.ToString());
        Assert.DoesNotContain("s3cret-value", created.GetRawText());

        var got = await op.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal("events", got.GetProperty("name").GetString());
        Assert.Equal(1, got.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("Running", got.GetProperty("status").GetProperty("description").GetString());
        Assert.Equal(2, got.GetProperty("data_stream_type").GetProperty("id").GetInt32());
        var destination = got.GetProperty("destination");
        Assert.Equal("RestAPI", destination.GetProperty("connection_type").GetString());
        var credentials = destination.GetProperty("credentials");
        Assert.Equal("https://example.com/hook", credentials.GetProperty("url").GetString());
        Assert.Equal("PUT", credentials.GetProperty("method").GetString());
        Assert.Equal(50, credentials.GetProperty("size").GetInt32());
        Assert.Equal(["X-Api-Key:*****", "X-Tenant:*****"], credentials.GetProperty("headers").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("""[{"field":"event_type_id","value":["8","1000"]},{"field":"alert","value":["false"]}]""", got.GetProperty("filters").GetRawText());
        Assert.DoesNotContain("s3cret-value", (await op.GetStringAsync("/api/v2/data_stream")));
        Assert.Single((await op.GetJsonAsync("/api/v2/data_stream")).EnumerateArray());
    }

    [Fact]
    public async Task Defaults_are_POST_and_batches_of_3000_as_emnify_documents()
    {
        var op = await _app.OperatorAsync();
        var id = await CreateAsync(op, RestApi("https://example.com/hook", name: null));
        var credentials = (await op.GetJsonAsync($"/api/v2/data_stream/{id}")).GetProperty("destination").GetProperty("credentials");
        Assert.Equal("POST", credentials.GetProperty("method").GetString());
        Assert.Equal(3000, credentials.GetProperty("size").GetInt32());
        Assert.Equal(0, credentials.GetProperty("headers").GetArrayLength());
    }

    [Theory]
    [InlineData("AwsKinesis")]
    [InlineData("S3")]
    [InlineData("Datadog")]
    [InlineData("PubSub")]
    public async Task Other_connection_types_are_refused_naming_the_supported_one(string type)
    {
        var op = await _app.OperatorAsync();
        var error = await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/data_stream", new
        {
            data_stream_type = new { id = 2 },
            destination = new { connection_type = type, credentials = new { region = "eu-west-1", stream_name = "s", role_arn = "arn:aws:iam::1:role/x" } },
        }), 422, 1406, "NotAllowed");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(type, message);
        Assert.Contains("RestAPI", message);
        Assert.Empty((await op.GetJsonAsync("/api/v2/data_stream")).EnumerateArray());
    }

    [Fact]
    public async Task Usage_streams_are_refused_naming_event_streams()
    {
        var op = await _app.OperatorAsync();
        var body = JsonSerializer.SerializeToNode(RestApi("https://example.com/hook"))!.AsObject();
        body["data_stream_type"] = new System.Text.Json.Nodes.JsonObject { ["id"] = 1 };
        var error = await HttpAssert.ErrorAsync(await op.PostAsync("/api/v2/data_stream", Resources.Json(body.ToJsonString())), 422, 1406, "NotAllowed");
        Assert.Contains("Event", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"ftp://example.com/x"}}}""", "url")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://user:pw@example.com/x"}}}""", "url")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{}}}""", "url")]
    [InlineData("""{"destination":{"connection_type":"RestAPI"}}""", "url")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","method":"GET"}}}""", "method")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","size":0}}}""", "size")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","size":10001}}}""", "size")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","headers":["no colon"]}}}""", "headers")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","headers":["Host:evil"]}}}""", "headers")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","headers":["X-A:1\r\nX-B:2"]}}}""", "headers")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","headers":"X-A:1"}}}""", "headers")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com"}},"filters":[{"field":"imsi","value":["1"]}]}""", "filters")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com"}},"filters":[{"field":"event_type_id","value":["x"]}]}""", "filters")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com"}},"filters":[{"field":"alert","value":["maybe"]}]}""", "filters")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com"}},"filters":{"field":"alert"}}""", "filters")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com"}},"status":{"id":3}}""", "status")]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com"}},"data_stream_type":{"id":7}}""", "data_stream_type")]
    [InlineData("""{"destination":{"credentials":{"url":"https://example.com"}}}""", "connection_type")]
    [InlineData("""{}""", "destination")]
    public async Task Malformed_configuration_is_a_422_naming_the_field(string body, string field)
    {
        var op = await _app.OperatorAsync();
        var error = await HttpAssert.ErrorAsync(await op.PostAsync("/api/v2/data_stream", Resources.Json(body)), 422, 1400, "InputValidationFailed");
        Assert.Contains(error.GetProperty("errors").EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains(field));
    }

    [Theory]
    [InlineData("""{"destination":{"connection_type":"RestAPI","credentials":{"url":"https://example.com","size":"ten"}}}""")]
    [InlineData("""{"destination":"RestAPI"}""")]
    [InlineData("""{"name":5}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"name":""")]
    public async Task Bodies_of_the_wrong_shape_are_a_4xx(string body)
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsync("/api/v2/data_stream", Resources.Json(body));
        Assert.InRange((int)response.StatusCode, 400, 422);
        await HttpAssert.ErrorAsync(response, (int)response.StatusCode, (int)response.StatusCode == 400 ? 1000 : 1400,
            (int)response.StatusCode == 400 ? "BadRequest" : "InputValidationFailed");
    }

    [Fact]
    public async Task Patch_changes_what_it_names_pauses_and_keeps_a_header_sent_back_masked()
    {
        var op = await _app.OperatorAsync();
        var id = await CreateAsync(op, RestApi("https://example.com/a", headers: ["X-Api-Key:s3cret", "X-Other:1"]));
        var masked = (await op.GetJsonAsync($"/api/v2/data_stream/{id}")).GetProperty("destination").GetProperty("credentials").GetProperty("headers");
        var response = await op.PatchJsonAsync($"/api/v2/data_stream/{id}", JsonSerializer.Serialize(new
        {
            name = "renamed",
            status = new { id = 2 },
            destination = new { credentials = new { url = "https://example.com/b", headers = new[] { masked[0].GetString(), "X-New:2" }, size = 1 } },
            filters = new[] { new { field = "alert", value = new[] { true } } },
        }));
        Assert.Equal(202, (int)response.StatusCode);

        var got = await op.GetJsonAsync($"/api/v2/data_stream/{id}");
        Assert.Equal("renamed", got.GetProperty("name").GetString());
        Assert.Equal("Paused", got.GetProperty("status").GetProperty("description").GetString());
        var credentials = got.GetProperty("destination").GetProperty("credentials");
        Assert.Equal("https://example.com/b", credentials.GetProperty("url").GetString());
        Assert.Equal(1, credentials.GetProperty("size").GetInt32());
        Assert.Equal("""[{"field":"alert","value":["true"]}]""", got.GetProperty("filters").GetRawText());

        using var scope = _app.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().DataStreams.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.Equal("""["X-Api-Key:s3cret","X-New:2"]""", stored.Headers);

        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v2/data_stream/{id}", """{"status":{"id":4}}"""), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v2/data_stream/{id}", """{"destination":{"connection_type":"S3"}}"""), 422, 1406, "NotAllowed");
    }

    [Fact]
    public async Task Restart_runs_a_paused_stream_again_and_delete_removes_it()
    {
        var op = await _app.OperatorAsync();
        var id = await CreateAsync(op, RestApi("https://example.com/a"));
        Assert.Equal(202, (int)(await op.PatchJsonAsync($"/api/v2/data_stream/{id}", """{"status":{"id":2}}""")).StatusCode);
        Assert.Equal(202, (int)(await op.PostAsync($"/api/v2/data_stream/{id}/restart", null)).StatusCode);
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v2/data_stream/{id}")).GetProperty("status").GetProperty("id").GetInt32());

        Assert.Equal(202, (int)(await op.DeleteAsync($"/api/v2/data_stream/{id}")).StatusCode);
        await HttpAssert.ErrorAsync(await op.GetAsync($"/api/v2/data_stream/{id}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v2/data_stream/{id}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await op.PostAsync($"/api/v2/data_stream/{id}/restart", null), 404, 1401, "InvalidReference");
    }

    [Fact]
    public async Task The_lookups_are_emnifys_types_statuses_and_filter_fields()
    {
        var op = await _app.OperatorAsync();
        Assert.Equal("""[{"id":1,"description":"Usage"},{"id":2,"description":"Event"}]""", (await op.GetJsonAsync("/api/v2/data_stream/type")).GetRawText());
        Assert.Equal("""[{"id":1,"description":"Running"},{"id":2,"description":"Paused"},{"id":3,"description":"Error"},{"id":4,"description":"Pending"}]""",
            (await op.GetJsonAsync("/api/v2/data_stream/status")).GetRawText());
        Assert.Equal("""[{"id":1,"description":"event_type_id"},{"id":2,"description":"alert"}]""", (await op.GetJsonAsync("/api/v2/data_stream/filter_field_type")).GetRawText());
    }

    [Fact]
    public async Task Another_organisations_stream_is_not_found_and_not_listed()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        var id = await CreateAsync(op, RestApi("https://example.com/a", name: "operator-only"));
        Assert.Empty((await customer.GetJsonAsync("/api/v2/data_stream")).EnumerateArray());
        await HttpAssert.ErrorAsync(await customer.GetAsync($"/api/v2/data_stream/{id}"), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PatchJsonAsync($"/api/v2/data_stream/{id}", """{"name":"stolen"}"""), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.PostAsync($"/api/v2/data_stream/{id}/restart", null), 404, 1401, "InvalidReference");
        await HttpAssert.ErrorAsync(await customer.DeleteAsync($"/api/v2/data_stream/{id}"), 404, 1401, "InvalidReference");
        Assert.Equal("operator-only", (await op.GetJsonAsync($"/api/v2/data_stream/{id}")).GetProperty("name").GetString());
    }
}
