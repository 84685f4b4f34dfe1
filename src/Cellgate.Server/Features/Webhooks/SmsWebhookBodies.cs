using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Cellgate.Storage;
using Cellgate.Storage.Entities;

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

    /// <summary>What an SMS webhook's body is made of (one SMS row and its device's name).</summary>
    public sealed record SmsFields(long Id, long OrganisationId, long DeviceId, SmsStatus Status, int Pid, int Dcs, string SourceAddress,
        string? DestAddress, string Payload, int PartNumber, int PartCount, long? MessageId, DateTime SubmitDate, DateTime? FinalDate, string? DeviceName);

    private const string ReadSql = """
        SELECT s."Id", s."OrganisationId", s."DeviceId", s."Status", s."Pid", s."Dcs", s."SourceAddress", s."DestAddress", s."Payload",
               s."PartNumber", s."PartCount", s."MessageId", s."SubmitDate", s."FinalDate", d."Name"
        FROM sms s LEFT JOIN devices d ON d."Id" = s."DeviceId"
        WHERE s."Id" = @id
        """;

    /// <summary>
    /// Reads the SMS of each claimed SMS webhook (by primary key, a statement prepared once per connection; the dispatcher
    /// calls it in its claim transaction); missing when the SMS no longer exists. <see cref="Render"/> makes the body.
    /// </summary>
    public static Dictionary<long, SmsFields> Read(DbConnection connection, DbTransaction transaction, IEnumerable<ClaimedWebhook> webhooks)
    {
        var rows = new Dictionary<long, SmsFields>();
        var command = SqlCommands.Get(connection, transaction, ReadSql, "@id");
        foreach (var w in webhooks)
        {
            if (w.SmsId is not { } id || rows.ContainsKey(id)) continue;
            command.Set(0, id);
            using var r = command.ExecuteReader();
            if (!r.Read()) continue;
            rows[id] = new SmsFields(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), (SmsStatus)r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetInt32(10), r.IsDBNull(11) ? null : r.GetInt64(11),
                DateTime.SpecifyKind(r.GetDateTime(12), DateTimeKind.Utc), r.IsDBNull(13) ? null : DateTime.SpecifyKind(r.GetDateTime(13), DateTimeKind.Utc),
                r.IsDBNull(14) ? null : r.GetString(14));
        }
        return rows;
    }

    /// <summary>The body of SMS webhook <paramref name="w"/> (an MO, or the delivery report of an MT) from its SMS.</summary>
    public static byte[] Render(ClaimedWebhook w, SmsFields s)
    {
        var endpoint = new WebhookEndpoint(s.DeviceId, s.DeviceName ?? "");
        var organisation = new WebhookOrganisation(s.OrganisationId);
        return w.Kind == WebhookOutbox.SmsMo
            ? JsonSerializer.SerializeToUtf8Bytes(new MoWebhookBody(s.Id, s.Pid, s.Dcs, s.SourceAddress, s.DestAddress, endpoint,
                new MultiPartInfo(s.PartNumber, s.PartCount, s.MessageId ?? s.Id), Date(s.SubmitDate), organisation, s.Payload), WebhookJson.Default.MoWebhookBody)
            : JsonSerializer.SerializeToUtf8Bytes(new ReportWebhookBody(s.Id, Date(s.SubmitDate), s.FinalDate is { } f ? Date(f) : null, organisation, endpoint,
                new ReportStatus(SmsDto.Describe(s.Status).Description, (int)s.Status)), WebhookJson.Default.ReportWebhookBody);
    }
}
