using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.Sms;
using Cellgate.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// Mobile-originated SMS from a simulated handset. A destination of up to 7 digits is a short code: the SMS is stored
/// as MO (type 2) on the sending endpoint, for the customer's application. A longer number is person to person: to
/// the MSISDN of another endpoint of the <em>same organisation</em> (P2P internal, <c>sms_p2p_int</c> on both
/// profiles, MT allowed and the receiver's SMS quota applied) it is stored as MO on the sender and queued as MT to the
/// receiver; any other number — another tenant's included, which is never looked up — is P2P external
/// (<c>sms_p2p_ext</c>): stored as MO and failed, since no external network is connected. A number of another tenant
/// is thus answered exactly as a number that exists nowhere.
/// </summary>
public sealed class SimulatorMo(IServiceScopeFactory scopes, SmsWriter writer, DispatcherSignal dispatcher, EventLog events, TimeProvider time, IOptions<DeliveryOptions> options,
    DeliveryMetrics? metrics = null)
{
    public const int MaxShortCodeDigits = 7;
    public const string EchoShortCode = "1234";

    public sealed class MoRefusedException(int status, ApiError error) : Exception(error.Message)
    {
        public int Status { get; } = status;
        public ApiError Error { get; } = error;
    }

    /// <summary>Echo behaviour: answer an MT with the same text, to its sender when that is a number, else to a short code.</summary>
    public Task<long[]> EchoAsync(ClaimedSms mt, CancellationToken ct)
    {
        var to = mt.SourceAddress.Length > 0 && mt.SourceAddress.All(char.IsAsciiDigit) ? mt.SourceAddress : EchoShortCode;
        var text = mt.Dcs == 8 || mt.Dcs == 0 ? mt.Payload : "";
        return SendAsync(mt.OrganisationId, mt.DeviceId, to, text.Length == 0 ? "echo" : text, ct);
    }

    /// <summary>Sends an MO SMS from a handset; returns the ids of the MO parts. Throws <see cref="MoRefusedException"/>.</summary>
    public async Task<long[]> SendAsync(long organisationId, long deviceId, string? destination, string? payload, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var sender = await db.Devices.AsNoTracking().Include(d => d.Sim).Include(d => d.ServiceProfile)
            .FirstOrDefaultAsync(d => d.Id == deviceId && d.OrganisationId == organisationId, ct)
            ?? throw new MoRefusedException(404, ApiErrors.NotFound("Endpoint", deviceId).Value!);
        var state = await db.SimulatedDevices.AsNoTracking().FirstOrDefaultAsync(s => s.DeviceId == deviceId, ct);
        if (sender.Sim is not { Status: SimStatus.Activated } sim)
            throw Refused(409, $"Endpoint with Id '{deviceId}' has no activated SIM.");
        if (state is not { Attached: true })
            throw Refused(409, $"Endpoint with Id '{deviceId}' is not attached to the network.");

        var v = new RequestValidation("MO SMS", "Send MO SMS validation error");
        var dest = (destination ?? "").Trim().TrimStart('+');
        if (dest.Length == 0) v.Add(ApiErrors.Required(v.ObjectName, "dest_address"));
        else if (dest.Length > 15 || !dest.All(char.IsAsciiDigit)) v.Invalid("dest_address", "must be a short code (up to 7 digits) or an MSISDN (up to 15 digits)");
        SegmentedMessage? message = null;
        if (string.IsNullOrEmpty(payload)) v.Add(ApiErrors.Required(v.ObjectName, "payload"));
        else
        {
            var composed = SmsComposer.Compose(payload, options: new SmsSegmenterOptions { MaxParts = options.Value.MaxParts, Reference = Random.Shared.Next(256) });
            if (composed.IsSuccess) message = composed.Value;
            else v.Add(new ApiError(1403, "InvalidFormat", $"MO SMS - {composed.Error!.Field}: {composed.Error.Message}"));
        }
        if (v.Failed) throw new MoRefusedException(422, v.ToResult().Value!);
        if (!sender.ServiceProfile!.AllowSmsMo)
            throw Refused(422, $"The service profile of endpoint with Id '{deviceId}' does not allow MO SMS.");

        var now = time.GetUtcNow().UtcDateTime;
        var parts = message!.Parts.Select(p => new NewPart(p.Text, p.UdhHex)).ToList();
        NewSms Mo(SmsStatus status, int p2pExt, string? error) => new(organisationId, deviceId, sim.Id, sim.Iccid, sim.Msisdn ?? "", sim.Imsi,
            SmsType.Mo, status, sim.Msisdn ?? "", 145, dest, message.Dcs.Value, 0, now, now.AddHours(options.Value.DefaultValidityHours), parts,
            P2pExt: p2pExt, GsmMapError: error);

        NewSms? mt = null;
        SmsRoute? receiverQuota = null;
        NewSms mo;
        if (dest.Length <= MaxShortCodeDigits)
            mo = Mo(SmsStatus.Delivered, 0, null);
        else
        {
            // Only the sender's own organisation is searched: another tenant's number is an external number here.
            var receiver = await db.Devices.AsNoTracking().Include(d => d.Sim).Include(d => d.ServiceProfile)
                .Where(d => d.OrganisationId == organisationId && d.Sim != null && d.Sim.Msisdn == dest).FirstOrDefaultAsync(ct);
            if (receiver is not null)
            {
                if (!sender.ServiceProfile.SmsP2pInt)
                    throw Refused(422, $"The service profile of endpoint with Id '{deviceId}' does not allow SMS to other devices (sms_p2p_int).");
                var profile = receiver.ServiceProfile!;
                if (!profile.AllowSmsMt)
                    throw Refused(422, $"The service profile of the receiving endpoint with Id '{receiver.Id}' does not allow MT SMS.");
                if (!profile.SmsP2pInt)
                    throw Refused(422, $"The service profile of the receiving endpoint with Id '{receiver.Id}' does not allow SMS from other devices (sms_p2p_int).");
                if (profile.ApplySmsQuota)
                    receiverQuota = new SmsRoute(receiver.Id, receiver.Name, receiver.SimId, receiver.Sim!.Iccid, receiver.Sim.Msisdn, receiver.Sim.Imsi, true, true);
                mo = Mo(SmsStatus.Delivered, 0, null);
                mt = new NewSms(receiver.OrganisationId, receiver.Id, receiver.SimId, receiver.Sim!.Iccid, receiver.Sim.Msisdn ?? "", receiver.Sim.Imsi,
                    SmsType.Mt, SmsStatus.DeliveryAttemptPending, sim.Msisdn ?? "", 145, dest, message.Dcs.Value, 0, now,
                    now.AddHours(options.Value.DefaultValidityHours), parts);
            }
            else
            {
                if (!sender.ServiceProfile.SmsP2pExt)
                    throw Refused(422, $"The service profile of endpoint with Id '{deviceId}' does not allow SMS to external numbers (sms_p2p_ext).");
                mo = Mo(SmsStatus.Failed, 1, "unknownSubscriber"); // no external network is connected
            }
        }

        long[] ids;
        try
        {
            ids = await writer.WriteAsync((c, t) =>
            {
                // The receiver's quota is taken in the same transaction as the SMS, as for an MT sent over the API.
                if (receiverQuota is not null) SmsQuotas.Consume(c, t, events, receiverQuota, mt!.OrganisationId, parts.Count, now);
                var moIds = SmsQueue.Insert(c, t, mo);
                if (mt is not null) SmsQueue.Insert(c, t, mt);
                return moIds;
            }, ct);
        }
        catch (SmsDeniedException denied)
        {
            throw Refused(422, denied.Message);
        }
        if (mt is not null) dispatcher.Wake();
        metrics?.Accepted("simulator", "mo", ids.Length);
        if (mt is not null) metrics?.Accepted("simulator", "mt", parts.Count);
        return ids;
    }

    private static MoRefusedException Refused(int status, string message) => new(status, ApiErrors.NotAllowedError(message));
}
