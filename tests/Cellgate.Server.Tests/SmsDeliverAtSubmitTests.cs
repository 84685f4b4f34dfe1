using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using Cellgate.Delivery;
using Cellgate.Server.Features.Simulator;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issues 9 and 11, delivery at submit (docs/sms.md): an MT SMS to a device with nothing pending, whose route answers at
/// once (the simulator), is delivered in the group transaction that stores it — inserted DELIVERED, never pending — with
/// the side effects of the dispatcher's record path. The delivery runs with the dispatcher on (the switch needs it), so
/// every assertion is about what the 201 already guarantees, never about timing.
/// </summary>
public sealed class SmsDeliverAtSubmitTests : IDisposable
{
    private readonly CellgateApp _app = new();
    private readonly Handset _handset = new();

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// The real simulator behind a recorder: for each SMS handed over, the status and lease its row had at that moment
    /// (4 and none: inserted delivered at submit; 2 and a lease: claimed by a dispatcher round). Payloads in
    /// <see cref="Refuse"/> are answered with that error instead; "poison" throws.
    /// </summary>
    private sealed class Handset : IInlineSmsTransport
    {
        public NetworkSimulator? Simulator { get; set; }
        public ConcurrentQueue<(long Id, int Status, string? LeaseOwner)> Seen { get; } = new();
        public Dictionary<string, string> Refuse { get; } = [];

