using System.Text.Json.Serialization;

namespace Cellgate.Client;

// What the API answers, as records. Every property the server may leave out is nullable; unknown keys are ignored,
// so the records read both Cellgate's and EMnify's answers and survive fields added later.

/// <summary>EMnify's enumeration object: <c>{"id": 1, "description": "Activated"}</c>.</summary>
public sealed record IdDescription(int Id, string? Description);

/// <summary>An organisation as embedded in other objects.</summary>
public sealed record OrganisationRef(OrganisationId Id, string? Name);

/// <summary>What <c>POST /api/v1/authenticate</c> answers; <see cref="RefreshToken"/> only for user logins.</summary>
public sealed record AuthenticationResult(string AuthToken, string? RefreshToken);

/// <summary>The user who created an application token.</summary>
public sealed record UserRef(UserId Id, string? Name, string? Username);

/// <summary>An application token as listed; the secret is shown only once, by <see cref="ApplicationTokensClient.CreateAsync"/>.</summary>
public sealed record ApplicationToken(
    ApplicationTokenId Id, string? Description, DateTimeOffset? Created, DateTimeOffset? ExpiryDate, IdDescription? Status, UserRef? Creator, string? Ip)
{
    /// <summary>Status 1 is Revoked.</summary>
    [JsonIgnore] public bool Revoked => Status?.Id == 1;
}

/// <summary>A newly created application token: its secret (shown only in this answer) and, where the server says, its id.</summary>
public sealed record CreatedApplicationToken(string ApplicationToken);

/// <summary>An organisation (tenant). Type 1 Master, 2 Customer; status 1 Active, 2 Suspended.</summary>
public sealed record Organisation(
    OrganisationId Id, string Name, IdDescription? OrganisationType, IdDescription? Status, OrganisationRef? Parent, DateTimeOffset? Created);

/// <summary>A user. Roles: 1 Admin, 2 Observer; status 0 Activation Pending, 1 Active, 2 Suspended.</summary>
public sealed record User(
    UserId Id, string Username, string? Name, DateTimeOffset? Created, IdDescription? Status, OrganisationRef? Organisation, IReadOnlyList<IdDescription>? Roles);

/// <summary>A profile reference inside a device.</summary>
public sealed record ServiceProfileRef(ServiceProfileId Id, string? Name);

/// <summary>A profile reference inside a device.</summary>
public sealed record TariffProfileRef(TariffProfileId Id, string? Name);

/// <summary>An IP address space reference; the network and version only in a single device.</summary>
public sealed record IpAddressSpaceRef(IpAddressSpaceId Id, string? IpAddressSpace, int? IpAddressVersion);

/// <summary>The SIM inside a device.</summary>
public sealed record DeviceSim(SimId Id, string? Iccid, string? IccidWithLuhn, IdDescription? Status, string? Imsi, string? Msisdn);

/// <summary>A device: EMnify's <em>endpoint</em>. Status 0 Enabled, 1 Disabled.</summary>
public sealed record Device(
    DeviceId Id, string Name, string? Tags, DateTimeOffset? Created, DateTimeOffset? LastUpdated, IdDescription? Status,
    ServiceProfileRef? ServiceProfile, TariffProfileRef? TariffProfile, DeviceSim? Sim, string? Imei, string? IpAddress,
    IpAddressSpaceRef? IpAddressSpace, bool? ImeiLock)
{
    /// <summary>Status 0 is Enabled.</summary>
    [JsonIgnore] public bool Enabled => Status?.Id == 0;
}

/// <summary>The connectivity status of a device (<c>ATTACHED</c>, <c>OFFLINE</c>, …).</summary>
public sealed record ConnectivityStatus(string? Description);

/// <summary>What <c>GET /api/v1/endpoint/{id}/connectivity</c> answers.</summary>
public sealed record DeviceConnectivity(ConnectivityStatus? Status, IReadOnlyList<string>? Services);

/// <summary>The device a SIM serves.</summary>
public sealed record SimDevice(DeviceId Id, string? Name, string? IpAddress);

/// <summary>A SIM model.</summary>
public sealed record SimModel(int Id, string? Description);

/// <summary>A SIM. Status 0 Issued, 1 Activated, 2 Suspended, 3 Deleted, 4 Factory Test.</summary>
public sealed record Sim(
    SimId Id, string Iccid, string? IccidWithLuhn, DateTimeOffset? ProductionDate, DateTimeOffset? ActivationDate, IdDescription? Status,
    OrganisationRef? CustomerOrg, OrganisationRef? IssuerOrg, [property: JsonPropertyName("endpoint")] SimDevice? Device,
    string? Imsi, string? Msisdn, SimModel? Model);

/// <summary>One SIM of a batch: its new id and ICCID.</summary>
public sealed record SimIccid(SimId Id, string Iccid);

/// <summary>What the operator's import answers.</summary>
public sealed record ImportedSimBatch(SimBatchId Id, string? Bic, int Quantity, OrganisationRef? CustomerOrg, IReadOnlyList<SimIccid>? Sim);

/// <summary>What registering a batch by its BIC answers.</summary>
public sealed record RegisteredSimBatch(IReadOnlyList<SimIccid>? Sim);

