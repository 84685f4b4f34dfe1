using System.Globalization;
using System.Text.Json.Serialization;

namespace Cellgate.Client;

// What callers pass in. These are C#-shaped; Wire.cs turns them into EMnify's JSON.

/// <summary>Filter, sort and page size of a list (reference §1.4).</summary>
public sealed record ListOptions
{
    /// <summary><c>q</c>: comma-separated <c>field:value</c> filters, e.g. <c>status:0,name:Tracker</c>.</summary>
    public string? Filter { get; init; }

    /// <summary><c>sort</c>: comma-separated fields, <c>-</c> for descending, e.g. <c>-id</c>.</summary>
    public string? Sort { get; init; }

    /// <summary><c>per_page</c>; null for the server's default.</summary>
    public int? PageSize { get; init; }
}

/// <summary>Device statuses, valued as on the wire.</summary>
public enum DeviceStatus
{
    /// <summary>0</summary>
    Enabled = 0,
    /// <summary>1</summary>
    Disabled = 1,
}

/// <summary>SIM statuses, valued as on the wire.</summary>
public enum SimStatus
{
    /// <summary>0</summary>
    Issued = 0,
    /// <summary>1</summary>
    Activated = 1,
    /// <summary>2</summary>
    Suspended = 2,
    /// <summary>3</summary>
    Deleted = 3,
    /// <summary>4</summary>
    FactoryTest = 4,
}

/// <summary>
/// A device to create. EMnify requires <see cref="ServiceProfile"/> and <see cref="TariffProfile"/> (Cellgate too
/// once issue 8's wire lands; before, it defaulted to the organisation's first ones).
/// </summary>
public sealed record NewDevice(string Name)
{
    /// <summary>Enabled by default.</summary>
    public DeviceStatus Status { get; init; } = DeviceStatus.Enabled;
    /// <summary>The SIM to assign (activated when the device is enabled).</summary>
    public SimId? Sim { get; init; }
    /// <summary>Required by EMnify.</summary>
    public ServiceProfileId? ServiceProfile { get; init; }
    /// <summary>Required by EMnify.</summary>
    public TariffProfileId? TariffProfile { get; init; }
    /// <summary>Free text.</summary>
    public string? Tags { get; init; }
    /// <summary>15 or 16 digits.</summary>
    public string? Imei { get; init; }
    /// <summary>Where the IP address comes from; null for the first space with a free address.</summary>
    public IpAddressSpaceId? IpAddressSpace { get; init; }
    /// <summary>A specific free address of one of the organisation's spaces.</summary>
    public string? IpAddress { get; init; }
}

/// <summary>A partial update of a device: only what is set changes.</summary>
public sealed record DeviceUpdate
{
    /// <summary>New name.</summary>
    public string? Name { get; init; }
    /// <summary>Enable or disable (the SIM follows).</summary>
    public DeviceStatus? Status { get; init; }
    /// <summary>Assign this SIM.</summary>
    public SimId? Sim { get; init; }
    /// <summary>Release the SIM (<c>{"sim":{"id":null}}</c>).</summary>
    public bool ReleaseSim { get; init; }
    /// <summary>New tags.</summary>
    public string? Tags { get; init; }
    /// <summary>New IMEI; <c>""</c> clears it.</summary>
    public string? Imei { get; init; }
    /// <summary>Another service profile.</summary>
    public ServiceProfileId? ServiceProfile { get; init; }
    /// <summary>Another tariff profile.</summary>
    public TariffProfileId? TariffProfile { get; init; }
}

/// <summary>An MT SMS to send. <see cref="SourceAddress"/>: digits (national), <c>+</c>digits (international) or up to 11 letters.</summary>
public sealed record NewSms(string Payload)
{
    /// <summary>The sender shown on the device.</summary>
    public string? SourceAddress { get; init; }
    /// <summary>When the SMS expires if not delivered (default: 24 hours after submission).</summary>
    public DateTimeOffset? ExpiryDate { get; init; }
    /// <summary>Data coding scheme; chosen by the server when null.</summary>
    public int? Dcs { get; init; }
    /// <summary>User data header, hex.</summary>
    public string? Udh { get; init; }
    /// <summary>Protocol identifier.</summary>
    public int? Pid { get; init; }
}

/// <summary>A user to create. The SDK sends the SHA-1 of <see cref="Password"/>, as EMnify requires.</summary>
public sealed record NewUser(string Username, string Name, string Password)
{
    /// <summary>1 Admin (default), 2 Observer.</summary>
    public IReadOnlyList<int>? Roles { get; init; }
}

/// <summary>A partial update of a user.</summary>
public sealed record UserUpdate
{
    /// <summary>New display name.</summary>
    public string? Name { get; init; }
    /// <summary>0 Activation Pending, 1 Active, 2 Suspended.</summary>
    public int? Status { get; init; }
    /// <summary>1 Admin, 2 Observer.</summary>
    public IReadOnlyList<int>? Roles { get; init; }
}

