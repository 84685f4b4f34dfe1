using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cellgate.Server.Api;

/// <summary>The wire JSON conventions: snake_case, integral floats accepted where integers are expected.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        // Quotes and apostrophes stay readable ("Cannot parse parameter id as Long: For input string: \"None\""), as EMnify writes them.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new FlexibleInt64Converter());
        options.Converters.Add(new FlexibleInt32Converter());
        return options;
    }
}

/// <summary>Reads <c>1</c> and <c>1.0</c> (the official Python SDK sends ids as floats); rejects <c>1.5</c>.</summary>
public sealed class FlexibleInt64Converter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new JsonException("Expected a number.");
        if (reader.TryGetInt64(out var value)) return value;
        var d = reader.GetDouble();
        if (d != Math.Floor(d) || d < long.MinValue || d > long.MaxValue) throw new JsonException($"Expected an integer, got {d.ToString(CultureInfo.InvariantCulture)}.");
        return (long)d;
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

public sealed class FlexibleInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new JsonException("Expected a number.");
        if (reader.TryGetInt32(out var value)) return value;
        var d = reader.GetDouble();
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) throw new JsonException($"Expected an integer, got {d.ToString(CultureInfo.InvariantCulture)}.");
        return (int)d;
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>The date-time formats of reference §1.3.</summary>
public static class ApiDates
{
    /// <summary>Core resources: <c>2021-11-18T08:25:53.000+0000</c>.</summary>
    public static string Core(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static string? Core(DateTime? utc) => utc is { } v ? Core(v) : null;

    /// <summary>Events and application tokens: <c>2022-03-27T23:20:49.298Z</c>.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Iso(DateTime? utc) => utc is { } v ? Iso(v) : null;

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fffK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", "yyyy-MM-dd'T'HH:mm:ss'+0000'", "yyyy-MM-dd'T'HH:mm:ss.fffzz00", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd",
    ];

    /// <summary>The earliest date accepted from clients.</summary>
    public static readonly DateTime MinAccepted = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The latest date accepted from clients: far enough for any expiry, far enough from DateTime.MaxValue for date arithmetic.</summary>
    public static readonly DateTime MaxAccepted = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Parses any date form clients send (date only, ISO with zone, <c>+0000</c>, space-separated); no zone means UTC.
    /// Dates before <see cref="MinAccepted"/> or after <see cref="MaxAccepted"/> do not parse.
    /// </summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        // "+0000" style offsets: normalise to "+00:00" so the parser takes them.
        if (t.Length > 5 && (t[^5] == '+' || t[^5] == '-') && t[^4..].All(char.IsAsciiDigit))
            t = t[..^2] + ":" + t[^2..];
        if (DateTimeOffset.TryParseExact(t, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto) ||
            DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out dto))
        {
            if (dto.UtcDateTime < MinAccepted || dto.UtcDateTime > MaxAccepted) return false;
            utc = dto.UtcDateTime;
            return true;
        }
        return false;
    }
}

/// <summary>EMnify's <c>{"id": n, "description": "..."}</c> enumeration objects.</summary>
public sealed record IdDescription(int Id, string Description);

/// <summary>A reference sent by clients: <c>{"id": n}</c>, possibly with an ignored description, possibly null.</summary>
public sealed record IdRef(long? Id);

/// <summary>A reference sent by clients to an int-valued enumeration.</summary>
public sealed record StatusRef(int? Id);
