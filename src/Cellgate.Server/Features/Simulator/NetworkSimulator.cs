using System.Data.Common;
using System.Globalization;
using Cellgate.Delivery;
using Cellgate.Storage.Sqlite;
using Cellgate.Storage;
using Cellgate.Server.Features.Events;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// The devices, until a radio network is attached: the SMS transport <c>simulator</c>, the dispatcher's default route.
/// Each endpoint is a virtual handset whose attach state, fault and behaviours live in <c>simulated_devices</c> (no row:
/// detached). It answers each SMS of the batch (one per device: the dispatcher keeps per-device order) from the
/// handset's state; several SMS of one device come as a run, in order, which ends at the first one not delivered
/// (<see cref="IInlineSmsTransport"/>). A delivered SMS lands in the handset's inbox (the SMS row's <c>HandsetReceived</c>): a
/// redelivery after a crash is counted in <c>HandsetDuplicates</c> and dropped, as a handset drops a repeated TP-MR. Delivery
/// is thus at least once towards the handset, exactly once as the handset sees it. Follow-up work (echo replies) is
/// handed to <see cref="SimulatorEchoes"/> and never runs inside a delivery: a failing echo cannot fail the round.
/// </summary>
public sealed class NetworkSimulator(SmsWriter writer, TimeProvider time, SimulatorEchoes echoes) : IInlineSmsTransport
{
    /// <summary>
    /// The same answers inside the dispatcher's transaction (<see cref="IInlineSmsTransport"/>): the inbox insert commits
    /// with the claim and the record, and the echoes are handed over once that transaction committed.
    /// </summary>
    public async ValueTask<InlineDelivery> DeliverInlineAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ClaimedSms> batch, DateTime now,
        CancellationToken cancellationToken)
    {
        var (outcomes, replies) = await AnswerAsync(connection, transaction, batch, now, cancellationToken);
        return new InlineDelivery(outcomes, replies.Count == 0 ? null : () => { foreach (var echo in replies) echoes.Enqueue(echo); });
    }

    public async ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken)
    {
        using var span = DeliveryMetrics.Source.StartActivity("cellgate.sms.transport", System.Diagnostics.ActivityKind.Client);
        span?.SetTag("cellgate.transport", "simulator");
        span?.SetTag("cellgate.sms.count", batch.Count);
        var now = time.GetUtcNow().UtcDateTime;
        var (outcomes, replies) = await writer.WriteAsync((c, t, ct) => AnswerAsync(c, t, batch, now, ct), null, cancellationToken);
        foreach (var echo in replies) echoes.Enqueue(echo);
        return outcomes;
    }

    // The device states and the inbox rows (one statement per hand-over) asynchronously; the usage rows
    // (DataPlaneStore.RecordSms) still synchronous (docs/postgresql.md, "Not done yet").
    private static async ValueTask<(List<DeliveryOutcome>, List<ClaimedSms>)> AnswerAsync(DbConnection c, DbTransaction t, IReadOnlyList<ClaimedSms> batch,
        DateTime now, CancellationToken ct)
    {
        var states = await SimulatorStore.LoadAsync(c, t, batch.Select(s => s.DeviceId).Distinct(), ct);
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var echoes = new List<ClaimedSms>();
        var received = new List<ClaimedSms>(batch.Count); // the inbox rows in one statement, below
        HashSet<long>? refused = null; // devices whose run ended at an SMS not delivered: their later SMS are not answered
        var usage = new List<DataPlaneStore.SmsUsage>(batch.Count);
        foreach (var sms in batch)
        {
            if (refused is not null && refused.Contains(sms.DeviceId)) continue;
            states.TryGetValue(sms.DeviceId, out var device);
            var error = device switch
            {
                null or { Attached: false } => NetworkErrors.AbsentSubscriber,
                { Fault: SimulatedFault.AbsentSubscriber } => NetworkErrors.AbsentSubscriber,
                { Fault: SimulatedFault.MemoryFull } => NetworkErrors.MemoryCapacityExceeded,
                { Fault: SimulatedFault.UnknownSubscriber } => NetworkErrors.UnknownSubscriber,
                { Fault: SimulatedFault.Reject } => NetworkErrors.DeliveryFailure,
                _ => null,
            };
            if (error is not null)
            {
                outcomes.Add(DeliveryOutcome.Undelivered(sms, error));
                (refused ??= []).Add(sms.DeviceId);
                continue;
            }
            outcomes.Add(DeliveryOutcome.Delivered(sms));
            received.Add(sms);
        }
        if (received.Count > 0)
        {
            var duplicates = await SimulatorStore.ReceiveManyAsync(c, t, received, now, ct);
            foreach (var sms in received)
            {
                if (duplicates.Contains(sms.Id)) continue;
                if (states[sms.DeviceId].Echo) echoes.Add(sms);
                usage.Add(new(sms.OrganisationId, sms.DeviceId, Mo: 0, Mt: 1) { SimKnown = sms.DeviceExists, SimId = sms.DeviceSimId }); // an MT SMS is usage
            }
        }
        DataPlaneStore.RecordSms(c, t, usage, now); // the round's usage at once: its rollups summed per key
        return (outcomes, echoes);
    }
}