        public async ValueTask<InlineDelivery> DeliverInlineAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ClaimedSms> batch, DateTime now,
            CancellationToken cancellationToken)
        {
            var take = new List<ClaimedSms>();
            var refused = new List<DeliveryOutcome>();
            var ended = new HashSet<long>();
            foreach (var sms in batch)
            {
                if (ended.Contains(sms.DeviceId)) continue;
                using (var read = connection.CreateCommand())
                {
                    read.Transaction = transaction;
                    read.CommandText = $"""SELECT "Status", "LeaseOwner" FROM sms WHERE "Id" = {sms.Id}""";
                    using var reader = await read.ExecuteReaderAsync(cancellationToken);
                    await reader.ReadAsync(cancellationToken);
                    Seen.Enqueue((sms.Id, reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
                }
                if (sms.Payload == "poison") throw new InvalidOperationException("poison");
                if (Refuse.TryGetValue(sms.Payload, out var error))
                {
                    refused.Add(DeliveryOutcome.Undelivered(sms, error));
                    ended.Add(sms.DeviceId);
                    continue;
                }
                take.Add(sms);
            }
            var delivered = await Simulator!.DeliverInlineAsync(connection, transaction, take, now, cancellationToken);
            return delivered with { Outcomes = [.. delivered.Outcomes, .. refused] };
        }

        public ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("inline only");
    }

    private async Task<SmsWorld> WorldAsync(bool atSubmit = true)
    {
        _app.With("Cellgate:Delivery:DeliverAtSubmit", atSubmit ? "true" : "false")
            .WithServices(s => s.AddSmsTransport(SmsTransports.Simulator, _ => _handset));
        _handset.Simulator = ActivatorUtilities.CreateInstance<NetworkSimulator>(_app.Services);
        return await SmsWorld.CreateAsync(_app);
    }

    /// <summary>
    /// The device's MT SMS counted as usage (pending for the roller, or rolled into its hourly rollups already), its
    /// usage rows whose SIM is not the device's, and its raw usage records (an SMS writes none: its sms row is its record).
    /// </summary>
    private Task<(long Mt, long OtherSim, long Records)> UsageAsync(long device) => _app.Services.GetRequiredService<SmsWriter>().WriteAsync((c, t) =>
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = $"""
            SELECT (SELECT COALESCE(SUM("SmsMt"), 0) FROM usage_pending WHERE "DeviceId" = {device})
                 + (SELECT COALESCE(SUM("SmsMt"), 0) FROM usage_rollups WHERE "DeviceId" = {device} AND "Period" = 1),
                (SELECT COUNT(*) FROM (SELECT "SimId" FROM usage_pending WHERE "DeviceId" = {device}
                    UNION ALL SELECT "SimId" FROM usage_rollups WHERE "DeviceId" = {device}) u
                 WHERE u."SimId" <> COALESCE((SELECT "SimId" FROM devices WHERE "Id" = {device}), 0)),
                (SELECT COUNT(*) FROM usage_records WHERE "DeviceId" = {device})
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
    });

    [Fact]
    public async Task An_sms_to_an_idle_attached_handset_is_stored_delivered_with_its_inbox_row_usage_and_delivery_report_before_the_201()
    {
        var w = await WorldAsync();
        var callback = await Resources.CreatedAsync(w.Client.PostAsJsonAsync("/api/v1/api_callback", new { url = "https://example.invalid/hook", purpose = "test" }));
        await Resources.NoContentAsync(w.Client.PatchAsJsonAsync($"/api/v1/service_profile/{w.Setup.ServiceProfileId}", new { api_callback = new { id = callback } }));
        var device = await w.DeviceAsync();

        var id = await w.SendOkAsync(device, new { payload = "at once" });

        // Handed over once, from a row that was never pending nor claimed.
        Assert.Equal([(id, 4, (string?)null)], _handset.Seen.ToArray());
        var sms = await w.SmsAsync(device, id);
        Assert.Equal(4, SmsWorld.Status(sms));
        Assert.Equal("0", sms.GetProperty("retry_count").GetString());
        Assert.False(sms.GetProperty("delivery_date").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal([id], (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64()));
        Assert.Equal((1L, 0L, 0L), await UsageAsync(device)); // counted once, on the device's SIM
        var reports = (await w.Client.GetJsonAsync("/api/v1/webhook_delivery?per_page=100")).EnumerateArray().Select(x => x.GetProperty("sms_id").GetInt64());
        Assert.Equal([id], reports);

        // The dispatcher finds nothing to do with it.
        await w.RunDispatcherRoundAsync();
        Assert.Single(_handset.Seen);
    }

    [Fact]
    public async Task Several_sms_to_one_idle_handset_in_one_request_burst_are_delivered_at_submit_in_submission_order()
    {
        var w = await WorldAsync();
        var device = await w.DeviceAsync();
        var sent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => w.SendOkAsync(device, new { payload = $"m{i}" })));

        Assert.All(_handset.Seen, x => Assert.Equal(4, x.Status));
        Assert.Equal(sent.Order(), _handset.Seen.Select(x => x.Id)); // the handset got them in id order
        Assert.Equal(sent.Order(), (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64()).Order());
        foreach (var id in sent) Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, id)));
    }

    [Fact]
    public async Task An_sms_behind_a_pending_one_of_the_same_device_is_not_delivered_at_submit_and_waits_its_turn()
    {
        _handset.Refuse["absent"] = NetworkErrors.AbsentSubscriber;
        var w = await WorldAsync();
        var device = await w.DeviceAsync();

        // The handset refuses the first one at submit: it is recorded as a round would (retry, buffered).
        var head = await w.SendOkAsync(device, new { payload = "absent" });
        var first = await w.SmsAsync(device, head);
        Assert.Equal(3, SmsWorld.Status(first));
        Assert.Equal("1", first.GetProperty("retry_count").GetString());
        Assert.Equal(NetworkErrors.AbsentSubscriber, first.GetProperty("gsm_map_error").GetString());

        // The next one queues behind it, untried; once the head is delivered, it follows.
        var behind = await w.SendOkAsync(device, new { payload = "second" });
        Assert.Equal([head], _handset.Seen.Select(x => x.Id));
        var waiting = await w.SmsAsync(device, behind);
        Assert.Equal(3, SmsWorld.Status(waiting));
        Assert.Equal("0", waiting.GetProperty("retry_count").GetString());

        _handset.Refuse.Clear();
        w.Advance(TimeSpan.FromSeconds(31));
        await w.WaitForStatusAsync(device, behind, 4);
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, head)));
        Assert.Equal([head, behind], (await w.InboxAsync(device)).EnumerateArray().Select(e => e.GetProperty("sms_id").GetInt64()).Order());
        Assert.Equal([head, head, behind], _handset.Seen.Select(x => x.Id));
    }

    [Fact]
    public async Task An_sms_to_a_detached_handset_is_buffered_at_submit_as_a_round_would_buffer_it()
    {
        var w = await WorldAsync();
        var device = await w.DeviceAsync(attached: false);
        var id = await w.SendOkAsync(device, new { payload = "later" });

        var sms = await w.SmsAsync(device, id);
        Assert.Equal(3, SmsWorld.Status(sms));
        Assert.Equal(NetworkErrors.AbsentSubscriber, sms.GetProperty("gsm_map_error").GetString());
        Assert.Equal(0, (await w.InboxAsync(device)).GetArrayLength());
        Assert.Equal((0L, 0L, 0L), await UsageAsync(device));

        await w.AttachAsync(device); // the network's alert makes it due
        await w.WaitForStatusAsync(device, id, 4);
    }

    [Fact]
    public async Task When_the_transport_throws_at_submit_the_sms_is_stored_pending_and_the_dispatcher_handles_it()
    {
        var w = await WorldAsync();
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "poison" });

        // Nothing of the attempt at submit is left; the dispatcher's rounds then count it as a faulted attempt.
        var sms = await w.WaitForSmsAsync(device, id, s => s.GetProperty("retry_count").GetString() == "1", "the dispatcher did not attempt it");
        Assert.Equal(3, SmsWorld.Status(sms));
        Assert.Equal(NetworkErrors.SystemFailure, sms.GetProperty("gsm_map_error").GetString());
        Assert.Equal(4, _handset.Seen.First().Status); // the attempt at submit
        Assert.Equal(0, (await w.InboxAsync(device)).GetArrayLength());
    }

    [Fact]
    public async Task With_delivery_at_submit_off_an_sms_is_stored_pending_and_delivered_by_a_round()
    {
        var w = await WorldAsync(atSubmit: false);
        var device = await w.DeviceAsync();
        var id = await w.SendOkAsync(device, new { payload = "round" });

        await w.WaitForStatusAsync(device, id, 4);
        var seen = Assert.Single(_handset.Seen);
        Assert.Equal((id, 2), (seen.Id, seen.Status)); // claimed first
        Assert.NotNull(seen.LeaseOwner);
    }
}
