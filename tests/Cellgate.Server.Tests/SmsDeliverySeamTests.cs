using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Cellgate.Server.Tests.Support;
using Cellgate.Storage.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Tests;

/// <summary>
/// The delivery seam (issue 9): the dispatcher owns per-device order, outcomes carry an error decided by the retry
/// table, a router picks the transport, SMS submitted upstream await a receipt, and MO SMS from any interface share
/// one intake. The upstream SMSC here is a test transport that "submits" and is told its receipts.
/// </summary>
public sealed class SmsDeliverySeamTests : IDisposable
{
    private const string Smsc = "test-smsc";
    private const string Prefix = "49171";

    private readonly CellgateApp _app = new();
    private readonly FakeSmsc _smsc = new();

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// An upstream SMSC: records every batch it is handed; answers by payload: "err:CODE" → undelivered with CODE,
    /// "err:CODE:SECONDS" → with a retry-after, "absent-once" → absentSubscriberSM the first time, "delivered" →
    /// delivered; anything else is submitted (upstream id "up-{sms id}") and awaits its receipt.
    /// </summary>
    private sealed class FakeSmsc : ISmsTransport
    {
        public ConcurrentQueue<IReadOnlyList<ClaimedSms>> Batches { get; } = new();
        private readonly ConcurrentDictionary<long, int> _seen = new();

        public IEnumerable<string> Payloads => Batches.SelectMany(b => b).Select(s => s.Payload);

        /// <summary>A batch with a "hold" SMS is answered once this completes ("hold" is then delivered).</summary>
        public TaskCompletionSource Hold { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set by the route's factory: "at-once:STATE" SMS get their receipt before the outcome is returned.</summary>
        public SmsReceipts? Receipts { get; set; }

        /// <summary>The receipts sent by "at-once:STATE" SMS, by SMS id: each sent once, its answer awaited by the test.</summary>
        public ConcurrentDictionary<long, Task<SmsQueue.ReceiptResult>> AtOnce { get; } = new();

        public async ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken)
        {
            foreach (var sms in batch.Where(s => s.Payload.StartsWith("at-once:", StringComparison.Ordinal)))
            {
                // An SMSC that delivers at once: its receipt arrives right behind the submit_sm_resp, before the
                // dispatcher has recorded the submission (here: before the outcome is even returned).
                var state = Enum.Parse<SmsQueue.ReceiptState>(sms.Payload["at-once:".Length..]);
                Receipts!.Submitting(Smsc, $"up-{sms.Id}");
                AtOnce[sms.Id] = Receipts.RecordAsync(Smsc, $"up-{sms.Id}", state, state == SmsQueue.ReceiptState.Delivered ? null : "UNDELIV:027");
            }
            if (batch.Any(s => s.Payload == "hold"))
            {
                Batches.Enqueue(batch);
                await Hold.Task.WaitAsync(cancellationToken);
                return batch.Select(DeliveryOutcome.Delivered).ToList();
            }
            return Answer(batch);
        }

        private List<DeliveryOutcome> Answer(IReadOnlyList<ClaimedSms> batch)
        {
            Batches.Enqueue(batch);
            // Answers in reverse order, as a transport that reorders would: the dispatcher must not care.
            var outcomes = batch.Reverse().Select(sms =>
            {
                var attempt = _seen.AddOrUpdate(sms.Id, 1, (_, n) => n + 1);
                var p = sms.Payload.Split(':');
                return p[0] switch
                {
                    "err" => DeliveryOutcome.Undelivered(sms, p[1], p.Length > 2 ? TimeSpan.FromSeconds(int.Parse(p[2])) : null),
                    "absent-once" when attempt == 1 => DeliveryOutcome.Undelivered(sms, NetworkErrors.AbsentSubscriber),
                    "absent-once" or "delivered" => DeliveryOutcome.Delivered(sms),
                    _ => DeliveryOutcome.Submitted(sms, $"up-{sms.Id}"),
                };
            }).ToList();
            return outcomes;
        }
    }

