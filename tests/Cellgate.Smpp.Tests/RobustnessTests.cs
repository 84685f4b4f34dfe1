using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cellgate.Smpp.Tests;

/// <summary>Garbage over a live session, the outgoing rate limit, and the TCP client helper on loopback.</summary>
public class RobustnessTests
{
    private static ValueTask<SmppResponse?> Accept(SmppSession session, SmppRequest request, CancellationToken ct) =>
        ValueTask.FromResult<SmppResponse?>(request switch
        {
            BindRequest { SystemId: "esme", Password: "secret" } bind => bind.CreateResponse(),
            BindRequest bind => bind.CreateResponse(CommandStatus.ESME_RINVPASWD),
            SubmitSm => new SubmitSmResp { MessageId = "id" },
            _ => request.CreateResponse(),
        });

    [Fact]
    public async Task Correctly_framed_garbage_of_every_command_never_kills_a_bound_session()
    {
        var random = new Random(99);
        var pdus = new RandomPdus(99);
        for (var round = 0; round < 20; round++)
        {
            var pipes = new DuplexPipePair();
            await using var server = new SmppSession(pipes.A, new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero }, Accept);
            server.Start();
            var peer = new RawPeer(pipes.B);
            await peer.SendAsync(new BindTransceiver { SequenceNumber = 1, SystemId = "esme", Password = "secret" });
            await peer.ReceiveAsync<BindTransceiverResp>();

            var frames = new List<byte>();
            for (var i = 0; i < 30; i++)
            {
                var frame = SmppCodec.Encode(pdus.Any());
                if (frame.Length > 16)
                    for (var flips = random.Next(0, 4); flips > 0; flips--) frame[random.Next(16, frame.Length)] = (byte)random.Next(256);
                if (random.Next(5) == 0) BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)random.Next()); // unknown ids
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), 1000u + (uint)i);
                if (BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)) == (uint)CommandId.Unbind) continue; // a real unbind ends the session
                frames.AddRange(frame);
            }
            await peer.SendBytesAsync([.. frames]);
            await peer.SendAsync(new EnquireLink { SequenceNumber = 7 });

            // Whatever was answered to the garbage, the enquire_link is answered and the session is still up.
            while (true)
            {
                var pdu = await peer.ReceiveAsync();
                if (pdu is EnquireLinkResp { SequenceNumber: 7 }) break;
            }
            Assert.NotEqual(SmppSessionState.Closed, server.State);
        }
    }

    [Fact]
    public async Task Two_thousand_concurrent_submits_through_a_window_of_100_are_all_answered_with_their_own_ids()
    {
        var pipes = new DuplexPipePair();
        var handled = 0;
        await using var server = new SmppSession(pipes.A, new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero, MaxIncomingInFlight = 100 }, async (s, request, ct) =>
        {
            if (request is not SubmitSm submit) return await Accept(s, request, ct);
            Interlocked.Increment(ref handled);
            await Task.Yield(); // answer from another thread, out of order
            return new SubmitSmResp { MessageId = "id-" + System.Text.Encoding.ASCII.GetString(submit.ShortMessage.Span) };
        });
        server.Start();
        await using var client = new SmppSession(pipes.B, new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero, WindowSize = 100 });
        client.Start();
        await client.BindAsync(new BindTransceiver { SystemId = "esme", Password = "secret" });

        var submits = Enumerable.Range(0, 2000).Select(i => client.SubmitAsync(new SubmitSm
        {
            DestAddr = SmppAddress.International("1"), ShortMessage = System.Text.Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        })).ToArray();
        var responses = await Eventually.Within(Task.WhenAll(submits), "all submits are answered");
        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(CommandStatus.ESME_ROK, responses[i].CommandStatus);
            Assert.Equal($"id-{i}", responses[i].MessageId);
        }
        Assert.Equal(2000, handled);
        Assert.Equal(0, client.InFlight);
    }

    [Fact]
    public async Task The_outgoing_rate_limit_spaces_our_requests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var pipes = new DuplexPipePair();
        await using var client = new SmppSession(pipes.A, new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero, OutgoingRateLimit = 1 }, null, time);
        client.Start();
        var smsc = new RawPeer(pipes.B);

        var first = client.EnquireLinkAsync();
        var second = client.EnquireLinkAsync();
        var a = await smsc.ReceiveAsync<EnquireLink>();
        Assert.True(smsc.NothingMoreSent(), "a second request left within the same second at 1 request/s");
        var b = smsc.ReceiveAsync();
        await Eventually.HoldsAsync(() => b.IsCompleted, "the second request leaves a second later", () => time.Advance(TimeSpan.FromMilliseconds(250)));
        await smsc.SendAsync(new EnquireLinkResp { SequenceNumber = a.SequenceNumber });
        await smsc.SendAsync(new EnquireLinkResp { SequenceNumber = (await b).SequenceNumber });
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task The_tcp_client_binds_over_loopback_and_a_refused_bind_throws_and_hangs_up()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var servers = new List<SmppSession>();
        var accepting = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var socket = await listener.AcceptSocketAsync();
                var session = SmppSession.ForStream(new NetworkStream(socket, ownsSocket: true), new SmppSessionOptions { Name = $"server-{i}" }, Accept);
                lock (servers) servers.Add(session);
                session.Start();
            }
        });

        await using (var client = await SmppClient.ConnectAsync("127.0.0.1", port, new BindTransmitter { SystemId = "esme", Password = "secret" }))
        {
            Assert.Equal("id", (await client.SubmitAsync(new SubmitSm { DestAddr = SmppAddress.International("1") })).MessageId);
            await client.UnbindAsync();
        }

        var refused = await Assert.ThrowsAsync<SmppBindException>(() =>
            SmppClient.ConnectAsync("127.0.0.1", port, new BindTransmitter { SystemId = "esme", Password = "nope" }));
        Assert.Equal(CommandStatus.ESME_RINVPASWD, refused.Status);

        await Eventually.Within(accepting, "both connections are accepted");
        Assert.Equal(SmppCloseReason.Unbound, await Eventually.Within(servers[0].Completion, "the first server session ends"));
        Assert.Equal(SmppCloseReason.PeerClosed, await Eventually.Within(servers[1].Completion, "the refused client hangs up"));
        foreach (var s in servers) await s.DisposeAsync();
    }
}
