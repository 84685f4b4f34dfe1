using System.Globalization;
using System.Text.Json;
using Cellgate.Server.Api;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.DataStreams;

/// <summary>EMnify's data stream enumerations (the three lookups) and what Cellgate supports of them.</summary>
public static class DataStreamLookups
{
    public const int Running = 1, Paused = 2, Error = 3, Pending = 4;
    public const int UsageType = 1, EventType = 2;
    public const string RestApi = "RestAPI";
    public const string EventTypeIdField = "event_type_id", AlertField = "alert";

    public static readonly IReadOnlyList<IdDescription> Statuses =
        [new(Running, "Running"), new(Paused, "Paused"), new(Error, "Error"), new(Pending, "Pending")];

    public static readonly IReadOnlyList<IdDescription> Types = [new(UsageType, "Usage"), new(EventType, "Event")];

    public static readonly IReadOnlyList<IdDescription> FilterFields = [new(1, EventTypeIdField), new(2, AlertField)];

    /// <summary>The connection types of EMnify's document; only <see cref="RestApi"/> is implemented.</summary>
    public static readonly IReadOnlyList<string> ConnectionTypes = ["AwsKinesis", "S3", RestApi, "KeenIO", "Datadog", "EventHubs", "PubSub"];

    public static IdDescription Status(int id) => Statuses.FirstOrDefault(s => s.Id == id) ?? Statuses[0];
    public static IdDescription Type(int id) => Types.FirstOrDefault(s => s.Id == id) ?? Types[1];
}

