using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Events;
using Cellgate.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Sms;

/// <summary>The interface a mobile-originated SMS came in on (logged; the rules are the same for all).</summary>
public enum MoInterface
{
    Simulator,
    Smpp,
    Radio,
}

/// <summary>
/// One MO SMS as an interface hands it in. The sender is a device (<paramref name="DeviceId"/>, within
/// <paramref name="OrganisationId"/> when given) or the device holding <paramref name="SourceMsisdn"/> (an upstream
/// SMSC knows only the number). The content is either <paramref name="Text"/> (encoded and split here) or one
/// pre-encoded <paramref name="Part"/> with its <paramref name="Dcs"/> (an SMPP <c>deliver_sm</c> with its UDH).
/// </summary>
public sealed record MoSubmission(
    long? OrganisationId, long? DeviceId, string? SourceMsisdn, string? Destination, string? Text,
    MoInterface Interface, NewPart? Part = null, int Dcs = 0);

/// <summary>
/// The one intake of mobile-originated SMS, whatever interface they come from (the simulator's handsets, SMPP, later a
/// radio interface): same validation, service-profile rules, P2P and quota. A destination of up to 7 digits is a short
/// code: the SMS is stored as MO (type 2) on the sending endpoint, for the customer's application. A longer number is
/// person to person: to the MSISDN of another endpoint of the <em>same organisation</em> (P2P internal,
/// <c>sms_p2p_int</c> on both profiles, MT allowed and the receiver's SMS quota applied) it is stored as MO on the
/// sender and queued as MT to the receiver; any other number — another tenant's included, which is never looked up —
/// is P2P external (<c>sms_p2p_ext</c>): stored as MO and failed, since no external network is connected. A number of
/// another tenant is thus answered exactly as a number that exists nowhere.
/// </summary>
public sealed class MoIntake(IServiceScopeFactory scopes, SmsWriter writer, DispatcherSignal dispatcher, EventLog events, TimeProvider time, IOptions<DeliveryOptions> options,
    DeliveryMetrics? metrics = null, Smpp.Server.SmppOutbox? smpp = null, IOptions<WebhookOptions>? webhookOptions = null,
    WebhookSignal? webhookSignal = null, Live.LiveFeed? live = null)
{
    public const int MaxShortCodeDigits = 7;

    /// <summary>Why an MO SMS was not accepted (the HTTP status and EMnify error the simulator's API answers with).</summary>
    public sealed class MoRefusedException(int status, ApiError error) : Exception(error.Message)
    {
        public int Status { get; } = status;
        public ApiError Error { get; } = error;
    }

    /// <summary>
    /// Stores an MO SMS; returns the ids of its MO parts. <paramref name="interfaceCheck"/> runs after the sender is
    /// found with an activated SIM (the simulator checks that its handset is attached there). Throws <see cref="MoRefusedException"/>.
    /// </summary>
    public async Task<long[]> SubmitAsync(MoSubmission mo, CancellationToken ct, Func<CellgateDbContext, Device, CancellationToken, Task>? interfaceCheck = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var senders = db.Devices.AsNoTracking().Include(d => d.Sim).Include(d => d.ServiceProfile).AsQueryable();
        if (mo.OrganisationId is { } org) senders = senders.Where(d => d.OrganisationId == org);
        var source = mo.SourceMsisdn?.Trim().TrimStart('+');
        var sender = mo.DeviceId is { } id
            ? await senders.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new MoRefusedException(404, ApiErrors.NotFound("Endpoint", id).Value!)
            : await senders.FirstOrDefaultAsync(d => d.Sim != null && d.Sim.Msisdn == source, ct)
              ?? throw Refused(404, $"No endpoint has the MSISDN '{source}'.");
        var deviceId = sender.Id;
        var organisationId = sender.OrganisationId;
        if (sender.Sim is not { Status: SimStatus.Activated } sim)
            throw Refused(409, $"Endpoint with Id '{deviceId}' has no activated SIM.");
        if (interfaceCheck is not null) await interfaceCheck(db, sender, ct);

        var v = new RequestValidation("MO SMS", "Send MO SMS validation error");
        var dest = (mo.Destination ?? "").Trim().TrimStart('+');
        if (dest.Length == 0) v.Add(ApiErrors.Required(v.ObjectName, "dest_address"));
        else if (dest.Length > 15 || !dest.All(char.IsAsciiDigit)) v.Invalid("dest_address", "must be a short code (up to 7 digits) or an MSISDN (up to 15 digits)");
        List<NewPart>? parts = null;
        var dcs = mo.Dcs;
        if (mo.Part is { } part)
        {
            if (part.Payload.Length == 0) v.Add(ApiErrors.Required(v.ObjectName, "payload"));
            else parts = [part];
        }
        else if (string.IsNullOrEmpty(mo.Text)) v.Add(ApiErrors.Required(v.ObjectName, "payload"));
        else
        {
            var composed = SmsComposer.Compose(mo.Text, options: new SmsSegmenterOptions { MaxParts = options.Value.MaxParts, Reference = Random.Shared.Next(256) });
            if (composed.IsSuccess)
            {
                parts = composed.Value!.Parts.Select(p => new NewPart(p.Text, p.UdhHex)).ToList();
                dcs = composed.Value.Dcs.Value;
            }
            else v.Add(new ApiError(1403, "InvalidFormat", $"MO SMS - {composed.Error!.Field}: {composed.Error.Message}"));
        }
        if (v.Failed) throw new MoRefusedException(422, v.ToResult().Value!);
        if (!sender.ServiceProfile!.AllowSmsMo)
            throw Refused(422, $"The service profile of endpoint with Id '{deviceId}' does not allow MO SMS.");

        var now = time.GetUtcNow().UtcDateTime;
        NewSms Mo(SmsStatus status, int p2pExt, string? error) => new(organisationId, deviceId, sim.Id, sim.Iccid, sim.Msisdn ?? "", sim.Imsi,
            SmsType.Mo, status, sim.Msisdn ?? "", 145, dest, dcs, 0, now, now.AddHours(options.Value.DefaultValidityHours), parts!,
            P2pExt: p2pExt, GsmMapError: error);

        NewSms? mt = null;
        SmsRoute? receiverQuota = null;
        NewSms stored;
        if (dest.Length <= MaxShortCodeDigits)
            stored = Mo(SmsStatus.Delivered, 0, null);
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
                stored = Mo(SmsStatus.Delivered, 0, null);
                mt = new NewSms(receiver.OrganisationId, receiver.Id, receiver.SimId, receiver.Sim!.Iccid, receiver.Sim.Msisdn ?? "", receiver.Sim.Imsi,
                    SmsType.Mt, SmsStatus.DeliveryAttemptPending, sim.Msisdn ?? "", 145, dest, dcs, 0, now,
                    now.AddHours(options.Value.DefaultValidityHours), parts!);
            }
            else
            {
                if (!sender.ServiceProfile.SmsP2pExt)
                    throw Refused(422, $"The service profile of endpoint with Id '{deviceId}' does not allow SMS to external numbers (sms_p2p_ext).");
                stored = Mo(SmsStatus.Failed, 1, NetworkErrors.UnknownSubscriber); // no external network is connected
            }
        }

        // An SMS to a short code (for the customer's application) of an organisation with an SMPP account is owed to its
        // ESMEs as deliver_sm, queued in the same transaction (docs/smpp.md, "MO").
        var toSmpp = smpp is not null && dest.Length <= MaxShortCodeDigits
            && await db.SmppAccounts.AnyAsync(a => a.OrganisationId == organisationId && a.Status == SmppAccountStatus.Enabled, ct);
        long[] ids;
        var webhooks = 0;
        var webhookMaxAge = webhookOptions?.Value.MaxAge ?? TimeSpan.FromHours(24);
        try
        {
            ids = await writer.WriteAsync((c, t) =>
            {
                // The receiver's quota is taken in the same transaction as the SMS, as for an MT sent over the API.
                if (receiverQuota is not null) SmsQuotas.Consume(c, t, events, receiverQuota, mt!.OrganisationId, parts!.Count, now);
                // The SMS limits of the catalogue (docs/connectivity.md): the sender's MO limit, the receiver's MT limit.
                Connectivity.SmsLimits.Take(c, t, events, organisationId, deviceId, Profiles.ServiceProfilesApi.ServiceSmsMo, parts!.Count, now);
                if (mt is not null) Connectivity.SmsLimits.Take(c, t, events, mt.OrganisationId, mt.DeviceId, Profiles.ServiceProfilesApi.ServiceSmsMt, parts!.Count, now);
                var moIds = SmsQueue.Insert(c, t, stored);
                if (toSmpp) foreach (var moId in moIds) Smpp.Server.SmppOutbox.Owe(c, t, moId);
                if (mt is not null) SmsQueue.Insert(c, t, mt);
                // An A2P MO (to a short code) goes to the API callback of the sender's service profile, if it has one:
                // one webhook per part, in this transaction (docs/webhooks.md).
                if (dest.Length <= MaxShortCodeDigits)
                    foreach (var id in moIds) webhooks += WebhookOutbox.EnqueueSmsMo(c, t, id, now, now + webhookMaxAge);
                return moIds;
            }, ct);
            if (webhooks > 0) webhookSignal?.Wake();
        }
        catch (SmsDeniedException denied)
        {
            throw Refused(422, denied.Message);
        }
        if (toSmpp) smpp!.Wake();
        live?.Publish(organisationId, new Live.LiveChange("sms", deviceId));
        var channel = mo.Interface.ToString().ToLowerInvariant();
        metrics?.Accepted(channel, "mo", ids.Length);
        if (mt is not null)
        {
            metrics?.Accepted(channel, "mt", mt.Parts.Count);
            dispatcher.Wake();
        }
        return ids;
    }

    public static MoRefusedException Refused(int status, string message) => new(status, ApiErrors.NotAllowedError(message));
}
