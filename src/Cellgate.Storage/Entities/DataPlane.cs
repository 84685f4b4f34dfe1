namespace Cellgate.Storage.Entities;

/// <summary>
/// The radio side of a simulated handset (beside <see cref="SimulatedDevice"/>, which holds attach state and operator):
/// the RAT and cell it is camped on, and its traffic pattern. No row: 4G, cell 1 of LAC 1, no traffic.
/// </summary>
public sealed class SimulatedRadio
{
    public long DeviceId { get; set; }

    /// <summary>An id of the <c>rat_type</c> lookup.</summary>
    public int RatTypeId { get; set; } = DataPlaneDefaults.RatType4G;
    public int Lac { get; set; } = 1;
    public int CellId { get; set; } = 1;

    /// <summary>The traffic pattern: bytes per minute the handset sends (up) and receives (down) while its data session is open.</summary>
    public long UpBytesPerMinute { get; set; }
    public long DownBytesPerMinute { get; set; }

    /// <summary>Usage of the pattern is recorded up to here (whole minutes).</summary>
    public DateTime? MeteredUntil { get; set; }
}

public static class DataPlaneDefaults
{
    public const int RatType4G = 6;
    public const string Apn = "em";
}

/// <summary>A data session (PDP context) of a device: open while <see cref="Ended"/> is null, at most one per device.</summary>
public sealed class DataSession
{
    public long Id { get; set; }
    public long DeviceId { get; set; }
    public long OrganisationId { get; set; }
    public long? SimId { get; set; }
    public long OperatorId { get; set; }
    public int RatTypeId { get; set; }
    public required string Apn { get; set; }
    public string? IpAddress { get; set; }
    public DateTime Started { get; set; }
    public DateTime? Ended { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
}

/// <summary>One usage record: data volume and/or SMS of a device in one hour (a record never spans an hour).</summary>
public sealed class UsageRecord
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public long DeviceId { get; set; }
    public long? SimId { get; set; }
    public long? SessionId { get; set; }
    public long? OperatorId { get; set; }
    public int? RatTypeId { get; set; }
    public DateTime Time { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public int SmsMo { get; set; }
    public int SmsMt { get; set; }
}

/// <summary>Usage summed per device and SIM over an hour, a day or a month (UTC), kept in the transaction of each record.</summary>
public sealed class UsageRollup
{
    public UsagePeriod Period { get; set; }
    public long DeviceId { get; set; }

    /// <summary>The SIM the device had (0: none).</summary>
    public long SimId { get; set; }
    public DateTime Start { get; set; }
    public long OrganisationId { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public long SmsMo { get; set; }
    public long SmsMt { get; set; }
}

/// <summary>
/// Usage recorded but not yet added to the rollups (<c>usage_pending</c>): the usage feed and SMS append their sums
/// here (per device, SIM and hour of a transaction) and the usage roller folds them into <see cref="UsageRollup"/> and
/// <see cref="OrganisationUsageRollup"/> in the background, each key once per roll. The statistics read the rollups plus
/// these rows in one statement, so they stay exact while a roll is pending. The hour, day and month starts are stored
/// so that no query needs a date function.
/// </summary>
public sealed class UsagePending
{
    /// <summary>PostgreSQL only (a row per batch, device, SIM and hour); SQLite keys the table by (DeviceId, SimId, Hour).</summary>
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public long DeviceId { get; set; }

    /// <summary>The SIM the device had (0: none), as in <see cref="UsageRollup"/>.</summary>
    public long SimId { get; set; }
    public DateTime Hour { get; set; }
    public DateTime Day { get; set; }
    public DateTime Month { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public long SmsMo { get; set; }
    public long SmsMt { get; set; }
}

/// <summary>
/// A usage feed request sent with an <c>Idempotency-Key</c> (<c>POST /api/simulator/usage</c>): written in bounded
/// chunks, one writer transaction each, and this row advanced in each chunk's transaction — so a retry with the same key
/// resumes after the last committed chunk and a completed request is never recorded twice (docs/connectivity.md).
/// </summary>
public sealed class UsageFeedRequest
{
    public long OrganisationId { get; set; }

    /// <summary>The client's <c>Idempotency-Key</c> header.</summary>
    public string Key { get; set; } = "";

    /// <summary>SHA-256 (hex) of the request's records as sent: a retry with the same key must carry the same records.</summary>
    public string RequestHash { get; set; } = "";

    public int Records { get; set; }

    /// <summary>Records committed so far (the chunks are written in order).</summary>
    public int RecordsDone { get; set; }

    public int Blocked { get; set; }

    /// <summary>The first attempt's "now": records without a time get it on a resumed attempt too.</summary>
    public DateTime Now { get; set; }

