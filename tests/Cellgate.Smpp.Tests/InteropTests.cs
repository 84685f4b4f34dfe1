using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Tests.Support;
using Cellgate.Smpp.Text;

namespace Cellgate.Smpp.Tests;

/// <summary>
/// Our codec and session against SMPP implementations we did not write: the npm <c>smpp</c> package (installed in
/// interop/ by .ci/run), both as the SMSC our client binds to and as an ESME binding to a server built on our session,
/// and Debian's Net::SMPP (libnet-smpp-perl) as a second ESME.
/// </summary>
public class InteropTests
{
    [SkippableFact]
    public async Task Our_client_binds_to_an_npm_smpp_smsc_submits_and_receives_the_receipt_and_an_mo()
    {
        PeerProcess.RequireInstalled(PeerKind.NpmSmpp);
        await using var smsc = PeerProcess.Start("smsc.js");
        var port = (await smsc.WaitForAsync("listening")).GetProperty("port").GetInt32();

        var delivered = Channel.CreateUnbounded<DeliverSm>();
        await using var session = await SmppClient.ConnectAsync("127.0.0.1", port,
            new BindTransceiver { SystemId = "cellgate", Password = "secret" },
            new SmppSessionOptions { Name = "npm-smsc", ResponseTimeout = TimeSpan.FromSeconds(30) },
            async (s, request, ct) =>
            {
                if (request is DeliverSm deliver) await delivered.Writer.WriteAsync(deliver, ct);
                return request.CreateResponse();
            });
        Assert.Equal(SmppSessionState.Bound, session.State);
        var bind = await smsc.WaitForAsync("bind_transceiver");
        Assert.Equal(0x34, bind.GetProperty("interface_version").GetInt32());

        var response = await session.SubmitAsync(new SubmitSm
        {
            SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International("4917000002"),
            RegisteredDelivery = RegisteredDelivery.OnSuccessOrFailure, ShortMessage = "Hello npm"u8.ToArray(),
            Tlvs = new TlvList([Tlv.UInt16(TlvTag.UserMessageReference, 4711)]),
        });
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        Assert.Equal("npm-1", response.MessageId);

        var seen = await smsc.WaitForAsync("submit_sm");
        Assert.Equal("4917000001", seen.GetProperty("source_addr").GetString());
        Assert.Equal(1, seen.GetProperty("source_addr_ton").GetInt32());
        Assert.Equal("4917000002", seen.GetProperty("destination_addr").GetString());
        Assert.Equal(1, seen.GetProperty("dest_addr_npi").GetInt32());
        Assert.Equal("Hello npm", seen.GetProperty("short_message").GetString());
        Assert.Equal(4711, seen.GetProperty("user_message_reference").GetInt32());

        var receipt = await Eventually.Within(delivered.Reader.ReadAsync().AsTask(), "the receipt arrives");
        Assert.True(EsmClass.IsDeliveryReceipt(receipt.EsmClass));
        Assert.Equal("npm-1", receipt.Tlvs.ReceiptedMessageId);
        Assert.Equal(MessageState.Delivered, receipt.Tlvs.MessageState);
        Assert.True(DeliveryReceipt.TryParse(Encoding.ASCII.GetString(receipt.ShortMessage.Span), out var parsed));
        Assert.Equal(("npm-1", DeliveryReceipt.StatDelivered, "Hello npm"), (parsed.MessageId, parsed.Stat, parsed.Text));

        var mo = await Eventually.Within(delivered.Reader.ReadAsync().AsTask(), "the MO arrives");
        Assert.Equal("MO from npm", Encoding.ASCII.GetString(mo.ShortMessage.Span));
        Assert.Equal(SmppAddress.International("4917000002"), mo.SourceAddr);
        Assert.Equal(0, (await smsc.WaitForAsync("deliver_sm_resp")).GetProperty("command_status").GetInt32());

        // A long message in message_payload, then a keep-alive, then a clean unbind.
        var longText = string.Concat(Enumerable.Repeat("0123456789", 30));
        var payload = await session.SubmitAsync(new SubmitSm
        {
            SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International("4917000002"),
            Tlvs = new TlvList([new Tlv(TlvTag.MessagePayload, Encoding.ASCII.GetBytes(longText))]),
        });
        Assert.Equal("npm-2", payload.MessageId);
        Assert.Equal(longText, (await smsc.WaitForAsync("submit_sm")).GetProperty("message_payload").GetString());
        Assert.Equal(CommandStatus.ESME_ROK, (await session.EnquireLinkAsync()).CommandStatus);

        await session.UnbindAsync();
        await smsc.WaitForAsync("unbind");
        Assert.Equal(SmppCloseReason.Unbound, await session.Completion);
    }

