// SMPP load driver of bench/scenarios/smpp.sh (see the project file). Two modes, each printing one JSON line of results:
//
//   esme --port P --system-id ID --password PW [--host 127.0.0.1] [--window 100] [--binds 1] [--count 100000]
//        [--warmup 10000] [--dest-prefix 99902] [--dest-first 1] [--dest-count 1000] [--source 4912345678]
//        [--registered-delivery] [--receipt-wait-seconds 0]
//     Binds as transceiver(s), keeps exactly `window` submit_sm in flight per bind until `count` are answered (after
//     `warmup` unmeasured ones): submit_sm/s acknowledged, p50/p99/max of submit→resp, command_status counts, and the
//     delivery receipts (deliver_sm) that arrived by the end (waiting up to --receipt-wait-seconds for all of them).
//
//   smsc [--port 0] [--expect 0] [--idle-seconds 5] [--timeout-seconds 600]
//     A sink SMSC: accepts any bind, answers every submit_sm with ESME_ROK at once and counts them. Prints
//     {"event":"listening","port":P} first, then the result once `expect` submits arrived, or after idle-seconds without
//     one (once the first arrived), or at the timeout: submits, seconds from the first to the last, submits per second.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;

var options = Args.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "esme" => await Esme.RunAsync(options),
    "smsc" => await Sink.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Cellgate.Bench.Smpp esme --port P --system-id ID --password PW [options] | smsc [options] (see Program.cs)");
    return 2;
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (key is not null) values[key] = "true";
                key = a[2..];
            }
            else if (key is not null)
            {
                values[key] = a;
                key = null;
            }
            else throw new ArgumentException($"unexpected argument '{a}'");
        }
        if (key is not null) values[key] = "true";
        return new Args(values);
    }

    public string String(string name, string? fallback = null) =>
        values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => values.ContainsKey(name);
}

internal static class Json
{
    public static void Print(object value) => Console.WriteLine(JsonSerializer.Serialize(value));

    public static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 2);
}

internal static class Esme
{
    public static async Task<int> RunAsync(Args a)
    {
        var host = a.String("host", "127.0.0.1");
        var port = a.Int("port", 2775);
        var window = a.Int("window", 100);
        var binds = a.Int("binds", 1);
        var count = a.Int("count", 100_000);
        var warmup = a.Int("warmup", 10_000);
        var prefix = a.String("dest-prefix", "99902");
        var first = a.Int("dest-first", 1);
        var destinations = a.Int("dest-count", 1000);
        var source = a.String("source", "4912345678");
        var registered = a.Flag("registered-delivery") ? RegisteredDelivery.OnSuccessOrFailure : (byte)0;
        var receiptWait = TimeSpan.FromSeconds(a.Int("receipt-wait-seconds", 0));
        var digits = 15 - prefix.Length;
        var addresses = Enumerable.Range(first, destinations)
            .Select(i => SmppAddress.International(prefix + i.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'))).ToArray();

        long receipts = 0;
        var sessions = new List<SmppSession>();
        for (var b = 0; b < binds; b++)
        {
            sessions.Add(await SmppClient.ConnectAsync(host, port,
                new BindTransceiver { SystemId = a.String("system-id"), Password = a.String("password") },
                new SmppSessionOptions { Name = $"bench-{b}", WindowSize = window, ResponseTimeout = TimeSpan.FromSeconds(60), MaxIncomingInFlight = 1000 },
                (session, request, ct) =>
                {
                    if (request is DeliverSm deliver && EsmClass.IsDeliveryReceipt(deliver.EsmClass)) Interlocked.Increment(ref receipts);
                    return ValueTask.FromResult<SmppResponse?>(request.CreateResponse());
                }));
        }

        if (warmup > 0) await PhaseAsync(sessions, window, warmup, addresses, source, registered, null);
        var latencies = new long[count];
        var (elapsed, statuses) = await PhaseAsync(sessions, window, count, addresses, source, registered, latencies);
        var ok = statuses.TryGetValue(CommandStatus.ESME_ROK, out var n) ? n : 0;

        var expectedReceipts = registered == 0 ? 0 : ok + (statuses.Count == 1 ? warmup : 0);
        var waited = Stopwatch.StartNew();
        while (Interlocked.Read(ref receipts) < expectedReceipts && waited.Elapsed < receiptWait) await Task.Delay(100);

        foreach (var s in sessions)
        {
            try { await s.UnbindAsync(); } catch (Exception e) when (e is SmppException or TimeoutException or IOException or InvalidOperationException) { }
            await s.DisposeAsync();
        }

        Array.Sort(latencies);
        Json.Print(new
        {
            mode = "esme", binds, window, submitted = count, ok,
            errors = statuses.Where(s => s.Key != CommandStatus.ESME_ROK).ToDictionary(s => s.Key.ToString(), s => s.Value),
            seconds = Math.Round(elapsed.TotalSeconds, 3),
            per_second = Math.Round(count / elapsed.TotalSeconds),
            p50_ms = Json.Ms(latencies[count / 2]),
            p99_ms = Json.Ms(latencies[Math.Min(count - 1, (int)(count * 0.99))]),
            max_ms = Json.Ms(latencies[^1]),
            receipts = Interlocked.Read(ref receipts),
        });
        return ok == count ? 0 : 1;
    }

    /// <summary>`window` loops per session, each with one submit_sm in flight at a time, until `count` were answered.</summary>
    private static async Task<(TimeSpan Elapsed, Dictionary<CommandStatus, long> Statuses)> PhaseAsync(
        List<SmppSession> sessions, int window, int count, SmppAddress[] addresses, string source, byte registered, long[]? latencies)
    {
        var next = -1;
        var statuses = new ConcurrentDictionary<CommandStatus, long>();
        var sourceAddr = SmppAddress.International(source);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(sessions.SelectMany(session => Enumerable.Range(0, window).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var submit = new SubmitSm
                {
                    SourceAddr = sourceAddr, DestAddr = addresses[i % addresses.Length], RegisteredDelivery = registered,
                    ShortMessage = Encoding.ASCII.GetBytes("Cellgate SMPP benchmark " + i.ToString(CultureInfo.InvariantCulture)),
                };
                var start = Stopwatch.GetTimestamp();
                var resp = await session.SubmitAsync(submit);
                if (latencies is not null) latencies[i] = Stopwatch.GetTimestamp() - start;
                statuses.AddOrUpdate(resp.CommandStatus, 1, (_, c) => c + 1);
            }
        }))));
        return (clock.Elapsed, new Dictionary<CommandStatus, long>(statuses));
    }
}