/// <summary>A service profile (the flags that matter for SMS and data).</summary>
public sealed record ServiceProfile(
    ServiceProfileId Id, string Name, string? Description,
    [property: JsonPropertyName("allowed_3g")] bool? Allowed3g,
    [property: JsonPropertyName("allowed_4g")] bool? Allowed4g,
    bool? AllowedNbIot, bool? ApplyDataQuota, bool? ApplySmsQuota,
    [property: JsonPropertyName("sms_p2p_int")] bool? SmsP2pInt,
    [property: JsonPropertyName("sms_p2p_ext")] bool? SmsP2pExt,
    IdDescription? EsmeInterfaceType);

/// <summary>A tariff profile.</summary>
public sealed record TariffProfile(TariffProfileId Id, string Name, string? Description);

/// <summary>An IP address space of the organisation; <see cref="Network"/> is the CIDR (<c>ip_address_space</c> on the wire).</summary>
public sealed record IpAddressSpace(IpAddressSpaceId Id, [property: JsonPropertyName("ip_address_space")] string Network, int? IpAddressVersion, long? UsedCount, long? AvailableCount);

/// <summary>The user an event names.</summary>
public sealed record EventUser(UserId Id, string? Name, string? Username);

/// <summary>The device an event names (a snapshot: it outlives the device).</summary>
public sealed record EventDevice(DeviceId Id, string? Name, string? IpAddress, string? Imei, string? Tags);

/// <summary>The SIM an event names.</summary>
public sealed record EventSim(SimId Id, string? Iccid);

/// <summary>An event: a state change of a device, SIM, profile, quota, ….</summary>
public sealed record Event(
    CellgateEventId Id, DateTimeOffset? Timestamp, bool? Alert, string? Description, IdDescription? EventType, IdDescription? EventSource,
    IdDescription? EventSeverity, OrganisationRef? Organisation, EventUser? User,
    [property: JsonPropertyName("endpoint")] EventDevice? Device, EventSim? Sim);

/// <summary>SMS statuses, valued as on the wire.</summary>
public enum SmsStatus
{
    /// <summary>1: waiting for its first attempt.</summary>
    DeliveryAttemptPending = 1,
    /// <summary>2: being handed to the network.</summary>
    InProgress = 2,
    /// <summary>3: the device was unreachable; retried later.</summary>
    Buffered = 3,
    /// <summary>4: final.</summary>
    Delivered = 4,
    /// <summary>5: final.</summary>
    Failed = 5,
    /// <summary>6: final.</summary>
    Expired = 6,
    /// <summary>7: final.</summary>
    Canceled = 7,
}

/// <summary>The device an SMS belongs to.</summary>
public sealed record SmsDevice(DeviceId Id, string? Name);

/// <summary>
/// An SMS, mobile-terminated (<c>sms_type</c> 1 MT) or mobile-originated (2 MO). The wire sends several numbers as
/// strings (<c>retry_count</c>, <c>dcs</c>, …); they are read as numbers here.
/// </summary>
public sealed record Sms(
    SmsId Id, IdDescription? Status, IdDescription? SmsType, string? Payload, string? SourceAddress, IdDescription? SourceAddressType,
    string? DestAddress, string? Msisdn, string? Udh, int? Dcs, int? Pid, int? RetryCount, string? GsmMapError,
    DateTimeOffset? SubmitDate, DateTimeOffset? DeliveryDate, DateTimeOffset? ExpiryDate, DateTimeOffset? FinalDate,
    [property: JsonPropertyName("endpoint_id")] DeviceId? DeviceId,
    [property: JsonPropertyName("endpoint")] SmsDevice? Device)
{
    /// <summary>The status as an enum.</summary>
    [JsonIgnore] public SmsStatus State => (SmsStatus)(Status?.Id ?? 0);

    /// <summary>Delivered, failed, expired or cancelled: nothing will change any more.</summary>
    [JsonIgnore] public bool IsFinal => State is SmsStatus.Delivered or SmsStatus.Failed or SmsStatus.Expired or SmsStatus.Canceled;

    /// <summary>True for a mobile-originated SMS (sent by the device).</summary>
    [JsonIgnore] public bool IsMobileOriginated => SmsType?.Id == 2;
}

/// <summary>The SMS quota of a device. Status 1 ACTIVE, 2 EXHAUSTED, 3 EXPIRED.</summary>
public sealed record SmsQuota(
    IdDescription? Status, long Volume, DateTimeOffset? ExpiryDate, int? ThresholdPercentage, long? ThresholdVolume, long? LastVolumeAdded,
    DateTimeOffset? LastStatusChangeDate, int? AutoRefill, IdDescription? ActionOnExhaustion);

/// <summary>A simulated handset (Cellgate's network simulator, not part of EMnify's API).</summary>
public sealed record SimulatedDevice(
    [property: JsonPropertyName("endpoint_id")] DeviceId DeviceId, bool Attached, string? Fault, bool? Echo, int? ToggleSeconds,
    DateTimeOffset? NextToggle, DateTimeOffset? LastChange);

/// <summary>An SMS the simulated handset received.</summary>
public sealed record InboxEntry(SmsId SmsId, string? Payload, string? Udh, int? Dcs, string? SourceAddress, DateTimeOffset? Received, int? Duplicates);

/// <summary>The simulator's counters for the organisation.</summary>
public sealed record SimulatorStats(long Attached, long Received, long DuplicatesSuppressed, IReadOnlyDictionary<string, long>? SmsByStatus);
