namespace Cellgate.Storage.Entities;

/// <summary>An organisation's tag (EMnify's v2 tag management): a name unique in the organisation and a colour.</summary>
public sealed class Tag
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public required string Name { get; set; }

    /// <summary>An id of the tag colour catalogue (<c>GET /api/v2/tag-colors</c>).</summary>
    public int ColorId { get; set; }
    public DateTime Created { get; set; }
}

/// <summary>A tag assigned to an endpoint; removed with either.</summary>
public sealed class DeviceTag
{
    public long DeviceId { get; set; }
    public long TagId { get; set; }
    public Tag? Tag { get; set; }
}