internal static class Sink
{
    public static async Task<int> RunAsync(Args a)
    {
        var expect = a.Int("expect", 0);
        var idle = TimeSpan.FromSeconds(a.Int("idle-seconds", 5));
        var timeout = TimeSpan.FromSeconds(a.Int("timeout-seconds", 600));
        using var listener = new TcpListener(IPAddress.Loopback, a.Int("port", 0));
        listener.Start();
        Json.Print(new { @event = "listening", port = ((IPEndPoint)listener.LocalEndpoint).Port });

        long submits = 0, firstAt = 0, lastAt = 0, binds = 0;
        var sessions = new ConcurrentBag<SmppSession>();
        SmppRequestHandler handler = (session, request, ct) =>
        {
            SmppResponse? response = request switch
            {
                BindRequest bind => Interlocked.Increment(ref binds) > 0 && bind.CreateResponse() is BindResponse r ? r with { SystemId = "sink" } : null,
                SubmitSm => new SubmitSmResp { MessageId = Count().ToString("x", CultureInfo.InvariantCulture) },
                _ => request.CreateResponse(),
            };
            return ValueTask.FromResult(response);
        };

        long Count()
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref firstAt, now, 0);
            Volatile.Write(ref lastAt, now);
            return Interlocked.Increment(ref submits);
        }

        using var stop = new CancellationTokenSource(timeout);
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(stop.Token);
                socket.NoDelay = true;
                var session = SmppSession.ForStream(new NetworkStream(socket, ownsSocket: true),
                    new SmppSessionOptions { Name = "sink", MaxIncomingInFlight = 1000 }, handler);
                session.Start();
                sessions.Add(session);
            }
        });

        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(100);
            var n = Interlocked.Read(ref submits);
            if (expect > 0 && n >= expect) break;
            var last = Volatile.Read(ref lastAt);
            if (last != 0 && Stopwatch.GetElapsedTime(last) > idle) break;
        }
        await stop.CancelAsync();
        await accepting.ContinueWith(_ => { });
        var total = Interlocked.Read(ref submits);
        var seconds = total > 1 ? (double)(lastAt - firstAt) / Stopwatch.Frequency : 0;
        Json.Print(new
        {
            mode = "smsc", binds = Interlocked.Read(ref binds), submits = total, seconds = Math.Round(seconds, 3),
            per_second = seconds > 0 ? Math.Round((total - 1) / seconds) : 0,
        });
        foreach (var s in sessions) await s.DisposeAsync();
        return 0;
    }
}
