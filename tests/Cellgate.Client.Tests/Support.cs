using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Cellgate.Cli;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Cellgate.Client.Tests;

/// <summary>What the SDK sent (method, path and query, body), and how a test rewrites answers; shared by every client of a test.</summary>
public sealed class Recorder
{
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Body)> Requests { get; } = new();

    /// <summary>Called with each request and the server's answer; may return another answer (the third argument sends another request).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage, Func<HttpRequestMessage, Task<HttpResponseMessage>>, Task<HttpResponseMessage>>? Rewrite { get; set; }

    /// <summary>Answers before the server is asked (a 429 or 503, say); null lets the request through.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Intercept { get; set; }

    public int Count(string method, string pathPrefix) =>
        Requests.Count(r => r.Method == method && r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal));

    public DelegatingHandler NewHandler() => new RecordingHandler(this);
}

/// <summary>One client's handler (a DelegatingHandler joins one pipeline only), writing to the test's <see cref="Recorder"/>.</summary>
public sealed class RecordingHandler(Recorder recorder) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        recorder.Requests.Enqueue((request.Method.Method, request.RequestUri!.PathAndQuery, body));
        if (recorder.Intercept?.Invoke(request) is { } canned) return canned;
        var response = await base.SendAsync(request, cancellationToken);
        return recorder.Rewrite is null ? response : await recorder.Rewrite(request, response, r => base.SendAsync(r, cancellationToken));
    }
}

/// <summary>Log lines, for what the SDK decided (a retry's delay) without measuring time.</summary>
public sealed class ListLogger : ILogger<CellgateClient>
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}

/// <summary>The in-process server (the server tests' <see cref="CellgateApp"/>) and SDK clients of it.</summary>
public sealed class SdkServer : IDisposable
{
    public CellgateApp App { get; } = new();
    public Recorder Recorder { get; } = new();
    public ListLogger Logger { get; } = new();

    /// <summary>An HttpClient to the in-process server whose requests the <see cref="Recorder"/> sees.</summary>
    public HttpClient Http() => App.CreateDefaultClient(Recorder.NewHandler());

    public CellgateClient Client(CellgateClientOptions? options = null)
    {
        options ??= new CellgateClientOptions { ApplicationToken = CellgateApp.BootstrapToken };
        if (options.PollInterval == TimeSpan.FromSeconds(1)) options.PollInterval = TimeSpan.FromMilliseconds(20);
        return new CellgateClient(Http(), options, Logger);
    }

    /// <summary>The operator's client (bootstrap application token).</summary>
    public CellgateClient Operator() => Client();

    public void Dispose() => App.Dispose();
}

/// <summary>An organisation ready for devices: profiles, an IP space, and SIMs with fixed numbers (fresh database each test).</summary>
public sealed record SdkWorld(CellgateClient Client, ServiceProfileId ServiceProfile, TariffProfileId TariffProfile, IReadOnlyList<SimIccid> Sims)
{
    public static async Task<SdkWorld> CreateAsync(CellgateClient client, int sims = 4)
    {
        var sp = await client.Profiles.CreateServiceProfileAsync("Service profile");
        var tp = await client.Profiles.CreateTariffProfileAsync("Tariff profile");
        await client.IpAddressSpaces.CreateAsync("10.60.0.0/24");
        var me = await client.Organisations.GetMineAsync();
        var batch = await client.Sims.ImportBatchAsync(new SimBatchImport(Enumerable.Range(1, sims).Select(Numbers).ToList()) { CustomerOrganisation = me.Id });
        return new SdkWorld(client, sp, tp, batch.Sim!);
    }

    /// <summary>Deterministic numbers: the n-th SIM of a test.</summary>
    public static NewSim Numbers(int n) =>
        new("8988303" + n.ToString("D12", CultureInfo.InvariantCulture), "29505" + n.ToString("D10", CultureInfo.InvariantCulture), "4236639" + n.ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>A device to create with this world's profiles (EMnify, and Cellgate since issue 8, require them).</summary>
    public NewDevice New(string name) => new(name) { ServiceProfile = ServiceProfile, TariffProfile = TariffProfile };

    /// <summary>An enabled device with the i-th SIM (activated), attached in the simulator.</summary>
    public async Task<Device> DeviceAsync(int sim, string name, bool attach = true)
    {
        var device = await Client.Devices.CreateAsync(New(name) with { Sim = Sims[sim].Id });
        if (attach) await Client.Simulator.AttachAsync(device.Id);
        return device;
    }
}

/// <summary>Runs the CLI in-process against the test server, capturing its output.</summary>
public sealed class CliRunner(SdkServer server) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cellgate-cli-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Variables { get; } = new()
    {
        ["CELLGATE_URL"] = "http://localhost",
        ["CELLGATE_APPLICATION_TOKEN"] = CellgateApp.BootstrapToken,
        ["NO_COLOR"] = "1",
    };

    public string ConfigPath => Path.Combine(_directory, "config.json");

    public Queue<string> Input { get; } = new();

    /// <summary>Another HttpClient than the in-process server's (a server that is not there).</summary>
    public Func<Uri, HttpClient>? CreateHttpClient { get; set; }

    public async Task<(int Code, string Out, string Err)> RunAsync(bool piped, params string[] args)
    {
        Directory.CreateDirectory(_directory);
        Variables["CELLGATE_CONFIG"] = ConfigPath;
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var error = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            OutputRedirected = piped,
            GetVariable = k => Variables.GetValueOrDefault(k),
            ReadLine = () => Input.TryDequeue(out var line) ? line : null,
            CreateHttpClient = CreateHttpClient ?? (_ => server.Http()),
            PollInterval = TimeSpan.FromMilliseconds(20),
            Width = 120,
        };
        var code = await CliApp.RunAsync(args, env);
        return (code, output.ToString(), error.ToString());
    }

    public string File(string name, string content)
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Snapshot files under <c>Snapshots/</c> beside this source file. A mismatch fails and writes <c>NAME.received.txt</c>;
/// with <c>CELLGATE_UPDATE_SNAPSHOTS=1</c> the received output becomes the snapshot.
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string source = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(source)!, "Snapshots");
        var expectedPath = Path.Combine(directory, name + ".txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("CELLGATE_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        Assert.Fail($"Snapshot {name} differs (received output in {receivedPath}; run with CELLGATE_UPDATE_SNAPSHOTS=1 to accept):\n{actual}");
    }
}

internal static class Http
{
    public static HttpResponseMessage Status(HttpStatusCode status, string? retryAfter = null, string? body = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? "", Encoding.UTF8, "application/json") };
        if (retryAfter is not null) response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }
}