/// <summary>A customer organisation to create with its first admin; the SDK hashes the password.</summary>
public sealed record NewOrganisation(string Name, string AdminUsername, string AdminName, string AdminPassword);

/// <summary>An application token to create.</summary>
public sealed record NewApplicationToken
{
    /// <summary>What it is for.</summary>
    public string? Description { get; init; }
    /// <summary>When it stops working.</summary>
    public DateTimeOffset? ExpiryDate { get; init; }
    /// <summary>A CIDR range logins must come from.</summary>
    public string? Ip { get; init; }
}

/// <summary>One SIM of an import: ICCID (19 digits, or 20 with the Luhn digit), IMSI, optional MSISDN.</summary>
public sealed record NewSim(string Iccid, string Imsi, string? Msisdn = null);

/// <summary>An operator's SIM import (<c>POST /api/v1/admin/sim_batch</c>, at most 10,000 SIMs).</summary>
public sealed record SimBatchImport(IReadOnlyList<NewSim> Sims)
{
    /// <summary>The organisation the SIMs belong to at once; null leaves them for registration by BIC.</summary>
    public OrganisationId? CustomerOrganisation { get; init; }
    /// <summary>Issued (default), Activated or Factory Test; only with <see cref="CustomerOrganisation"/>.</summary>
    public SimStatus? Status { get; init; }
    /// <summary>The batch code; generated when null.</summary>
    public string? Bic { get; init; }
}

/// <summary>An SMS quota.</summary>
public sealed record SmsQuotaSettings(long Volume, DateTimeOffset ExpiryDate, int ThresholdPercentage = 80)
{
    /// <summary>1 ACTIVE.</summary>
    public int Status { get; init; } = 1;
}

/// <summary>A change to a simulated handset.</summary>
public sealed record SimulatedDeviceUpdate
{
    /// <summary>Attach or detach.</summary>
    public bool? Attached { get; init; }
    /// <summary><c>none</c>, <c>absent_subscriber</c>, <c>memory_full</c>, <c>unknown_subscriber</c>, <c>reject</c>.</summary>
    public string? Fault { get; init; }
    /// <summary>Answer every MT SMS with an MO SMS of the same text.</summary>
    public bool? Echo { get; init; }
    /// <summary>Attach and detach every n seconds.</summary>
    public int? ToggleSeconds { get; init; }
    /// <summary>Stop toggling.</summary>
    public bool? ClearToggle { get; init; }
}

internal static class WireDates
{
    /// <summary>ISO 8601 UTC with milliseconds, which both Cellgate and EMnify accept.</summary>
    public static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The quota's <c>yyyy-MM-dd HH:mm:ss</c> (UTC).</summary>
    public static string Quota(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

// The JSON bodies as the API expects them (snake_case by the serializer context; nulls left out).
internal sealed record IdRef([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Id)
{
    public static IdRef? Of(long? id) => id is null ? null : new IdRef(id);
}

internal sealed record AuthenticateWire(string? ApplicationToken = null, string? Username = null, string? Password = null, string? RefreshToken = null);

internal sealed record DeviceWire(
    string? Name, IdRef? Status, IdRef? ServiceProfile, IdRef? TariffProfile, IdRef? Sim, string? Tags, string? Imei,
    IdRef? IpAddressSpace, string? IpAddress);

internal sealed record SmsWire(string Payload, string? SourceAddress, string? ExpiryDate, int? Dcs, string? Udh, int? Pid);

internal sealed record NewAdminWire(string Username, string Name, string Password);

internal sealed record OrganisationWire(string? Name, NewAdminWire? Admin, IdRef? Status);

internal sealed record UserWire(string? Username, string? Name, string? Password, IReadOnlyList<IdRef>? Roles, IdRef? Status);

internal sealed record PasswordWire(string OldPassword, string NewPassword);

internal sealed record ApplicationTokenWire(string? Description, string? ExpiryDate, string? Ip, IdRef? Status);

internal sealed record SimWire(string Iccid, string Imsi, string? Msisdn);

internal sealed record SimBatchWire(string? Bic, IdRef? CustomerOrg, IdRef? SimStatus, IReadOnlyList<SimWire> Sims);

internal sealed record SimStatusWire(IdRef Status);

internal sealed record RegisterBatchWire(IdRef SimStatus);

internal sealed record ProfileWire(string? Name, string? Description);

internal sealed record IpAddressSpaceWire(string IpAddressSpace, int IpAddressVersion);

internal sealed record QuotaWire(long Volume, string ExpiryDate, int ThresholdPercentage, IdRef Status);

internal sealed record SimulatedDeviceWire(bool? Attached, string? Fault, bool? Echo, int? ToggleSeconds, bool? ClearToggle);

internal sealed record MoWire(string DestAddress, string Payload);

internal sealed record ErrorWire(int? ErrorCode, string? ErrorToken, string? Message, IReadOnlyList<ErrorWire>? Errors);
