using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cellgate.Client;

/// <summary>What every id type is: a 64-bit number with a type of its own, so that a SIM id cannot be passed as a device id.</summary>
public interface ICellgateId<TSelf> where TSelf : struct, ICellgateId<TSelf>
{
    /// <summary>The number on the wire.</summary>
    long Value { get; }

    /// <summary>Wraps a number.</summary>
    static abstract TSelf From(long value);
}

/// <summary>Reads an id from a JSON number or a numeric string (EMnify sends some ids as strings); writes a number.</summary>
public sealed class CellgateIdJsonConverter<T> : JsonConverter<T> where T : struct, ICellgateId<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) return T.From(n);
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && d == Math.Floor(d)) return T.From((long)d);
        if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)) return T.From(s);
        throw new JsonException($"Expected an id (a number), found {reader.TokenType}.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>An organisation (tenant).</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<OrganisationId>))]
public readonly record struct OrganisationId(long Value) : ICellgateId<OrganisationId>, IParsable<OrganisationId>
{
    /// <inheritdoc />
    public static OrganisationId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static OrganisationId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out OrganisationId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>A user.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<UserId>))]
public readonly record struct UserId(long Value) : ICellgateId<UserId>, IParsable<UserId>
{
    /// <inheritdoc />
    public static UserId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static UserId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out UserId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>An application token (its id, never its secret).</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<ApplicationTokenId>))]
public readonly record struct ApplicationTokenId(long Value) : ICellgateId<ApplicationTokenId>, IParsable<ApplicationTokenId>
{
    /// <inheritdoc />
    public static ApplicationTokenId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static ApplicationTokenId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out ApplicationTokenId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>A device: EMnify's <em>endpoint</em> (<c>/api/v1/endpoint/{id}</c>).</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<DeviceId>))]
public readonly record struct DeviceId(long Value) : ICellgateId<DeviceId>, IParsable<DeviceId>
{
    /// <inheritdoc />
    public static DeviceId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static DeviceId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out DeviceId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>A SIM.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<SimId>))]
public readonly record struct SimId(long Value) : ICellgateId<SimId>, IParsable<SimId>
{
    /// <inheritdoc />
    public static SimId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static SimId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out SimId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>A SIM batch imported by the operator.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<SimBatchId>))]
public readonly record struct SimBatchId(long Value) : ICellgateId<SimBatchId>, IParsable<SimBatchId>
{
    /// <inheritdoc />
    public static SimBatchId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static SimBatchId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out SimBatchId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>An SMS.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<SmsId>))]
public readonly record struct SmsId(long Value) : ICellgateId<SmsId>, IParsable<SmsId>
{
    /// <inheritdoc />
    public static SmsId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static SmsId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out SmsId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>A service profile.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<ServiceProfileId>))]
public readonly record struct ServiceProfileId(long Value) : ICellgateId<ServiceProfileId>, IParsable<ServiceProfileId>
{
    /// <inheritdoc />
    public static ServiceProfileId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static ServiceProfileId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out ServiceProfileId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>A tariff profile.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<TariffProfileId>))]
public readonly record struct TariffProfileId(long Value) : ICellgateId<TariffProfileId>, IParsable<TariffProfileId>
{
    /// <inheritdoc />
    public static TariffProfileId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static TariffProfileId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out TariffProfileId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>An IP address space.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<IpAddressSpaceId>))]
public readonly record struct IpAddressSpaceId(long Value) : ICellgateId<IpAddressSpaceId>, IParsable<IpAddressSpaceId>
{
    /// <inheritdoc />
    public static IpAddressSpaceId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static IpAddressSpaceId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out IpAddressSpaceId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}

/// <summary>An event (64-bit, time-ordered). Named apart from Microsoft.Extensions.Logging.EventId.</summary>
[JsonConverter(typeof(CellgateIdJsonConverter<CellgateEventId>))]
public readonly record struct CellgateEventId(long Value) : ICellgateId<CellgateEventId>, IParsable<CellgateEventId>
{
    /// <inheritdoc />
    public static CellgateEventId From(long value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static CellgateEventId Parse(string s, IFormatProvider? provider = null) => new(long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public static bool TryParse(string? s, IFormatProvider? provider, out CellgateEventId result)
    {
        var ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
        result = new(v);
        return ok;
    }
}
