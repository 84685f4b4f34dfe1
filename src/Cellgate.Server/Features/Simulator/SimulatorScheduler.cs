using System.Data.Common;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// Attaches and detaches the handsets that have <c>toggle_seconds</c> set, on that schedule. Runs in the writer, as
/// every change of handset state does. A failing tick (a database error) is logged and retried after the shared
/// back-off (<see cref="BackgroundLoop"/>): it never stops the host.
/// </summary>
public sealed partial class SimulatorScheduler(SmsWriter writer, DispatcherSignal dispatcher, TimeProvider time, Events.EventLog events, ILogger<SimulatorScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(async ct =>
        {
            await Task.Delay(Tick, time, ct);
            var now = time.GetUtcNow().UtcDateTime;
            var attached = await writer.WriteAsync((c, t) => Toggle(c, t, now, events), ct);
            if (attached > 0) dispatcher.Wake();
        }, (ex, backoff) => Log.TickFailed(logger, ex, backoff), time, stoppingToken);

    private static int Toggle(DbConnection c, DbTransaction t, DateTime now, Events.EventLog events)
    {
        var due = new List<(long Id, bool Attached, int Seconds, DateTime Next, long? Operator)>();
        using (var select = SqlCommands.Create(c, t,
                   """SELECT "DeviceId", "Attached", "ToggleSeconds", "NextToggle", "OperatorId" FROM simulated_devices WHERE "NextToggle" IS NOT NULL AND "NextToggle" <= @now""",
                   ("@now", now)))
        {
            using var reader = select.ExecuteReader();
            while (reader.Read())
                due.Add((reader.GetInt64(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetDateTime(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }
        var attachedNow = 0;
        foreach (var (id, wasAttached, seconds, next, servingOperator) in due)
        {
            var following = next.AddSeconds(seconds) > now ? next.AddSeconds(seconds) : now.AddSeconds(seconds);
            // A handset on a blacklisted operator, or on a RAT its service profile does not allow, stays detached.
            var attach = !wasAttached && !SimulatorOperators.IsBlacklisted(c, t, id, servingOperator)
                && DataPlaneStore.Facts(c, t, id) is { } facts && DataPlaneStore.RatAllowed(facts, DataPlaneStore.ReadRadio(c, t, id).RatTypeId);
            if (wasAttached) DataPlaneStore.EndSession(c, t, id, now, events, "PDP context deleted: detached");
            using var update = SqlCommands.Create(c, t,
                """UPDATE simulated_devices SET "Attached" = @attached, "NextToggle" = @next, "LastChange" = @now WHERE "DeviceId" = @id""",
                ("@attached", attach), ("@next", following), ("@now", now), ("@id", id));
            update.ExecuteNonQuery();
            if (attach)
            {
                SmsQueue.Alert(c, t, id, now);
                attachedNow++;
            }
        }
        return attachedNow;
    }

    private static partial class Log
    {
        [LoggerMessage(3210, LogLevel.Error, "Simulator schedule tick failed; going on in {Backoff}")]
        public static partial void TickFailed(ILogger logger, Exception exception, TimeSpan backoff);
    }
}
