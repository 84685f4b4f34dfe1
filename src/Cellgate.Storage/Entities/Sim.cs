namespace Cellgate.Storage.Entities;

/// <summary>A physical SIM of the inventory. It belongs to its customer organisation once assigned or registered.</summary>
public sealed class Sim
{
    public long Id { get; set; }

    /// <summary>19 digits, without the Luhn check digit (EMnify's <c>iccid</c>).</summary>
    public required string Iccid { get; set; }

    /// <summary>20 digits: <see cref="Iccid"/> plus its Luhn check digit.</summary>
    public required string IccidWithLuhn { get; set; }
    public required string Imsi { get; set; }
    public string? Msisdn { get; set; }
    public SimStatus Status { get; set; }

    public DateTime ProductionDate { get; set; }
    public DateTime? ActivationDate { get; set; }

    /// <summary>When the SIM entered Cellgate's inventory (the event API's <c>imsi.import_date</c>).</summary>
    public DateTime Created { get; set; }

    /// <summary>The organisation that imported the SIM (the operator).</summary>
    public long IssuerOrganisationId { get; set; }
    public Organisation? IssuerOrganisation { get; set; }

    /// <summary>The organisation using the SIM; null while its batch awaits registration by BIC.</summary>
    public long? CustomerOrganisationId { get; set; }
    public Organisation? CustomerOrganisation { get; set; }

    public long? SimBatchId { get; set; }
    public SimBatch? SimBatch { get; set; }

    /// <summary>An id of the SIM model catalogue (see the Sims feature).</summary>
    public int ModelId { get; set; }

    /// <summary>The device using the SIM, if any (the foreign key is on <see cref="Entities.Device"/>).</summary>
    public Device? Device { get; set; }
}

public enum SimStatus
{
    Issued = 0,
    Activated = 1,
    Suspended = 2,
    Deleted = 3,
    FactoryTest = 4,
}

/// <summary>A batch of SIMs imported by the operator, identified by its BIC (batch identification code).</summary>
public sealed class SimBatch
{
    public long Id { get; set; }
    public required string Bic { get; set; }
    public long IssuerOrganisationId { get; set; }

    /// <summary>The organisation the batch was assigned to or registered by; null while unregistered.</summary>
    public long? CustomerOrganisationId { get; set; }
    public int Quantity { get; set; }
    public DateTime Created { get; set; }
    public DateTime? Registered { get; set; }
}