    /// <summary>The fake SMSC as the default route (every SMS goes to it); the test runs the dispatcher's rounds.</summary>
    private CellgateApp SmscOnly() => _app.With("Cellgate:Delivery:Enabled", "false")
        .WithServices(s => s.AddSmsTransport(SmsTransports.Simulator, _ => _smsc));

    /// <summary>The fake SMSC registered beside the simulator, routed to for MSISDNs starting with <see cref="Prefix"/>.</summary>
    private CellgateApp SmscByPrefix() => _app
        .With("Cellgate:Delivery:Routing:Rules:0:MsisdnPrefix", Prefix).With("Cellgate:Delivery:Routing:Rules:0:Transport", Smsc)
        .WithServices(s => s.AddSmsTransport(Smsc, sp => { _smsc.Receipts = sp.GetRequiredService<SmsReceipts>(); return _smsc; }));

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>An attached device whose SIM has <paramref name="msisdn"/>.</summary>
    private static async Task<long> DeviceWithMsisdnAsync(SmsWorld w, string msisdn)
    {
        var (iccid, imsi, _) = Resources.NewNumbers();
        var org = await w.Client.OrganisationIdAsync();
        var response = await w.Client.PostAsJsonAsync("/api/v1/admin/sim_batch", new { customer_org = new { id = org }, sims = new[] { new { iccid, imsi, msisdn } } });
        var sim = (await HttpAssert.JsonAsync(response, 201)).GetProperty("sim")[0].GetProperty("id").GetInt64();
        var id = await w.Client.EndpointAsync(new
        {
            name = msisdn, status = new { id = 0 }, service_profile = new { id = w.Setup.ServiceProfileId }, tariff_profile = new { id = w.Setup.TariffProfileId }, sim = new { id = sim },
        });
        w.Msisdns[id] = msisdn;
        await w.AttachAsync(id);
        return id;
    }

    private Task<SmsQueue.ReceiptResult> ReceiptAsync(long sms, SmsQueue.ReceiptState state, string? error = null, string transport = Smsc) =>
        _app.Services.GetRequiredService<SmsReceipts>().RecordAsync(transport, $"up-{sms}", state, error);

    [Fact]
    public async Task While_a_round_is_out_at_the_upstream_the_next_round_delivers_other_devices_but_never_the_same_devices_next_sms()
    {
        // Rounds in flight (Cellgate:Delivery:RoundsInFlight, 2 by default): the background loop claims the next round
        // while a round's SMS are out (with 1, the other device's SMS waits for the held round and this test fails); the
        // claim never takes an SMS behind a leased one. Every SMS is queued (no hand-off at submit).
        _app.With("Cellgate:Delivery:DeliverAtSubmit", "false").WithServices(s => s.AddSmsTransport(SmsTransports.Simulator, _ => _smsc));
        var w = await SmsWorld.CreateAsync(_app);
        var a = await w.DeviceAsync(name: "a");
        var b = await w.DeviceAsync(name: "b");

        var held = await w.SendOkAsync(a, new { payload = "hold" });
        await Eventually.HoldsAsync(() => _smsc.Payloads.Contains("hold"), "the first SMS was not handed to the upstream");
        var behind = await w.SendOkAsync(a, new { payload = "delivered" });
        var other = await w.SendOkAsync(b, new { payload = "delivered" });
        await w.WaitForStatusAsync(b, other, 4); // delivered while the first round is still out
        Assert.Equal(2, SmsWorld.Status(await w.SmsAsync(a, held)));
        Assert.DoesNotContain(_smsc.Batches.SelectMany(x => x), s => s.Id == behind); // behind its device's SMS in flight

        _smsc.Hold.SetResult();
        await w.WaitForStatusAsync(a, held, 4);
        await w.WaitForStatusAsync(a, behind, 4);
        await w.WaitForStatusAsync(b, other, 4);
        // The device's SMS went out one after the other, each once.
        var handed = _smsc.Batches.SelectMany(x => x).Where(s => s.DeviceId == a).Select(s => s.Id).ToList();
        Assert.Equal([held, behind], handed);
    }

