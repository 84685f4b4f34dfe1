using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 9, interop: Kannel (bearerbox + smsbox, an SMS gateway we did not write) binds to the real server process's
/// SMPP port as an ESME with the demo organisation's bootstrap SMPP account. An SMS sent through Kannel's HTTP
/// sendsms reaches the simulated handset and its delivery report comes back to Kannel; an MO from the handset reaches
/// Kannel's sms-service.
/// </summary>
public sealed class KannelInteropTests
{
    private const string Token = "kannel-interop-token-0123456789abcdef";
    // SMPP 3.4 limits: system_id ≤ 15 characters, password ≤ 8.
    private const string SystemId = "kannel";
    private const string Password = "kpass123";

    [SkippableFact]
    public async Task An_sms_sent_through_kannels_sendsms_reaches_the_device_its_report_comes_back_and_the_devices_mo_reaches_kannel()
    {
        KannelProcess.RequireInstalled();
        var dir = Directory.CreateTempSubdirectory("cellgate-kannel-").FullName;
        try
        {
            var smppPort = ServerProcess.FreePort();
            await using var server = await ServerProcess.StartAsync(dir, SmppEnvironment(Token, smppPort, SystemId, Password));
            var client = await ClientAsync(server, Token);
            var (device, msisdn) = await DemoDeviceAsync(client);

            using var sink = new HttpSink();
            await using var kannel = await KannelProcess.StartAsync(dir, smppPort, SystemId, Password, sink.Url("mo"));
            string Context() => $"Kannel:\n{kannel.Output}\nCellgate:\n{server.Output}";

            // MT: Kannel's HTTP interface → submit_sm to Cellgate → the simulated handset.
            var text = "Hello from Kannel " + Guid.NewGuid().ToString("N")[..8];
            var (status, body) = await kannel.SendAsync("4912345678", msisdn, text, sink.Url("dlr"));
            Assert.True(status == HttpStatusCode.Accepted, $"sendsms answered {(int)status} {body}\n{Context()}");
            var received = await Eventually.ValueAsync(
                async () => (await client.GetFromJsonAsync<JsonElement>($"/api/simulator/devices/{device}/inbox")).EnumerateArray()
                    .FirstOrDefault(e => e.GetProperty("payload").GetString() == text),
                e => e.ValueKind == JsonValueKind.Object, _ => $"the SMS sent through Kannel did not reach device {device}\n{Context()}");
            Assert.EndsWith("4912345678", received.GetProperty("source_address").GetString());

            // The MT is in the REST list like any other, and Kannel got its delivery report (type 1: delivered).
            var sms = await client.GetFromJsonAsync<JsonElement>($"/api/v1/endpoint/{device}/sms/{received.GetProperty("sms_id").GetInt64()}");
            Assert.Equal(text, sms.GetProperty("payload").GetString());
            var report = await sink.NextAsync("dlr", Context);
            Assert.Equal(("1", KannelProcess.SmscId), (report["type"], report["smsc"]));

            // MO: the handset sends to a short code → deliver_sm to the bound ESME → Kannel's sms-service get-url.
            var moText = "Hello Kannel from the device " + Guid.NewGuid().ToString("N")[..8];
            var mo = await client.PostAsJsonAsync($"/api/simulator/devices/{device}/mo", new { dest_address = "12345", payload = moText });
            Assert.Equal(HttpStatusCode.Created, mo.StatusCode);
            var forwarded = await sink.NextAsync("mo", Context);
            Assert.Equal(moText, forwarded["text"]);
            Assert.EndsWith(msisdn, forwarded["from"]);
            Assert.EndsWith("12345", forwarded["to"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The server with an application token, an SMPP listener on <paramref name="port"/> and the bootstrap SMPP account.</summary>
    internal static Dictionary<string, string> SmppEnvironment(string token, int port, string systemId, string password) => new()
    {
        ["Cellgate__Bootstrap__ApplicationToken"] = token,
        ["Cellgate__Smpp__Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Cellgate__Bootstrap__SmppSystemId"] = systemId,
        ["Cellgate__Bootstrap__SmppPassword"] = password,
    };

    internal static async Task<HttpClient> ClientAsync(ServerProcess server, string token)
    {
        var client = server.CreateClient();
        var auth = await client.PostAsJsonAsync("/api/v1/authenticate", new { application_token = token });
        var jwt = (await auth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return client;
    }

    /// <summary>The first demo endpoint (enabled, SIM activated, handset attached) and its SIM's MSISDN.</summary>
    internal static async Task<(long Device, string Msisdn)> DemoDeviceAsync(HttpClient client)
    {
        var endpoint = (await client.GetFromJsonAsync<JsonElement>("/api/v1/endpoint")).EnumerateArray()
            .First(e => e.GetProperty("name").GetString() == "Demo device 1");
        var sim = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sim/{endpoint.GetProperty("sim").GetProperty("id").GetInt64()}");
        return (endpoint.GetProperty("id").GetInt64(), sim.GetProperty("msisdn").GetString()!);
    }
}