/// <summary>
/// Reads and checks a create or PATCH body onto a <see cref="DataStream"/>: RestAPI destinations only (url, method
/// POST/PUT/PATCH, extra headers, batch size 1–10000), event streams only, filters <c>event_type_id</c> and <c>alert</c>.
/// Every problem is collected into one 422.
/// </summary>
public static class DataStreamRules
{
    public const int DefaultSize = 3000, MaxSize = 10000, MaxHeaders = 20, MaxHeaderValue = 4096, MaxUrl = 2000, MaxEventTypes = 200;
    public const string Mask = "*****";

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Upgrade", "Expect", "TE", "Trailer",
        "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "webhook-id", "webhook-timestamp", "webhook-signature",
    };

    /// <summary>Applies <paramref name="body"/> to <paramref name="stream"/>; <paramref name="create"/> requires a destination.</summary>
    public static void Apply(DataStreamRequest body, DataStream stream, bool create, RequestValidation v)
    {
        if (body.Name is not null)
        {
            v.MaxLength("name", body.Name, 200);
            stream.Name = body.Name;
        }
        if (body.DataStreamType is { } type && type.ValueKind != JsonValueKind.Null)
        {
            var id = Id(type) ?? (type.ValueKind == JsonValueKind.Object && type.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()!.Trim().ToLowerInvariant() switch { "event" or "events" => DataStreamLookups.EventType, "usage" or "usage data" => DataStreamLookups.UsageType, _ => null }
                : null);
            if (id == DataStreamLookups.UsageType)
                v.Add(ApiErrors.NotAllowedError("data_stream_type 1 (Usage) is not supported by Cellgate: only 2 (Event) streams are."));
            else if (id != DataStreamLookups.EventType)
                v.Invalid("data_stream_type", "must be 2 (Event), as {\"id\": 2}");
            else stream.DataStreamType = DataStreamLookups.EventType;
        }
        if (body.RelationResolution is { } rr && rr.ValueKind != JsonValueKind.Null)
        {
            if (Bool(rr) is { } b) stream.RelationResolution = b;
            else v.Invalid("relation_resolution", "must be true or false");
        }
        if (body.Status is { } status && status.ValueKind != JsonValueKind.Null)
        {
            var id = Id(status);
            if (id is DataStreamLookups.Running or DataStreamLookups.Paused) stream.Status = id.Value;
            else v.Invalid("status", "can be set to 1 (Running) or 2 (Paused); 3 (Error) and 4 (Pending) are reported, not set — POST …/restart restarts a stream");
        }
        if (body.Destination is { } destination) ApplyDestination(destination, stream, create, v);
        else if (create) v.Add(ApiErrors.Required(v.ObjectName, "destination"));
        if (body.Filters is { } filters && filters.ValueKind != JsonValueKind.Null) ApplyFilters(filters, stream, v);
    }

    private static void ApplyDestination(DataStreamDestinationRequest d, DataStream stream, bool create, RequestValidation v)
    {
        if (d.ConnectionType is { } type)
        {
            var known = DataStreamLookups.ConnectionTypes.FirstOrDefault(t => string.Equals(t, type.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                v.Add(ApiErrors.NotAllowedError($"destination.connection_type '{Truncate(type)}' is unknown; Cellgate supports {DataStreamLookups.RestApi} only."));
                return;
            }
            if (known != DataStreamLookups.RestApi)
            {
                v.Add(ApiErrors.NotAllowedError($"destination.connection_type '{known}' is not supported by Cellgate; the supported connection type is {DataStreamLookups.RestApi} (a webhook)."));
                return;
            }
        }
        else if (create)
        {
            v.Add(ApiErrors.Required(v.ObjectName, "destination.connection_type"));
            return;
        }
        if (d.Format is { } format && !string.Equals(format.Trim(), "json", StringComparison.OrdinalIgnoreCase))
            v.Invalid("destination.format", "must be json");

        JsonElement c = default;
        var given = d.Credentials is { ValueKind: JsonValueKind.Object };
        if (given) c = d.Credentials!.Value;
        else if (d.Credentials is { ValueKind: not JsonValueKind.Null })
        {
            v.Invalid("destination.credentials", "must be an object with url, method, headers and size");
            return;
        }
        else if (create)
        {
            v.Add(ApiErrors.Required(v.ObjectName, "destination.credentials.url"));
            return;
        }
        if (!given) return;

        if (c.TryGetProperty("url", out var url) && url.ValueKind != JsonValueKind.Null)
        {
            if (url.ValueKind != JsonValueKind.String) v.Invalid("destination.credentials.url", "must be a string");
            else if (!TryUrl(url.GetString()!, out var problem)) v.Invalid("destination.credentials.url", problem);
            else stream.Url = url.GetString()!.Trim();
        }
        else if (create) v.Add(ApiErrors.Required(v.ObjectName, "destination.credentials.url"));

        if (c.TryGetProperty("method", out var method) && method.ValueKind != JsonValueKind.Null)
        {
            var m = method.ValueKind == JsonValueKind.String ? method.GetString()!.Trim().ToUpperInvariant() : null;
            if (m is "POST" or "PUT" or "PATCH") stream.Method = m;
            else v.Invalid("destination.credentials.method", "must be POST, PUT or PATCH");
        }
        if (c.TryGetProperty("size", out var size) && size.ValueKind != JsonValueKind.Null)
        {
            if (size.ValueKind == JsonValueKind.Number && size.TryGetDouble(out var n) && n == Math.Floor(n) && n is >= 1 and <= MaxSize) stream.Size = (int)n;
            else v.Invalid("destination.credentials.size", $"must be an integer from 1 (one event per request) to {MaxSize} (an array of up to that many)");
        }
        if (c.TryGetProperty("headers", out var headers) && headers.ValueKind != JsonValueKind.Null)
            ApplyHeaders(headers, stream, v);
    }

    private static void ApplyHeaders(JsonElement headers, DataStream stream, RequestValidation v)
    {
        if (headers.ValueKind != JsonValueKind.Array)
        {
            v.Invalid("destination.credentials.headers", "must be an array of \"name:value\" strings");
            return;
        }
        if (headers.GetArrayLength() > MaxHeaders)
        {
            v.Invalid("destination.credentials.headers", $"may hold at most {MaxHeaders} headers");
            return;
        }
        var stored = ParseHeaders(stream.Headers).ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var h in headers.EnumerateArray())
        {
            var text = h.ValueKind == JsonValueKind.String ? h.GetString()! : null;
            var colon = text?.IndexOf(':') ?? -1;
            if (text is null || colon <= 0)
            {
                v.Invalid("destination.credentials.headers", "must be \"name:value\" strings");
                return;
            }
            var name = text[..colon].Trim();
            var value = text[(colon + 1)..].Trim();
            if (!IsToken(name)) v.Invalid("destination.credentials.headers", $"has an invalid header name '{Truncate(name)}'");
            else if (ReservedHeaders.Contains(name)) v.Invalid("destination.credentials.headers", $"cannot set {name}: Cellgate sets it");
            else if (value.Length > MaxHeaderValue || value.Any(ch => ch is '\r' or '\n' or '\0'))
                v.Invalid("destination.credentials.headers", $"has an invalid value for {name}");
            else if (result.Any(r => r.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)))
                v.Invalid("destination.credentials.headers", $"names {name} twice");
            // A masked value read back from GET keeps the stored secret: GET, edit, PATCH works.
            else result.Add($"{name}:{(value == Mask && stored.TryGetValue(name, out var kept) ? kept : value)}");
        }
        stream.Headers = JsonSerializer.Serialize(result);
    }

    private static void ApplyFilters(JsonElement filters, DataStream stream, RequestValidation v)
    {
        if (filters.ValueKind != JsonValueKind.Array)
        {
            v.Invalid("filters", "must be an array of {\"field\": …, \"value\": […]}");
            return;
        }
        List<int>? types = null;
        bool? alert = null;
        foreach (var f in filters.EnumerateArray())
        {
            if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String)
            {
                v.Invalid("filters", "must be objects with a field and a value");
                return;
            }
            var values = f.TryGetProperty("value", out var value)
                ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value]
                : [];
            switch (field.GetString())
            {
                case DataStreamLookups.EventTypeIdField:
                    types ??= [];
                    foreach (var t in values)
                    {
                        if (Int(t) is { } id and >= 0) types.Add(id);
                        else { v.Invalid("filters", "event_type_id values must be event type ids (GET /api/v1/event/type)"); return; }
                    }
                    if (types.Count is 0 or > MaxEventTypes) { v.Invalid("filters", $"event_type_id needs 1 to {MaxEventTypes} values"); return; }
                    break;
                case DataStreamLookups.AlertField:
                    if (values.Count != 1 || Bool(values[0]) is not { } b) { v.Invalid("filters", "alert needs one value, true or false"); return; }
                    alert = b;
                    break;
                default:
                    v.Invalid("filters", $"cannot filter on '{Truncate(field.GetString()!)}': the filter fields are {DataStreamLookups.EventTypeIdField} and {DataStreamLookups.AlertField}");
                    return;
            }
        }
        stream.EventTypeIds = types is null ? null : JsonSerializer.Serialize(types.Distinct().Order().ToList());
        stream.Alert = alert;
    }

    public static List<DataStreamFilterDto> Filters(DataStream s)
    {
        var list = new List<DataStreamFilterDto>();
        if (EventTypes(s) is { } types)
            list.Add(new(DataStreamLookups.EventTypeIdField, types.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList()));
        if (s.Alert is { } a) list.Add(new(DataStreamLookups.AlertField, [a ? "true" : "false"]));
        return list;
    }

    public static int[]? EventTypes(DataStream s) => s.EventTypeIds is null ? null : JsonSerializer.Deserialize<int[]>(s.EventTypeIds);

    public static List<(string Name, string Value)> ParseHeaders(string json) =>
        (JsonSerializer.Deserialize<List<string>>(json) ?? []).Select(h =>
        {
            var i = h.IndexOf(':');
            return (h[..i], h[(i + 1)..]);
        }).ToList();

    /// <summary>Header names kept, values replaced by <see cref="Mask"/> ("Headers are masked in GET request").</summary>
    public static List<string> MaskedHeaders(string json) => ParseHeaders(json).ConvertAll(h => $"{h.Name}:{Mask}");

    private static bool TryUrl(string text, out string problem)
    {
        problem = "";
        if (text.Length > MaxUrl) problem = $"is longer than {MaxUrl} characters";
        else if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) problem = "must be an absolute http or https URL";
        else if (uri.UserInfo.Length > 0) problem = "cannot carry credentials; put them in headers, which are masked";
        return problem.Length == 0;
    }

    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 256 && name.All(ch => ch < 127 && (char.IsAsciiLetterOrDigit(ch) || "!#$%&'*+-.^_`|~".Contains(ch)));

    private static int? Id(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.TryGetProperty("id", out var id) ? Int(id) : null : Int(e);

    private static int? Int(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        JsonValueKind.String when int.TryParse(e.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static bool? Bool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when Int(e) is 0 or 1 => Int(e) == 1,
        JsonValueKind.String when bool.TryParse(e.GetString(), out var b) => b,
        _ => null,
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
