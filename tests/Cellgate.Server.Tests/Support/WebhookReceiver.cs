using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// A real HTTP receiver for webhook tests: Kestrel on a loopback port (0: chosen by the OS), recording every request
/// and answering as <see cref="Answer"/> says (a status, headers, a delay). Stop it to play a receiver that is down;
/// start it again on the same port to bring it back.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Request(int Number, string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : "";
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    public sealed record Reply(int Status, IReadOnlyDictionary<string, string>? Headers = null, Task? HoldUntil = null);

    private readonly ConcurrentQueue<Request> _received = new();
    private int _count;
    private WebApplication? _app;

    /// <summary>How to answer the request with this number (1-based); 200 by default.</summary>
    public Func<Request, Reply> Answer { get; set; } = _ => new Reply(200);

    public int Port { get; private set; }
    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";
    public IReadOnlyList<Request> Received => _received.ToList();

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var receiver = new WebhookReceiver();
        await receiver.StartOnAsync(port);
        return receiver;
    }

    /// <summary>A receiver that is not listening yet (down) on a port free now; <see cref="StartOnAsync"/> brings it up.</summary>
    public static WebhookReceiver Down() => new() { Port = ServerProcess.FreePort() };

    public async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var request = new Request(Interlocked.Increment(ref _count), http.Request.Method, http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray());
            _received.Enqueue(request);
            var reply = Answer(request);
            if (reply.HoldUntil is { } hold) await hold.WaitAsync(http.RequestAborted);
            http.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) http.Response.Headers[name] = value;
        });
        await app.StartAsync();
        _app = app;
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    /// <summary>Stops listening (the receiver is down: connections are refused).</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
