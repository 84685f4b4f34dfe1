namespace Cellgate.Storage.Entities;

/// <summary>EMnify's <em>endpoint</em>: a device with at most one SIM, a service and a tariff profile and an IP address.</summary>
public sealed class Device
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public required string Name { get; set; }

    /// <summary>Free text, comma-separated by convention; <c>null</c> and <c>""</c> are kept apart, as EMnify does.</summary>
    public string? Tags { get; set; }
    public DeviceStatus Status { get; set; }

    public long ServiceProfileId { get; set; }
    public ServiceProfile? ServiceProfile { get; set; }
    public long TariffProfileId { get; set; }
    public TariffProfile? TariffProfile { get; set; }

    /// <summary>The assigned SIM; unique, so a SIM serves one device at a time.</summary>
    public long? SimId { get; set; }
    public Sim? Sim { get; set; }

    public string? Imei { get; set; }
    public bool ImeiLock { get; set; }

    public long? IpAddressSpaceId { get; set; }
    public IpAddressSpace? IpAddressSpace { get; set; }

    /// <summary>Dotted IPv4 text, as on the wire.</summary>
    public string? IpAddress { get; set; }

    /// <summary>The same address as a number: allocation works on it, and (space, value) is unique.</summary>
    public long? IpAddressValue { get; set; }

    public DateTime Created { get; set; }
    public DateTime LastUpdated { get; set; }

    /// <summary>The v2 tags assigned to the device (<see cref="DeviceTag"/>), apart from the free-text <see cref="Tags"/>.</summary>
    public List<DeviceTag> TagAssignments { get; set; } = [];
}

public enum DeviceStatus
{
    Enabled = 0,
    Disabled = 1,
}

/// <summary>
/// How many devices an organisation has, and a version bumped by every create and delete, kept in the same
/// transaction as the change. The device list reads its total here instead of counting, and keys its page index on the version.
/// </summary>
public sealed class DeviceCounter
{
    public long OrganisationId { get; set; }
    public long Count { get; set; }
    public long Version { get; set; }
}
