using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Sims;
using Cellgate.Storage.Entities;

namespace Cellgate.Server.Features.Devices;

public sealed record ProfileRef(long Id, string Name);

/// <summary>The 2024 single endpoint adds <c>satellite_capable</c>; lists leave it out.</summary>
public sealed record TariffProfileRef(long Id, string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? SatelliteCapable);

/// <summary>The SIM inside an endpoint, in the 2024 service's order and field set (examples/endpoint-list-2024.json).</summary>
public sealed record DeviceSimDto(long Id, string Iccid, string IccidWithLuhn, int SimProfileTypeId, IdDescription Status, string Imsi, string? Msisdn);

/// <summary><c>{"id"}</c> in lists; expanded with the network and version in the single object.</summary>
public sealed record IpSpaceRef(long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IpAddressSpace,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? IpAddressVersion);

/// <summary>An endpoint as recorded (examples/endpoint-list-2022.json, endpoint-get.json): the <c>sim</c> key is absent without a SIM.</summary>
public sealed record DeviceDto(
    long Id, string Name, string? Tags, string Created, string LastUpdated, IdDescription Status,
    ProfileRef ServiceProfile, TariffProfileRef TariffProfile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceSimDto? Sim,
    string? Imei, string? IpAddress, IpSpaceRef? IpAddressSpace, bool ImeiLock);

/// <summary>Create and update body. Ids may come as floats (<c>1.0</c>); <c>{"sim":{"id":null}}</c> releases the SIM.</summary>
public sealed record DeviceRequest(
    string? Name, string? Tags, StatusRef? Status, IdRef? ServiceProfile, IdRef? TariffProfile, IdRef? Sim,
    string? Imei, bool? ImeiLock, IdRef? IpAddressSpace, string? IpAddress);

/// <summary>The columns a device's JSON needs, read flat in one query (cheaper to materialise than entities).</summary>
public sealed record DeviceRow(
    long Id, string Name, string? Tags, DateTime Created, DateTime LastUpdated, DeviceStatus Status,
    long ServiceProfileId, string ServiceProfileName, long TariffProfileId, string TariffProfileName,
    long? SimId, string? SimIccid, string? SimIccidWithLuhn, SimStatus? SimStatus, string? SimImsi, string? SimMsisdn,
    string? Imei, string? IpAddress, long? IpAddressSpaceId, string? Cidr, bool ImeiLock);

public static class DeviceJson
{
    public static IdDescription Describe(DeviceStatus s) => new((int)s, s == DeviceStatus.Enabled ? "Enabled" : "Disabled");

    public static DeviceDto ToDto(DeviceRow r, bool single) => new(
        r.Id, r.Name, r.Tags, ApiDates.Core(r.Created), ApiDates.Core(r.LastUpdated), Describe(r.Status),
        new ProfileRef(r.ServiceProfileId, r.ServiceProfileName),
        new TariffProfileRef(r.TariffProfileId, r.TariffProfileName, single ? false : null),
        r.SimId is { } simId ? new DeviceSimDto(simId, r.SimIccid!, r.SimIccidWithLuhn!, 1, SimsApi.Describe(r.SimStatus!.Value), r.SimImsi!, r.SimMsisdn) : null,
        r.Imei, r.IpAddress,
        r.IpAddressSpaceId is { } sid ? new IpSpaceRef(sid, single ? r.Cidr : null, single ? 4 : null) : null,
        r.ImeiLock);
}