    [Fact]
    public async Task An_sms_to_an_upstream_device_with_nothing_pending_is_stored_leased_and_handed_over_after_its_commit_the_next_one_waits_for_a_round()
    {
        // Hand-off at submit (docs/sms.md): the SMS is stored IN PROGRESS, leased to this node, and handed to the upstream
        // after the commit — no claim. The device's next SMS, stored while the first is out, is an ordinary pending SMS
        // that a round hands over once the first is recorded.
        SmscByPrefix();
        var w = await SmsWorld.CreateAsync(_app);
        var device = await DeviceWithMsisdnAsync(w, Prefix + "1234567");
        var dispatcher = _app.Services.GetRequiredService<SmsDispatcher>();

        var first = await w.SendOkAsync(device, new { payload = "hold" });
        await using (var db = await TestDatabase.OpenAsync(_app.Directory))
        {
            await using var read = db.CreateCommand();
            read.CommandText = $"""SELECT "Status", "LeaseOwner" FROM sms WHERE "Id" = {first}""";
            await using var row = await read.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            Assert.Equal(2, row.GetInt32(0)); // stored leased: what the 201 already guarantees
            Assert.Equal(dispatcher.NodeId, row.GetString(1));
        }
        await Eventually.HoldsAsync(() => _smsc.Payloads.Contains("hold"), "the SMS was not handed to the upstream");
        var second = await w.SendOkAsync(device, new { payload = "delivered" });
        Assert.Equal(1, SmsWorld.Status(await w.SmsAsync(device, second))); // behind the first: pending, no lease
        Assert.DoesNotContain("delivered", _smsc.Payloads);

        _smsc.Hold.SetResult();
        await w.WaitForStatusAsync(device, first, 4);
        await w.WaitForStatusAsync(device, second, 4);
        Assert.Equal(["hold", "delivered"], _smsc.Payloads);
        Assert.Equal(1, dispatcher.HandedAtSubmit); // the second went through a round

        // Nothing pending again: the next SMS is handed off at submit too.
        var third = await w.SendOkAsync(device, new { payload = "delivered" });
        await w.WaitForStatusAsync(device, third, 4);
        Assert.Equal(2, dispatcher.HandedAtSubmit); // counted before its outcome was recorded
    }

