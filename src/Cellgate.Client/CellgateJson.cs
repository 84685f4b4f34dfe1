using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cellgate.Client;

/// <summary>
/// Reads every date form the API uses: <c>2021-11-18T08:25:53.000+0000</c> (core resources), <c>…Z</c> (events,
/// tokens), <c>yyyy-MM-dd HH:mm:ss</c> (quotas, UTC) and <c>yyyy-MM-dd</c>. Writes ISO 8601 UTC.
/// </summary>
public sealed class CellgateDateJsonConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffzz00", "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'",
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    /// <summary>Parses any of the API's date forms; null when it is none of them.</summary>
    public static DateTimeOffset? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > 5 && (text[^5] is '+' or '-') && text[^3] != ':' && char.IsAsciiDigit(text[^1]))
            text = text[..^2] + ":" + text[^2..]; // +0000 → +00:00
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)) return d;
        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d) ? d : null;
    }

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TryParse(reader.GetString()) ?? throw new JsonException($"Not a date: {reader.GetString()}");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireDates.Iso(value));
}

/// <summary>The source-generated serializer for every type the SDK reads and writes: no reflection, trimming and AOT safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(CellgateDateJsonConverter)])]
[JsonSerializable(typeof(AuthenticationResult))]
[JsonSerializable(typeof(List<ApplicationToken>))]
[JsonSerializable(typeof(ApplicationToken))]
[JsonSerializable(typeof(CreatedApplicationToken))]
[JsonSerializable(typeof(List<Organisation>))]
[JsonSerializable(typeof(Organisation))]
[JsonSerializable(typeof(List<User>))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(List<Device>))]
[JsonSerializable(typeof(Device))]
[JsonSerializable(typeof(DeviceConnectivity))]
[JsonSerializable(typeof(List<Sim>))]
[JsonSerializable(typeof(Sim))]
[JsonSerializable(typeof(ImportedSimBatch))]
[JsonSerializable(typeof(RegisteredSimBatch))]
[JsonSerializable(typeof(List<ServiceProfile>))]
[JsonSerializable(typeof(ServiceProfile))]
[JsonSerializable(typeof(List<TariffProfile>))]
[JsonSerializable(typeof(TariffProfile))]
[JsonSerializable(typeof(List<IpAddressSpace>))]
[JsonSerializable(typeof(IpAddressSpace))]
[JsonSerializable(typeof(List<Event>))]
[JsonSerializable(typeof(List<Sms>))]
[JsonSerializable(typeof(Sms))]
[JsonSerializable(typeof(SmsQuota))]
[JsonSerializable(typeof(SimulatedDevice))]
[JsonSerializable(typeof(List<InboxEntry>))]
[JsonSerializable(typeof(SimulatorStats))]
[JsonSerializable(typeof(AuthenticateWire))]
[JsonSerializable(typeof(DeviceWire))]
[JsonSerializable(typeof(SmsWire))]
[JsonSerializable(typeof(OrganisationWire))]
[JsonSerializable(typeof(UserWire))]
[JsonSerializable(typeof(PasswordWire))]
[JsonSerializable(typeof(ApplicationTokenWire))]
[JsonSerializable(typeof(SimBatchWire))]
[JsonSerializable(typeof(SimStatusWire))]
[JsonSerializable(typeof(RegisterBatchWire))]
[JsonSerializable(typeof(ProfileWire))]
[JsonSerializable(typeof(IpAddressSpaceWire))]
[JsonSerializable(typeof(QuotaWire))]
[JsonSerializable(typeof(SimulatedDeviceWire))]
[JsonSerializable(typeof(MoWire))]
[JsonSerializable(typeof(ErrorWire))]
internal sealed partial class CellgateJsonContext : JsonSerializerContext;
