using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using Cellgate.Delivery;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 11: a transport that answers at once from the database (<see cref="IInlineSmsTransport"/>, the simulator) is
/// handed the round's SMS inside the transaction that claimed them, and their outcomes are recorded in it (docs/sms.md).
/// </summary>
public sealed class SmsInlineDeliveryTests : IDisposable
{
    private readonly CellgateApp _app = new();
    private readonly InlineHandset _handset = new();

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// Stands in for the simulator. Inside the transaction it reads the SMS row as the claim left it, then answers
    /// "delivered"; payload "poison" makes it write to the row and throw.
    /// </summary>
    private sealed class InlineHandset : IInlineSmsTransport
    {
        public ConcurrentQueue<(long Id, int Status, string? LeaseOwner)> SeenInside { get; } = new();
        public ConcurrentQueue<long[]> Batches { get; } = new();
        public int OutsideCalls;
        public int CommittedActions;

        /// <summary>Payloads the handset refuses (the run ends there), with the error it answers.</summary>
        public Dictionary<string, string> Refuse { get; } = [];

        /// <summary>Breaks the contract: answers "delivered" for the SMS behind a refused one too.</summary>
        public bool DeliverPastRefusal;

        public ValueTask<InlineDelivery> DeliverInlineAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ClaimedSms> batch, DateTime now,
            CancellationToken cancellationToken)
        {
            Batches.Enqueue(batch.Select(x => x.Id).ToArray());
            var outcomes = new List<DeliveryOutcome>();
            var ended = new HashSet<long>();
            foreach (var sms in batch)
            {
                if (ended.Contains(sms.DeviceId) && !DeliverPastRefusal) continue;
                if (Refuse.TryGetValue(sms.Payload, out var error))
                {
                    outcomes.Add(DeliveryOutcome.Undelivered(sms, error));
                    ended.Add(sms.DeviceId);
                    continue;
                }
                outcomes.Add(DeliveryOutcome.Delivered(sms));
                using var read = connection.CreateCommand();
                read.Transaction = transaction;
                read.CommandText = $"""SELECT "Status", "LeaseOwner" FROM sms WHERE "Id" = {sms.Id}""";
                using (var reader = read.ExecuteReader())
                {
                    reader.Read();
                    SeenInside.Enqueue((sms.Id, reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
                }
                if (sms.Payload != "poison") continue;
                using var write = connection.CreateCommand();
                write.Transaction = transaction;
                write.CommandText = $"""UPDATE sms SET "Payload" = 'tampered' WHERE "Id" = {sms.Id}""";
                write.ExecuteNonQuery();
                throw new InvalidOperationException("poison");
            }
            return ValueTask.FromResult(new InlineDelivery(outcomes, () => Interlocked.Increment(ref CommittedActions)));
        }

        public ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref OutsideCalls);
            return ValueTask.FromResult<IReadOnlyList<DeliveryOutcome>>(batch.Select(DeliveryOutcome.Delivered).ToList());
        }
    }

    private CellgateApp InlineOnly(bool inline = true) => _app.With("Cellgate:Delivery:Enabled", "false")
        .With("Cellgate:Delivery:InlineDelivery", inline ? "true" : "false")
        .WithServices(s => s.AddSmsTransport(SmsTransports.Simulator, _ => _handset));

    [Fact]
    public async Task A_transport_that_answers_at_once_is_handed_the_sms_inside_the_claiming_transaction_and_the_outcome_is_recorded_in_it()
    {
        InlineOnly();
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var first = await w.SendOkAsync(device, new { payload = "one" });
        var second = await w.SendOkAsync(device, new { payload = "two" });

        await w.RunDispatcherRoundAsync();
        Assert.Equal(0, _handset.OutsideCalls);
        // Claimed (IN PROGRESS, leased) when handed over, in order, as one run; delivered once the round committed.
        Assert.Equal([first, second], _handset.SeenInside.Select(x => x.Id));
        Assert.All(_handset.SeenInside, x => Assert.Equal(2, x.Status));
        Assert.All(_handset.SeenInside, x => Assert.NotNull(x.LeaseOwner));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, first)));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, second)));
        Assert.Equal(1, _handset.CommittedActions); // the follow-up work ran, once per hand-over, after the commit
    }

    [Fact]
    public async Task One_round_claims_a_devices_whole_run_and_hands_it_over_at_once_in_order()
    {
        // Issue 11, the one-device drain: before, a round took 16 SMS of a device and handed them over one at a time.
        InlineOnly();
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var other = await w.DeviceAsync(name: "other");
        var ids = new List<long>();
        for (var i = 0; i < 40; i++) ids.Add(await w.SendOkAsync(device, new { payload = $"m{i}" }));
        var single = await w.SendOkAsync(other, new { payload = "solo" });

        Assert.Equal(41, await _app.Services.GetRequiredService<SmsDispatcher>().RunRoundAsync());
        var batch = Assert.Single(_handset.Batches);
        Assert.Equal(ids.Append(single).Order(), batch.Order());
        Assert.Equal(ids, batch.Where(ids.Contains)); // the device's run in submission order
        foreach (var id in ids) Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, id)));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(other, single)));
    }

    [Fact]
    public async Task A_run_ends_at_an_sms_to_be_retried_and_the_devices_later_sms_wait_behind_it_unattempted()
    {
        InlineOnly();
        _handset.Refuse["absent"] = NetworkErrors.AbsentSubscriber;
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var before = await w.SendOkAsync(device, new { payload = "one" });
        var refused = await w.SendOkAsync(device, new { payload = "absent" });
        var behind = await w.SendOkAsync(device, new { payload = "three" });

        await w.RunDispatcherRoundAsync();
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, before)));
        var head = await w.SmsAsync(device, refused);
        Assert.Equal(3, SmsWorld.Status(head));
        Assert.Equal("1", head.GetProperty("retry_count").GetString());
        var waiting = await w.SmsAsync(device, behind);
        Assert.Equal(3, SmsWorld.Status(waiting));
        Assert.Equal("0", waiting.GetProperty("retry_count").GetString()); // not attempted
        Assert.Single(_handset.Batches);
    }

    [Fact]
    public async Task After_an_sms_that_failed_for_good_the_rest_of_the_run_is_handed_over_again_in_the_same_round()
    {
        InlineOnly();
        _handset.Refuse["bad"] = NetworkErrors.UnknownSubscriber; // permanent: FAILED, nothing waits behind it
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var failed = await w.SendOkAsync(device, new { payload = "bad" });
        var next = await w.SendOkAsync(device, new { payload = "two" });
        var last = await w.SendOkAsync(device, new { payload = "three" });

        await w.RunDispatcherRoundAsync();
        Assert.Equal(5, SmsWorld.Status(await w.SmsAsync(device, failed)));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, next)));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, last)));
        Assert.Equal([[failed, next, last], [next, last]], _handset.Batches.ToArray());
    }

    [Fact]
    public async Task Delivery_reports_of_a_device_are_enqueued_in_submission_order_when_a_failure_splits_its_delivered_runs()
    {
        // The delivered SMS of a run are recorded by one statement; the webhook outbox orders reports per device by id.
        InlineOnly();
        _handset.Refuse["bad"] = NetworkErrors.UnknownSubscriber;
        var w = await SmsWorld.CreateAsync(_app);
        var callback = await Resources.CreatedAsync(w.Client.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.invalid/hook", purpose = "test" }));
        var patch = await w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { api_callback = new { id = callback } });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, patch.StatusCode);
        var device = await w.DeviceAsync();
        var ids = new List<long>();
        foreach (var payload in new[] { "one", "two", "bad", "four", "five" }) ids.Add(await w.SendOkAsync(device, new { payload }));

        await w.RunDispatcherRoundAsync();
        var log = await w.Client.GetJsonAsync("/api/v1/webhook_delivery?per_page=100");
        var reported = log.EnumerateArray().OrderBy(x => x.GetProperty("id").GetInt64()).Select(x => x.GetProperty("sms_id").GetInt64());
        Assert.Equal(ids, reported);
    }

    [Fact]
    public async Task A_transport_that_delivers_behind_an_sms_it_refused_is_undone_and_the_run_goes_over_one_by_one_in_order()
    {
        InlineOnly();
        _handset.Refuse["absent"] = NetworkErrors.AbsentSubscriber;
        _handset.DeliverPastRefusal = true;
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var refused = await w.SendOkAsync(device, new { payload = "absent" });
        var behind = await w.SendOkAsync(device, new { payload = "two" });

        await w.RunDispatcherRoundAsync();
        Assert.Equal(3, SmsWorld.Status(await w.SmsAsync(device, refused)));
        var waiting = await w.SmsAsync(device, behind);
        Assert.Equal(3, SmsWorld.Status(waiting)); // never delivered ahead of the SMS before it
        Assert.Equal("0", waiting.GetProperty("retry_count").GetString());
        Assert.Equal([[refused, behind], [refused]], _handset.Batches.ToArray());
    }

    [Fact]
    public async Task With_inline_delivery_off_the_same_transport_is_handed_the_sms_outside_the_transaction()
    {
        InlineOnly(inline: false);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "one" });

        await w.RunDispatcherRoundAsync();
        Assert.Equal(1, _handset.OutsideCalls);
        Assert.Empty(_handset.SeenInside);
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, id)));
    }

    [Fact]
    public async Task An_inline_transport_that_throws_leaves_nothing_of_its_work_and_only_the_poison_sms_is_a_faulted_attempt()
    {
        InlineOnly();
        var w = await SmsWorld.CreateAsync(_app);
        var a = await w.DeviceAsync(name: "a");
        var b = await w.DeviceAsync(name: "b");
        var poison = await w.SendOkAsync(a, new { payload = "poison" });
        var good = await w.SendOkAsync(b, new { payload = "fine" });

        await w.RunDispatcherRoundAsync();
        var faulted = await w.SmsAsync(a, poison);
        Assert.Equal(3, SmsWorld.Status(faulted)); // retried on the schedule
        Assert.Equal("systemFailure", faulted.GetProperty("gsm_map_error").GetString());
        Assert.Equal("poison", faulted.GetProperty("payload").GetString()); // the throwing attempt's write was rolled back
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(b, good)));
    }

    [Fact]
    public void The_simulator_as_the_server_registers_it_still_delivers_inside_the_transaction()
    {
        // Decorators around the transports (the live feed wraps every one) must keep the inline interface, or the
        // dispatcher silently falls back to three transactions per round.
        var router = _app.Services.GetRequiredService<SmsRouter>();
        Assert.IsAssignableFrom<IInlineSmsTransport>(router.Transport(SmsTransports.Simulator));
    }
}
