using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cellgate.Server.Tests.Support;
using Json.Schema;
using Xunit.Abstractions;

namespace Cellgate.Server.Tests;

/// <summary>
/// Every operation that Cellgate and EMnify's published document both have is called against the demo data, and its
/// body is validated against EMnify's schema for the status it answered. What does not validate must be listed in
/// <see cref="KnownMismatches"/> with a reason; an entry that no longer occurs fails the test too, so the list stays
/// the one true account of where Cellgate and EMnify's document differ.
/// </summary>
public sealed partial class EmnifySchemaTests(ITestOutputHelper output) : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Demo:Enabled", "true");
    public void Dispose() => _app.Dispose();

    /// <summary>
    /// Known differences, keyed <c>operationId instance-location keyword</c> (array indices as <c>*</c>). "Recorded"
    /// reasons mean a recorded EMnify response (reference/examples) contradicts EMnify's document, and recordings
    /// win. A difference Cellgate should fix is fixed, not listed.
    /// </summary>
    private static readonly Dictionary<string, string> KnownMismatches = new()
    {
        ["endpoint-by-id-get /imei type"] = "Recorded (examples/endpoint-get.json, endpoint-list-*.json): imei is null until the device reports one",
        ["endpoint-sms-by-endpoint-id-and-sms-id-get /dcs type"] = "Recorded (examples/sms-list.json): EMnify sends dcs, pid and retry_count as strings; the document says integer",
        ["endpoint-sms-by-endpoint-id-and-sms-id-get /pid type"] = "Recorded (examples/sms-list.json): EMnify sends dcs, pid and retry_count as strings; the document says integer",
        ["endpoint-sms-by-endpoint-id-and-sms-id-get /retry_count type"] = "Recorded (examples/sms-list.json): EMnify sends dcs, pid and retry_count as strings; the document says integer",
        ["endpoint-sms-by-endpoint-id-and-sms-id-get /gsm_map_error type"] = "Recorded (examples/sms-list.json): null until a network element reports it; the document says string",
        ["endpoint-sms-by-endpoint-id-and-sms-id-get /msc type"] = "Recorded (examples/sms-list.json): null until a network element reports it; the document says string",
        ["endpoint-sms-by-id-get /*/dcs type"] = "Recorded (examples/sms-list.json): EMnify sends dcs, pid and retry_count as strings; the document says integer",
        ["endpoint-sms-by-id-get /*/pid type"] = "Recorded (examples/sms-list.json): EMnify sends dcs, pid and retry_count as strings; the document says integer",
        ["endpoint-sms-by-id-get /*/retry_count type"] = "Recorded (examples/sms-list.json): EMnify sends dcs, pid and retry_count as strings; the document says integer",
        ["endpoint-sms-by-id-get /*/msc type"] = "Recorded (examples/sms-list.json): null until a network element reports it; the document says string",
        ["list-data-streamer-v-2-s / type"] = "Document: the list's 200 schema is one data stream object (its description says \"List of data stream\"); Cellgate answers an array of them, as every EMnify list does",
        ["get-connectivity-info-by-endpoint-id / oneOf"] = "EMnify's document: the three variants of connectivity_info have no required properties, so every body (theirs too) matches more than one; ours is the first (success) or the third (error) variant",
        ["endpoint-quota-data-by-endpoint-id-get /status/id enum"] = "EMnify's document: only the data quota fragment types these ids as strings (\"1\"); the SMS quota of reference §7.3 and every other id object of the API send numbers, and so does Cellgate",
        ["endpoint-quota-data-by-endpoint-id-get /status/id type"] = "EMnify's document: only the data quota fragment types these ids as strings (\"1\"); the SMS quota of reference §7.3 and every other id object of the API send numbers, and so does Cellgate",
        ["endpoint-quota-data-by-endpoint-id-get /action_on_exhaustion/id enum"] = "EMnify's document: only the data quota fragment types these ids as strings (\"1\"); the SMS quota of reference §7.3 and every other id object of the API send numbers, and so does Cellgate",
        ["endpoint-quota-data-by-endpoint-id-get /action_on_exhaustion/id type"] = "EMnify's document: only the data quota fragment types these ids as strings (\"1\"); the SMS quota of reference §7.3 and every other id object of the API send numbers, and so does Cellgate",
        ["operator-get /*/country/country_code type"] = "Recorded (examples/operator-blacklist.json): an operator's country has country_code and mcc as strings; the document says integer",
        ["operator-get /*/country/mcc type"] = "Recorded (examples/operator-blacklist.json): an operator's country has country_code and mcc as strings; the document says integer",
    };

    /// <summary>
    /// Writes and error answers worth checking: the route's template, the request, and the status it must answer
    /// (errors are validated against EMnify's schema for that status too).
    /// </summary>
    private static readonly (string Method, string Path, string? Url, object? Body, int Status)[] Requests =
    [
        ("POST", "/api/v1/authenticate", null, new { application_token = CellgateApp.BootstrapToken }, 200),
        ("POST", "/api/v1/authenticate", null, new { username = CellgateApp.AdminUsername, password = "0000000000000000000000000000000000000000" }, 401),
        ("POST", "/api/v1/application_token", null, new { description = "contract test" }, 200),
        ("POST", "/api/v1/ip_address_space", null, new { ip_address_space = "10.200.0.0/24", ip_address_version = 4 }, 201),
        ("POST", "/api/v1/ip_address_space", null, new { ip_address_space = "10.200.0.0/24", ip_address_version = 4 }, 409),
        ("POST", "/api/v1/endpoint", null, new { name = "bad status", status = new { id = 99 }, service_profile = new { id = 1 }, tariff_profile = new { id = 1 } }, 422),
        ("PATCH", "/api/v1/sim_batch/bic/{bic}", null, new { sim_status = new { id = 1 } }, 200),
        ("GET", "/api/v1/sim_batch/bic/{bic}", "/api/v1/sim_batch/bic/NO-SUCH-BATCH", null, 404),
        ("PUT", "/api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}", "/api/v1/service_profile/1/service/2/traffic_limit/1", null, 200),
        ("PUT", "/api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}", "/api/v1/service_profile/1/service/2/traffic_limit/99", null, 404),
        ("DELETE", "/api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}", "/api/v1/service_profile/1/service/2/traffic_limit/1", null, 200),
        ("PUT", "/api/v1/organisation/{id}/inclusive_volume/{inclusive_volume_id}", "/api/v1/organisation/1/inclusive_volume/1", new { pooled = false }, 201),
        ("PUT", "/api/v1/tariff_profile/{id}/inclusive_volume/{inclusive_volume_id}", "/api/v1/tariff_profile/1/inclusive_volume/1", null, 204),
        ("PUT", "/api/v1/tariff_profile/{id}/inclusive_volume/{inclusive_volume_id}", "/api/v1/tariff_profile/1/inclusive_volume/99", null, 404),
        ("POST", "/api/v2/data_stream", null, new { destination = new { connection_type = "AwsKinesis", credentials = new { region = "eu-west-1", stream_name = "s", role_arn = "arn:aws:iam::1:role/x" } } }, 422),
    ];

    [GeneratedRegex(@"/\d+(?=/|$)")]
    private static partial Regex ArrayIndex();

    [Fact]
    public async Task Shared_operations_answer_bodies_that_emnifys_schemas_accept_apart_from_the_listed_differences()
    {
        var op = await _app.OperatorAsync();
        await SeedAsync(op);
        var document = JsonNode.Parse(await op.GetStringAsync("/api/openapi.json"))!.AsObject();
        var emnify = EmnifySpec.Operations.ToDictionary(o => o.Key);

        var calls = new List<(string Method, string Url, object? Body, int Expected, EmnifyOperation Theirs, JsonObject Ours)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, ours) in item!.AsObject())
            {
                if (!emnify.TryGetValue(EmnifySpec.Key(method, path), out var theirs)) continue;
                if (method == "get")
                    calls.Add(("GET", Sample(path), null, 200, theirs, ours!.AsObject()));
                foreach (var r in Requests.Where(r => r.Method == method.ToUpperInvariant() && r.Path == path))
                    calls.Add((r.Method, r.Url ?? Sample(path), r.Body, r.Status, theirs, ours!.AsObject()));
            }
        Assert.All(Requests, r => Assert.Contains(calls, c => c.Method == r.Method && c.Expected == r.Status && c.Body == r.Body));
        Assert.True(calls.Count(c => c.Method == "GET") >= 25, $"only {calls.Count} shared GET operations found");

        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (method, url, body, expected, theirs, ours) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await op.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status != expected)
            {
                problems.Add($"{method} {url} ({theirs.OperationId}) answered {status}, expected {expected}: {text}");
                continue;
            }
            if (method == "GET" && response.Headers.Contains("X-Total-Count") && ours["responses"]?["200"]?["headers"]?["X-Total-Count"] is null)
                problems.Add($"{method} {url} sends paging headers that the document does not list: add .WithPaging() to the route");
            var schema = EmnifySpec.ResponseSchema(theirs, status);
            output.WriteLine($"{method} {url} ({theirs.OperationId}) → {status}, {(schema is null || text.Length == 0 ? "no body or no schema to check" : "checked")}");
            if (schema is null || text.Length == 0) continue;
            var results = schema.Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (results.IsValid) continue;
            foreach (var detail in results.Details.Where(d => d.Errors is { Count: > 0 }))
                foreach (var (keyword, message) in detail.Errors!)
                {
                    var where = ArrayIndex().Replace(detail.InstanceLocation.ToString(), "/*");
                    found.TryAdd($"{theirs.OperationId}{(status >= 400 ? $" {status}" : "")} {(where.Length == 0 ? "/" : where)} {keyword}", $"{message} ({detail.EvaluationPath})");
                }
        }

        var report = new StringBuilder();
        foreach (var (key, message) in found)
            report.AppendLine($"{(KnownMismatches.ContainsKey(key) ? "known" : "NEW  ")} {key}: {message}");
        output.WriteLine(report.ToString());

        var unexpected = found.Keys.Where(k => !KnownMismatches.ContainsKey(k)).ToList();
        var stale = KnownMismatches.Keys.Where(k => !found.ContainsKey(k)).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(unexpected.Count == 0, "Bodies that EMnify's schemas reject (fix them, or list them in KnownMismatches with a reason):\n"
            + string.Join('\n', unexpected.Select(k => $"  {k}: {found[k]}")));
        Assert.True(stale.Count == 0, "Listed differences that no longer occur; remove them from KnownMismatches:\n  " + string.Join("\n  ", stale));
        Assert.All(KnownMismatches.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }

    /// <summary>Cellgate's own document says what its wire does: every GET's body validates against Cellgate's schema for it.</summary>
    [Fact]
    public async Task Every_get_answers_a_body_that_cellgates_own_document_describes()
    {
        var op = await _app.OperatorAsync();
        await SeedAsync(op);
        var document = JsonNode.Parse(await op.GetStringAsync("/api/openapi.json"))!.AsObject();
        var problems = new List<string>();
        var checkedCount = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is not JsonObject get || !path.StartsWith("/api/", StringComparison.Ordinal)) continue;
            if (get["responses"]?["200"]?["content"]?["text/event-stream"] is not null) continue; // a stream that stays open: LiveTests
            var url = Sample(path);
            using var response = await op.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            var schema = EmnifySpec.ResponseSchema(document, get, (int)response.StatusCode);
            if (schema is null)
            {
                problems.Add($"GET {url} answered {(int)response.StatusCode}, which the document does not describe");
                continue;
            }
            checkedCount++;
            var results = schema.Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!results.IsValid)
                problems.AddRange(Failures(results).Select(f => $"GET {url} {f}"));
        }
        Assert.True(checkedCount >= 30, $"only {checkedCount} GET operations checked");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// The errors that made an evaluation fail, leaving out those of <c>anyOf</c>/<c>oneOf</c> branches that another
    /// branch made good (the list output reports every branch; the node of the schema holding the <c>anyOf</c> says whether one passed).
    /// </summary>
    private static IEnumerable<string> Failures(EvaluationResults results)
    {
        var passed = results.Details.Where(d => d.IsValid).Select(d => d.EvaluationPath.ToString() + "|" + d.InstanceLocation).ToHashSet();
        foreach (var d in results.Details.Where(d => !d.IsValid && d.Errors is { Count: > 0 }))
        {
            var path = d.EvaluationPath.ToString();
            var redeemed = false;
            for (var i = path.LastIndexOf("/anyOf/", StringComparison.Ordinal); i >= 0 && !redeemed;
                 i = i == 0 ? -1 : path.LastIndexOf("/anyOf/", i - 1, StringComparison.Ordinal))
                redeemed = passed.Contains(path[..i] + "|" + d.InstanceLocation);
            if (!redeemed)
                foreach (var (keyword, message) in d.Errors!)
                    yield return $"{d.InstanceLocation} {keyword}: {message} ({path})";
        }
    }

    /// <summary>Data the demo set lacks: an SMS, an SMS quota, a batch waiting to be registered.</summary>
    private static async Task SeedAsync(HttpClient op)
    {
        var sent = await op.PostAsJsonAsync("/api/v1/endpoint/1/sms", new { payload = "contract", source_address = "Cellgate" });
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        var quota = await op.PostAsJsonAsync("/api/v1/endpoint/1/quota/sms",
            new { status = new { id = 1 }, volume = 10, expiry_date = "2030-01-01T00:00:00.000+0000", threshold_percentage = 80 });
        Assert.True(quota.IsSuccessStatusCode, await quota.Content.ReadAsStringAsync());
        var dataQuota = await op.PostAsJsonAsync("/api/v1/endpoint/1/quota/data",
            new { status = new { id = 1 }, volume = 100, expiry_date = "2030-01-01 00:00:00", threshold_percentage = 20, action_on_exhaustion = new { id = 1 } });
        Assert.True(dataQuota.IsSuccessStatusCode, await dataQuota.Content.ReadAsStringAsync());
        // A data session with usage, so connectivity, statistics and tags have content to check.
        Assert.True((await op.PostAsJsonAsync("/api/simulator/devices/1/session", new { apn = "em" })).IsSuccessStatusCode);
        Assert.True((await op.PostAsJsonAsync("/api/simulator/devices/1/consume", new { megabytes = 2 })).IsSuccessStatusCode);
        var tag = await op.PostAsJsonAsync("/api/v2/tags", new { name = "contract" });
        Assert.True(tag.IsSuccessStatusCode, await tag.Content.ReadAsStringAsync());
        Assert.True((await op.PostAsJsonAsync("/api/v2/endpoint/1/tags", new { id = 1 })).IsSuccessStatusCode);
        var volume = await op.PutAsync("/api/v1/organisation/my/inclusive_volume/2", null);
        Assert.True(volume.IsSuccessStatusCode, await volume.Content.ReadAsStringAsync());
        var batch = await op.PostAsJsonAsync("/api/v1/admin/sim_batch", new
        {
            bic = "CONTRACT-BATCH",
            sims = new[] { new { iccid = "8999911000000000001", imsi = "001019900000001", msisdn = "999019900000001" } },
        });
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        // The demo's own callback and secret exist only when the server knows its address (tests listen on port 0).
        if ((await op.GetAsync("/api/v1/api_callback/1")).StatusCode == HttpStatusCode.NotFound)
        {
            Assert.True((await op.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.com/contract-hook" })).IsSuccessStatusCode);
            Assert.True((await op.PostAsJsonAsync("/api/v1/api_secret", new { secret = "contract-test-secret" })).IsSuccessStatusCode);
        }
        var stream = await op.PostAsJsonAsync("/api/v2/data_stream", DataStreamTests.RestApi("https://example.com/contract", headers: ["X-Key:secret"], paused: true));
        Assert.True(stream.IsSuccessStatusCode, await stream.Content.ReadAsStringAsync());
    }

    /// <summary>A concrete URL for a path template: each parameter gets a demo object's id, chosen by the word before it.</summary>
    private static string Sample(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
            if (segments[i].StartsWith('{'))
                segments[i] = segments[i - 1] switch
                {
                    "bic" => "CONTRACT-BATCH",
                    "sms" => "1",
                    _ => "1",
                };
        return string.Join('/', segments);
    }
}