    /// <summary>When the first chunk was committed (the server's clock); rows older than a day are removed.</summary>
    public DateTime Created { get; set; }
}

public enum UsagePeriod
{
    Hour = 1,
    Day = 2,
    Month = 3,
}

/// <summary>A device's data quota (EMnify's <c>/endpoint/{id}/quota/data</c>); volumes in MB.</summary>
public sealed class DataQuota
{
    public long DeviceId { get; set; }
    public long OrganisationId { get; set; }

    /// <summary>1 ACTIVE, 2 EXHAUSTED, 3 EXPIRED.</summary>
    public int Status { get; set; }
    public double Volume { get; set; }
    public DateTime ExpiryDate { get; set; }
    public double ThresholdPercentage { get; set; }
    public double ThresholdVolume { get; set; }
    public bool ThresholdReported { get; set; }
    public double LastVolumeAdded { get; set; }
    public DateTime LastStatusChangeDate { get; set; }
    public int AutoRefill { get; set; }

    /// <summary>1 Block, 2 Throttle.</summary>
    public int ActionOnExhaustion { get; set; } = 1;

    /// <summary>Throttle: the bandwidth left, octets per second.</summary>
    public long? PeakThroughput { get; set; }

    /// <summary>Auto refill: the day (UTC midnight) it last refilled.</summary>
    public DateTime? LastRefill { get; set; }
}

/// <summary>A traffic limit of a service profile: at most <see cref="Volume"/> MB of a service per day or month (UTC).</summary>
public sealed class TrafficLimit
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public long ServiceProfileId { get; set; }

    /// <summary>An id of <c>GET /api/v1/service</c> (1: data).</summary>
    public int ServiceId { get; set; }
    public long Volume { get; set; }

    /// <summary>1: a day, 2: a month.</summary>
    public int Period { get; set; } = 2;
    public int? WarningPercent { get; set; }
    public bool SatelliteOnly { get; set; }
}

/// <summary>More volume for one endpoint under one traffic limit, until the end of the limit's current period.</summary>
public sealed class TrafficLimitExtension
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public long DeviceId { get; set; }
    public long TrafficLimitId { get; set; }
    public double Volume { get; set; }
    public DateTime ExpirationDate { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A limit of Cellgate's SMS limit catalogue (<c>GET /api/v1/traffic_limit</c>) assigned to one service of a service
/// profile (EMnify's "assignment style" limit, <c>PUT /api/v1/service_profile/{id}/service/{service_id}/traffic_limit/{limit_id}</c>):
/// at most one per service and profile.
/// </summary>
public sealed class ServiceTrafficLimit
{
    public long ServiceProfileId { get; set; }

    /// <summary>An id of <c>GET /api/v1/service</c> (2: SMS MT, 3: SMS MO).</summary>
    public int ServiceId { get; set; }

    /// <summary>An id of the catalogue.</summary>
    public int TrafficLimitId { get; set; }
    public long OrganisationId { get; set; }
}

/// <summary>A ratezone inclusive volume of Cellgate's catalogue assigned to an organisation for a range of months.</summary>
public sealed class InclusiveVolume
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }

    /// <summary>An id of the catalogue (the ratezone inclusive volume).</summary>
    public int CatalogueId { get; set; }

    /// <summary>The first day (UTC midnight) of the first month it counts.</summary>
    public DateTime StartDate { get; set; }

    /// <summary>The last second of the last month it counts; null: indefinitely.</summary>
    public DateTime? EndDate { get; set; }
    public bool Pooled { get; set; } = true;
}

/// <summary>The inclusive volume a tariff profile's traffic counts against (at most one per tariff profile).</summary>
public sealed class TariffProfileInclusiveVolume
{
    public long TariffProfileId { get; set; }
    public long InclusiveVolumeId { get; set; }
}

/// <summary>That an endpoint was warned of a traffic limit (its <c>warning_percent</c>) in the period starting <see cref="PeriodStart"/>: once per period.</summary>
public sealed class TrafficLimitWarning
{
    public long DeviceId { get; set; }
    public long TrafficLimitId { get; set; }
    public DateTime PeriodStart { get; set; }
}

/// <summary>The SMS (parts) an endpoint sent (MO) or was sent (MT) in one period of an assigned SMS limit, counted at acceptance.</summary>
public sealed class SmsLimitCounter
{
    public long DeviceId { get; set; }

    /// <summary>2: SMS MT, 3: SMS MO.</summary>
    public int ServiceId { get; set; }

    /// <summary>1: a day, 2: a month.</summary>
    public int Period { get; set; }
    public DateTime PeriodStart { get; set; }
    public long Count { get; set; }
}

/// <summary>
/// Usage summed per organisation over an hour, a day or a month (UTC), kept in the same transaction as the device
/// rollups: the organisation statistics read one row per period instead of one per device.
/// </summary>
public sealed class OrganisationUsageRollup
{
    public UsagePeriod Period { get; set; }
    public long OrganisationId { get; set; }
    public DateTime Start { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public long SmsMo { get; set; }
    public long SmsMt { get; set; }
}
