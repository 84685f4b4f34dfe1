using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cellgate.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellgate.Server.Tests;

/// <summary>Issue 7, items 6–8: bad input gets a clear 4xx, never a 500.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static ByteArrayContent Body(byte[] bytes, string contentType = "application/json")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>An organisation's endpoint (with its SIM), service profile and tariff profile, as PATCH targets.</summary>
    private async Task<(HttpClient Client, Dictionary<string, string> Paths)> TargetsAsync()
    {
        var client = await _app.OperatorAsync();
        var world = await SmsWorld.CreateAsync(_app, client);
        var device = await world.DeviceAsync(attached: false);
        var sim = (await client.GetJsonAsync($"/api/v1/endpoint/{device}")).GetProperty("sim").GetProperty("id").GetInt64();
        return (client, new()
        {
            ["endpoint"] = $"/api/v1/endpoint/{device}",
            ["service_profile"] = $"/api/v1/service_profile/{world.Setup.ServiceProfileId}",
            ["tariff_profile"] = $"/api/v1/tariff_profile/{world.Setup.TariffProfileId}",
            ["sim"] = $"/api/v1/sim/{sim}",
        });
    }

    [Fact]
    public async Task An_unknown_charset_is_415_on_authenticate_and_on_authenticated_routes()
    {
        var anonymous = await _app.CreateClient().PostAsync("/api/v1/authenticate",
            Body(Encoding.UTF8.GetBytes($"{{\"application_token\":\"{CellgateApp.BootstrapToken}\"}}"), "application/json; charset=x-no-such-charset"));
        await HttpAssert.ErrorAsync(anonymous, 415, 1000, "BadRequest");
        HttpAssert.StandardHeaders(anonymous);

        var (client, paths) = await TargetsAsync();
        foreach (var path in paths.Values)
            await HttpAssert.ErrorAsync(await client.PatchAsync(path, Body("{\"name\":\"x\"}"u8.ToArray(), "application/json; charset=\"nope\"")), 415, 1000, "BadRequest");
        // UTF-8, however it is spelled, is fine.
        await Resources.NoContentAsync(client.PatchAsync(paths["endpoint"], Body("{\"name\":\"x\"}"u8.ToArray(), "application/json; charset=UTF8")));
    }

    [Fact]
    public async Task An_unknown_charset_logs_one_line_without_a_stack_trace()
    {
        var logs = new CapturingLogs();
        using var app = _app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var response = await app.CreateClient().PostAsync("/api/v1/authenticate",
            Body("{\"application_token\":\"x\"}"u8.ToArray(), "application/json; charset=x-no-such-charset"));
        await HttpAssert.ErrorAsync(response, 415, 1000, "BadRequest");

        var entries = logs.Entries.Where(e => e.Level >= LogLevel.Information && e.Message.Contains("/api/v1/authenticate")).ToList();
        Assert.Single(entries);
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingLogs : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<LogEntry> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturingLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
        }
    }

    [Theory]
    [InlineData("endpoint")]
    [InlineData("service_profile")]
    [InlineData("tariff_profile")]
    [InlineData("sim")]
    public async Task A_null_body_is_400(string resource)
    {
        var (client, paths) = await TargetsAsync();
        var before = (await client.GetJsonAsync(paths[resource])).GetRawText();
        var json = await HttpAssert.ErrorAsync(await client.PatchAsync(paths[resource], Body(" null\n"u8.ToArray())), 400, 1000, "BadRequest");
        Assert.Contains("null", json.GetProperty("message").GetString());
        Assert.Equal(before, (await client.GetJsonAsync(paths[resource])).GetRawText());
    }

    [Theory]
    [InlineData("endpoint")]
    [InlineData("service_profile")]
    [InlineData("tariff_profile")]
    [InlineData("sim")]
    public async Task Invalid_utf8_even_in_an_ignored_field_is_400(string resource)
    {
        var (client, paths) = await TargetsAsync();
        byte[] body = [.. "{\"ignored_field\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];
        var json = await HttpAssert.ErrorAsync(await client.PatchAsync(paths[resource], Body(body)), 400, 1000, "BadRequest");
        Assert.Contains("UTF-8", json.GetProperty("message").GetString());
    }

    /// <summary>A body of unknown length (chunked) is checked on the buffered path; one with a length in the request's pipe.</summary>
    [Fact]
    public async Task A_body_without_a_length_is_checked_too()
    {
        var (client, paths) = await TargetsAsync();
        var before = (await client.GetJsonAsync(paths["endpoint"])).GetRawText();
        byte[] invalid = [.. "{\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        var json = await HttpAssert.ErrorAsync(await client.PatchAsync(paths["endpoint"], new Unsized(invalid)), 400, 1000, "BadRequest");
        Assert.Contains("UTF-8", json.GetProperty("message").GetString());
        json = await HttpAssert.ErrorAsync(await client.PatchAsync(paths["endpoint"], new Unsized(" null "u8.ToArray())), 400, 1000, "BadRequest");
        Assert.Contains("null", json.GetProperty("message").GetString());
        Assert.Equal(before, (await client.GetJsonAsync(paths["endpoint"])).GetRawText());

        // And a valid body of unknown length reaches the handler whole.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(paths["endpoint"], new Unsized("{\"name\":\"unsized body\"}"u8.ToArray()))).StatusCode);
        Assert.Equal("unsized body", (await client.GetJsonAsync(paths["endpoint"])).GetProperty("name").GetString());
    }

    /// <summary>JSON content whose length is not known in advance (sent chunked).</summary>
    private sealed class Unsized : HttpContent
    {
        private readonly byte[] _bytes;

        public Unsized(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Theory]
    [InlineData("/api/v1/endpoint", "name")]
    [InlineData("/api/v1/sim", "iccid")]
    [InlineData("/api/v1/event", "iccid")]
    public async Task Too_many_query_filters_are_422_1301(string path, string field)
    {
        var client = await _app.OperatorAsync();
        var q = string.Join(",", Enumerable.Range(0, 500).Select(i => $"{field}:{8900 + i}"));
        await HttpAssert.ErrorAsync(await client.GetAsync($"{path}?q={q}"), 422, 1301, "InvalidQueryCriteria");
        await HttpAssert.JsonAsync(await client.GetAsync($"{path}?q={field}:1,{field}:2"));
    }

    [Theory]
    [InlineData("/api/v1/endpoint?q=created:9999-12-31")]
    [InlineData("/api/v1/endpoint?q=last_updated:9999-12-31")]
    [InlineData("/api/v1/endpoint?q=created:0001-01-01")]
    [InlineData("/api/v1/event?q=from:9999-12-31T23:59:59Z")]
    public async Task Dates_out_of_range_in_q_are_422_1301(string url)
    {
        var client = await _app.OperatorAsync();
        await HttpAssert.ErrorAsync(await client.GetAsync(url), 422, 1301, "InvalidQueryCriteria");
    }
}
