using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// Mobile-originated SMS from a simulated handset: the handset must be attached; everything else (validation, service
/// profile, P2P, quota, storage) is the shared <see cref="MoIntake"/>, as for SMS from any other interface.
/// </summary>
public sealed class SimulatorMo(MoIntake intake, SmsWriter writer, TimeProvider time)
{
    public const string EchoShortCode = "1234";

    /// <summary>Echo behaviour: answer an MT with the same text, to its sender when that is a number, else to a short code.</summary>
    public Task<long[]> EchoAsync(ClaimedSms mt, CancellationToken ct)
    {
        var to = mt.SourceAddress.Length > 0 && mt.SourceAddress.All(char.IsAsciiDigit) ? mt.SourceAddress : EchoShortCode;
        var text = mt.Dcs == 8 || mt.Dcs == 0 ? mt.Payload : "";
        return SendAsync(mt.OrganisationId, mt.DeviceId, to, text.Length == 0 ? "echo" : text, ct);
    }

    /// <summary>Sends an MO SMS from a handset; returns the ids of the MO parts. Throws <see cref="MoIntake.MoRefusedException"/>.</summary>
    public async Task<long[]> SendAsync(long organisationId, long deviceId, string? destination, string? payload, CancellationToken ct)
    {
        var ids = await SubmitAsync(organisationId, deviceId, destination, payload, ct);
        // An MO SMS is usage (one per part), recorded once the MO is stored (docs/connectivity.md).
        var now = time.GetUtcNow().UtcDateTime;
        await writer.WriteAsync((c, t) =>
        {
            return DataPlaneStore.RecordSms(c, t, [new DataPlaneStore.SmsUsage(organisationId, deviceId, Mo: ids.Length, Mt: 0)], now);
        }, ct);
        return ids;
    }

    private Task<long[]> SubmitAsync(long organisationId, long deviceId, string? destination, string? payload, CancellationToken ct) =>
        intake.SubmitAsync(new MoSubmission(organisationId, deviceId, null, destination, payload, MoInterface.Simulator), ct, async (db, sender, token) =>
        {
            var state = await db.SimulatedDevices.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == sender.Id, token);
            if (state is not { Attached: true })
                throw MoIntake.Refused(409, $"Endpoint with Id '{sender.Id}' is not attached to the network.");
        });
}
