using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// <c>GET /api/v1/live</c> (Server-Sent Events, docs/portal.md): a stream hears the changes of its own organisation,
/// announced after they are committed, and nothing of another's; bounded, uncompressed, ends with its token.
/// </summary>
public sealed class LiveTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>One open stream, read event by event.</summary>
    private sealed class Live : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private readonly CancellationTokenSource _open = new();

        private Live(HttpResponseMessage response, Stream body)
        {
            _response = response;
            _reader = new StreamReader(body);
        }

        public static async Task<Live> OpenAsync(HttpClient client)
        {
            var response = await client.GetAsync("/api/v1/live", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var live = new Live(response, await response.Content.ReadAsStreamAsync());
            Assert.Equal("ready", (await live.NextAsync()).Kind);
            return live;
        }

        public HttpResponseMessage Response => _response;

        /// <summary>The next event (comments skipped), or a failure after the deadline.</summary>
        public async Task<(string Kind, JsonElement Data)> NextAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_open.Token);
            timeout.CancelAfter(Deadline);
            string? kind = null, data = null;
            while (true)
            {
                string? line;
                try { line = await _reader.ReadLineAsync(timeout.Token); }
                catch (OperationCanceledException) { throw new Xunit.Sdk.XunitException($"no event within {Deadline.TotalSeconds} s"); }
                if (line is null) throw new Xunit.Sdk.XunitException("the stream ended");
                if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                else if (line.Length == 0 && kind is not null) return (kind, JsonDocument.Parse(data ?? "{}").RootElement.Clone());
            }
        }

        /// <summary>Reads events until one satisfies <paramref name="match"/>.</summary>
        public async Task<(string Kind, JsonElement Data)> WaitForAsync(Func<string, JsonElement, Task<bool>> match)
        {
            while (true)
            {
                var e = await NextAsync();
                if (await match(e.Kind, e.Data)) return e;
            }
        }

        public void Dispose()
        {
            _open.Cancel();
            _reader.Dispose();
            _response.Dispose();
        }
    }

    private static long? Endpoint(JsonElement data) => data.TryGetProperty("endpoint_id", out var e) ? e.GetInt64() : null;

    [Fact]
    public async Task An_SMS_delivered_after_the_handset_attaches_is_announced_once_its_status_is_committed()
    {
        var (customer, _) = await _app.CustomerAsync();
        var world = await SmsWorld.CreateAsync(_app, customer);
        var device = await world.DeviceAsync(attached: false, operatorClient: await _app.OperatorAsync());
        using var live = await Live.OpenAsync(customer);
        var sms = await world.SendOkAsync(device, new { payload = "watch me" });
        await world.WaitForStatusAsync(device, sms, 3); // BUFFERED
        // Everything announced so far is read (up to a marker), so what follows can only come from the delivery.
        Assert.True((await customer.PatchAsJsonAsync($"/api/v1/endpoint/{device}", new { name = "marker" })).IsSuccessStatusCode);
        await live.WaitForAsync((kind, data) => Task.FromResult(kind == "device" && Endpoint(data) == device));
        await world.AttachAsync(device); // the dispatcher delivers at once; only its round can announce DELIVERED

        var statusOnEvent = 0;
        await live.WaitForAsync(async (kind, data) =>
        {
            if (kind != "sms" || Endpoint(data) != device) return false;
            statusOnEvent = SmsWorld.Status(await world.SmsAsync(device, sms)); // read at once, as the portal does
            return statusOnEvent == 4;
        });
        Assert.Equal(4, statusOnEvent);
    }

    [Fact]
    public async Task A_stream_hears_its_own_organisations_changes_and_none_of_another_organisations()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        var theirs = await SmsWorld.CreateAsync(_app, customer);
        var theirDevice = await theirs.DeviceAsync(operatorClient: op);
        var ours = await SmsWorld.CreateAsync(_app, op);
        var ourDevice = await ours.DeviceAsync(name: "operator device");
        using var operatorLive = await Live.OpenAsync(op);
        using var customerLive = await Live.OpenAsync(customer);

        var sms = await theirs.SendOkAsync(theirDevice, new { payload = "private" });
        Assert.Equal(("sms", (long?)theirDevice), await customerLive.NextAsync() is var c ? (c.Kind, Endpoint(c.Data)) : default);
        await theirs.WaitForStatusAsync(theirDevice, sms, 4);
        Assert.True((await customer.PatchAsJsonAsync($"/api/v1/endpoint/{theirDevice}", new { name = "renamed" })).IsSuccessStatusCode);
        await customerLive.WaitForAsync((kind, data) => Task.FromResult(kind == "device" && Endpoint(data) == theirDevice));

        // The operator's first event is its own change: nothing of the customer's was queued before it.
        Assert.True((await op.PatchAsJsonAsync($"/api/v1/endpoint/{ourDevice}", new { name = "marker" })).IsSuccessStatusCode);
        var first = await operatorLive.NextAsync();
        Assert.Equal(("device", (long?)ourDevice), (first.Kind, Endpoint(first.Data)));

        // A refused write announces nothing: the customer addressing the operator's device gets 404.
        Assert.Equal(HttpStatusCode.NotFound, (await customer.PatchAsJsonAsync($"/api/v1/endpoint/{ourDevice}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsync($"/api/simulator/devices/{ourDevice}/detach", null)).StatusCode);
        Assert.Equal(("handset", (long?)ourDevice), await operatorLive.NextAsync() is var h ? (h.Kind, Endpoint(h.Data)) : default);
    }

    [Fact]
    public async Task Streams_beyond_the_organisations_limit_are_refused_with_429_and_Retry_After()
    {
        _app.With("Cellgate:Live:MaxConnectionsPerOrganisation", "2");
        var (customer, _) = await _app.CustomerAsync();
        var op = await _app.OperatorAsync();
        using var one = await Live.OpenAsync(customer);
        using var two = await Live.OpenAsync(customer);
        using var refused = await customer.GetAsync("/api/v1/live", HttpCompletionOption.ResponseHeadersRead);
        await HttpAssert.ErrorAsync(refused, 429, 1105, "TooManyRequests");
        Assert.NotNull(refused.Headers.RetryAfter);
        using var operators = await Live.OpenAsync(op); // another organisation's limit is its own
        two.Dispose();
        await Eventually.HoldsAsync(async () =>
        {
            using var again = await customer.GetAsync("/api/v1/live", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, "a closed stream's place was not given back");
    }

    [Fact]
    public async Task The_stream_is_not_compressed_and_needs_a_token()
    {
        var op = await _app.OperatorAsync();
        op.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        op.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var live = await Live.OpenAsync(op);
        Assert.Equal("text/event-stream", live.Response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(live.Response.Content.Headers.ContentEncoding);
        Assert.Equal("max-age=0", live.Response.Headers.CacheControl?.ToString()); // the API's standard header: never cached

        using var anonymous = await _app.CreateClient().GetAsync("/api/v1/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_stream_ends_when_its_auth_token_expires()
    {
        var op = await _app.OperatorAsync();
        using var live = await Live.OpenAsync(op);
        _app.Clock.Advance(TimeSpan.FromHours(25)); // past the auth token's expiry and the stream's maximum
        var end = await live.WaitForAsync((kind, _) => Task.FromResult(kind == "end"));
        Assert.Equal("expired", end.Data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SMS_stats_count_the_last_hour_of_the_callers_organisation_by_status()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        var world = await SmsWorld.CreateAsync(_app, customer);
        var device = await world.DeviceAsync(operatorClient: op);
        var old = await world.SendOkAsync(device, new { payload = "two hours ago" });
        await world.WaitForStatusAsync(device, old, 4);
        _app.Clock.Advance(TimeSpan.FromHours(2));
        var delivered = await world.SendOkAsync(device, new { payload = "recent" });
        await world.WaitForStatusAsync(device, delivered, 4);
        await world.DetachAsync(device);
        var buffered = await world.SendOkAsync(device, new { payload = "buffered" });
        await world.WaitForStatusAsync(device, buffered, 3);

        var stats = await customer.GetJsonAsync("/api/v1/sms/stats");
        Assert.Equal(2, stats.GetProperty("total").GetInt64());
        Assert.Equal(1, stats.GetProperty("by_status").GetProperty("DELIVERED").GetInt64());
        Assert.Equal(1, stats.GetProperty("by_status").GetProperty("BUFFERED").GetInt64());
        Assert.Equal(2, stats.GetProperty("by_type").GetProperty("MT").GetInt64());
        var wider = await customer.GetJsonAsync("/api/v1/sms/stats?since=" + Uri.EscapeDataString(_app.Clock.GetUtcNow().AddHours(-3).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'")));
        Assert.Equal(3, wider.GetProperty("total").GetInt64());
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/sms/stats")).GetProperty("total").GetInt64());

        await HttpAssert.ErrorAsync(await customer.GetAsync("/api/v1/sms/stats?since=yesterday"), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await customer.GetAsync("/api/v1/sms/stats?since=2020-01-01T00:00:00.000%2B0000"), 422, 1400, "InputValidationFailed");
    }
}