    [Fact]
    public async Task A_transport_is_handed_only_each_devices_oldest_sms_so_it_cannot_deliver_a_later_one_first()
    {
        SmscOnly();
        var w = await SmsWorld.CreateAsync(_app);
        var a = await w.DeviceAsync(name: "a");
        var b = await w.DeviceAsync(name: "b");
        var first = await w.SendOkAsync(a, new { payload = "absent-once" });
        var second = await w.SendOkAsync(a, new { payload = "delivered" });
        var third = await w.SendOkAsync(a, new { payload = "delivered" });
        var other = await w.SendOkAsync(b, new { payload = "delivered" });

        await w.RunDispatcherRoundAsync();
        // The later SMS of "a" were never handed over: the transport could not deliver them before the first.
        Assert.Equal([first, other], Assert.Single(_smsc.Batches).Select(s => s.Id).Order());
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(b, other)));
        foreach (var id in new[] { first, second, third })
            Assert.Equal(3, SmsWorld.Status(await w.SmsAsync(a, id))); // buffered together, behind the first
        Assert.Equal("0", (await w.SmsAsync(a, second)).GetProperty("retry_count").GetString()); // not attempted

        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        await w.RunDispatcherRoundAsync();
        // The first was retried alone (the others were parked behind it, issue 11); its delivery released them for the
        // next round (the dispatcher starts it at once; here the test runs it).
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(a, first)));
        await w.RunDispatcherRoundAsync();
        foreach (var id in new[] { first, second, third })
            Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(a, id)));
        // One SMS per device per hand-over, and the device's SMS in submission order.
        Assert.All(_smsc.Batches, batch => Assert.Equal(batch.Count, batch.Select(s => s.DeviceId).Distinct().Count()));
        Assert.Equal([first, first, second, third], _smsc.Batches.SelectMany(x => x).Where(s => s.DeviceId == a).Select(s => s.Id));
    }

    [Fact]
    public async Task A_device_with_more_sms_due_than_hand_overs_in_a_round_gets_the_rest_in_the_next_round_in_order()
    {
        SmscOnly();
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var ids = new List<long>();
        for (var i = 0; i < SmsDispatcher.MaxWavesPerRound + 3; i++) ids.Add(await w.SendOkAsync(device, new { payload = "delivered" }));

        await w.RunDispatcherRoundAsync();
        Assert.Equal(SmsDispatcher.MaxWavesPerRound, _smsc.Batches.Count);
        var rest = await w.SmsAsync(device, ids[^1]);
        Assert.Equal(1, SmsWorld.Status(rest)); // back to pending, not an attempt
        Assert.Equal("0", rest.GetProperty("retry_count").GetString());

        await w.RunDispatcherRoundAsync();
        Assert.Equal(ids, _smsc.Batches.Select(b => Assert.Single(b).Id));
        foreach (var id in ids) Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, id)));
    }

    [Fact]
    public async Task An_sms_routed_by_prefix_to_an_upstream_smsc_awaits_its_receipt_past_any_lease_and_the_receipt_makes_it_delivered()
    {
        SmscByPrefix();
        var w = await SmsWorld.CreateAsync(_app);
        var upstream = await DeviceWithMsisdnAsync(w, Prefix + "0000001");
        var local = await w.DeviceAsync(name: "simulated");
        var sms = await w.SendOkAsync(upstream, new { payload = "via the smsc" });
        var next = await w.SendOkAsync(upstream, new { payload = "queued behind it" });
        var simulated = await w.SendOkAsync(local, new { payload = "via the simulator" });

        await w.WaitForStatusAsync(local, simulated, 4); // the default route: the simulator
        Assert.Equal("via the simulator", (await w.InboxAsync(local))[0].GetProperty("payload").GetString());
        await Eventually.HoldsAsync(() => _smsc.Payloads.Contains("via the smsc"), "the SMS did not reach the upstream SMSC");
        Assert.DoesNotContain("via the simulator", _smsc.Payloads);
        Assert.Empty((await w.InboxAsync(upstream)).EnumerateArray());

        // Submitted: IN PROGRESS (EMnify's status 2) until the receipt; leases running out do not hand it over again,
        // expiry does not touch it, it cannot be cancelled, and the device's next SMS waits behind it.
        await w.WaitForSmsAsync(upstream, sms, json => SmsWorld.Status(json) == 2 && _smsc.Batches.Count == 1, "submitted once");
        for (var i = 0; i < 3; i++)
        {
            _app.Clock.Advance(TimeSpan.FromMinutes(10));
            await w.RunDispatcherRoundAsync();
        }
        Assert.Equal(["via the smsc"], _smsc.Payloads);
        Assert.Equal(2, SmsWorld.Status(await w.SmsAsync(upstream, sms)));
        Assert.Equal(1, SmsWorld.Status(await w.SmsAsync(upstream, next)));
        await HttpAssert.ErrorAsync(await w.Client.DeleteAsync($"/api/v1/endpoint/{upstream}/sms/{sms}"), 409, 1406, "NotAllowed");

        Assert.Equal(SmsQueue.ReceiptResult.Unknown, await ReceiptAsync(999_999, SmsQueue.ReceiptState.Delivered));
        Assert.Equal(SmsQueue.ReceiptResult.Recorded, await ReceiptAsync(sms, SmsQueue.ReceiptState.Delivered));
        var delivered = await w.SmsAsync(upstream, sms);
        Assert.Equal(4, SmsWorld.Status(delivered));
        Assert.Equal("2026-03-01T12:30:00.000+0000", delivered.GetProperty("final_date").GetString());
        Assert.Equal(SmsQueue.ReceiptResult.AlreadyFinal, await ReceiptAsync(sms, SmsQueue.ReceiptState.Failed, "absentSubscriber"));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(upstream, sms)));

        // The receipt freed the device's queue: the next SMS goes up, and a failure receipt ends it with the network error.
        await w.WaitForSmsAsync(upstream, next, json => SmsWorld.Status(json) == 2 && _smsc.Payloads.Contains("queued behind it"), "submitted");
        await w.RunDispatcherRoundAsync(); // waits for the round that handed it over to record the submission (its message id)
        Assert.Equal(SmsQueue.ReceiptResult.Recorded, await ReceiptAsync(next, SmsQueue.ReceiptState.Failed, "absentSubscriber"));
        var failed = await w.SmsAsync(upstream, next);
        Assert.Equal(5, SmsWorld.Status(failed));
        Assert.Equal("absentSubscriber", failed.GetProperty("gsm_map_error").GetString());
    }

    [Fact]
    public async Task A_receipt_that_overtakes_the_record_of_its_submission_is_written_with_that_record_and_answered_once()
    {
        // The SMSC sends each receipt once, before the dispatcher has recorded the submission (SmsReceipts.Submitting): the
        // receipt waits for that record and ends the SMS in the record's transaction, so its one answer is "recorded" —
        // without the record it would find nothing ("unknown") — and the device's next SMS goes up behind it.
        SmscByPrefix();
        var w = await SmsWorld.CreateAsync(_app);
        var device = await DeviceWithMsisdnAsync(w, Prefix + "8000001");
        var other = await DeviceWithMsisdnAsync(w, Prefix + "8000002");
        var delivered = await w.SendOkAsync(device, new { payload = "at-once:Delivered" });
        var failed = await w.SendOkAsync(other, new { payload = "at-once:Failed" });
        var behind = await w.SendOkAsync(device, new { payload = "behind it" });

        await Eventually.HoldsAsync(() => _smsc.AtOnce.Count == 2, "the SMS did not reach the upstream SMSC");
        Assert.Equal(SmsQueue.ReceiptResult.Recorded, await _smsc.AtOnce[delivered].WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(SmsQueue.ReceiptResult.Recorded, await _smsc.AtOnce[failed].WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, delivered)));
        var stored = await w.SmsAsync(other, failed);
        Assert.Equal(5, SmsWorld.Status(stored));
        Assert.Equal("UNDELIV:027", stored.GetProperty("gsm_map_error").GetString());
        // A repeat of the receipt (the SMSC did not read the answer) is a repeat, as ever.
        Assert.Equal(SmsQueue.ReceiptResult.AlreadyFinal, await ReceiptAsync(delivered, SmsQueue.ReceiptState.Delivered));
        await w.WaitForSmsAsync(device, behind, json => SmsWorld.Status(json) == 2 && _smsc.Payloads.Contains("behind it"), "submitted after the receipt");
    }

    [Fact]
    public async Task Receipts_that_arrive_together_are_recorded_in_one_write_each_with_its_own_result_and_free_their_devices()
    {
        // Receipts that arrive while the writer is busy are recorded together (SmsQueue.RecordReceiptsAsync): here all of
        // them, held behind a write that waits. Each still gets its own answer: recorded with its own state and error, a
        // second receipt for the same SMS is a repeat, an id nobody submitted is unknown; and each freed device's next SMS
        // goes up.
        SmscByPrefix();
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new List<long>();
        var sms = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var device = await DeviceWithMsisdnAsync(w, $"{Prefix}70000{i:D2}");
            devices.Add(device);
            sms.Add(await w.SendOkAsync(device, new { payload = $"first {i}" }));
        }
        var behind = await w.SendOkAsync(devices[0], new { payload = "behind the first" });
        for (var i = 0; i < devices.Count; i++)
            await w.WaitForSmsAsync(devices[i], sms[i], json => SmsWorld.Status(json) == 2 && _smsc.Payloads.Contains($"first {i}"), "submitted");
        await w.RunDispatcherRoundAsync(); // the submissions' upstream ids are recorded

        var writer = _app.Services.GetRequiredService<SmsWriter>();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = writer.WriteAsync((_, _) =>
        {
            holding.TrySetResult();
            return release.Task.Wait(TimeSpan.FromSeconds(60)); // a deadline, not a timing: released just below
        });
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var receipts = new List<Task<SmsQueue.ReceiptResult>>();
        for (var i = 0; i < devices.Count; i++)
            receipts.Add(ReceiptAsync(sms[i], i % 2 == 0 ? SmsQueue.ReceiptState.Delivered : SmsQueue.ReceiptState.Failed, i % 2 == 0 ? null : "absentSubscriber"));
        var repeat = ReceiptAsync(sms[1], SmsQueue.ReceiptState.Delivered); // the same SMS again, in the same batch
        var unknown = ReceiptAsync(987_654, SmsQueue.ReceiptState.Delivered);
        release.SetResult();
        Assert.True(await hold);

        var results = await Task.WhenAll(receipts);
        Assert.All(results, r => Assert.Equal(SmsQueue.ReceiptResult.Recorded, r));
        Assert.Equal(SmsQueue.ReceiptResult.AlreadyFinal, await repeat);
        Assert.Equal(SmsQueue.ReceiptResult.Unknown, await unknown);
        for (var i = 0; i < devices.Count; i++)
        {
            var stored = await w.SmsAsync(devices[i], sms[i]);
            Assert.Equal(i % 2 == 0 ? 4 : 5, SmsWorld.Status(stored));
            if (i % 2 == 0) Assert.False(stored.TryGetProperty("gsm_map_error", out var none) && none.ValueKind == System.Text.Json.JsonValueKind.String);
            else Assert.Equal("absentSubscriber", stored.GetProperty("gsm_map_error").GetString());
        }
        // The first device's queue was freed: its next SMS goes up.
        await w.WaitForSmsAsync(devices[0], behind, json => SmsWorld.Status(json) == 2 && _smsc.Payloads.Contains("behind the first"), "submitted after the receipt");
    }

    [Fact]
    public async Task A_receipt_that_never_comes_fails_the_sms_after_its_expiry_and_the_receipt_timeout()
    {
        SmscOnly().With("Cellgate:Delivery:ReceiptTimeoutSeconds", "600");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var expiry = Now.AddHours(1);
        var sms = await w.SendOkAsync(device, new { payload = "no receipt", expiry_date = expiry.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'") });
        await w.RunDispatcherRoundAsync();
        Assert.Equal(2, SmsWorld.Status(await w.SmsAsync(device, sms)));

        _app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(599)); // past the expiry: the upstream owns it now
        await w.RunDispatcherRoundAsync();
        Assert.Equal(2, SmsWorld.Status(await w.SmsAsync(device, sms)));

        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        await w.RunDispatcherRoundAsync();
        var failed = await w.SmsAsync(device, sms);
        Assert.Equal(5, SmsWorld.Status(failed));
        Assert.Equal("receiptTimeout", failed.GetProperty("gsm_map_error").GetString());
        Assert.Single(_smsc.Batches); // not handed over again: it may have been delivered
        Assert.Equal(SmsQueue.ReceiptResult.AlreadyFinal, await ReceiptAsync(sms, SmsQueue.ReceiptState.Delivered, transport: SmsTransports.Simulator)); // too late
    }

    [Fact]
    public async Task The_retry_table_decides_retry_or_fail_by_the_error_and_a_retry_after_wins_over_it()
    {
        SmscOnly().With("Cellgate:Delivery:Errors:customPermanent:Retry", "false")
            .With("Cellgate:Delivery:Errors:absentSubscriberSM:DelaySeconds", "7");
        var w = await SmsWorld.CreateAsync(_app);
        var cases = new (string Payload, int Status, string RetryDate)[]
        {
            ("err:ESME_RTHROTTLED", 3, "2026-03-01T12:00:01.000+0000"),       // retried after the table's 1 s
            ("err:ESME_RINVDSTADR", 5, ""),                                    // permanent
            ("err:unknownSubscriber", 5, ""),                                  // permanent (MAP)
            ("err:customPermanent", 5, ""),                                    // a row added by configuration
            ("err:absentSubscriberSM", 3, "2026-03-01T12:00:07.000+0000"),    // a row changed by configuration
            ("err:somethingNew", 3, "2026-03-01T12:00:30.000+0000"),          // "*": retried on the schedule
            ("err:ESME_RTHROTTLED:90", 3, "2026-03-01T12:01:30.000+0000"),    // the network's retry-after wins
        };
        var sent = new List<(long Device, long Sms)>();
        foreach (var c in cases)
        {
            var device = await w.DeviceAsync(name: c.Payload);
            sent.Add((device, await w.SendOkAsync(device, new { payload = c.Payload })));
        }
        await w.RunDispatcherRoundAsync();
        for (var i = 0; i < cases.Length; i++)
        {
            var sms = await w.SmsAsync(sent[i].Device, sent[i].Sms);
            Assert.True(SmsWorld.Status(sms) == cases[i].Status, $"{cases[i].Payload}: {sms}");
            Assert.Equal(cases[i].Payload.Split(':')[1], sms.GetProperty("gsm_map_error").GetString());
            if (cases[i].Status == 3) Assert.Equal(cases[i].RetryDate, sms.GetProperty("retry_date").GetString());
        }
    }

    [Fact]
    public void The_router_takes_the_first_rule_whose_conditions_all_hold_else_the_default()
    {
        var services = new ServiceCollection();
        foreach (var name in new[] { "simulator", "by-prefix", "by-org", "both" }) services.AddSmsTransport(name, _ => new FakeSmsc());
        var provider = services.BuildServiceProvider();
        var options = new SmsRoutingOptions
        {
            Rules =
            [
                new SmsRouteRule { MsisdnPrefix = "4917", OrganisationId = 9, Transport = "both" },
                new SmsRouteRule { MsisdnPrefix = "4917", Transport = "by-prefix" },
                new SmsRouteRule { OrganisationId = 9, Transport = "by-org" },
            ],
        };
        var router = new SmsRouter(provider, Options.Create(options), provider.GetServices<SmsTransportRegistration>());
        static ClaimedSms Sms(long org, string msisdn) =>
            new(1, org, 1, 1, msisdn, "", 161, "x", 0, 0, "", 1, 1, null, 0, true, true, 1, SimStatus.Activated);
        Assert.Equal("both", router.Route(Sms(9, "491701")));
        Assert.Equal("by-prefix", router.Route(Sms(3, "491701")));
        Assert.Equal("by-org", router.Route(Sms(9, "423663")));
        Assert.Equal("simulator", router.Route(Sms(3, "423663")));
    }

    [Theory]
    [InlineData("Cellgate:Delivery:Routing:Default", "nowhere", "Cellgate:Delivery:Routing:Default names the SMS transport 'nowhere', which does not exist (registered: simulator).")]
    [InlineData("Cellgate:Delivery:Routing:Rules:0:Transport", "smsc-b", "Cellgate:Delivery:Routing:Rules:0 has no condition (MsisdnPrefix or OrganisationId).")]
    [InlineData("Cellgate:Delivery:Errors:ESME_RTHROTTLED:DelaySeconds", "0", "Cellgate:Delivery:Errors:ESME_RTHROTTLED:DelaySeconds must be between 1 and 86400.")]
    public async Task A_route_or_retry_rule_that_names_nothing_valid_stops_the_start_with_one_line(string key, string value, string message) =>
        Assert.Contains(message, await FailedStartAsync(new() { [key] = value }));

    [Fact]
    public async Task A_rule_naming_an_unknown_transport_stops_the_start() =>
        Assert.EndsWith("Cellgate:Delivery:Routing:Rules:0:Transport names the SMS transport 'smsc-b', which does not exist (registered: simulator).",
            await FailedStartAsync(new() { ["Cellgate:Delivery:Routing:Rules:0:OrganisationId"] = "5", ["Cellgate:Delivery:Routing:Rules:0:Transport"] = "smsc-b" }));

    /// <summary>Starts the real server with these settings; asserts exit code 1 and one line of output, and returns it.</summary>
    private static async Task<string> FailedStartAsync(Dictionary<string, string> settings)
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-routing-").FullName;
        try
        {
            var (code, output) = await ServerProcess.RunAsync(dir, ["--urls", "http://127.0.0.1:0"],
                settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value));
            Assert.True(code == 1, output);
            return Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_mo_sms_from_another_interface_goes_through_the_same_intake_and_rules_as_the_simulators()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var sender = await w.DeviceAsync(attached: false, name: "sender"); // detached in the simulator: the SMPP path does not care
        var receiver = await w.DeviceAsync(name: "receiver");
        var intake = _app.Services.GetRequiredService<MoIntake>();

        // By MSISDN (as an upstream SMSC knows it), to a short code, one pre-encoded part with its UDH.
        var ids = await intake.SubmitAsync(new MoSubmission(null, null, "+" + w.Msisdns[sender], "4321", null, MoInterface.Smpp,
            new NewPart("part one", "050003AA0201"), 0), CancellationToken.None);
        var mo = await w.SmsAsync(sender, Assert.Single(ids));
        Assert.Equal(2, mo.GetProperty("sms_type").GetProperty("id").GetInt32());
        Assert.Equal(4, SmsWorld.Status(mo));
        Assert.Equal("050003AA0201", mo.GetProperty("udh").GetString());
        Assert.Equal(w.Msisdns[sender], mo.GetProperty("source_address").GetString());

        // P2P to a device of the same organisation: MT queued to it and delivered, as from a handset.
        await intake.SubmitAsync(new MoSubmission(null, null, w.Msisdns[sender], w.Msisdns[receiver], "hello over smpp", MoInterface.Smpp), CancellationToken.None);
        var mt = (await w.Client.GetJsonAsync($"/api/v1/endpoint/{receiver}/sms")).EnumerateArray().Single();
        await w.WaitForStatusAsync(receiver, mt.GetProperty("id").GetInt64(), 4);

        // The same profile rules: MO switched off refuses both interfaces alike.
        await Resources.NoContentAsync(w.Client.DeleteAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}/service/3"));
        var refused = await Assert.ThrowsAsync<MoIntake.MoRefusedException>(() =>
            intake.SubmitAsync(new MoSubmission(null, null, w.Msisdns[sender], "4321", "x", MoInterface.Smpp), CancellationToken.None));
        Assert.Equal(422, refused.Status);
        await w.AttachAsync(sender);
        await HttpAssert.ErrorAsync(await w.Client.PostAsJsonAsync($"/api/simulator/devices/{sender}/mo", new { dest_address = "4321", payload = "x" }), 422, 1406, "NotAllowed");
        Assert.Equal(404, (await Assert.ThrowsAsync<MoIntake.MoRefusedException>(() =>
            intake.SubmitAsync(new MoSubmission(null, null, "999999999", "4321", "x", MoInterface.Smpp), CancellationToken.None))).Status);
    }
}
