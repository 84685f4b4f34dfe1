using System.Data.Common;
using System.Globalization;
using Cellgate.Delivery;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// The devices, until a radio network is attached: the SMS transport of the dispatcher. Each endpoint is a virtual
/// handset whose attach state, fault and behaviours live in <c>simulated_devices</c> (no row: detached). A delivered SMS
/// lands in the handset's inbox (<c>simulator_inbox</c>), which is unique per SMS id: a redelivery after a crash is
/// counted in <c>Duplicates</c> and dropped, as a handset drops a repeated TP-MR. Delivery is thus at least once
/// towards the handset, exactly once as the handset sees it.
/// </summary>
public sealed class NetworkSimulator(SmsWriter writer, TimeProvider time, SimulatorMo mo) : ISmsTransport
{
    public async ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (outcomes, echoes) = await writer.WriteAsync((c, t) => Deliver(c, t, batch, now), cancellationToken);
        foreach (var echo in echoes)
        {
            try { await mo.EchoAsync(echo, cancellationToken); }
            catch (SimulatorMo.MoRefusedException) { } // the echo is a demo behaviour; a refused MO is simply not sent
        }
        return outcomes;
    }

    private static (List<DeliveryOutcome>, List<ClaimedSms>) Deliver(DbConnection c, DbTransaction t, IReadOnlyList<ClaimedSms> batch, DateTime now)
    {
        var states = SimulatorStore.Load(c, t, batch.Select(s => s.DeviceId).Distinct());
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var echoes = new List<ClaimedSms>();
        var blocked = new HashSet<long>();
        var inbox = SimulatorStore.InboxInsert(c, t);
        foreach (var sms in batch)
        {
            DeliveryResult result;
            if (blocked.Contains(sms.DeviceId)) result = DeliveryResult.Deferred;
            else
            {
                states.TryGetValue(sms.DeviceId, out var device);
                result = device switch
                {
                    null or { Attached: false } => DeliveryResult.AbsentSubscriber,
                    { Fault: SimulatedFault.AbsentSubscriber } => DeliveryResult.AbsentSubscriber,
                    { Fault: SimulatedFault.MemoryFull } => DeliveryResult.MemoryFull,
                    { Fault: SimulatedFault.UnknownSubscriber } => DeliveryResult.UnknownSubscriber,
                    { Fault: SimulatedFault.Reject } => DeliveryResult.Rejected,
                    _ => DeliveryResult.Delivered,
                };
                if (result == DeliveryResult.Delivered)
                {
                    var fresh = SimulatorStore.Receive(inbox, sms, now);
                    if (fresh && device!.Echo) echoes.Add(sms);
                }
                else if (result.IsTemporary()) blocked.Add(sms.DeviceId);
            }
            outcomes.Add(new DeliveryOutcome(sms.Id, sms.DeviceId, result));
        }
        return (outcomes, echoes);
    }
}

/// <summary>The simulator's SQL (same dialect notes as <see cref="SmsQueue"/>).</summary>
internal static class SimulatorStore
{
    public static Dictionary<long, SimulatedDevice> Load(DbConnection c, DbTransaction t, IEnumerable<long> deviceIds)
    {
        var ids = string.Join(',', deviceIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var result = new Dictionary<long, SimulatedDevice>();
        if (ids.Length == 0) return result;
        using var command = SqlCommands.Create(c, t, $"""SELECT "DeviceId", "OrganisationId", "Attached", "Fault", "Echo" FROM simulated_devices WHERE "DeviceId" IN ({ids})""");
        using var reader = command.ExecuteReader();
        while (reader.Read())
            result[reader.GetInt64(0)] = new SimulatedDevice
            {
                DeviceId = reader.GetInt64(0), OrganisationId = reader.GetInt64(1), Attached = reader.GetBoolean(2),
                Fault = (SimulatedFault)reader.GetInt32(3), Echo = reader.GetBoolean(4),
            };
        return result;
    }

    /// <summary>The connection's prepared inbox insert (<see cref="SqlCommands"/>: do not dispose).</summary>
    public static DbCommand InboxInsert(DbConnection c, DbTransaction t) => SqlCommands.Get(c, t, """
        INSERT INTO simulator_inbox ("DeviceId", "SmsId", "Payload", "Udh", "Dcs", "SourceAddress", "Received", "Duplicates")
        VALUES (@device, @sms, @payload, @udh, @dcs, @src, @now, 0)
        ON CONFLICT ("SmsId") DO UPDATE SET "Duplicates" = simulator_inbox."Duplicates" + 1
        RETURNING "Duplicates"
        """, "@device", "@sms", "@payload", "@udh", "@dcs", "@src", "@now");

    /// <summary>Stores a received SMS; false when the handset already had it (a duplicate, counted and dropped).</summary>
    public static bool Receive(DbCommand insert, ClaimedSms sms, DateTime now)
    {
        insert.Set(0, sms.DeviceId);
        insert.Set(1, sms.Id);
        insert.Set(2, sms.Payload);
        insert.Set(3, sms.Udh);
        insert.Set(4, sms.Dcs);
        insert.Set(5, sms.SourceAddress);
        insert.Set(6, now);
        return Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture) == 0;
    }

    /// <summary>Creates or updates a handset's row.</summary>
    public static void Upsert(DbConnection c, DbTransaction t, SimulatedDevice d)
    {
        using var command = SqlCommands.Create(c, t, """
            INSERT INTO simulated_devices ("DeviceId", "OrganisationId", "Attached", "Fault", "Echo", "ToggleSeconds", "NextToggle", "LastChange")
            VALUES (@device, @org, @attached, @fault, @echo, @toggle, @next, @change)
            ON CONFLICT ("DeviceId") DO UPDATE SET "Attached" = @attached, "Fault" = @fault, "Echo" = @echo,
                "ToggleSeconds" = @toggle, "NextToggle" = @next, "LastChange" = @change
            """,
            ("@device", d.DeviceId), ("@org", d.OrganisationId), ("@attached", d.Attached), ("@fault", (int)d.Fault), ("@echo", d.Echo),
            ("@toggle", d.ToggleSeconds), ("@next", d.NextToggle), ("@change", d.LastChange));
        command.ExecuteNonQuery();
    }
}
