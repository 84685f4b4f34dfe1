using System.Net;
using System.Text;
using System.Text.Json;

namespace Cellgate.Client.Tests;

/// <summary>
/// The SDK reads EMnify's own recorded answers (the server tests' fixtures, from EMnify's Python SDK cassettes), so
/// the same code works against EMnify's cloud; and it depends on nothing of the server.
/// </summary>
public sealed class RecordedEmnifyTests
{
    /// <summary>Answers each path with a recorded body, status and headers.</summary>
    private sealed class FixtureHandler(Dictionary<string, JsonElement> byPath) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var recorded = byPath[request.RequestUri!.AbsolutePath];
            var response = new HttpResponseMessage((HttpStatusCode)(recorded.TryGetProperty("_status", out var s) ? s.GetInt32() : 200))
            {
                Content = new StringContent(recorded.GetProperty("body").GetRawText(), Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            if (recorded.TryGetProperty("_headers", out var headers))
                foreach (var h in headers.EnumerateObject()) response.Headers.TryAddWithoutValidation(h.Name, h.Value.GetString());
            return Task.FromResult(response);
        }
    }

    private static JsonElement Fixture(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emnify", file))).RootElement;

    private static CellgateClient Client(Dictionary<string, JsonElement> byPath) =>
        new(new HttpClient(new FixtureHandler(byPath)) { BaseAddress = new Uri("https://cdn.emnify.net") }, new CellgateClientOptions { AuthToken = "recorded" });

    [Fact]
    public async Task Recorded_endpoint_sim_sms_and_event_lists_are_read()
    {
        var client = Client(new()
        {
            ["/api/v1/endpoint"] = Fixture("endpoint-list-2022.json"),
            ["/api/v1/sim"] = Fixture("sim-list.json"),
            ["/api/v1/endpoint/11379224/sms"] = Fixture("sms-list.json"),
            ["/api/v1/endpoint/11380016/event"] = Fixture("endpoint-events.json"),
            ["/api/v1/endpoint/11379224"] = Fixture("endpoint-get.json").GetProperty("examples")[0],
        });

        var devices = await client.Devices.ListAsync().ToListAsync();
        Assert.Equal(4, devices.Count);
        Assert.Equal(new DeviceId(11379224), devices[0].Id);
        Assert.NotNull(devices[0].Created);

        var device = await client.Devices.GetAsync(new DeviceId(11379224));
        Assert.Equal("Luboi", device.Name);

        var sims = await client.Sims.ListAsync().ToListAsync();
        Assert.Equal(3, sims.Count);
        Assert.All(sims, s => Assert.Equal(19, s.Iccid.Length));

        var sms = await client.Sms.ListAsync(new DeviceId(11379224)).ToListAsync();
        Assert.Equal(3, sms.Count);
        Assert.All(sms, s => Assert.Equal(new DeviceId(11379224), s.DeviceId)); // "endpoint_id": "11379224"
        Assert.All(sms, s => Assert.NotNull(s.SubmitDate));
        Assert.Contains(sms, s => s.State == SmsStatus.Expired);

        var events = await client.Events.ListForDeviceAsync(new DeviceId(11380016)).ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.NotNull(e.Timestamp));
    }

    [Fact]
    public async Task A_recorded_validation_error_maps_to_the_exception()
    {
        var client = Client(new() { ["/api/v1/endpoint/11898581"] = Fixture("error-422-validation.json") });
        var e = await Assert.ThrowsAsync<CellgateApiException>(() => client.Devices.UpdateAsync(new DeviceId(11898581), new DeviceUpdate { ServiceProfile = new ServiceProfileId(-1) }));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, 1400, "InputValidationFailed"), (e.StatusCode, e.ErrorCode, e.ErrorToken));
        Assert.NotEmpty(e.Errors);
    }

    [Theory]
    [InlineData("2021-11-18T08:25:53.000+0000", "2021-11-18T08:25:53.0000000+00:00")]
    [InlineData("2022-03-27T23:20:49.298Z", "2022-03-27T23:20:49.2980000+00:00")]
    [InlineData("2026-04-01 10:00:00", "2026-04-01T10:00:00.0000000+00:00")]
    [InlineData("2027-05-29", "2027-05-29T00:00:00.0000000+00:00")]
    public void Every_date_form_of_the_api_is_read_as_utc(string wire, string expected) =>
        Assert.Equal(expected, CellgateDateJsonConverter.TryParse(wire)!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_sdk_references_no_server_assembly()
    {
        var references = typeof(CellgateClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, n => n.StartsWith("Cellgate.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }
}
