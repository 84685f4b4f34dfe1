using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Sms;

/// <summary>
/// An SMS exactly as EMnify sends it (reference §6.1, examples/sms-list.json): numbers as strings where the real
/// API has strings, every recorded key present (nulls included), dates as <c>…+0000</c>. <c>dest_address</c> and
/// <c>endpoint</c> are additions (the short code of an MO SMS; the spec's endpoint reference), ignored by clients.
/// </summary>
public sealed record SmsDto(
    string DlrStatusId, string OrganisationId, string SubmitDate, string DeliveryDate, string ExpiryDate, string? FinalDate,
    string RetryDate, string? LastDeliveryAttempt, string RetryCount, string? GsmMapError, string Dcs, string Pid,
    string SourceAddress, string EndpointId, string? SimId, string Iccid, string? CalledPartyPrefix, string Msisdn, string Imsi,
    string? Msc, string Udh, string Payload, string RegisteredDelivery, string? SmppBindId, int P2pExt, string? SmppDlrBindId,
    long Id, SmsStatusDto Status, SmsStatusDto SmsType, SmsStatusDto SourceAddressType, SmsStatusDto EsmeInterfaceType,
    string? DestAddress, SmsEndpointRef Endpoint)
{
    public static SmsDto From(SmsMessage s, string deviceName)
    {
        var inv = CultureInfo.InvariantCulture;
        return new SmsDto(
            DlrStatus(s.Status), s.OrganisationId.ToString(inv), ApiDates.Core(s.SubmitDate), ApiDates.Core(s.DeliveryDate ?? s.SubmitDate),
            ApiDates.Core(s.ExpiryDate), s.Status == SmsStatus.Canceled ? null : ApiDates.Core(s.FinalDate), ApiDates.Core(s.RetryDate),
            ApiDates.Core(s.LastDeliveryAttempt), s.RetryCount.ToString(inv), s.GsmMapError, s.Dcs.ToString(inv), s.Pid.ToString(inv),
            s.SourceAddress, s.DeviceId.ToString(inv), s.SimId?.ToString(inv), s.Iccid, null, s.Msisdn, s.Imsi,
            null, s.Udh, s.Payload, s.RegisteredDelivery.ToString(inv), null, s.P2pExt, null,
            s.Id, Describe(s.Status), Describe(s.Type), DescribeAddressType(s.SourceAddressType), DescribeInterface(s.EsmeInterfaceType),
            s.DestAddress, new SmsEndpointRef(s.DeviceId, deviceName));
    }

    /// <summary>Recorded: "4" for EXPIRED, "1" for CANCELED; the rest is inferred (SMPP message_state-like).</summary>
    private static string DlrStatus(SmsStatus s) => s switch
    {
        SmsStatus.Delivered => "2",
        SmsStatus.Expired => "4",
        SmsStatus.Failed => "5",
        _ => "1",
    };

    public static SmsStatusDto Describe(SmsStatus s) => new(s switch
    {
        SmsStatus.DeliveryAttemptPending => "DELIVERY ATTEMPT PENDING",
        SmsStatus.InProgress => "IN PROGRESS",
        SmsStatus.Buffered => "BUFFERED",
        SmsStatus.Delivered => "DELIVERED",
        SmsStatus.Failed => "FAILED",
        SmsStatus.Expired => "EXPIRED",
        _ => "CANCELED",
    }, (int)s);

    public static SmsStatusDto Describe(Storage.Entities.SmsType t) => new(t == Storage.Entities.SmsType.Mt ? "MT" : "MO", (int)t);

    public static SmsStatusDto DescribeAddressType(int type) => new(type switch
    {
        145 => "International",
        208 => "Alphanumeric",
        _ => "National",
    }, type);

    public static SmsStatusDto DescribeInterface(int type) => new(type == 2 ? "SMPP" : "RestAPI", type);
}

/// <summary>EMnify writes SMS enumerations description first: <c>{"description":"MT","id":1}</c>.</summary>
public sealed record SmsStatusDto(string Description, int Id);

public sealed record SmsEndpointRef(long Id, string Name);

/// <summary>The body of <c>POST /api/v1/endpoint/{endpoint_id}/sms</c> (reference §6.2).</summary>
public sealed record SubmitSmsRequest(
    string? Payload,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? SourceAddress,
    StatusRef? SourceAddressType,
    string? ExpiryDate,
    int? Dcs,
    string? Udh,
    int? Pid,
    string? DestAddress);

/// <summary>Reads a JSON string or number as text (the docs show <c>"source_address": 12345689</c>).</summary>
public sealed class StringOrNumberConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt64(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected a string or an integer."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>The empty JSON object <c>{}</c> that EMnify's spec documents as the body of a cancelled SMS.</summary>
public sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
