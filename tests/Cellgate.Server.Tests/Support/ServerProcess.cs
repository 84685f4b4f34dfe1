using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// The real server binary as a child process on a loopback port chosen by the OS, for what only a process shows:
/// its console output, a restart, a kill.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }
    public Uri BaseAddress { get; private set; } = null!;
    public int Id => _process.Id;

    public static async Task<ServerProcess> StartAsync(string dataDirectory, IDictionary<string, string>? environment = null)
    {
        // A migrated database, as an in-process app starts on, unless the test chooses the storage itself.
        if (environment?.Keys.Any(k => k.StartsWith("Cellgate__Storage__", StringComparison.Ordinal)) != true) TestDatabase.StartFromTemplate(dataDirectory);
        var server = new ServerProcess(Process.Start(StartInfo(dataDirectory, ["--urls", "http://127.0.0.1:0"], environment))!);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        // A deadline, not a timing: a start on two cores beside a suite on PostgreSQL took over a minute once. A server
        // that does not listen by then is killed (it outlived its test run once, running on beside the next suites).
        Task first;
        try
        {
            first = await Task.WhenAny(server._listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            server._process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the server did not listen within 120 s:\n{server.Output}");
        }
        if (first == exited) throw new InvalidOperationException($"the server exited with code {server._process.ExitCode} before listening:\n{server.Output}");
        server.BaseAddress = new Uri(await server._listening.Task);
        // The banner goes on after the "listening" line: wait for its last line, so that what a test finds (or does not
        // find) in Output is the whole banner, never a part of it.
        await Eventually.HoldsAsync(() => BannerEnds.Any(server.Output.Contains), "the start-up banner was not printed to its end");
        return server;
    }

    /// <summary>Runs the binary with these arguments to its end (a failing start, an admin command): exit code and all output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, string[] args, IDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(dataDirectory, args, environment))!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Cellgate.Server {string.Join(' ', args)} did not end:\n{output}");
        }
        process.WaitForExit(); // drains the redirected output
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// A test's server lives seconds: the JIT's profile-guided tier (instrumented code, then a second recompile of hot
    /// methods) costs it CPU it never earns back — about 6 % of FirstRunTests' and BootstrapTests' CPU, measured
    /// 2026-12-02 (docs/testing.md). Nothing a test checks depends on it; a test's own environment can turn it on. (The
    /// test hosts run so too, tests/test.runsettings, whose environment the processes inherit; this holds without it.)
    /// </summary>
    private static void ShortLivedJit(ProcessStartInfo info) => info.Environment["DOTNET_TieredPGO"] = "0";

    private static ProcessStartInfo StartInfo(string dataDirectory, string[] args, IDictionary<string, string>? environment)
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "Cellgate.Server");
        var info = new ProcessStartInfo(binary, args)
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in TestDatabase.ProcessEnvironment(dataDirectory)) info.Environment[key] = value;
        info.Environment["Cellgate__Auth__PasswordIterations"] = "1000";
        info.Environment["Cellgate__Smpp__Port"] = "0"; // many servers run at once; a test that needs SMPP sets -1 (any free port)
        info.Environment["Cellgate__Startup__WarmUp"] = "false"; // ready at once; StartupWarmUpTests turn it on
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        ShortLivedJit(info);
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return info;
    }

    /// <summary>The last line of the first-start banner, and of a later start's.</summary>
    private static readonly string[] BannerEnds = ["\"application_token\": \"<application token>\"", "each prints a new secret once"];

    [GeneratedRegex(@"Cellgate is listening on (?<url>http://[^\s,]+)")]
    private static partial Regex ListeningLine();

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } m) _listening.TrySetResult(m.Groups["url"].Value);
    }

    /// <summary>The value printed after <c>label:</c> in the start-up banner, or null.</summary>
    public string? BannerValue(string label) =>
        Regex.Match(Output, $@"^\s*{Regex.Escape(label)}:\s+(?<v>\S+)\s*$", RegexOptions.Multiline) is { Success: true } m ? m.Groups["v"].Value : null;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>A client signed in with <paramref name="applicationToken"/> (<c>POST /api/v1/authenticate</c>).</summary>
    public async Task<HttpClient> CreateClientAsync(string applicationToken)
    {
        var client = CreateClient();
        var auth = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/authenticate", new { application_token = applicationToken });
        using var body = System.Text.Json.JsonDocument.Parse(await auth.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("auth_token").GetString());
        return client;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGSTOP: the process stands still (its sockets and database transactions stay open) until <see cref="ResumeAsync"/> or a kill.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {_process.Id} failed with exit code {kill.ExitCode}");
    }

    /// <summary>Sends SIGTERM (what a container runtime or systemd sends to stop) and waits for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultTimeout);
        return _process.ExitCode;
    }

    /// <summary>Runs the server binary once with <paramref name="arguments"/> (an <c>admin</c> command) on the database of <paramref name="dataDirectory"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string dataDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Cellgate.Server"), arguments)
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in TestDatabase.ProcessEnvironment(dataDirectory)) info.Environment[key] = value;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        ShortLivedJit(info);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Eventually.DefaultTimeout);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A loopback TCP port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
