namespace Cellgate.Storage.Entities;

/// <summary>
/// One entry of EMnify's event log. Endpoint, SIM and user are snapshots taken when the event happened, so the
/// entry survives the deletion of what it describes.
/// </summary>
public sealed class Event
{
    /// <summary>Time-ordered 64-bit id, assigned by the server (not by the database).</summary>
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public DateTime Timestamp { get; set; }
    public int EventType { get; set; }
    public int EventSource { get; set; }
    public int EventSeverity { get; set; }
    public bool Alert { get; set; }
    public required string Description { get; set; }

    public long? EndpointId { get; set; }
    public string? EndpointName { get; set; }
    public string? EndpointIpAddress { get; set; }
    public string? EndpointImei { get; set; }
    public string? EndpointTags { get; set; }

    public long? SimId { get; set; }
    public string? SimIccid { get; set; }
    public DateTime? SimProductionDate { get; set; }
    public string? Imsi { get; set; }
    public DateTime? ImsiImportDate { get; set; }

    public long? UserId { get; set; }
    public string? UserName { get; set; }
    public string? UserUsername { get; set; }

    /// <summary>The <c>detail</c> object as JSON text; null when the event has none.</summary>
    public string? Detail { get; set; }
}
