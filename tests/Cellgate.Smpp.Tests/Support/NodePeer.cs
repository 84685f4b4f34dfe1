using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Cellgate.Smpp.Tests.Support;

/// <summary>
/// A peer script from interop/ (npm <c>smpp</c>) run with node; it reports events as JSON lines on stdout. In CI
/// (CI=true) a missing node or missing node_modules fails the test with what to run; locally the test is skipped.
/// </summary>
public sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];
    private readonly Task _pump;

    private NodePeer(Process process)
    {
        _process = process;
        _pump = Task.Run(PumpAsync);
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line) lock (_log) _log.Add("stderr: " + line);
        });
    }

    /// <summary>The interop folder in the source tree (node_modules lives there, installed by .ci/run).</summary>
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

    /// <summary>Fails (CI) or skips (locally) unless node and the npm smpp package are installed.</summary>
    public static void RequireInstalled()
    {
        var why = MissingReason();
        if (why is null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"SMPP interop peer missing in CI: {why}. .ci/run installs it (npm ci in tests/Cellgate.Smpp.Tests/interop).");
        Skip.If(true, $"SMPP interop peer missing: {why}. Run `npm ci` in tests/Cellgate.Smpp.Tests/interop to enable.");
    }

    private static string? MissingReason()
    {
        if (FindNode() is null) return "no `node` on PATH";
        if (!File.Exists(Path.Combine(InteropDirectory, "node_modules", "smpp", "package.json"))) return "node_modules/smpp is not installed";
        return null;
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);

    public static NodePeer Start(string script, params string[] args)
    {
        var info = new ProcessStartInfo(FindNode()!)
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        return new NodePeer(Process.Start(info)!);
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_log) _log.Add(line);
            try
            {
                await _events.Writer.WriteAsync(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // Not an event line; kept in the log.
            }
        }
        _events.Writer.Complete();
    }

    /// <summary>The next event named <paramref name="name"/> (earlier events of other names are skipped but logged).</summary>
    public async Task<JsonElement> WaitForAsync(string name)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(deadline.Token);
                if (e.GetProperty("event").GetString() == name) return e;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Assert.Fail($"The npm smpp peer never reported '{name}'. Its output:\n{Output}");
            throw;
        }
    }

    public string Output
    {
        get { lock (_log) return string.Join("\n", _log); }
    }

    public Task<bool> ExitedAsync() => Eventually.Within(_process.WaitForExitAsync().ContinueWith(_ => true), "the npm smpp peer exits");

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _process.Dispose();
    }
}
