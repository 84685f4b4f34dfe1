using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cellgate.Server.Tests.Support;

/// <summary>One organisation's basics, as most resource tests need them.</summary>
public sealed record OrgSetup(long ServiceProfileId, long TariffProfileId, long IpAddressSpaceId);

public sealed record ImportedSim(long Id, string Iccid);

/// <summary>Creates profiles, IP spaces, SIMs and endpoints through the API, as a client would.</summary>
public static class Resources
{
    private static int _serial;

    /// <summary>A fresh, valid (ICCID, IMSI, MSISDN) triple; unique within the test process.</summary>
    public static (string Iccid, string Imsi, string Msisdn) NewNumbers()
    {
        var n = Interlocked.Increment(ref _serial);
        return ("8988303" + n.ToString("D12", CultureInfo.InvariantCulture), "29505" + n.ToString("D10", CultureInfo.InvariantCulture),
            "4236639" + n.ToString("D8", CultureInfo.InvariantCulture));
    }

    public static long IdFromLocation(HttpResponseMessage response)
    {
        Assert.True(response.Headers.Location is not null, "no Location header");
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json) =>
        client.PatchAsync(url, Json(json));

    public static async Task<long> CreatedAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {text}");
        return IdFromLocation(response);
    }

    public static Task<long> ServiceProfileAsync(this HttpClient client, string name = "Service profile") =>
        CreatedAsync(client.PostAsJsonAsync("/api/v1/service_profile", new { name }));

    public static Task<long> TariffProfileAsync(this HttpClient client, string name = "Tariff profile") =>
        CreatedAsync(client.PostAsJsonAsync("/api/v1/tariff_profile", new { name }));

    public static Task<long> IpSpaceAsync(this HttpClient client, string cidr) =>
        CreatedAsync(client.PostAsJsonAsync("/api/v1/ip_address_space", new { ip_address_space = cidr, ip_address_version = 4 }));

    private static int _space;

    /// <summary>A service profile, a tariff profile and a /24 of its own.</summary>
    public static async Task<OrgSetup> SetupAsync(this HttpClient client, string? cidr = null)
    {
        cidr ??= $"10.{100 + Interlocked.Increment(ref _space) % 100}.0.0/24";
        return new OrgSetup(await client.ServiceProfileAsync(), await client.TariffProfileAsync(), await client.IpSpaceAsync(cidr));
    }

    /// <summary>Imports SIMs with the operator client; with <paramref name="customerOrg"/> they go straight into that organisation.</summary>
    public static async Task<List<ImportedSim>> ImportSimsAsync(this HttpClient operatorClient, int count, long? customerOrg)
    {
        var sims = Enumerable.Range(0, count).Select(_ => NewNumbers()).Select(n => new { iccid = n.Iccid, imsi = n.Imsi, msisdn = n.Msisdn }).ToList();
        object body = customerOrg is { } org ? new { customer_org = new { id = org }, sims } : new { sims };
        var response = await operatorClient.PostAsJsonAsync("/api/v1/admin/sim_batch", body);
        var json = await HttpAssert.JsonAsync(response, 201);
        return json.GetProperty("sim").EnumerateArray().Select(s => new ImportedSim(s.GetProperty("id").GetInt64(), s.GetProperty("iccid").GetString()!)).ToList();
    }

    /// <summary>The operator organisation's id (the operator client's own).</summary>
    public static async Task<long> OrganisationIdAsync(this HttpClient client) =>
        (await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/organisation/my"))).GetProperty("id").GetInt64();

    /// <summary>
    /// Creates an endpoint. POST requires <c>status</c>, <c>service_profile</c> and <c>tariff_profile</c>; those the
    /// body leaves out are filled in here (Enabled, the organisation's first profiles), so tests name only what they test.
    /// </summary>
    public static async Task<long> EndpointAsync(this HttpClient client, object body) =>
        await CreatedAsync(client.PostAsync("/api/v1/endpoint", Json(await WithEndpointDefaultsAsync(client, body))));

    /// <summary>POST /api/v1/endpoint with the defaults of <see cref="EndpointAsync"/>, for tests of the error answers.</summary>
    public static async Task<HttpResponseMessage> PostEndpointAsync(this HttpClient client, object body) =>
        await client.PostAsync("/api/v1/endpoint", Json(await WithEndpointDefaultsAsync(client, body)));

    /// <summary>The body as JSON, with <c>status</c>, <c>service_profile</c> and <c>tariff_profile</c> added where absent.</summary>
    public static async Task<string> WithEndpointDefaultsAsync(this HttpClient client, object body)
    {
        var json = JsonSerializer.SerializeToNode(body)!.AsObject();
        if (!json.ContainsKey("status")) json["status"] = new JsonObject { ["id"] = 0 };
        foreach (var (key, list) in new[] { ("service_profile", "/api/v1/service_profile"), ("tariff_profile", "/api/v1/tariff_profile") })
        {
            if (json.ContainsKey(key)) continue;
            var profiles = await client.GetJsonAsync(list);
            json[key] = new JsonObject { ["id"] = profiles.EnumerateArray().Min(p => p.GetProperty("id").GetInt64()) };
        }
        return json.ToJsonString();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await HttpAssert.JsonAsync(await client.GetAsync(url));

    public static async Task NoContentAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"expected 204, got {(int)response.StatusCode}: {text}");
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no {name} header");
}

/// <summary>Compares our JSON with a recorded EMnify response: same keys, same JSON kinds (a null on either side matches anything).</summary>
public static class WireShape
{
    public static JsonElement Fixture(string file, params object[] path)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emnify", file))).RootElement;
        foreach (var step in path)
            doc = step is int i ? doc[i] : doc.GetProperty((string)step);
        return doc;
    }

    /// <param name="omitted">Paths (like <c>customer_org.country</c>) the recording has and Cellgate leaves out on purpose.</param>
    /// <param name="added">Paths Cellgate adds to the recording's key set.</param>
    public static void AssertSame(JsonElement recorded, JsonElement ours, string[]? omitted = null, string[]? added = null, string path = "")
    {
        omitted ??= [];
        added ??= [];
        if (recorded.ValueKind == JsonValueKind.Null || ours.ValueKind == JsonValueKind.Null) return;
        var rk = Kind(recorded);
        Assert.True(rk == Kind(ours), $"{(path == "" ? "(root)" : path)}: recorded {rk}, ours {Kind(ours)} ({ours.GetRawText()})");
        if (recorded.ValueKind == JsonValueKind.Object)
        {
            var recordedKeys = recorded.EnumerateObject().Select(p => p.Name).ToHashSet();
            var ourKeys = ours.EnumerateObject().Select(p => p.Name).ToHashSet();
            foreach (var key in recordedKeys)
            {
                var p = Join(path, key);
                if (omitted.Contains(p)) continue;
                Assert.True(ourKeys.Contains(key), $"{p}: recorded, missing in ours");
                AssertSame(recorded.GetProperty(key), ours.GetProperty(key), omitted, added, p);
            }
            foreach (var key in ourKeys.Except(recordedKeys))
                Assert.True(added.Contains(Join(path, key)), $"{Join(path, key)}: in ours, not recorded");
        }
        else if (recorded.ValueKind == JsonValueKind.Array && recorded.GetArrayLength() > 0)
        {
            foreach (var item in ours.EnumerateArray()) AssertSame(recorded[0], item, omitted, added, path + "[]");
        }
    }

    /// <summary>The same JSON without formatting, to compare a recorded body with ours exactly.</summary>
    public static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var k => k.ToString().ToLowerInvariant(),
    };

    public const string CoreDate = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$";
    public const string IsoDate = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$";
}