/// <summary>The simulator's SQL (same dialect notes as <see cref="SmsQueue"/>).</summary>
internal static class SimulatorStore
{
    public static async ValueTask<Dictionary<long, SimulatedDevice>> LoadAsync(DbConnection c, DbTransaction t, IEnumerable<long> deviceIds, CancellationToken ct)
    {
        var result = new Dictionary<long, SimulatedDevice>();
        var ids = deviceIds as IReadOnlyCollection<long> ?? [.. deviceIds];
        if (ids.Count == 0) return result;
        // One prepared statement per connection (as SmsQueue.WithDeviceStatesAsync): a literal IN list was compiled per round.
        var postgres = c.IsPostgreSql();
        var command = SqlCommands.Get(c, t, postgres ? LoadPostgresSql : LoadSqliteSql, "@ids");
        command.Set(0, postgres ? ids.ToArray() : SmsQueue.JsonIds(ids));
        await using var reader = await command.ReaderAsync(ct);
        while (await reader.ReadAsync(postgres, ct))
            result[reader.GetInt64(0)] = new SimulatedDevice
            {
                DeviceId = reader.GetInt64(0), OrganisationId = reader.GetInt64(1), Attached = reader.GetBoolean(2),
                Fault = (SimulatedFault)reader.GetInt32(3), Echo = reader.GetBoolean(4),
            };
        return result;
    }

    private const string LoadSql = """SELECT "DeviceId", "OrganisationId", "Attached", "Fault", "Echo" FROM simulated_devices WHERE "DeviceId" IDS""";
    private static readonly string LoadPostgresSql = SqlCommands.OverIds(LoadSql, postgres: true);
    internal static readonly string LoadSqliteSql = SqlCommands.OverIds(LoadSql, postgres: false);

    // The handset's inbox is the SMS rows it received (HandsetReceived, HandsetDuplicates): one UPDATE per hand-over of
    // rows the round has just claimed or stored (their pages are in the transaction already), by id. Until 2026-12 it
    // was a table of its own, keyed by an id of its own with a unique index on the SMS id (or keyed by the SMS id):
    // either way, a scattered page write per SMS a backlog's drain delivered (issue 11).
    private const string ReceiveSql = """
        UPDATE sms SET "HandsetDuplicates" = "HandsetDuplicates" + CASE WHEN "HandsetReceived" IS NULL THEN 0 ELSE 1 END,
            "HandsetReceived" = COALESCE("HandsetReceived", @now)
        WHERE "Id" IDS
        RETURNING "Id", "HandsetDuplicates"
        """;
    private static readonly string ReceivePostgresSql = SqlCommands.OverIds(ReceiveSql, postgres: true);
    internal static readonly string ReceiveSqliteSql = SqlCommands.OverIds(ReceiveSql, postgres: false);

