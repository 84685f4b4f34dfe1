namespace Cellgate.Storage.Entities;

/// <summary>An organisation (tenant). The bootstrap organisation is the operator's master organisation; its admins create customer organisations below it.</summary>
public sealed class Organisation
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long? ParentId { get; set; }
    public OrganisationType Type { get; set; }
    public OrganisationStatus Status { get; set; } = OrganisationStatus.Active;
    public DateTime Created { get; set; }

    /// <summary>A <see cref="Country"/> id; <see cref="LookupSeed.DefaultCountryId"/> (Germany) unless given at creation.</summary>
    public long CountryId { get; set; } = LookupSeed.DefaultCountryId;
}

public enum OrganisationType
{
    Master = 1,
    Customer = 2,
}

public enum OrganisationStatus
{
    Active = 1,
    Suspended = 2,
}