    [SkippableFact]
    public async Task An_npm_smpp_smsc_reads_our_data_sm_query_sm_cancel_sm_replace_sm_and_submit_multi_and_we_read_its_answers()
    {
        PeerProcess.RequireInstalled(PeerKind.NpmSmpp);
        await using var smsc = PeerProcess.Start("smsc.js");
        var port = (await smsc.WaitForAsync("listening")).GetProperty("port").GetInt32();
        await using var session = await SmppClient.ConnectAsync("127.0.0.1", port, new BindTransceiver { SystemId = "cellgate", Password = "secret" },
            new SmppSessionOptions { WindowSize = 50 }, (s, r, ct) => ValueTask.FromResult<SmppResponse?>(r.CreateResponse()));

        // Texts avoid "_": npm reads data_coding 0 as the GSM 03.38 alphabet, where 0x5F is "§".
        var data = await session.SendAsync<DataSmResp>(new DataSm
        {
            SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International("4917000002"),
            RegisteredDelivery = 1, Tlvs = new TlvList([new Tlv(TlvTag.MessagePayload, "payload via data-sm"u8.ToArray())]),
        });
        Assert.Equal((CommandStatus.ESME_ROK, "npm-data-1"), (data.CommandStatus, data.MessageId));
        var seenData = await smsc.WaitForAsync("data_sm");
        Assert.Equal(("4917000002", 1, "payload via data-sm"),
            (seenData.GetProperty("destination_addr").GetString(), seenData.GetProperty("registered_delivery").GetInt32(), seenData.GetProperty("message_payload").GetString()));

        var query = await session.SendAsync<QuerySmResp>(new QuerySm { MessageId = "npm-7", SourceAddr = SmppAddress.International("4917000001") });
        Assert.Equal(("npm-7", "260102030405000+", MessageState.Delivered, (byte)0), (query.MessageId, query.FinalDate, query.MessageState, query.ErrorCode));
        Assert.Equal("npm-7", (await smsc.WaitForAsync("query_sm")).GetProperty("message_id").GetString());

        var cancel = await session.SendAsync<CancelSmResp>(new CancelSm
        {
            MessageId = "npm-7", SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International("4917000002"),
        });
        Assert.Equal(CommandStatus.ESME_RCANCELFAIL, cancel.CommandStatus);
        var seenCancel = await smsc.WaitForAsync("cancel_sm");
        Assert.Equal(("npm-7", "4917000002"), (seenCancel.GetProperty("message_id").GetString(), seenCancel.GetProperty("destination_addr").GetString()));

        Assert.True(SmppTime.TryParse("260315143005308+", out var schedule));
        var replace = await session.SendAsync<ReplaceSmResp>(new ReplaceSm
        {
            MessageId = "npm-7", SourceAddr = SmppAddress.International("4917000001"), ScheduleDeliveryTime = schedule.Format(),
            ShortMessage = "replaced"u8.ToArray(),
        });
        Assert.Equal(CommandStatus.ESME_ROK, replace.CommandStatus);
        var seenReplace = await smsc.WaitForAsync("replace_sm");
        Assert.Equal("replaced", seenReplace.GetProperty("short_message").GetString());
        // npm reads SMPP time into a JavaScript Date: the same instant as ours, offset (+2 h = 8 quarter hours) included.
        Assert.Equal(schedule.AbsoluteTime!.Value.UtcDateTime, DateTime.Parse(seenReplace.GetProperty("schedule_delivery_time").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));

        var multi = await session.SendAsync<SubmitMultiResp>(new SubmitMulti
        {
            SourceAddr = SmppAddress.International("4917000001"),
            Destinations = [MultiDestination.Address(SmppAddress.International("4917000002")), MultiDestination.List("friends")],
            ShortMessage = "to many"u8.ToArray(),
        });
        Assert.Equal("npm-multi-1", multi.MessageId);
        Assert.Equal([new UnsuccessfulSme(SmppAddress.International("4917000099"), CommandStatus.ESME_RINVDSTADR)], multi.UnsuccessSmes);
        var seenMulti = await smsc.WaitForAsync("submit_multi");
        var destinations = seenMulti.GetProperty("dest_address");
        Assert.Equal("4917000002", destinations[0].GetProperty("destination_addr").GetString());
        Assert.Equal("friends", destinations[1].GetProperty("dl_name").GetString());

        // A window's worth of submits at once: every one answered with its own id.
        var many = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => session.SubmitAsync(new SubmitSm
        {
            SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International("4917000002"), ShortMessage = "burst"u8.ToArray(),
        })));
        Assert.All(many, r => Assert.Equal(CommandStatus.ESME_ROK, r.CommandStatus));
        Assert.Equal(200, many.Select(r => r.MessageId).Distinct().Count());

        await session.UnbindAsync();
    }

    [SkippableTheory]
    [InlineData(PeerKind.NpmSmpp, "esme.js", "npm")]
    [InlineData(PeerKind.PerlNetSmpp, "esme.pl", "perl")]
    public async Task An_independent_client_binds_to_our_server_submits_gets_a_message_id_and_receives_a_receipt(PeerKind kind, string script, string systemId)
    {
        PeerProcess.RequireInstalled(kind);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var submitted = new TaskCompletionSource<SubmitSm>(TaskCreationOptions.RunContinuationsAsynchronously);
        SmppRequestHandler handler = (session, request, ct) => ValueTask.FromResult<SmppResponse?>(request switch
        {
            BindRequest { Password: "secret" } bind when bind.SystemId == systemId => bind.CreateResponse() is BindResponse r ? r with { SystemId = "cellgate" } : null,
            BindRequest bind => bind.CreateResponse(CommandStatus.ESME_RINVPASWD),
            SubmitSm submit when submitted.TrySetResult(submit) => new SubmitSmResp { MessageId = "cg-0001" },
            _ => request.CreateResponse(CommandStatus.ESME_RSUBMITFAIL),
        });

        await using var esme = PeerProcess.Start(script, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var socket = await Eventually.Within(listener.AcceptSocketAsync(), "the client connects");
        await using var server = SmppSession.ForStream(new NetworkStream(socket, ownsSocket: true), new SmppSessionOptions { Name = "npm-esme" }, handler);
        server.Start();

        var bound = await esme.WaitForAsync("bind_transceiver_resp");
        Assert.Equal((0, "cellgate"), (bound.GetProperty("command_status").GetInt32(), bound.GetProperty("system_id").GetString()));
        Assert.Equal(SmppSessionState.Bound, server.State);
        Assert.Equal(systemId, server.Bind!.SystemId);

        var submit = await Eventually.Within(submitted.Task, "the client's submit_sm reaches the handler");
        Assert.Equal(SmppAddress.International("4917000001"), submit.SourceAddr);
        Assert.Equal(SmppAddress.International("4917000002"), submit.DestAddr);
        Assert.Equal($"Hello from {systemId}", Encoding.ASCII.GetString(submit.ShortMessage.Span));
        Assert.Equal(RegisteredDelivery.OnSuccessOrFailure, submit.RegisteredDelivery);
        Assert.Equal((ushort)42, submit.Tlvs.UserMessageReference);

        var resp = await esme.WaitForAsync("submit_sm_resp");
        Assert.Equal((0, "cg-0001"), (resp.GetProperty("command_status").GetInt32(), resp.GetProperty("message_id").GetString()));

        var receiptText = new DeliveryReceipt("cg-0001", 1, 1, new DateTime(2026, 1, 1, 12, 0, 0), new DateTime(2026, 1, 1, 12, 1, 0),
            DeliveryReceipt.StatDelivered, "000", $"Hello from {systemId}").Format();
        var deliverResp = await server.DeliverAsync(new DeliverSm
        {
            SourceAddr = submit.DestAddr, DestAddr = submit.SourceAddr, EsmClass = EsmClass.DeliveryReceipt,
            ShortMessage = Encoding.ASCII.GetBytes(receiptText),
            Tlvs = new TlvList([Tlv.CString(TlvTag.ReceiptedMessageId, "cg-0001"), Tlv.UInt8(TlvTag.MessageState, (byte)MessageState.Delivered)]),
        });
        Assert.Equal(CommandStatus.ESME_ROK, deliverResp.CommandStatus);

        var receipt = await esme.WaitForAsync("deliver_sm");
        Assert.Equal(EsmClass.DeliveryReceipt, receipt.GetProperty("esm_class").GetInt32());
        Assert.Equal(receiptText, receipt.GetProperty("short_message").GetString());
        Assert.Equal("cg-0001", receipt.GetProperty("receipted_message_id").GetString());
        Assert.Equal((int)MessageState.Delivered, receipt.GetProperty("message_state").GetInt32());

        Assert.Equal(0, (await esme.WaitForAsync("unbind_resp")).GetProperty("command_status").GetInt32());
        Assert.Equal(SmppCloseReason.Unbound, await Eventually.Within(server.Completion, $"the server session ends unbound (state {server.State}; npm: {esme.Output})"));
        await esme.ExitedAsync();
        Assert.True(esme.ExitCode == 0, esme.Output);
    }
}
