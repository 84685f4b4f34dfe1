using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// Kannel (Debian's <c>kannel</c> package: bearerbox and smsbox, an SMS gateway we did not write) bound to Cellgate's
/// SMPP server as an ESME: one <c>group = smsc</c> (<c>smsc = smpp</c>, transceiver) to 127.0.0.1:<c>smppPort</c>, a
/// <c>sendsms</c> user on smsbox's HTTP port, and a catch-all <c>sms-service</c> whose get-url is <see cref="HttpSink"/>
/// (MO SMS from the SMSC arrive there). Every port is a free loopback port; the boxes run under <c>timeout</c> (bounded
/// even if the test host dies) and are killed on dispose. In CI (CI=true) a missing Kannel fails the test (.ci/run
/// installs it); locally it is skipped with the reason.
/// </summary>
public sealed class KannelProcess : IAsyncDisposable
{
    public const string SmscId = "cellgate";
    public const string SendUser = "tester";
    public const string SendPassword = "sendpass";
    private const string AdminPassword = "adminpass";

    private readonly List<Process> _boxes = [];
    private readonly StringBuilder _output = new();
    private readonly string _directory;
    private readonly int _adminPort;

    private KannelProcess(string directory, int adminPort, int sendSmsPort)
    {
        _directory = directory;
        _adminPort = adminPort;
        SendSms = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sendSmsPort}") };
    }

    /// <summary>smsbox's sendsms interface.</summary>
    public HttpClient SendSms { get; }

    /// <summary>Fails (CI) or skips (locally) unless bearerbox and smsbox are installed.</summary>
    public static void RequireInstalled()
    {
        if (File.Exists(Bearerbox) && File.Exists(Smsbox)) return;
        var why = $"{Bearerbox} or {Smsbox} is missing";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"Kannel missing in CI: {why}. .ci/run installs it (apt-get install kannel).");
        Skip.If(true, $"Kannel missing: {why}. Run `apt-get install kannel` to enable.");
    }

    private static string Bearerbox => "/usr/sbin/bearerbox";
    private static string Smsbox => "/usr/sbin/smsbox";

    /// <summary>Writes kannel.conf into <paramref name="directory"/>, starts both boxes and waits until smsbox answers and the SMPP link is online.</summary>
    public static async Task<KannelProcess> StartAsync(string directory, int smppPort, string systemId, string password, Uri moUrl)
    {
        var (admin, box, sendsms) = (ServerProcess.FreePort(), ServerProcess.FreePort(), ServerProcess.FreePort());
        var kannel = new KannelProcess(directory, admin, sendsms);
        var config = Path.Combine(directory, "kannel.conf");
        await File.WriteAllTextAsync(config, Config(directory, admin, box, sendsms, smppPort, systemId, password, moUrl));
        try
        {
            kannel.Start(Bearerbox, config);
            await Eventually.HoldsAsync(async () => (await kannel.StatusAsync()).Contains("Status: running", StringComparison.Ordinal),
                $"bearerbox did not start; its output:\n{kannel.Output}");
            kannel.Start(Smsbox, config);
            await Eventually.HoldsAsync(async () => (await kannel.SendSmsStatusAsync()) is not null, $"smsbox did not open its sendsms port; output:\n{kannel.Output}");
            await Eventually.HoldsAsync(async () => (await kannel.StatusAsync()).Contains($"{SmscId}[{SmscId}]", StringComparison.Ordinal)
                                                    && (await kannel.StatusAsync()).Contains("(online", StringComparison.Ordinal),
                $"Kannel's SMPP link to Cellgate did not come online; status:\n{await kannel.StatusAsync()}\noutput:\n{kannel.Output}");
            return kannel;
        }
        catch
        {
            await kannel.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The configuration: kannel.conf(5) and the Kannel user guide's SMPP section. transceiver-mode binds one
    /// bind_transceiver on <c>port</c>; max-pending-submits is Kannel's window; the sms-service forwards every MO (no
    /// reply: max-messages 0) to <paramref name="moUrl"/> with sender (%p), receiver (%P) and text (%a).
    /// </summary>
    public static string Config(string directory, int adminPort, int boxPort, int sendSmsPort, int smppPort, string systemId, string password, Uri moUrl) =>
        string.Create(CultureInfo.InvariantCulture, $"""
        group = core
        admin-port = {adminPort}
        admin-interface = 127.0.0.1
        admin-password = {AdminPassword}
        admin-allow-ip = "127.0.0.1"
        smsbox-port = {boxPort}
        smsbox-interface = 127.0.0.1
        box-allow-ip = "127.0.0.1"
        log-file = "{Path.Combine(directory, "bearerbox.log")}"
        log-level = 0
        dlr-storage = internal

        group = smsc
        smsc = smpp
        smsc-id = {SmscId}
        host = 127.0.0.1
        port = {smppPort}
        transceiver-mode = true
        smsc-username = "{systemId}"
        smsc-password = "{password}"
        system-type = ""
        interface-version = 34
        max-pending-submits = 10
        reconnect-delay = 1
        enquire-link-interval = 30
        source-addr-ton = 1
        source-addr-npi = 1
        dest-addr-ton = 1
        dest-addr-npi = 1

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = {boxPort}
        sendsms-port = {sendSmsPort}
        sendsms-interface = 127.0.0.1
        log-file = "{Path.Combine(directory, "smsbox.log")}"
        log-level = 0

        group = sendsms-user
        username = {SendUser}
        password = {SendPassword}
        max-messages = 1

        group = sms-service
        keyword = default
        catch-all = true
        max-messages = 0
        get-url = "{moUrl.GetLeftPart(UriPartial.Path)}?from=%p&to=%P&text=%a"

        """);

    /// <summary>GET /cgi-bin/sendsms: status and body (Kannel answers 202 "0: Accepted for delivery").</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(string from, string to, string text, Uri? dlrUrl = null)
    {
        var query = $"/cgi-bin/sendsms?username={SendUser}&password={SendPassword}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&text={Uri.EscapeDataString(text)}";
        // dlr-mask 3: a report on success and on failure, which makes Kannel ask for registered_delivery; %d is the report type.
        if (dlrUrl is not null) query += "&dlr-mask=3&dlr-url=" + Uri.EscapeDataString(dlrUrl.GetLeftPart(UriPartial.Path) + "?type=%d&smsc=%i&to=%p");
        using var response = await SendSms.GetAsync(query);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>bearerbox's status page (text), or "" while it does not answer.</summary>
    public async Task<string> StatusAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return await http.GetStringAsync($"http://127.0.0.1:{_adminPort}/status.txt?password={AdminPassword}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    private async Task<HttpStatusCode?> SendSmsStatusAsync()
    {
        try
        {
            using var response = await SendSms.GetAsync("/cgi-bin/sendsms");
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public string Output
    {
        get
        {
            var logs = new StringBuilder();
            lock (_output) logs.Append(_output);
            foreach (var name in new[] { "bearerbox.log", "smsbox.log" })
            {
                var path = Path.Combine(_directory, name);
                if (!File.Exists(path)) continue;
                using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                var lines = reader.ReadToEnd().Split('\n');
                logs.AppendLine($"--- {name} (last 40 lines)").AppendJoin('\n', lines.TakeLast(40)).AppendLine();
            }
            return logs.ToString();
        }
    }

    private void Start(string box, string config)
    {
        // timeout(1) bounds a box's life even if this test host dies without disposing it.
        var info = new ProcessStartInfo("timeout", ["-s", "KILL", "300", box, config])
        {
            WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _boxes.Add(process);
    }

    public async ValueTask DisposeAsync()
    {
        SendSms.Dispose();
        // smsbox first, then bearerbox; both killed (a graceful Kannel shutdown waits for queues to drain).
        for (var i = _boxes.Count - 1; i >= 0; i--)
        {
            var process = _boxes[i];
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
            }
            process.Dispose();
        }
    }
}

/// <summary>A loopback HTTP listener that records every GET's path and query (Kannel's sms-service and dlr-url callbacks).</summary>
public sealed class HttpSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<Uri> _requests = Channel.CreateUnbounded<Uri>();
    private readonly List<Uri> _seen = [];

    public HttpSink()
    {
        Port = ServerProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }
            var url = context.Request.Url!;
            lock (_seen) _seen.Add(url);
            await _requests.Writer.WriteAsync(url);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            context.Response.Close();
        }
        _requests.Writer.TryComplete();
    }

    public string Seen
    {
        get { lock (_seen) return string.Join("\n", _seen); }
    }

    /// <summary>The next request to <paramref name="path"/>'s query parameters (earlier requests to other paths are skipped).</summary>
    public async Task<Dictionary<string, string>> NextAsync(string path, Func<string> context)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var url = await _requests.Reader.ReadAsync(deadline.Token);
                if (url.AbsolutePath != "/" + path) continue;
                return System.Web.HttpUtility.ParseQueryString(url.Query) is var q
                    ? q.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => q[k] ?? "")
                    : [];
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No request to /{path} within {Eventually.DefaultTimeout.TotalSeconds:0} s. Seen:\n{Seen}\n{context()}");
            throw;
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
