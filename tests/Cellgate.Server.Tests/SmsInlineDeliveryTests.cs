using System.Collections.Concurrent;
using System.Data.Common;
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
        public int OutsideCalls;
        public int CommittedActions;

        public InlineDelivery Deliver(DbConnection connection, DbTransaction transaction, IReadOnlyList<ClaimedSms> batch, DateTime now)
        {
            foreach (var sms in batch)
            {
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
            return new InlineDelivery(batch.Select(DeliveryOutcome.Delivered).ToList(), () => Interlocked.Increment(ref CommittedActions));
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
        // Claimed (IN PROGRESS, leased) when handed over, in order, one per wave; delivered once the round committed.
        Assert.Equal([first, second], _handset.SeenInside.Select(x => x.Id));
        Assert.All(_handset.SeenInside, x => Assert.Equal(2, x.Status));
        Assert.All(_handset.SeenInside, x => Assert.NotNull(x.LeaseOwner));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, first)));
        Assert.Equal(4, SmsWorld.Status(await w.SmsAsync(device, second)));
        Assert.Equal(2, _handset.CommittedActions); // the follow-up work ran, once per hand-over, after the commit
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
