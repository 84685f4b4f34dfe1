using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Cellgate.Smpp.Tests.Support;

/// <summary>The independent SMPP implementations the interop tests run as separate processes.</summary>
public enum PeerKind
{
    /// <summary>npm <c>smpp</c> under node (interop/*.js, node_modules from <c>npm ci</c>).</summary>
    NpmSmpp,
    /// <summary>Debian's Net::SMPP under perl (interop/*.pl, <c>apt-get install libnet-smpp-perl</c>).</summary>
    PerlNetSmpp,
}

/// <summary>
/// A peer script from interop/ run as a process; it reports events as JSON lines on stdout. In CI (CI=true) a
/// missing runtime or library fails the test with what to install (.ci/run installs both); locally it is skipped.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];
    private readonly Task _pump;

    private PeerProcess(Process process)
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

    /// <summary>Fails (CI) or skips (locally) unless the peer's runtime and SMPP library are installed.</summary>
    public static void RequireInstalled(PeerKind kind)
    {
        var why = MissingReason(kind);
        if (why is null) return;
        var install = kind == PeerKind.NpmSmpp ? "`npm ci` in tests/Cellgate.Smpp.Tests/interop" : "`apt-get install libnet-smpp-perl`";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"SMPP interop peer missing in CI: {why}. .ci/run installs it ({install}).");
        Skip.If(true, $"SMPP interop peer missing: {why}. Run {install} to enable.");
    }

    private static string? MissingReason(PeerKind kind)
    {
        if (kind == PeerKind.NpmSmpp)
        {
            if (Find("node") is null) return "no `node` on PATH";
            if (!File.Exists(Path.Combine(InteropDirectory, "node_modules", "smpp", "package.json"))) return "node_modules/smpp is not installed";
            return null;
        }
        if (Find("perl") is not { } perl) return "no `perl` on PATH";
        using var probe = Process.Start(new ProcessStartInfo(perl, ["-MNet::SMPP", "-MJSON::PP", "-e", "1"]) { RedirectStandardError = true, UseShellExecute = false })!;
        probe.WaitForExit(10_000);
        return probe.HasExited && probe.ExitCode == 0 ? null : "the Net::SMPP perl module is not installed";
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs interop/<paramref name="script"/> with node (.js) or perl (.pl).</summary>
    public static PeerProcess Start(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Find(script.EndsWith(".pl", StringComparison.Ordinal) ? "perl" : "node")!)
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        return new PeerProcess(Process.Start(info)!);
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
            Assert.Fail($"The interop peer never reported '{name}'. Its output:\n{Output}");
            throw;
        }
    }

    public string Output
    {
        get { lock (_log) return string.Join("\n", _log); }
    }

    public Task<bool> ExitedAsync() => Eventually.Within(_process.WaitForExitAsync().ContinueWith(_ => true), "the interop peer exits");

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _process.Dispose();
    }
}
