// bench/SmppSink: SmppSink PORT COUNT_FILE [--receipts]
// Listens on 127.0.0.1:PORT, accepts every bind, answers each submit_sm with ESME_ROK and a message id, and (with
// --receipts) sends a deliver_sm delivery receipt for it. Writes the number of submit_sm received so far to COUNT_FILE
// once a second, so the benchmark can check that every accepted message reached the SMSC. Loopback only.
using System.Net;
using System.Net.Sockets;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Text;

if (args.Length < 2 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: SmppSink PORT COUNT_FILE [--receipts]");
    return 2;
}
var countFile = args[1];
var receipts = args.Contains("--receipts");
long submits = 0;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

var listener = new TcpListener(IPAddress.Loopback, port);
listener.Start();
_ = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        WriteCount();
        try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { }
    }
});

var options = new SmppSessionOptions { Name = "sink", WindowSize = 100, MaxIncomingInFlight = 1000, EnquireLinkInterval = TimeSpan.FromSeconds(30) };
try
{
    while (!stop.IsCancellationRequested)
    {
        var socket = await listener.AcceptSocketAsync(stop.Token);
        socket.NoDelay = true;
        var session = SmppSession.ForStream(new NetworkStream(socket, ownsSocket: true), options, Handle);
        session.Start();
    }
}
catch (OperationCanceledException) { }
WriteCount();
return 0;

// Written aside and renamed over the file: a reader never sees it empty (File.WriteAllText truncates first, and the
// benchmark once read an empty count as 0, which made the warm-up's submissions count as the row's).
void WriteCount()
{
    File.WriteAllText(countFile + ".tmp", Interlocked.Read(ref submits).ToString() + "\n");
    File.Move(countFile + ".tmp", countFile, overwrite: true);
}

ValueTask<SmppResponse?> Handle(SmppSession session, SmppRequest request, CancellationToken ct)
{
    switch (request)
    {
        case BindRequest bind:
            return ValueTask.FromResult<SmppResponse?>(bind.CreateResponse());
        case SubmitSm submit:
            var id = Interlocked.Increment(ref submits).ToString("x");
            if (receipts && (submit.RegisteredDelivery & 0x03) != 0) _ = SendReceiptAsync(session, submit, id);
            return ValueTask.FromResult<SmppResponse?>(new SubmitSmResp { MessageId = id });
        default:
            return ValueTask.FromResult<SmppResponse?>(request.CreateResponse());
    }
}

async Task SendReceiptAsync(SmppSession session, SubmitSm submit, string id)
{
    var now = DateTime.UtcNow;
    var text = new DeliveryReceipt(id, 1, 1, now, now, DeliveryReceipt.StatDelivered, "000", "").Format();
    try
    {
        await session.SendAsync(new DeliverSm
        {
            SourceAddr = submit.DestAddr, DestAddr = submit.SourceAddr, EsmClass = 0x04,
            ShortMessage = System.Text.Encoding.ASCII.GetBytes(text),
        });
    }
    catch (Exception) { /* the peer went away: a sink does not retry */ }
}
