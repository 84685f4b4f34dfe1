using Cellgate.Server.Tests.Support;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Cellgate.Client.Tests;

/// <summary>
/// The SDK works with both wires: EMnify's (and Cellgate's so far) and the one other work is moving Cellgate to —
/// a created endpoint in the 201's body, <c>DELETE …/sms/{id}</c> answering 200 <c>{}</c>, events listed ascending.
/// </summary>
public sealed class WireToleranceTests : IDisposable
{
    private readonly SdkServer _server = new();
    public void Dispose() => _server.Dispose();

    private static HttpRequestMessage Again(HttpRequestMessage original, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(original.RequestUri!, pathAndQuery));
        request.Headers.Authorization = original.Headers.Authorization;
        return request;
    }

    [Fact]
    public async Task A_created_device_in_the_201_body_is_used_without_another_get()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        _server.Recorder.Rewrite = async (request, response, send) =>
        {
            if (request.Method != HttpMethod.Post || request.RequestUri!.AbsolutePath != "/api/v1/endpoint" || response.StatusCode != HttpStatusCode.Created) return response;
            var created = await send(Again(request, response.Headers.Location!.AbsolutePath));
            response.Content = new StringContent(await created.Content.ReadAsStringAsync(), Encoding.UTF8, "application/json");
            return response;
        };
        var device = await w.Client.Devices.CreateAsync(w.New("with body") with { Sim = w.Sims[0].Id });

        Assert.Equal("with body", device.Name);
        Assert.Equal(w.Sims[0].Id, device.Sim?.Id);
        Assert.Equal(0, _server.Recorder.Count("GET", $"/api/v1/endpoint/{device.Id}"));
    }

    [Fact]
    public async Task A_created_device_with_an_empty_201_is_read_back()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        _server.Recorder.Rewrite = (request, response, _) =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath == "/api/v1/endpoint") response.Content = new ByteArrayContent([]);
            return Task.FromResult(response);
        };
        var device = await w.Client.Devices.CreateAsync(w.New("no body"));
        Assert.Equal("no body", device.Name);
        Assert.Equal(1, _server.Recorder.Count("GET", $"/api/v1/endpoint/{device.Id}"));
    }

    [Fact]
    public async Task Cancelling_accepts_200_with_an_empty_object()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker", attach: false);
        var id = await w.Client.Sms.SendAsync(device.Id, "cancel me");
        // Cancellable once buffered; while the one attempt is under way (IN PROGRESS) the server refuses with 409.
        await Eventually.ValueAsync(() => w.Client.Sms.GetAsync(device.Id, id), s => s.State == SmsStatus.Buffered, s => $"SMS is {s.State}");
        _server.Recorder.Rewrite = (request, response, _) =>
        {
            if (request.Method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NoContent)
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
            return Task.FromResult(response);
        };
        await w.Client.Sms.CancelAsync(device.Id, id);
        Assert.Equal(SmsStatus.Canceled, (await w.Client.Sms.GetAsync(device.Id, id)).State);
    }

    [Fact]
    public async Task The_newest_events_are_found_when_the_server_lists_ascending()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        for (var i = 0; i < 3; i++) await w.Client.Devices.CreateAsync(w.New($"device {i}"));
        var all = await w.Client.Events.ListAsync(new ListOptions { Sort = "id" }).ToListAsync();
        Assert.True(all.Count % 2 == 1 || all.Count > 4, "enough events for several pages");

        // A server that ignores sort=-id and lists oldest first, saying so in X-Sort.
        _server.Recorder.Rewrite = async (request, response, send) =>
        {
            var query = request.RequestUri!.PathAndQuery;
            if (request.Method != HttpMethod.Get || !query.StartsWith("/api/v1/event?", StringComparison.Ordinal) || !query.Contains("sort=-id", StringComparison.Ordinal)) return response;
            var ascending = await send(Again(request, query.Replace("sort=-id", "sort=id", StringComparison.Ordinal)));
            Assert.Equal("id", ascending.Headers.GetValues("X-Sort").Single());
            return ascending;
        };
        var newest = await w.Client.Events.NewestAsync(2);
        Assert.Equal(all.TakeLast(2).Select(e => e.Id), newest.Select(e => e.Id));
    }
}
