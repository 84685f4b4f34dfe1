namespace Cellgate.Storage.Entities;

/// <summary>
/// The services and SMS switches a device may use. The booleans mirror EMnify's service profile; the SMS engine
/// enforces <see cref="AllowSmsMt"/>, <see cref="AllowSmsMo"/>, the P2P switches, the SMS quota flag and the interface.
/// </summary>
public sealed class ServiceProfile
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    public bool Allowed3g { get; set; } = true;
    public bool Allowed4g { get; set; } = true;
    public bool AllowedNbIot { get; set; } = true;
    public bool AllowedNbIotGeo { get; set; }
    public bool ApplyDataQuota { get; set; }
    public bool ApplySmsQuota { get; set; }
    public bool Retail { get; set; }
    public bool SmsP2pInt { get; set; } = true;
    public bool SmsP2pExt { get; set; } = true;
    public bool Prepaid { get; set; }
    public bool Nipdp { get; set; }

    /// <summary>The services of the profile (EMnify's <c>service</c> collection).</summary>
    public bool AllowData { get; set; } = true;
    public bool AllowSmsMt { get; set; } = true;
    public bool AllowSmsMo { get; set; } = true;

    /// <summary>1 RestAPI, 2 SMPP (EMnify's <c>esme_interface_type</c>); null when unset.</summary>
    public int? EsmeInterfaceType { get; set; }

    /// <summary>Ids of the organisation's API callback and secret (the webhook resources, checked to be the organisation's own).</summary>
    public long? ApiCallbackId { get; set; }
    public long? ApiSecretId { get; set; }

    public DateTime Created { get; set; }
}

/// <summary>Which networks and rates apply to a device. Cellgate keeps the name and an optional tariff id.</summary>
public sealed class TariffProfile
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public long? TariffId { get; set; }
    public DateTime Created { get; set; }
}

/// <summary>An IPv4 network assigned to one organisation, from which device addresses are allocated.</summary>
public sealed class IpAddressSpace
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }

    /// <summary>CIDR text, e.g. <c>10.191.216.64/28</c>.</summary>
    public required string Cidr { get; set; }
    public int Version { get; set; } = 4;
    public int PrefixLength { get; set; }

    /// <summary>The network address as a number.</summary>
    public long FirstAddress { get; set; }

    /// <summary>The broadcast address as a number.</summary>
    public long LastAddress { get; set; }
    public DateTime Created { get; set; }
}
