namespace Cellgate.Storage.Entities;

/// <summary>A country of EMnify's country lookup (<c>/api/v1/country</c>); organisations and operators refer to it.</summary>
public sealed class Country
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The international dialling code without <c>+</c>, as text ("49").</summary>
    public required string CountryCode { get; set; }

    /// <summary>The mobile country code, as text ("262").</summary>
    public required string Mcc { get; set; }
    public required string IsoCode { get; set; }

    /// <summary>False for entries that are not a place (e.g. the non-terrestrial 883 range).</summary>
    public bool Geographic { get; set; } = true;
}

/// <summary>A mobile network operator (<c>/api/v1/operator</c>), with one TAP code and one MNC.</summary>
public sealed class Operator
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long CountryId { get; set; }
    public Country? Country { get; set; }
    public long TapcodeId { get; set; }
    public required string Tapcode { get; set; }
    public long MncId { get; set; }
    public required string Mnc { get; set; }
}

public sealed class Currency
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Symbol { get; set; }
}

public sealed class BreakoutRegion
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string IpAddress { get; set; }
}

/// <summary>One entry of a small fixed lookup (statuses, roles, RAT types, …): <see cref="List"/> names the lookup.</summary>
public sealed class LookupValue
{
    public required string List { get; set; }
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
}

/// <summary>An operator an endpoint must not attach through (<c>/api/v1/endpoint/{id}/operator_blacklist</c>).</summary>
public sealed class OperatorBlacklistEntry
{
    public long DeviceId { get; set; }
    public long OperatorId { get; set; }
    public Operator? Operator { get; set; }
    public DateTime Created { get; set; }
}

/// <summary>The names of the <see cref="LookupValue.List"/>s.</summary>
public static class LookupLists
{
    public const string RatType = "rat_type";
    public const string ServiceLevel = "service_level";
    public const string DataBlocksize = "data_blocksize";
    public const string DataThrottle = "data_throttle";
    public const string UserStatus = "user_status";
    public const string UserRole = "user_role";
    public const string OrganisationStatus = "organisation_status";
    public const string EndpointStatus = "endpoint_status";
    public const string SimStatus = "sim_status";
}
