using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 9, interop: Debian's Net::SMPP (Perl, an SMPP implementation we did not write; Interop/netsmpp_esme.pl) binds
/// to the real server process's SMPP port with the demo organisation's bootstrap account, submits to a demo handset,
/// gets the delivery receipt, and receives the handset's MO as deliver_sm.
/// </summary>
public sealed class NetSmppInteropTests
{
    private const string Token = "netsmpp-interop-token-0123456789abcdef";
    private const string SystemId = "perl-esme";
    private const string Password = "ppass123";

    [SkippableFact]
    public async Task A_net_smpp_esme_submits_to_a_device_gets_its_receipt_and_receives_the_devices_mo()
    {
        RequireNetSmpp();
        var dir = Directory.CreateTempSubdirectory("cellgate-netsmpp-").FullName;
        try
        {
            var smppPort = ServerProcess.FreePort();
            await using var server = await ServerProcess.StartAsync(dir, KannelInteropTests.SmppEnvironment(Token, smppPort, SystemId, Password));
            var client = await KannelInteropTests.ClientAsync(server, Token);
            var (device, msisdn) = await KannelInteropTests.DemoDeviceAsync(client);

            var text = "Hello from Net::SMPP " + Guid.NewGuid().ToString("N")[..8];
            await using var esme = JsonLinesProcess.Start("perl", Script, smppPort.ToString(CultureInfo.InvariantCulture), SystemId, Password, msisdn, text);
            string Context() => $"perl:\n{esme.Output}\nCellgate:\n{server.Output}";

            var bound = await esme.WaitForAsync("bind_transceiver_resp", Context);
            Assert.Equal(0, bound.GetProperty("command_status").GetInt32());
            var resp = await esme.WaitForAsync("submit_sm_resp", Context);
            Assert.Equal(0, resp.GetProperty("command_status").GetInt32());
            var messageId = resp.GetProperty("message_id").GetString();
            Assert.False(string.IsNullOrEmpty(messageId), Context());

            // The handset got it, and the ESME its receipt (esm_class receipt, receipted_message_id = the submit's id, DELIVRD).
            await Eventually.HoldsAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/api/simulator/devices/{device}/inbox")).EnumerateArray()
                .Any(e => e.GetProperty("payload").GetString() == text), $"the SMS did not reach device {device}\n{Context()}");
            var receipt = await esme.WaitForAsync("receipt", Context);
            Assert.Equal(messageId, receipt.GetProperty("receipted_message_id").GetString());
            Assert.Equal(2, receipt.GetProperty("message_state").GetInt32()); // DELIVERED
            Assert.Contains($"id:{messageId} ", receipt.GetProperty("short_message").GetString());
            Assert.Contains("stat:DELIVRD", receipt.GetProperty("short_message").GetString());

            // MO from the handset to a short code → deliver_sm to the bound ESME.
            var moText = "MO for Net::SMPP " + Guid.NewGuid().ToString("N")[..8];
            var mo = await client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = "12345", payload = moText });
            Assert.Equal(HttpStatusCode.Created, mo.StatusCode);
            var delivered = await esme.WaitForAsync("mo", Context);
            Assert.Equal(moText, delivered.GetProperty("short_message").GetString());
            Assert.EndsWith(msisdn, delivered.GetProperty("source_addr").GetString());
            Assert.Equal("12345", delivered.GetProperty("destination_addr").GetString());

            Assert.Equal(0, (await esme.WaitForAsync("unbind_resp", Context)).GetProperty("command_status").GetInt32());
            Assert.True(await esme.ExitedAsync() == 0, Context());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cellgate.slnx")))
                    return Path.Combine(dir.FullName, "tests", "Cellgate.Server.Tests", "Interop", "netsmpp_esme.pl");
            throw new InvalidOperationException("Cannot find the repository root (Cellgate.slnx) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Fails (CI) or skips (locally) unless perl with Net::SMPP is installed (.ci/run installs libnet-smpp-perl).</summary>
    private static void RequireNetSmpp()
    {
        string? why;
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("perl", ["-MNet::SMPP", "-MJSON::PP", "-e", "1"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit(10_000);
            why = probe.HasExited && probe.ExitCode == 0 ? null : "the Net::SMPP perl module is not installed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            why = "no `perl` on PATH";
        }
        if (why is null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"SMPP interop peer missing in CI: {why}. .ci/run installs it (apt-get install libnet-smpp-perl).");
        Skip.If(true, $"SMPP interop peer missing: {why}. Run `apt-get install libnet-smpp-perl` to enable.");
    }
}

/// <summary>A child process that reports events as JSON lines ({"event": name, …}) on stdout; killed on dispose.</summary>
public sealed class JsonLinesProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _log = new();

    private JsonLinesProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _events.Writer.TryComplete(); return; }
            lock (_log) _log.AppendLine(e.Data);
            try { _events.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone()); }
            catch (JsonException) { } // not an event line; kept in the log
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static JsonLinesProcess Start(string program, params string[] args) =>
        new(Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!);

    public string Output { get { lock (_log) return _log.ToString(); } }

    /// <summary>The next event named <paramref name="name"/>; earlier events of other names are skipped (they stay in <see cref="Output"/>).</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<string> context)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(deadline.Token);
                if (e.TryGetProperty("event", out var n) && n.GetString() == name) return e;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Assert.Fail($"The process never reported '{name}'.\n{context()}");
            throw;
        }
    }

    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultTimeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }
        _process.Dispose();
    }
}
