using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 7 "Done when": a malformed-input corpus sent to every operation of /api/openapi.json (so operations added later
/// are covered the day they appear). No answer is a 5xx; every error is a JSON body; every answer has the standard headers.
/// </summary>
public sealed class MalformedInputCorpusTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Auth:RateLimitPermits", "1000000");
    public void Dispose() => _app.Dispose();

    /// <summary>Path ids that are not canonical integers (or not integers, or too large for one).</summary>
    private static readonly string[] BadIds = ["%201%20", "+1", "01", "-0", "1.5", "1e3", "abc", "99999999999999999999", "%E2%82%AC"]; // %00 is refused by Kestrel before the application (400)

    /// <summary>Whole bodies: not JSON, not an object, null, too deep, numbers out of range.</summary>
    private static readonly (string Name, byte[] Bytes, string ContentType)[] BadBodies =
    [
        ("truncated JSON", "{\"name\":"u8.ToArray(), "application/json"),
        ("not JSON", "name=x"u8.ToArray(), "application/json"),
        ("empty", [], "application/json"),
        ("null", "null"u8.ToArray(), "application/json"),
        ("array", "[]"u8.ToArray(), "application/json"),
        ("string", "\"x\""u8.ToArray(), "application/json"),
        ("number", "1e400"u8.ToArray(), "application/json"),
        ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "application/json"),
        ("duplicate keys", "{\"id\":1,\"id\":\"x\"}"u8.ToArray(), "application/json"),
        ("invalid UTF-8", [.. "{\"x\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json"),
        ("unknown charset", "{}"u8.ToArray(), "application/json; charset=x-unknown"),
        ("latin-1 charset", "{}"u8.ToArray(), "application/json; charset=iso-8859-1"),
        ("form content type", "a=b"u8.ToArray(), "application/x-www-form-urlencoded"),
        ("text content type", "{}"u8.ToArray(), "text/plain"),
    ];

    /// <summary>Wrong-typed and out-of-range values, sent in turn as each property of the operation's request schema.</summary>
    private static readonly string[] BadValues =
    [
        "true", "\"x\"", "99999999999999999999999", "-1", "1.5", "1e400", "{}", "[]", "null", "{\"id\":\"x\"}", "{\"id\":1e30}",
        "[{\"id\":null}]", "\"9999-12-31T23:59:59Z\"", "\"" + new string('x', 5000) + "\"",
    ];

    /// <summary>Query strings of lists: paging out of range, sort and q nonsense.</summary>
    private static readonly string[] BadQueries =
    [
        "page=abc", "page=-1", "page=99999999999999999999", "per_page=0", "per_page=99999999999", "sort=-", "sort=nope,-nope",
        "q=:", "q=created:9999-12-31", "q=last_updated:0001-01-01", "q=" + string.Join(",", Enumerable.Repeat("name:a", 600)),
    ];

    /// <summary>Errors answered with an empty body on purpose, as the recorded EMnify answer is (METHOD path status).</summary>
    private static readonly HashSet<string> EmptyBodyErrors =
    [
        "PATCH /api/v1/sim_batch/bic/{bic} 422", // examples/sim-batch-register.json
    ];

    private sealed record Operation(string Method, string PathTemplate, IReadOnlyList<string> PathParameters, IReadOnlyList<string> Properties, bool HasBody);

    [Fact]
    public async Task No_malformed_request_to_any_operation_gets_a_5xx_and_every_error_is_json_with_the_standard_headers()
    {
        var client = await CorpusClientAsync();
        var document = await client.GetJsonAsync("/api/openapi.json");
        var operations = Operations(document);
        Assert.True(operations.Count > 40, $"only {operations.Count} operations in the document");

        var failures = new List<string>();
        var sent = 0;
        foreach (var op in operations)
        {
            foreach (var (name, request) in Corpus(op))
            {
                sent++;
                // Headers first: a stream that stays open (GET /api/v1/live, text/event-stream) is judged by its headers.
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var problem = EmptyBodyErrors.Contains($"{op.Method} {op.PathTemplate} {(int)response.StatusCode}") && (int)response.StatusCode < 500
                    ? null : await ProblemAsync(response);
                if (problem is not null) failures.Add($"{op.Method} {op.PathTemplate} [{name}]: {problem}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} malformed requests were mishandled:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>An admin that is not user 1 (so the corpus may suspend, demote or delete user 1 without losing its own rights).</summary>
    private async Task<HttpClient> CorpusClientAsync()
    {
        var op = await _app.OperatorAsync();
        var world = await SmsWorld.CreateAsync(_app, op);
        var device = await world.DeviceAsync();
        await world.SendOkAsync(device, new { payload = "hello", source_address = "1234" });
        await Resources.CreatedAsync(op.PostAsJsonAsync("/api/v1/user", new
        {
            username = "corpus@example.com", name = "Corpus", password = Secrets.Sha1Hex("corpus password"), roles = new[] { new { id = 1 } },
        }));
        var (token, _) = await _app.LoginAsync("corpus@example.com", "corpus password");
        return _app.ClientWithToken(token);
    }

    private static List<Operation> Operations(JsonElement document)
    {
        var list = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is not ("get" or "post" or "put" or "patch" or "delete")) continue;
                var parameters = path.Name.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
                var properties = new List<string>();
                var hasBody = method.Value.TryGetProperty("requestBody", out var body);
                if (hasBody && body.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema))
                    properties.AddRange(PropertiesOf(document, schema));
                list.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, parameters, properties, hasBody || method.Name is "post" or "put" or "patch"));
            }
        }
        return list;
    }

    private static IEnumerable<string> PropertiesOf(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/')) schema = schema.GetProperty(part);
        }
        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    private static IEnumerable<(string Name, HttpRequestMessage Request)> Corpus(Operation op)
    {
        string Path(string? badParameter, string badValue) =>
            op.PathParameters.Aggregate(op.PathTemplate, (path, p) => path.Replace("{" + p + "}", p == badParameter ? badValue : "1"));

        HttpContent ValidBody() => Resources.Json("{}");

        foreach (var parameter in op.PathParameters)
        {
            foreach (var id in BadIds)
            {
                var request = new HttpRequestMessage(new HttpMethod(op.Method), Path(parameter, id));
                if (op.HasBody) request.Content = ValidBody();
                yield return ($"{parameter}={id}", request);
            }
        }
        if (op.Method == "GET")
        {
            foreach (var query in BadQueries)
                yield return (query.Length > 30 ? query[..30] + "…" : query, new HttpRequestMessage(HttpMethod.Get, Path(null, "") + "?" + query));
        }
        if (!op.HasBody) yield break;
        foreach (var (name, bytes, contentType) in BadBodies)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            yield return (name, new HttpRequestMessage(new HttpMethod(op.Method), Path(null, "")) { Content = content });
        }
        foreach (var property in op.Properties)
        {
            foreach (var value in BadValues)
            {
                var request = new HttpRequestMessage(new HttpMethod(op.Method), Path(null, ""))
                {
                    Content = Resources.Json($"{{\"{property}\":{value}}}"),
                };
                yield return ($"{property}={(value.Length > 30 ? value[..30] + "…" : value)}", request);
            }
        }
    }

    /// <summary>What is wrong with an answer to a malformed request, or null.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = status < 400 && response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        if (status >= 500) return $"{status}: {Shorten(text)}";
        try
        {
            HttpAssert.StandardHeaders(response);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return e.Message.Split('\n')[0];
        }
        if (status < 400) return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/json") return $"{status} with Content-Type {response.Content.Headers.ContentType}: {Shorten(text)}";
        try
        {
            var json = JsonDocument.Parse(text).RootElement;
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("message", out _)) return $"{status} without an error body: {Shorten(text)}";
            if (status != 401 && !json.TryGetProperty("error_code", out _)) return $"{status} without error_code: {Shorten(text)}";
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {Shorten(text)}";
        }
        return null;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
