using System.Text.Json;
using System.Text.Json.Serialization;
using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary>What the CLI prints in <c>--format json</c> beside the SDK's records.</summary>
internal sealed record ActionResult(long Id, string Result);

internal sealed record SentSms(SmsId Id, DeviceId Device);

internal sealed record RejectedRow(int Line, string Reason);

internal sealed record ImportedBatch(string? Bic, int Quantity);

internal sealed record ImportSummary(int Imported, int Rows, IReadOnlyList<ImportedBatch> Batches, IReadOnlyList<RejectedRow> Rejected);

internal sealed record LoginResult(string Profile, string Url, string Organisation, string Credentials);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    Converters = [typeof(CellgateDateJsonConverter)])]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(List<Device>))]
[JsonSerializable(typeof(Device))]
[JsonSerializable(typeof(List<Sim>))]
[JsonSerializable(typeof(List<Sms>))]
[JsonSerializable(typeof(Sms))]
[JsonSerializable(typeof(List<ApplicationToken>))]
[JsonSerializable(typeof(CreatedApplicationToken))]
[JsonSerializable(typeof(List<Event>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(SimulatedDevice))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(SentSms))]
[JsonSerializable(typeof(ImportSummary))]
[JsonSerializable(typeof(LoginResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The same types on one line each, for the watchers' JSON lines.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CellgateDateJsonConverter)])]
[JsonSerializable(typeof(Sms))]
[JsonSerializable(typeof(Event))]
internal sealed partial class CliJsonLinesContext : JsonSerializerContext;
