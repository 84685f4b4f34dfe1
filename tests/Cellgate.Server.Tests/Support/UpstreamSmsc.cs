using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// An upstream SMSC that Cellgate binds to: tests/Cellgate.Smpp.Tests/interop/upstream-smsc.js on the npm <c>smpp</c>
/// package (an implementation we did not write), run as a process. It reports what it sees as JSON lines and takes
/// commands on stdin (throttle, hold and drop, MO). Without node or its node_modules the test is skipped locally and
/// fails under CI=true (.ci/run installs both).
/// </summary>
public sealed class UpstreamSmsc : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly List<string> _log = [];
    private readonly Task _pump;

    private UpstreamSmsc(Process process)
    {
        _process = process;
        _pump = Task.Run(PumpAsync);
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line) lock (_log) _log.Add("stderr: " + line);
        });
    }

    public int Port { get; private set; }

    public static string InteropDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cellgate.slnx")))
                    return Path.Combine(dir.FullName, "tests", "Cellgate.Smpp.Tests", "interop");
            throw new InvalidOperationException("Cannot find the repository root (Cellgate.slnx) above " + AppContext.BaseDirectory);
        }
    }

    private static string? Node =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);

    /// <summary>Skips (locally) or fails (CI) unless node and npm <c>smpp</c> are installed.</summary>
    public static void RequireInstalled()
    {
        var why = Node is null ? "no `node` on PATH"
            : !File.Exists(Path.Combine(InteropDirectory, "node_modules", "smpp", "package.json")) ? "node_modules/smpp is not installed" : null;
        if (why is null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"npm smpp missing in CI: {why}. .ci/run installs it (`npm ci` in tests/Cellgate.Smpp.Tests/interop).");
        Skip.If(true, $"npm smpp missing: {why}. Run `npm ci` in tests/Cellgate.Smpp.Tests/interop to enable.");
    }

    /// <summary>A loopback port nobody listens on now (for an SMSC that starts later).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts the SMSC (on <paramref name="port"/>, 0: any) and waits until it listens.</summary>
    public static async Task<UpstreamSmsc> StartAsync(int port = 0)
    {
        var info = new ProcessStartInfo(Node!)
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("upstream-smsc.js");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var smsc = new UpstreamSmsc(Process.Start(info)!);
        smsc.Port = (await smsc.WaitForAsync("listening")).GetProperty("port").GetInt32();
        return smsc;
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_log) _log.Add(line);
            try
            {
                _events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // Not an event line; kept in the log.
            }
        }
    }

    /// <summary>Every event reported so far, in order.</summary>
    public IReadOnlyList<JsonElement> Events => _events.ToArray();

    public IEnumerable<JsonElement> Named(string name) => Events.Where(e => e.GetProperty("event").GetString() == name);

    /// <summary>The submit_sm the SMSC saw (any result).</summary>
    public IEnumerable<JsonElement> Submits => Named("submit_sm");

    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool>? match = null)
    {
        JsonElement found = default;
        await Eventually.HoldsAsync(() =>
        {
            foreach (var e in Events)
                if (e.GetProperty("event").GetString() == name && (match is null || match(e))) { found = e; return true; }
            return false;
        }, $"the upstream SMSC never reported '{name}'. Its output:\n{Output}");
        return found;
    }

    public async Task CommandAsync(object command)
    {
        var acks = Named("ack").Count();
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
        await Eventually.HoldsAsync(() => Named("ack").Count() > acks, $"the upstream SMSC did not take the command. Its output:\n{Output}");
    }

    public string Output
    {
        get { lock (_log) return string.Join("\n", _log.TakeLast(200)); }
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _process.Dispose();
    }
}
