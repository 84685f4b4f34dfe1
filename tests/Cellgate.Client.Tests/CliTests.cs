using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Client.Tests;

/// <summary>The cellgate command run in-process against the in-process server: its tables and JSON, exit codes, profiles.</summary>
public sealed class CliTests : IDisposable
{
    private readonly SdkServer _server = new();
    private readonly CliRunner _cli;

    public CliTests() => _cli = new CliRunner(_server);

    public void Dispose()
    {
        _cli.Dispose();
        _server.Dispose();
    }

    private Task<(int Code, string Out, string Err)> Table(params string[] args) => _cli.RunAsync(false, args);
    private Task<(int Code, string Out, string Err)> Piped(params string[] args) => _cli.RunAsync(true, args);

    private async Task<SdkWorld> WorldAsync()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        await w.DeviceAsync(0, "Tracker 1");
        await w.Client.Devices.CreateAsync(w.New("Sensor 2") with { Status = DeviceStatus.Disabled, Tags = "lab" });
        return w;
    }

    [Fact]
    public async Task Devices_list_prints_a_table_on_a_terminal()
    {
        await WorldAsync();
        var (code, output, error) = await Table("devices", "list");
        Assert.Equal((0, ""), (code, error));
        Assert.DoesNotContain('\u001b', output); // NO_COLOR: no escape sequences
        Snapshot.Match("devices-list.table", output);
    }

    [Fact]
    public async Task Devices_list_prints_json_when_piped_and_with_format_json()
    {
        await WorldAsync();
        var (code, piped, _) = await Piped("devices", "list");
        var (_, asked, _) = await Table("devices", "list", "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal(piped, asked);
        Snapshot.Match("devices-list.json", piped);
        var devices = JsonDocument.Parse(piped).RootElement;
        Assert.Equal(["Tracker 1", "Sensor 2"], devices.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Devices_get_create_enable_disable_and_delete()
    {
        var w = await WorldAsync();
        var (code, output, _) = await Table("devices", "get", "1");
        Assert.Equal(0, code);
        Snapshot.Match("devices-get.table", output);

        var created = await Piped("devices", "create", "--name", "Meter 3", "--sim", w.Sims[2].Id.ToString(), "--tags", "cli");
        Assert.Equal(0, created.Code);
        var device = JsonDocument.Parse(created.Out).RootElement;
        Assert.Equal(("Meter 3", "Activated"), (device.GetProperty("name").GetString(), device.GetProperty("sim").GetProperty("status").GetProperty("description").GetString()));
        var id = device.GetProperty("id").GetInt64().ToString();

        Assert.Equal((0, $"Device {id} disabled.\n"), Pick(await Table("devices", "disable", id)));
        Assert.False((await w.Client.Devices.GetAsync(DeviceId.Parse(id))).Enabled);
        Assert.Equal((0, $"Device {id} enabled.\n"), Pick(await Table("devices", "enable", id)));
        Assert.True((await w.Client.Devices.GetAsync(DeviceId.Parse(id))).Enabled);
        Assert.Equal((0, $"Device {id} deleted.\n"), Pick(await Table("devices", "delete", id, "--release-sim")));

        var (missing, _, error) = await Table("devices", "get", id);
        Assert.Equal(5, missing);
        Assert.Equal($"error: 404 1401 InvalidReference: Endpoint with Id '{id}' not found.\n", error);
    }

    private static (int, string) Pick((int Code, string Out, string Err) r) => (r.Code, r.Out);

    [Fact]
    public async Task Sms_send_with_wait_prints_delivered_and_sms_list_shows_it()
    {
        await WorldAsync();
        var (code, output, error) = await Table("sms", "send", "1", "hi", "--wait");
        Assert.Equal("", error);
        Assert.Equal((0, "SMS 1 to device 1: DELIVERED\n"), (code, output));

        var list = await Table("sms", "list", "1");
        Snapshot.Match("sms-list.table", list.Out);

        var json = await Piped("sms", "send", "1", "again", "--wait");
        Assert.Equal("DELIVERED", JsonDocument.Parse(json.Out).RootElement.GetProperty("status").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Sms_send_to_a_detached_device_times_out_with_exit_code_8_and_a_rejected_device_exits_7()
    {
        var w = await WorldAsync();
        await w.Client.Simulator.DetachAsync(new DeviceId(1));
        var (code, _, error) = await Table("sms", "send", "1", "anyone?", "--wait", "--timeout", "0");
        Assert.Equal(8, code);
        Assert.Contains("SMS 1 is still", error, StringComparison.Ordinal);

        await w.Client.Simulator.AttachAsync(new DeviceId(1));
        await w.Client.Simulator.UpdateAsync(new DeviceId(1), new SimulatedDeviceUpdate { Fault = "reject" });
        var rejected = await Table("sms", "send", "1", "no thanks", "--wait");
        Assert.Equal((7, "SMS 2 to device 1: FAILED (smDeliveryFailure)\n"), (rejected.Code, rejected.Out));
    }

    [Fact]
    public async Task Sms_watch_prints_recent_sms_and_then_new_ones_as_json_lines()
    {
        var w = await WorldAsync();
        var first = await w.Client.Sms.SendAsync(new DeviceId(1), "first");
        await w.Client.Sms.WaitForFinalStatusAsync(new DeviceId(1), first);
        var (code, output, _) = await Piped("sms", "watch", "1", "--backlog", "1", "--max", "1");
        Assert.Equal(0, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("first", JsonDocument.Parse(line).RootElement.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Tokens_are_created_listed_and_revoked()
    {
        // As a user (whose tokens name their creator whatever the server's version), not with the bootstrap token.
        _cli.Variables.Remove("CELLGATE_APPLICATION_TOKEN");
        _cli.Variables.Remove("CELLGATE_URL");
        _cli.Input.Enqueue(CellgateApp.AdminPassword);
        Assert.Equal(0, (await Piped("login", "--url", "http://localhost", "--username", CellgateApp.AdminUsername)).Code);
        var created = await Piped("tokens", "create", "--description", "ci");
        Assert.Equal(0, created.Code);
        var secret = JsonDocument.Parse(created.Out).RootElement.GetProperty("application_token").GetString()!;

        var list = await Table("tokens", "list");
        Snapshot.Match("tokens-list.table", list.Out);
        Assert.DoesNotContain(secret, list.Out, StringComparison.Ordinal);

        Assert.Equal((0, "Application token 2 revoked.\n"), Pick(await Table("tokens", "revoke", "2")));
        var after = JsonDocument.Parse((await Piped("tokens", "list")).Out).RootElement;
        Assert.Equal("Revoked", after[1].GetProperty("status").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_csv_import_reports_bad_rows_by_line_and_imports_the_rest()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator(), sims: 1); // SIM 1's numbers exist already
        var n = SdkWorld.Numbers;
        string Row(NewSim s) => $"{s.Iccid},{s.Imsi},{s.Msisdn}";
        var csv = string.Join("\n",
            "iccid,imsi,msisdn",
            Row(n(2)),
            "8988303000000000003,29505000000003,", // 14-digit IMSI, no MSISDN: fine
            "12345,295050000000004,4236639000004", // line 4: bad ICCID
            Row(n(5)),
            $"{n(6).Iccid},{n(6).Imsi[..10]},{n(6).Msisdn}", // line 6: short IMSI
            Row(n(5)) , // line 7: same as line 5
            $"{n(8).Iccid},{n(8).Imsi},{n(1).Msisdn}", // line 8: MSISDN of a SIM on the server
            "",
            Row(n(10)));
        var file = _cli.File("sims.csv", csv + "\n");

        var (code, output, _) = await Table("sims", "import", file, "--batch-size", "4");
        Assert.Equal(9, code);
        Snapshot.Match("sims-import.table", output);

        var sims = await w.Client.Sims.ListAsync().ToListAsync();
        Assert.Equal([n(1).Iccid, n(2).Iccid, "8988303000000000003", n(5).Iccid, n(10).Iccid], sims.Select(s => s.Iccid));

        var listed = JsonDocument.Parse((await Piped("sims", "list")).Out).RootElement;
        Assert.Equal(5, listed.GetArrayLength());
    }

    [Fact]
    public async Task Events_tail_prints_the_newest_events_oldest_first()
    {
        var w = await WorldAsync();
        var all = await w.Client.Events.ListAsync(new ListOptions { Sort = "id" }).ToListAsync();
        var (code, output, _) = await Piped("events", "tail", "-n", "3");
        Assert.Equal(0, code);
        var ids = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64());
        Assert.Equal(all.TakeLast(3).Select(e => e.Id.Value), ids);

        var table = await Table("events", "tail", "-n", "1", "--device", "2");
        Assert.Contains("Sensor 2 (2)", table.Out, StringComparison.Ordinal);

        var follow = await Piped("events", "tail", "-n", "2", "--follow", "--max", "2");
        Assert.Equal(2, follow.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_simulator_commands_detach_attach_and_send_mo()
    {
        await WorldAsync();
        Assert.Equal((0, "Device 1 detached.\n"), Pick(await Table("simulator", "detach", "1")));
        Assert.Equal((0, "Device 1 attached.\n"), Pick(await Table("simulator", "attach", "1")));
        Assert.Equal((0, "MO SMS 1 sent by device 1 to 12345.\n"), Pick(await Table("simulator", "mo", "1", "12345", "hello app")));
        var state = JsonDocument.Parse((await Piped("simulator", "attach", "1")).Out).RootElement;
        Assert.True(state.GetProperty("attached").GetBoolean());
    }

    [Fact]
    public async Task Login_saves_a_profile_that_later_commands_use_without_environment_variables()
    {
        await WorldAsync();
        _cli.Variables.Remove("CELLGATE_URL");
        _cli.Variables.Remove("CELLGATE_APPLICATION_TOKEN");
        var (notConfigured, _, error) = await Table("devices", "list");
        Assert.Equal(3, notConfigured);
        Assert.StartsWith("error: no server", error, StringComparison.Ordinal);

        var login = await Table("login", "--url", "http://localhost", "--application-token", CellgateApp.BootstrapToken);
        Assert.Equal(0, login.Code);
        Assert.StartsWith("Logged in to http://localhost as Operator Org (application token); saved as profile 'default'", login.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ConfigPath));
        Assert.Equal(0, (await Table("devices", "list")).Code);

        _cli.Input.Enqueue(CellgateApp.AdminPassword);
        var user = await Table("--profile", "admin", "login", "--url", "http://localhost", "--username", CellgateApp.AdminUsername);
        Assert.Equal(0, user.Code);
        var config = File.ReadAllText(_cli.ConfigPath);
        Assert.Contains("\"refresh_token\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain(CellgateApp.AdminPassword, config, StringComparison.Ordinal);
        Assert.DoesNotContain(CellgatePassword.Sha1Hex(CellgateApp.AdminPassword), config, StringComparison.Ordinal);
        var devices = await Piped("devices", "list");
        Assert.Equal(2, JsonDocument.Parse(devices.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Exit_codes_tell_usage_errors_refused_credentials_missing_files_and_unreachable_servers_apart()
    {
        var usage = await Table("devices", "frobnicate");
        Assert.Equal(2, usage.Code);
        Assert.Contains("frobnicate", usage.Err, StringComparison.Ordinal);

        Assert.Equal(2, (await Table("devices", "list", "--format", "xml")).Code);

        _cli.Variables["CELLGATE_APPLICATION_TOKEN"] = "wrong";
        var refused = await Table("devices", "list");
        Assert.Equal(4, refused.Code);
        Assert.StartsWith("error: not authenticated", refused.Err, StringComparison.Ordinal);

        var missing = await Table("sims", "import", "/nonexistent/sims.csv");
        Assert.Equal((1, "error: /nonexistent/sims.csv does not exist\n"), (missing.Code, missing.Err));

        _cli.CreateHttpClient = uri => new HttpClient { BaseAddress = uri };
        _cli.Variables["CELLGATE_URL"] = "http://127.0.0.1:1"; // nothing listens on port 1
        var unreachable = await Table("devices", "list");
        Assert.Equal(6, unreachable.Code);
        Assert.StartsWith("error: cannot reach the server", unreachable.Err, StringComparison.Ordinal);
    }
}
