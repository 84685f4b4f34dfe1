using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>The MO webhook body of reference §7.1 (EMnify's documentation): numbers as numbers, addresses as strings.</summary>
public sealed record MoWebhookBody(
    long Id, int Pid, int Dcs, string SourceAddress, string? DestAddress, WebhookEndpoint Endpoint, MultiPartInfo MultiPartInfo,
    string SubmitDate, WebhookOrganisation Organisation, string Payload);

/// <summary>The delivery report body of reference §7.1: note <c>status.status</c>, not <c>description</c>.</summary>
public sealed record ReportWebhookBody(
    long Id, string SubmitDate, string? FinalDate, WebhookOrganisation Organisation, WebhookEndpoint Endpoint, ReportStatus Status);

public sealed record WebhookEndpoint(long Id, string Name);

public sealed record WebhookOrganisation(long Id);

/// <summary>Concatenation: <c>identifier</c> is the id of the message's first part, shared by all its parts.</summary>
public sealed record MultiPartInfo(int Partno, int Total, long Identifier);

public sealed record ReportStatus(string Status, int Id);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MoWebhookBody))]
[JsonSerializable(typeof(ReportWebhookBody))]
internal sealed partial class WebhookJson : JsonSerializerContext;

/// <summary>
/// Renders the bodies of SMS webhooks from their SMS (the outbox stores only the SMS id, so the SMS hot path writes one
/// small row). Each part of a concatenated MO is its own webhook with consistent <c>multi_part_info</c>; parts are not
/// reassembled (EMnify's shape is per part, and a receiver may get parts of a message from different interfaces).
/// </summary>
public static class SmsWebhookBodies
{
    /// <summary>EMnify's webhook date format.</summary>
    public static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The body of each claimed SMS webhook, by outbox id; missing when its SMS no longer exists.</summary>
    public static async Task<Dictionary<long, byte[]>> RenderAsync(CellgateDbContext db, IReadOnlyList<ClaimedWebhook> webhooks, CancellationToken ct)
    {
        var smsIds = webhooks.Select(w => w.SmsId!.Value).Distinct().ToList();
        var rows = await db.Sms.AsNoTracking().Where(s => smsIds.Contains(s.Id))
            .Select(s => new
            {
                s.Id, s.OrganisationId, s.DeviceId, s.Type, s.Status, s.Pid, s.Dcs, s.SourceAddress, s.DestAddress, s.Payload, s.PartNumber,
                s.PartCount, s.MessageId, s.SubmitDate, s.FinalDate,
                DeviceName = db.Devices.Where(d => d.Id == s.DeviceId).Select(d => d.Name).FirstOrDefault(),
            })
            .ToDictionaryAsync(s => s.Id, ct);
        var bodies = new Dictionary<long, byte[]>(webhooks.Count);
        foreach (var w in webhooks)
        {
            if (!rows.TryGetValue(w.SmsId!.Value, out var s)) continue;
            var endpoint = new WebhookEndpoint(s.DeviceId, s.DeviceName ?? "");
            var organisation = new WebhookOrganisation(s.OrganisationId);
            bodies[w.Id] = w.Kind == WebhookOutbox.SmsMo
                ? JsonSerializer.SerializeToUtf8Bytes(new MoWebhookBody(s.Id, s.Pid, s.Dcs, s.SourceAddress, s.DestAddress, endpoint,
                    new MultiPartInfo(s.PartNumber, s.PartCount, s.MessageId ?? s.Id), Date(s.SubmitDate), organisation, s.Payload), WebhookJson.Default.MoWebhookBody)
                : JsonSerializer.SerializeToUtf8Bytes(new ReportWebhookBody(s.Id, Date(s.SubmitDate), s.FinalDate is { } f ? Date(f) : null, organisation, endpoint,
                    new ReportStatus(SmsDto.Describe(s.Status).Description, (int)s.Status)), WebhookJson.Default.ReportWebhookBody);
        }
        return bodies;
    }
}
