using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cellgate.Server.Tests.Support;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Text;

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

    /// <summary>
    /// The same Kannel configuration against an SMSC built on our SMPP session (src/Cellgate.Smpp) alone: Kannel's
    /// bind_transceiver, its submit_sm, our deliver_sm receipt (matched by Kannel to its report) and our MO deliver_sm.
    /// Independent of the server's features: it proves the harness and the library's wire format against Kannel.
    /// </summary>
    [SkippableFact]
    public async Task Kannel_binds_to_an_smsc_built_on_our_session_submits_and_takes_our_receipt_and_mo()
    {
        KannelProcess.RequireInstalled();
        var dir = Directory.CreateTempSubdirectory("cellgate-kannel-lib-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var submits = Channel.CreateUnbounded<SubmitSm>();
        var binds = Channel.CreateUnbounded<BindRequest>();
        SmppRequestHandler handler = async (session, request, ct) =>
        {
            switch (request)
            {
                case BindRequest bind:
                    await binds.Writer.WriteAsync(bind, ct);
                    return bind.Password == Password ? ((BindResponse)bind.CreateResponse()) with { SystemId = "cellgate" } : bind.CreateResponse(CommandStatus.ESME_RINVPASWD);
                case SubmitSm submit:
                    await submits.Writer.WriteAsync(submit, ct);
                    return new SubmitSmResp { MessageId = "4711" };
                default:
                    return request.CreateResponse();
            }
        };
        var accepted = new List<SmppSession>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                Socket socket;
                try { socket = await listener.AcceptSocketAsync(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
                var session = SmppSession.ForStream(new NetworkStream(socket, ownsSocket: true), new SmppSessionOptions { Name = "kannel" }, handler);
                lock (accepted) accepted.Add(session);
                session.Start();
            }
        });
        try
        {
            using var sink = new HttpSink();
            await using var kannel = await KannelProcess.StartAsync(dir, port, SystemId, Password, sink.Url("mo"));
            string Context() => $"Kannel:\n{kannel.Output}\nHTTP seen:\n{sink.Seen}";
            var bind = await binds.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal((CommandId.BindTransceiver, SystemId, (byte)0x34), (bind.CommandId, bind.SystemId, bind.InterfaceVersion));

            var (status, body) = await kannel.SendAsync("4912345678", "999010000000001", "Hello SMSC", sink.Url("dlr"));
            Assert.True(status == HttpStatusCode.Accepted, $"sendsms answered {(int)status} {body}\n{Context()}");
            var submit = await submits.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal((SmppAddress.International("4912345678"), SmppAddress.International("999010000000001")), (submit.SourceAddr, submit.DestAddr));
            Assert.Equal("Hello SMSC", Encoding.ASCII.GetString(submit.ShortMessage.Span));
            Assert.Equal(RegisteredDelivery.OnSuccessOrFailure, submit.RegisteredDelivery & RegisteredDelivery.ReceiptMask);

            SmppSession smsc;
            lock (accepted) smsc = accepted.Single(s => s.State == SmppSessionState.Bound);
            var now = new DateTime(2026, 1, 1, 12, 0, 0);
            var receipt = await smsc.DeliverAsync(new DeliverSm
            {
                SourceAddr = submit.DestAddr, DestAddr = submit.SourceAddr, EsmClass = EsmClass.DeliveryReceipt,
                ShortMessage = Encoding.ASCII.GetBytes(new DeliveryReceipt("4711", 1, 1, now, now, DeliveryReceipt.StatDelivered, "000", "Hello SMSC").Format()),
                Tlvs = new TlvList([Tlv.CString(TlvTag.ReceiptedMessageId, "4711"), Tlv.UInt8(TlvTag.MessageState, (byte)MessageState.Delivered)]),
            });
            Assert.Equal(CommandStatus.ESME_ROK, receipt.CommandStatus);
            var report = await sink.NextAsync("dlr", Context);
            Assert.Equal(("1", KannelProcess.SmscId, "999010000000001"), (report["type"], report["smsc"], report["to"]));

            var mo = await smsc.DeliverAsync(new DeliverSm
            {
                SourceAddr = SmppAddress.International("999010000000001"), DestAddr = new SmppAddress(TypeOfNumber.Unknown, NumberingPlan.Isdn, "12345"),
                ShortMessage = "MO to Kannel"u8.ToArray(),
            });
            Assert.Equal(CommandStatus.ESME_ROK, mo.CommandStatus);
            var forwarded = await sink.NextAsync("mo", Context);
            Assert.Equal(("MO to Kannel", "12345"), (forwarded["text"], forwarded["to"]));
            Assert.EndsWith("999010000000001", forwarded["from"]);
        }
        finally
        {
            listener.Stop();
            await accepting;
            foreach (var s in accepted) await s.DisposeAsync();
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

    internal static Task<HttpClient> ClientAsync(ServerProcess server, string token) => server.CreateClientAsync(token);

    /// <summary>The first demo endpoint (enabled, SIM activated, handset attached) and its SIM's MSISDN.</summary>
    internal static async Task<(long Device, string Msisdn)> DemoDeviceAsync(HttpClient client)
    {
        var endpoint = (await client.GetFromJsonAsync<JsonElement>("/api/v1/endpoint")).EnumerateArray()
            .First(e => e.GetProperty("name").GetString() == "Demo device 1");
        var sim = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sim/{endpoint.GetProperty("sim").GetProperty("id").GetInt64()}");
        return (endpoint.GetProperty("id").GetInt64(), sim.GetProperty("msisdn").GetString()!);
    }
}
