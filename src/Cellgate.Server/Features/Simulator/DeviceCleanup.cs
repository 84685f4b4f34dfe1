using Cellgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// What an endpoint leaves behind in the SMS side when it is deleted: its simulated handset (<c>simulated_devices</c>)
/// and its SMS quota (<c>sms_quotas</c>) go with it, so a deleted handset is never counted as attached, never toggled
/// by the schedule, and a later endpoint cannot inherit either. Its SMS and inbox stay (history); pending SMS to it
/// fail at their next attempt (<c>unknownSubscriber</c>).
/// </summary>
public static class DeviceCleanup
{
    /// <summary>Runs in the delete's transaction (call it with the one that removes the device open).</summary>
    public static async Task OnDeviceDeletedAsync(CellgateDbContext db, long deviceId, CancellationToken ct)
    {
        await db.SimulatedDevices.Where(s => s.DeviceId == deviceId).ExecuteDeleteAsync(ct);
        await db.SmsQuotas.Where(q => q.DeviceId == deviceId).ExecuteDeleteAsync(ct);
        // Its data session ends with it; usage records and rollups stay (the organisation's statistics keep them).
        await db.DataSessions.Where(s => s.DeviceId == deviceId && s.Ended == null).ExecuteDeleteAsync(ct);
    }
}
