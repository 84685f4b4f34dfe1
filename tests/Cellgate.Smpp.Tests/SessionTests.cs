using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cellgate.Smpp.Tests;

/// <summary>The session over an in-memory duplex pipe, against our own session or a raw peer scripted byte by byte.</summary>
public class SessionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly DuplexPipePair _pipes = new();

    private static SmppSessionOptions Options(Action<SmppSessionOptions>? configure = null)
    {
        var options = new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero, ResponseTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A server-side session (SMSC) that accepts system_id "esme" / "secret" and answers submits with message ids.</summary>
    private SmppSession Server(SmppSessionOptions? options = null, SmppRequestHandler? handler = null)
    {
        var session = new SmppSession(_pipes.A, options ?? Options(), handler ?? AcceptingHandler, _time);
        session.Start();
        return session;
    }

    private static int _ids;

    private static ValueTask<SmppResponse?> AcceptingHandler(SmppSession session, SmppRequest request, CancellationToken ct) => request switch
    {
        BindRequest bind when bind.SystemId == "esme" && bind.Password == "secret" =>
            ValueTask.FromResult<SmppResponse?>(SmppPdus.EmptyResponse(bind.CommandId, CommandStatus.ESME_ROK, 0) is BindResponse r ? r with { SystemId = "cellgate" } : null),
        BindRequest bind => ValueTask.FromResult<SmppResponse?>(bind.CreateResponse(CommandStatus.ESME_RINVPASWD)),
        SubmitSm => ValueTask.FromResult<SmppResponse?>(new SubmitSmResp { MessageId = $"m{Interlocked.Increment(ref _ids)}" }),
        _ => ValueTask.FromResult<SmppResponse?>(request.CreateResponse()),
    };

    private static SubmitSm Submit(string text = "hi") => new()
    {
        SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International("4917000002"), ShortMessage = System.Text.Encoding.ASCII.GetBytes(text),
    };

    private async Task<RawPeer> BoundRawEsme(CommandId bindType = CommandId.BindTransceiver)
    {
        var peer = new RawPeer(_pipes.B);
        await peer.SendAsync((BindRequest)SmppPdus.Create(bindType, sequenceNumber: 1)! with { SystemId = "esme", Password = "secret" });
        var response = await peer.ReceiveAsync<SmppResponse>();
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        return peer;
    }

    [Fact]
    public async Task Our_client_binds_to_our_server_and_submits_and_receives_a_message_id()
    {
        await using var server = Server();
        await using var client = new SmppSession(_pipes.B, Options(), null, _time);
        client.Start();

        var bound = await client.BindAsync(new BindTransceiver { SystemId = "esme", Password = "secret" });
        Assert.Equal("cellgate", bound.SystemId);
        Assert.Equal(SmppSessionState.Bound, client.State);
        await Eventually.HoldsAsync(() => server.State == SmppSessionState.Bound, "the server session is bound");
        Assert.True(server.IsServerSide);
        Assert.Equal("esme", server.Bind!.SystemId);

        var response = await client.SubmitAsync(Submit());
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        Assert.StartsWith("m", response.MessageId);
    }

    [Fact]
    public async Task A_bind_with_a_wrong_password_is_refused_and_the_session_stays_unbound()
    {
        await using var server = Server();
        await using var client = new SmppSession(_pipes.B, Options(), null, _time);
        client.Start();
        var refused = await Assert.ThrowsAsync<SmppBindException>(() => client.BindAsync(new BindTransmitter { SystemId = "esme", Password = "wrong" }));
        Assert.Equal(CommandStatus.ESME_RINVPASWD, refused.Status);
        Assert.Equal(SmppSessionState.Open, server.State);
    }

    [Fact]
    public async Task A_submit_before_binding_is_answered_ESME_RINVBNDSTS()
    {
        await using var server = Server();
        var peer = new RawPeer(_pipes.B);
        await peer.SendAsync(Submit() with { SequenceNumber = 3 });
        var response = await peer.ReceiveAsync<SubmitSmResp>();
        Assert.Equal(CommandStatus.ESME_RINVBNDSTS, response.CommandStatus);
        Assert.Equal(3u, response.SequenceNumber);
    }

    [Fact]
    public async Task A_receiver_bind_may_not_submit_and_a_second_bind_is_ESME_RALYBND()
    {
        await using var server = Server();
        var peer = await BoundRawEsme(CommandId.BindReceiver);
        await peer.SendAsync(Submit() with { SequenceNumber = 2 });
        Assert.Equal(CommandStatus.ESME_RINVBNDSTS, (await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
        await peer.SendAsync(new BindTransmitter { SequenceNumber = 3, SystemId = "esme", Password = "secret" });
        Assert.Equal(CommandStatus.ESME_RALYBND, (await peer.ReceiveAsync<BindTransmitterResp>()).CommandStatus);
    }

    [Fact]
    public async Task The_window_holds_back_requests_until_the_peer_answers_one()
    {
        await using var client = new SmppSession(_pipes.A, Options(o => o.WindowSize = 2), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);

        var first = client.SubmitAsync(Submit("1"));
        var second = client.SubmitAsync(Submit("2"));
        var third = client.SubmitAsync(Submit("3"));
        var a = await smsc.ReceiveAsync<SubmitSm>();
        var b = await smsc.ReceiveAsync<SubmitSm>();
        Assert.Equal(2, client.InFlight);
        Assert.True(smsc.NothingMoreSent(), "a third request left while the window of 2 was full");
        Assert.False(third.IsCompleted);

        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = b.SequenceNumber, MessageId = "B" });
        Assert.Equal("B", (await second).MessageId);
        var c = await smsc.ReceiveAsync<SubmitSm>();
        Assert.Equal("3", System.Text.Encoding.ASCII.GetString(c.ShortMessage.Span));
        Assert.NotEqual(a.SequenceNumber, c.SequenceNumber);

        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = c.SequenceNumber, MessageId = "C" });
        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = a.SequenceNumber, MessageId = "A" });
        Assert.Equal("A", (await first).MessageId); // responses out of order are matched by sequence number
        Assert.Equal("C", (await third).MessageId);
    }

    [Fact]
    public async Task An_unanswered_request_times_out_frees_its_window_slot_and_a_late_answer_is_ignored()
    {
        await using var client = new SmppSession(_pipes.A, Options(o => o.WindowSize = 1), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);

        var submit = client.SubmitAsync(Submit());
        var sent = await smsc.ReceiveAsync<SubmitSm>();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(submit.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var timeout = await Assert.ThrowsAsync<SmppResponseTimeoutException>(() => submit);
        Assert.Equal(sent.SequenceNumber, timeout.SequenceNumber);
        Assert.Equal(0, client.InFlight);

        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = sent.SequenceNumber, MessageId = "late" });
        var next = client.SubmitAsync(Submit());
        var again = await smsc.ReceiveAsync<SubmitSm>();
        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = again.SequenceNumber, MessageId = "on time" });
        Assert.Equal("on time", (await next).MessageId);
    }

    [Fact]
    public async Task Silence_triggers_enquire_link_and_an_unanswered_one_closes_the_session()
    {
        // A long response timeout, so the fake clock's small steps cannot expire an enquire_link before the test sees it.
        await using var client = new SmppSession(_pipes.A, Options(o => { o.EnquireLinkInterval = TimeSpan.FromSeconds(30); o.ResponseTimeout = TimeSpan.FromHours(1); }), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);

        var enquire = smsc.ReceiveAsync();
        await Eventually.HoldsAsync(() => enquire.IsCompleted, "an enquire_link after 30 s of silence", () => _time.Advance(TimeSpan.FromSeconds(5)));
        var first = Assert.IsType<EnquireLink>(await enquire);
        await smsc.SendAsync(new EnquireLinkResp { SequenceNumber = first.SequenceNumber });
        Assert.NotEqual(SmppSessionState.Closed, client.State);

        var second = smsc.ReceiveAsync();
        await Eventually.HoldsAsync(() => second.IsCompleted, "a second enquire_link", () => _time.Advance(TimeSpan.FromSeconds(5)));
        Assert.IsType<EnquireLink>(await second);
        Assert.NotEqual(SmppSessionState.Closed, client.State);
        await Eventually.HoldsAsync(() => client.Completion.IsCompleted, "the session closes when enquire_link goes unanswered", () => _time.Advance(TimeSpan.FromMinutes(10)));
        Assert.Equal(SmppCloseReason.KeepAliveTimeout, await client.Completion);
    }

    [Fact]
    public async Task The_peers_enquire_link_is_answered_with_its_sequence_number_even_before_binding()
    {
        await using var server = Server();
        var peer = new RawPeer(_pipes.B);
        await peer.SendAsync(new EnquireLink { SequenceNumber = 77 });
        var response = await peer.ReceiveAsync<EnquireLinkResp>();
        Assert.Equal(77u, response.SequenceNumber);
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
    }

    [Fact]
    public async Task Our_unbind_is_acknowledged_and_both_sessions_end_unbound()
    {
        await using var server = Server();
        await using var client = new SmppSession(_pipes.B, Options(), null, _time);
        client.Start();
        await client.BindAsync(new BindTransceiver { SystemId = "esme", Password = "secret" });

        await Eventually.Within(client.UnbindAsync(), "unbind completes");
        Assert.Equal(SmppCloseReason.Unbound, await client.Completion);
        Assert.Equal(SmppCloseReason.Unbound, await Eventually.Within(server.Completion, "the server session ends"));
        await Assert.ThrowsAsync<SmppSessionClosedException>(() => client.SubmitAsync(Submit()));
    }

    [Fact]
    public async Task The_peers_unbind_waits_for_the_responses_it_is_owed_then_gets_unbind_resp()
    {
        var release = new TaskCompletionSource();
        await using var server = Server(handler: async (s, request, ct) =>
        {
            if (request is SubmitSm) { await release.Task; return new SubmitSmResp { MessageId = "slow" }; }
            return await AcceptingHandler(s, request, ct);
        });
        var peer = await BoundRawEsme();
        await peer.SendAsync(Submit() with { SequenceNumber = 5 });
        await peer.SendAsync(new Unbind { SequenceNumber = 6 });
        await Eventually.HoldsAsync(() => server.State == SmppSessionState.Unbinding, "the session is unbinding");
        Assert.True(peer.NothingMoreSent(), "unbind_resp left before the submit was answered");

        release.SetResult();
        var submitResp = await peer.ReceiveAsync<SubmitSmResp>();
        Assert.Equal("slow", submitResp.MessageId);
        Assert.Equal(6u, (await peer.ReceiveAsync<UnbindResp>()).SequenceNumber);
        Assert.Equal(SmppCloseReason.Unbound, await Eventually.Within(server.Completion, "the session ends"));
        await peer.WaitForCloseAsync();
    }

    [Fact]
    public async Task Requests_beyond_the_incoming_limit_are_answered_ESME_RTHROTTLED_without_reaching_the_handler()
    {
        var release = new TaskCompletionSource();
        var handled = 0;
        await using var server = Server(Options(o => o.MaxIncomingInFlight = 1), async (s, request, ct) =>
        {
            if (request is SubmitSm) { Interlocked.Increment(ref handled); await release.Task; return new SubmitSmResp { MessageId = "ok" }; }
            return await AcceptingHandler(s, request, ct);
        });
        var peer = await BoundRawEsme();
        await peer.SendAsync(Submit() with { SequenceNumber = 10 });
        await peer.SendAsync(Submit() with { SequenceNumber = 11 });
        var throttled = await peer.ReceiveAsync<SubmitSmResp>();
        Assert.Equal(11u, throttled.SequenceNumber);
        Assert.Equal(CommandStatus.ESME_RTHROTTLED, throttled.CommandStatus);
        Assert.Equal(1, handled);

        release.SetResult();
        var ok = await peer.ReceiveAsync<SubmitSmResp>();
        Assert.Equal((10u, CommandStatus.ESME_ROK), (ok.SequenceNumber, ok.CommandStatus));
    }

    [Fact]
    public async Task An_incoming_rate_limit_throttles_the_excess_and_refills_with_time()
    {
        await using var server = Server(Options(o => o.IncomingRateLimit = 2));
        var peer = await BoundRawEsme();
        var statuses = new List<CommandStatus>();
        for (uint i = 0; i < 3; i++)
        {
            await peer.SendAsync(Submit() with { SequenceNumber = 20 + i });
            statuses.Add((await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
        }
        Assert.Equal([CommandStatus.ESME_ROK, CommandStatus.ESME_ROK, CommandStatus.ESME_RTHROTTLED], statuses);

        _time.Advance(TimeSpan.FromSeconds(1));
        await peer.SendAsync(Submit() with { SequenceNumber = 30 });
        Assert.Equal(CommandStatus.ESME_ROK, (await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
    }

    [Fact]
    public async Task The_peers_ESME_RTHROTTLED_comes_back_as_a_transient_result_and_pauses_further_sends()
    {
        await using var client = new SmppSession(_pipes.A, Options(o => o.ThrottledPause = TimeSpan.FromSeconds(5)), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);

        var submit = client.SubmitAsync(Submit());
        var sent = await smsc.ReceiveAsync<SubmitSm>();
        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = sent.SequenceNumber, CommandStatus = CommandStatus.ESME_RTHROTTLED });
        var response = await submit;
        Assert.Equal(CommandStatus.ESME_RTHROTTLED, response.CommandStatus);
        Assert.True(response.CommandStatus.IsTransient());

        var next = client.SubmitAsync(Submit());
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(smsc.NothingMoreSent(), "a send left during the throttled pause");
        var arrived = smsc.ReceiveAsync();
        await Eventually.HoldsAsync(() => arrived.IsCompleted, "the send leaves after the pause", () => _time.Advance(TimeSpan.FromSeconds(1)));
        await smsc.SendAsync(new SubmitSmResp { SequenceNumber = (await arrived).SequenceNumber, MessageId = "x" });
        Assert.Equal(CommandStatus.ESME_ROK, (await next).CommandStatus);
    }

    [Fact]
    public async Task A_generic_nack_to_our_submit_comes_back_as_a_submit_sm_resp_with_its_status()
    {
        await using var client = new SmppSession(_pipes.A, Options(), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);
        var submit = client.SubmitAsync(Submit());
        var sent = await smsc.ReceiveAsync<SubmitSm>();
        await smsc.SendAsync(new GenericNack { SequenceNumber = sent.SequenceNumber, CommandStatus = CommandStatus.ESME_RINVCMDID });
        var response = await submit;
        Assert.Equal(CommandStatus.ESME_RINVCMDID, response.CommandStatus);
        Assert.Equal(sent.SequenceNumber, response.SequenceNumber);
    }

    [Fact]
    public async Task An_unreadable_response_fails_the_request_as_unknown_outcome_not_as_a_refusal()
    {
        await using var client = new SmppSession(_pipes.A, Options(), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);
        var submit = client.SubmitAsync(Submit());
        var sent = await smsc.ReceiveAsync<SubmitSm>();
        // submit_sm_resp whose message_id has no terminating NUL.
        var bytes = Convert.FromHexString("0000001380000004000000000000000041424" + "3");
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), sent.SequenceNumber);
        await smsc.SendBytesAsync(bytes);
        var malformed = await Assert.ThrowsAsync<SmppMalformedResponseException>(() => submit);
        Assert.Equal(CommandId.SubmitSmResp, malformed.Error.CommandId);
        Assert.Equal(0, client.InFlight);
        Assert.Equal(SmppSessionState.Open, client.State);
    }

    [Fact]
    public async Task Garbage_gets_generic_nack_and_the_session_lives_on()
    {
        await using var server = Server();
        var peer = await BoundRawEsme();
        await peer.SendBytesAsync(Convert.FromHexString("0000001400000099000000000000000ADEADBEEF"));
        var nack = await peer.ReceiveAsync<GenericNack>();
        Assert.Equal((CommandStatus.ESME_RINVCMDID, 10u), (nack.CommandStatus, nack.SequenceNumber));

        await peer.SendBytesAsync(Convert.FromHexString("0000001700000004000000000000000B00010131313131")); // submit_sm cut inside source_addr
        Assert.Equal(CommandStatus.ESME_RINVCMDLEN, (await peer.ReceiveAsync<GenericNack>()).CommandStatus);

        await peer.SendAsync(new EnquireLink { SequenceNumber = 12 });
        Assert.Equal(12u, (await peer.ReceiveAsync<EnquireLinkResp>()).SequenceNumber);
        await peer.SendAsync(Submit() with { SequenceNumber = 13 });
        Assert.Equal(CommandStatus.ESME_ROK, (await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
    }

    [Fact]
    public async Task An_impossible_command_length_is_nacked_and_closes_the_connection()
    {
        await using var server = Server(Options(o => o.MaxCommandLength = 1024));
        var peer = await BoundRawEsme();
        await peer.SendBytesAsync(Convert.FromHexString("0001000000000004000000000000000E"));
        var nack = await peer.ReceiveAsync<GenericNack>();
        Assert.Equal(CommandStatus.ESME_RINVCMDLEN, nack.CommandStatus);
        Assert.Equal(SmppCloseReason.FramingLost, await Eventually.Within(server.Completion, "the session closes"));
        await peer.WaitForCloseAsync();
    }

    [Fact]
    public async Task A_throwing_handler_answers_ESME_RSYSERR_and_the_session_lives_on()
    {
        var calls = 0;
        await using var server = Server(handler: (s, request, ct) =>
            request is SubmitSm && Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : AcceptingHandler(s, request, ct));
        var peer = await BoundRawEsme();
        await peer.SendAsync(Submit() with { SequenceNumber = 2 });
        Assert.Equal(CommandStatus.ESME_RSYSERR, (await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
        await peer.SendAsync(Submit() with { SequenceNumber = 3 });
        Assert.Equal(CommandStatus.ESME_ROK, (await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
    }

    [Fact]
    public async Task Pdus_arriving_one_byte_per_read_are_reassembled()
    {
        await using var server = Server();
        var peer = new RawPeer(_pipes.B);
        var bytes = Cellgate.Smpp.Framing.SmppCodec.Encode(new BindTransmitter { SequenceNumber = 1, SystemId = "esme", Password = "secret" })
            .Concat(Cellgate.Smpp.Framing.SmppCodec.Encode(Submit() with { SequenceNumber = 2 })).ToArray();
        await peer.SendBytewiseAsync(bytes);
        Assert.Equal(CommandStatus.ESME_ROK, (await peer.ReceiveAsync<BindTransmitterResp>()).CommandStatus);
        Assert.Equal(CommandStatus.ESME_ROK, (await peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
    }

    [Fact]
    public async Task When_the_peer_hangs_up_requests_in_flight_fail_with_session_closed()
    {
        await using var client = new SmppSession(_pipes.A, Options(), null, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);
        var submit = client.SubmitAsync(Submit());
        await smsc.ReceiveAsync<SubmitSm>();
        await smsc.CloseAsync();
        var closed = await Assert.ThrowsAsync<SmppSessionClosedException>(() => Eventually.Within(submit, "the submit fails"));
        Assert.Equal(SmppCloseReason.PeerClosed, closed.Reason);
        Assert.Equal(SmppCloseReason.PeerClosed, await client.Completion);
    }

    [Fact]
    public async Task A_connection_that_never_binds_is_closed_after_the_bind_timeout()
    {
        await using var server = Server(Options(o => o.BindTimeout = TimeSpan.FromSeconds(20)));
        await Eventually.HoldsAsync(() => server.Completion.IsCompleted, "the unbound session closes", () => _time.Advance(TimeSpan.FromSeconds(20)));
        Assert.Equal(SmppCloseReason.BindTimeout, await server.Completion);
    }

    [Fact]
    public async Task Deliver_sm_from_the_smsc_reaches_the_client_handler_and_its_response_goes_back()
    {
        DeliverSm? received = null;
        await using var server = Server();
        await using var client = new SmppSession(_pipes.B, Options(), (s, request, ct) =>
        {
            received = request as DeliverSm;
            return ValueTask.FromResult<SmppResponse?>(request.CreateResponse());
        }, _time);
        client.Start();
        await client.BindAsync(new BindReceiver { SystemId = "esme", Password = "secret" });
        await Eventually.HoldsAsync(() => server.State == SmppSessionState.Bound, "the server is bound");

        var response = await server.DeliverAsync(new DeliverSm { SourceAddr = SmppAddress.International("4917000002"), ShortMessage = "MO"u8.ToArray() });
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        Assert.Equal("MO"u8.ToArray(), received!.ShortMessage.ToArray());
    }

    [Fact]
    public async Task A_submit_callback_runs_on_the_reader_before_a_pdu_right_behind_the_answer_is_handled_and_its_exception_is_the_callers()
    {
        // An SMSC that delivers at once writes the submit_sm_resp and the receipt's deliver_sm together: the callback
        // (which declares the message id) has run when the deliver_sm's handler starts.
        var declared = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var seenByHandler = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        await using var client = new SmppSession(_pipes.A, Options(), (s, request, ct) =>
        {
            if (request is DeliverSm d) seenByHandler.Enqueue(declared.ContainsKey(System.Text.Encoding.ASCII.GetString(d.ShortMessage.Span)));
            return ValueTask.FromResult<SmppResponse?>(request.CreateResponse());
        }, _time);
        client.Start();
        var smsc = new RawPeer(_pipes.B);
        var bind = client.BindAsync(new BindTransceiver { SystemId = "esme", Password = "secret" });
        var bindRequest = await smsc.ReceiveAsync<BindRequest>();
        await smsc.SendAsync(bindRequest.CreateResponse());
        await bind;

        for (var i = 1; i <= 2; i++)
        {
            var id = $"m{i}";
            var submit = client.SubmitWithCallbackAsync(Submit(), r =>
            {
                if (r is SubmitSmResp { MessageId: var m } && m == "m2") throw new InvalidOperationException("the caller's own failure");
                declared[((SubmitSmResp)r).MessageId] = true;
            });
            var sent = await smsc.ReceiveAsync<SubmitSm>();
            var answer = Cellgate.Smpp.Framing.SmppCodec.Encode(new SubmitSmResp { SequenceNumber = sent.SequenceNumber, MessageId = id });
            var receipt = Cellgate.Smpp.Framing.SmppCodec.Encode(new DeliverSm { SequenceNumber = 100 + (uint)i, EsmClass = EsmClass.DeliveryReceipt, ShortMessage = System.Text.Encoding.ASCII.GetBytes(id) });
            await smsc.SendBytesAsync([.. answer, .. receipt]); // one write: the receipt right behind the answer
            if (i == 1) Assert.Equal("m1", (await submit).MessageId);
            else Assert.Equal("the caller's own failure", (await Assert.ThrowsAsync<InvalidOperationException>(() => submit)).Message);
            Assert.IsType<DeliverSmResp>(await smsc.ReceiveAsync()); // the session went on: the receipt was answered
        }
        Assert.Equal([true, false], seenByHandler);
    }

    [Fact]
    public void Options_with_an_impossible_window_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SmppSessionOptions { WindowSize = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new SmppSessionOptions { ResponseTimeout = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new SmppSessionOptions { IncomingRateLimit = 0 }.Validate());
    }
}