    /// <summary>
    /// Marks received SMS (distinct ids) in one statement; returns the ids the handset already had (duplicates: counted
    /// in the row's <c>HandsetDuplicates</c> and dropped).
    /// </summary>
    public static async ValueTask<HashSet<long>> ReceiveManyAsync(DbConnection c, DbTransaction t, IReadOnlyList<ClaimedSms> sms, DateTime now, CancellationToken ct)
    {
        var postgres = c.IsPostgreSql();
        var command = SqlCommands.Get(c, t, postgres ? ReceivePostgresSql : ReceiveSqliteSql, "@now", "@ids");
        command.Set(0, now.Ticks);
        command.Set(1, postgres ? sms.Select(x => x.Id).ToArray() : SmsQueue.JsonIds(sms.Select(x => x.Id)));
        var duplicates = new HashSet<long>();
        await using var reader = await command.ReaderAsync(ct);
        while (await reader.ReadAsync(postgres, ct))
            if (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) != 0) duplicates.Add(reader.GetInt64(0)); // int on PostgreSQL
        return duplicates;
    }

    /// <summary>What a PATCH (or attach/detach) asks to change; null: leave as it is.</summary>
    public sealed record Change(bool? Attached, SimulatedFault? Fault, bool? Echo, int? ToggleSeconds, bool ClearToggle, long? OperatorId = null,
        int? RatTypeId = null, int? Lac = null, int? CellId = null, long? UpBytesPerMinute = null, long? DownBytesPerMinute = null);

    /// <summary>
    /// Applies <paramref name="change"/> to the handset's row inside the writer's transaction: reads the row there and
    /// updates only the columns the change sets, so a concurrent scheduled toggle (also in the writer) is never
    /// reverted. Returns the new state and whether the handset became reachable (the network's alert), or null when
    /// the endpoint no longer exists (deleted meanwhile: no row is created for it). A change that would attach the
    /// handset through an operator on its endpoint's blacklist writes nothing and names that operator
    /// (<see cref="SimulatorOperators"/>): checked here, in the same transaction as the write.
    /// </summary>
    public static (SimulatedDevice State, bool BecameReachable, long? BlacklistedOperator, int? RatRefused)? Apply(DbConnection c, DbTransaction t, long org, long deviceId, Change change, DateTime now,
        EventLog events)
    {
        using (var exists = SqlCommands.Create(c, t, """SELECT 1 FROM devices WHERE "Id" = @id AND "OrganisationId" = @org""", ("@id", deviceId), ("@org", org)))
            if (exists.ExecuteScalar() is null) return null;
        var state = Read(c, t, deviceId);
        // Attaching now, or moving an attached handset to another operator: the blacklist decides.
        var attaching = change.Attached == true || (change.OperatorId is not null && (change.Attached ?? state?.Attached ?? false));
        var serving = change.OperatorId ?? state?.OperatorId ?? LookupSeed.DefaultOperatorId;
        if (attaching && SimulatorOperators.IsBlacklisted(c, t, deviceId, serving))
            return (state ?? new SimulatedDevice { DeviceId = deviceId, OrganisationId = org, LastChange = now }, false, serving, null);
        // The service profile's RAT switches decide which radio the handset may attach (or move) on (docs/connectivity.md).
        var radio = DataPlaneStore.ReadRadio(c, t, deviceId);
        var rat = change.RatTypeId ?? radio.RatTypeId;
        var onRadio = change.Attached ?? state?.Attached ?? false;
        if ((attaching || (onRadio && change.RatTypeId is not null)) && DataPlaneStore.Facts(c, t, deviceId) is { } facts && !DataPlaneStore.RatAllowed(facts, rat))
            return (state ?? new SimulatedDevice { DeviceId = deviceId, OrganisationId = org, LastChange = now }, false, null, rat);
        if (state is null)
        {
            state = new SimulatedDevice { DeviceId = deviceId, OrganisationId = org, LastChange = now };
            using var insert = SqlCommands.Create(c, t, """
                INSERT INTO simulated_devices ("DeviceId", "OrganisationId", "Attached", "Fault", "Echo", "ToggleSeconds", "NextToggle", "LastChange")
                VALUES (@device, @org, FALSE, 0, FALSE, NULL, NULL, @now)
                """, ("@device", deviceId), ("@org", org), ("@now", now));
            insert.ExecuteNonQuery();
        }
        var wasReachable = state is { Attached: true, Fault: SimulatedFault.None };
        var wasAttached = state.Attached;
        var servingBefore = state.OperatorId ?? LookupSeed.DefaultOperatorId;
        var set = new List<(string Column, object? Value)>();
        if (change.Attached is { } attached && attached != state.Attached)
        {
            state.Attached = attached;
            state.LastChange = now;
            set.Add(("Attached", attached));
            set.Add(("LastChange", now));
        }
        if (change.Fault is { } fault && fault != state.Fault)
        {
            state.Fault = fault;
            set.Add(("Fault", (int)fault));
        }
        if (change.Echo is { } echo && echo != state.Echo)
        {
            state.Echo = echo;
            set.Add(("Echo", echo));
        }
        if (change.OperatorId is { } servingOperator && servingOperator != state.OperatorId)
        {
            state.OperatorId = servingOperator;
            set.Add(("OperatorId", servingOperator));
        }
        if (change.ClearToggle || change.ToggleSeconds is not null)
        {
            state.ToggleSeconds = change.ToggleSeconds;
            state.NextToggle = change.ToggleSeconds is { } seconds ? now.AddSeconds(seconds) : null;
            set.Add(("ToggleSeconds", state.ToggleSeconds));
            set.Add(("NextToggle", state.NextToggle));
        }
        if (set.Count > 0)
        {
            var assignments = string.Join(", ", set.Select((s, i) => $"\"{s.Column}\" = @p{i}"));
            var parameters = set.Select((s, i) => ($"@p{i}", s.Value)).Append(("@device", (object?)deviceId)).ToArray();
            using var update = SqlCommands.Create(c, t, $"""UPDATE simulated_devices SET {assignments} WHERE "DeviceId" = @device""", parameters);
            update.ExecuteNonQuery();
        }
        DataPlaneChanges(c, t, deviceId, change, wasAttached, state.Attached, servingBefore, now, events);
        return (state, !wasReachable && state is { Attached: true, Fault: SimulatedFault.None }, null, null);
    }

    /// <summary>
    /// The data plane's part of a change: the radio (RAT, cell, pattern) is saved, metering up to now first; a detach
    /// ends the data session; an attach or a move records a location update; a move carries an open session along.
    /// </summary>
    private static void DataPlaneChanges(DbConnection c, DbTransaction t, long deviceId, Change change,
        bool wasAttached, bool attached, long servingBefore, DateTime now, EventLog events)
    {
        DataPlaneStore.Meter(c, t, deviceId, now, events);
        var radio = DataPlaneStore.ReadRadio(c, t, deviceId);
        var updated = radio with
        {
            RatTypeId = change.RatTypeId ?? radio.RatTypeId, Lac = change.Lac ?? radio.Lac, CellId = change.CellId ?? radio.CellId,
            UpBytesPerMinute = change.UpBytesPerMinute ?? radio.UpBytesPerMinute, DownBytesPerMinute = change.DownBytesPerMinute ?? radio.DownBytesPerMinute,
        };
        if (updated != radio) DataPlaneStore.SaveRadio(c, t, deviceId, updated);
        if (wasAttached && !attached)
        {
            DataPlaneStore.EndSession(c, t, deviceId, now, events, "PDP context deleted: detached");
            return;
        }
        var serving = change.OperatorId ?? servingBefore;
        var moved = serving != servingBefore || updated.RatTypeId != radio.RatTypeId || updated.Lac != radio.Lac || updated.CellId != radio.CellId;
        if (attached && (!wasAttached || moved) && DataPlaneStore.Facts(c, t, deviceId) is { } facts)
            DataPlaneStore.InsertEvent(c, t, events, facts, DataPlaneEvents.UpdateLocation, $"Location update: operator {serving}, cell {updated.Lac}/{updated.CellId}", now, EventSeverity.Info);
        if (attached && moved)
        {
            using var move = SqlCommands.Create(c, t, """UPDATE data_sessions SET "OperatorId" = @op, "RatTypeId" = @rat WHERE "DeviceId" = @id AND "Ended" IS NULL""",
                ("@op", serving), ("@rat", updated.RatTypeId), ("@id", deviceId));
            move.ExecuteNonQuery();
        }
    }

    private static SimulatedDevice? Read(DbConnection c, DbTransaction t, long deviceId)
    {
        using var command = SqlCommands.Create(c, t, """
            SELECT "OrganisationId", "Attached", "Fault", "Echo", "ToggleSeconds", "NextToggle", "LastChange", "OperatorId" FROM simulated_devices WHERE "DeviceId" = @device
            """, ("@device", deviceId));
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new SimulatedDevice
        {
            DeviceId = deviceId, OrganisationId = reader.GetInt64(0), Attached = reader.GetBoolean(1), Fault = (SimulatedFault)reader.GetInt32(2),
            Echo = reader.GetBoolean(3), ToggleSeconds = reader.IsDBNull(4) ? null : reader.GetInt32(4),
            NextToggle = reader.IsDBNull(5) ? null : DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
            LastChange = DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc),
            OperatorId = reader.IsDBNull(7) ? null : reader.GetInt64(7),
        };
    }
}
