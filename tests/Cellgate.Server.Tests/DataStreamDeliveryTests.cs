using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Cellgate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellgate.Server.Tests;

/// <summary>
/// Data streams deliver the organisation's events to a real HTTP receiver on loopback, through the webhook outbox:
/// filtered, in order, batched by size, with the stream's method and headers; a failing destination puts the stream
/// in Error until it is restarted (issue 10).
/// </summary>
public sealed class DataStreamDeliveryTests : IAsyncLifetime
{
    private readonly CellgateApp _app = new CellgateApp()
        .With("Cellgate:Webhooks:AllowedTargets:0", "127.0.0.1")
        .With("Cellgate:Webhooks:ClientErrorAttempts", "1");
    private readonly Receiver _receiver = new();

    public Task InitializeAsync() => _receiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _app.Dispose();
    }

    /// <summary>Kestrel on 127.0.0.1, port chosen by the OS, recording every request and answering with <see cref="Status"/>.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
        {
            public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        }

        private readonly ConcurrentQueue<Request> _received = new();
        private WebApplication? _web;
        public Func<Request, int> Status { get; set; } = _ => 200;
        public string Url { get; private set; } = "";
        public List<Request> Received => [.. _received];

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            _web = builder.Build();
            _web.Run(async http =>
            {
                using var reader = new StreamReader(http.Request.Body);
                var request = new Request(http.Request.Method, http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                    await reader.ReadToEndAsync());
                _received.Enqueue(request);
                http.Response.StatusCode = Status(request);
            });
            await _web.StartAsync();
            Url = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/events";
        }

        public async ValueTask DisposeAsync()
        {
            if (_web is not null) await _web.DisposeAsync();
        }
    }

    /// <summary>Waits for requests, moving the fake clock so the pump's and the dispatcher's polls come round.</summary>
    private Task<List<Receiver.Request>> ReceivedAsync(int count, string what) =>
        Eventually.ValueAsync(() => Task.FromResult(_receiver.Received), r => r.Count >= count,
            r => $"{what}: {r.Count} of {count} requests arrived", between: () => _app.Clock.Advance(TimeSpan.FromMilliseconds(300)));

    private static IEnumerable<JsonElement> Events(IEnumerable<Receiver.Request> requests) =>
        requests.SelectMany(r => r.Json.ValueKind == JsonValueKind.Array ? r.Json.EnumerateArray().ToList() : [r.Json]);

    private static IEnumerable<int> Types(IEnumerable<Receiver.Request> requests) =>
        Events(requests).Select(e => e.GetProperty("event_type").GetProperty("id").GetInt32());

    [Fact]
    public async Task Endpoint_and_sim_activation_events_of_the_filtered_types_arrive_one_per_request_in_emnifys_event_shape_with_the_streams_method_and_headers()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.40.0.0/24");
        await DataStreamTests.CreateAsync(op, DataStreamTests.RestApi(_receiver.Url, size: 1, method: "PUT", headers: ["X-Api-Key:s3cret"],
            filters: [new { field = "event_type_id", value = new[] { "1000", "1001", "8" } }]));
        var sim = (await op.ImportSimsAsync(1, await op.OrganisationIdAsync())).Single();
        var device = await op.EndpointAsync(new { name = "streamed", sim = new { id = sim.Id } }); // enabled: activates the SIM
        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v1/endpoint/{device}", """{"name":"renamed"}"""));
        await op.ServiceProfileAsync("not streamed");

        var received = await ReceivedAsync(3, "endpoint created, SIM activated, endpoint updated");
        Assert.All(received, r =>
        {
            Assert.Equal("PUT", r.Method);
            Assert.Equal("/events", r.Path);
            Assert.Equal("s3cret", r.Headers["x-api-key"]);
            Assert.Equal(JsonValueKind.Object, r.Json.ValueKind);
            Assert.False(string.IsNullOrEmpty(r.Headers["webhook-id"]));
        });
        Assert.Equal([1000, 8, 1001], Types(received)); // not 51 "SIM Assigned", not the service profile's 1003

        // The body is the event exactly as GET /api/v1/event lists it.
        var listed = (await op.GetJsonAsync($"/api/v1/endpoint/{device}/event")).EnumerateArray()
            .Where(e => e.GetProperty("event_type").GetProperty("id").GetInt32() is 1000 or 1001 or 8).Select(e => e.GetRawText());
        Assert.Equal(listed, received.Select(r => r.Json.GetRawText()));
        Assert.Equal("streamed", received[0].Json.GetProperty("endpoint").GetProperty("name").GetString());
        Assert.True(received[0].Json.GetProperty("organisation").TryGetProperty("name", out _));

        await DrainedAsync(); // nothing else follows
        Assert.Equal(3, _receiver.Received.Count);
    }

    /// <summary>Waits until no event is queued and no webhook pending: everything captured has been sent.</summary>
    private Task DrainedAsync(int queued = 0) =>
        Eventually.HoldsAsync(async () => await PendingAsync() == queued, "the data stream queue and the outbox drain",
            between: () => _app.Clock.Advance(TimeSpan.FromMilliseconds(300)));

    private async Task<int> PendingAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        return await db.DataStreamQueue.CountAsync() + await db.WebhookOutbox.CountAsync(w => w.State == Storage.Entities.WebhookState.Pending || w.State == Storage.Entities.WebhookState.InFlight);
    }

    [Fact]
    public async Task Events_arrive_in_order_as_arrays_of_at_most_size()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.41.0.0/24");
        var stream = await DataStreamTests.CreateAsync(op, DataStreamTests.RestApi(_receiver.Url, size: 3,
            filters: [new { field = "event_type_id", value = new[] { 1000 } }]));
        // Paused: the events are held, so they are there together when the stream runs again.
        Assert.Equal(202, (int)(await op.PatchJsonAsync($"/api/v2/data_stream/{stream}", """{"status":{"id":2}}""")).StatusCode);
        var devices = new List<long>();
        for (var i = 0; i < 7; i++) devices.Add(await op.EndpointAsync(new { name = $"device {i}" }));
        await DrainedAsync(queued: 7);
        Assert.Empty(_receiver.Received);

        Assert.Equal(202, (int)(await op.PatchJsonAsync($"/api/v2/data_stream/{stream}", """{"status":{"id":1}}""")).StatusCode);
        var received = await ReceivedAsync(3, "three batches");
        Assert.All(received, r => Assert.Equal(JsonValueKind.Array, r.Json.ValueKind));
        Assert.Equal([3, 3, 1], received.Select(r => r.Json.GetArrayLength()));
        Assert.Equal(devices, Events(received).Select(e => e.GetProperty("endpoint").GetProperty("id").GetInt64()));
        Assert.Equal("POST", received[0].Method);
    }

    [Fact]
    public async Task The_alert_filter_passes_only_alerts_such_as_an_sms_quota_running_out()
    {
        var op = await _app.OperatorAsync();
        var world = await SmsWorld.CreateAsync(_app, op);
        var device = await world.DeviceAsync();
        await Resources.NoContentAsync(op.PatchAsJsonAsync($"/api/v1/service_profile/{world.Setup.ServiceProfileId}", new { apply_sms_quota = true }));
        await DataStreamTests.CreateAsync(op, DataStreamTests.RestApi(_receiver.Url, size: 1, filters: [new { field = "alert", value = new[] { "true" } }]));
        var quota = await op.PostAsJsonAsync($"/api/v1/endpoint/{device}/quota/sms",
            new { status = new { id = 1 }, volume = 1, expiry_date = "2030-01-01T00:00:00.000+0000", threshold_percentage = 50 });
        Assert.True(quota.IsSuccessStatusCode, await quota.Content.ReadAsStringAsync());
        await world.SendOkAsync(device, new { payload = "uses the quota up", source_address = "1234" });

        var received = await ReceivedAsync(2, "quota threshold and used-up alerts");
        await DrainedAsync();
        Assert.Equal([20, 21], Types(_receiver.Received).Order()); // not 58 "SMS quota assigned", which is no alert
        Assert.All(Events(received), e => Assert.True(e.GetProperty("alert").GetBoolean()));
    }

    [Theory]
    [InlineData("restart")]
    [InlineData("patch")] // setting Running on a stream in Error is a restart in all but name
    public async Task A_destination_that_refuses_puts_the_stream_in_error_and_restart_sends_the_batch_again_then_the_rest(string how)
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.42.0.0/24");
        var stream = await DataStreamTests.CreateAsync(op, DataStreamTests.RestApi(_receiver.Url, size: 1,
            filters: [new { field = "event_type_id", value = new[] { 1000 } }]));
        _receiver.Status = _ => 400;
        var first = await op.EndpointAsync(new { name = "first" });
        await ReceivedAsync(1, "the refused event");
        var failed = await Eventually.ValueAsync(() => op.GetJsonAsync($"/api/v2/data_stream/{stream}"),
            s => s.GetProperty("status").GetProperty("id").GetInt32() == 3, s => $"stream status {s.GetProperty("status")}",
            between: () => _app.Clock.Advance(TimeSpan.FromMilliseconds(300)));
        Assert.Equal("Error", failed.GetProperty("status").GetProperty("description").GetString());

        var second = await op.EndpointAsync(new { name = "second" }); // held while the stream is in Error
        await DrainedAsync(queued: 1);
        Assert.Single(_receiver.Received);

        _receiver.Status = _ => 200;
        var restarted = how == "restart" ? await op.PostAsync($"/api/v2/data_stream/{stream}/restart", null)
            : await op.PatchJsonAsync($"/api/v2/data_stream/{stream}", """{"status":{"id":1}}""");
        Assert.Equal(202, (int)restarted.StatusCode);
        var received = await ReceivedAsync(3, "the replayed batch, then the held event");
        Assert.Equal([first, first, second], Events(received).Select(e => e.GetProperty("endpoint").GetProperty("id").GetInt64()));
        Assert.Equal(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]); // the same webhook, sent again
        Assert.Equal(1, (await op.GetJsonAsync($"/api/v2/data_stream/{stream}")).GetProperty("status").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_deleted_stream_sends_nothing_more_and_another_organisations_events_never_reach_a_stream()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        await op.SetupAsync("10.43.0.0/24");
        await customer.SetupAsync("10.44.0.0/24");
        var stream = await DataStreamTests.CreateAsync(op, DataStreamTests.RestApi(_receiver.Url, size: 1,
            filters: [new { field = "event_type_id", value = new[] { 1000 } }]));
        await customer.EndpointAsync(new { name = "customer's" });
        var mine = await op.EndpointAsync(new { name = "operator's" });
        var received = await ReceivedAsync(1, "the operator's event");
        Assert.Equal(mine, Events(received).Single().GetProperty("endpoint").GetProperty("id").GetInt64());

        Assert.Equal(202, (int)(await op.DeleteAsync($"/api/v2/data_stream/{stream}")).StatusCode);
        await op.EndpointAsync(new { name = "after delete" });
        Assert.Equal(0, await PendingAsync()); // captured in the request's own transaction: nothing was
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task An_event_committed_while_its_stream_is_being_deleted_is_still_written()
    {
        var op = await _app.OperatorAsync();
        await op.SetupAsync("10.45.0.0/24");
        var stream = await DataStreamTests.CreateAsync(op, DataStreamTests.RestApi(_receiver.Url, size: 1, filters: [new { field = "event_type_id", value = new[] { 1000 } }]));
        await op.EndpointAsync(new { name = "loads the stream directory" });
        await ReceivedAsync(1, "the first event");
        // The stream goes away behind the directory's back (as between a DELETE's commit and its invalidation).
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CellgateDbContext>().DataStreams.Where(s => s.Id == stream).ExecuteDeleteAsync();
        var late = await op.EndpointAsync(new { name = "still created" });
        Assert.Equal("still created", (await op.GetJsonAsync($"/api/v1/endpoint/{late}")).GetProperty("name").GetString());
        Assert.Single(_receiver.Received);
    }
}
