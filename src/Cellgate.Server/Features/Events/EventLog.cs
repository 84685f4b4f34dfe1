using System.Security.Claims;
using System.Text.Json;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Events;

/// <summary>Event type ids: EMnify's own (product docs, "Event types") below 1000, Cellgate's additions from 1000.</summary>
public static class EventTypes
{
    public const int Generic = 0;
    public const int SimActivation = 8;
    public const int SimSuspension = 9;
    public const int SimDeletion = 10;
    public const int EndpointEnabled = 42;
    public const int EndpointDisabled = 43;
    public const int SimFactoryTest = 45;
    public const int SimRegistration = 48;
    public const int SimReleased = 50;
    public const int SimAssigned = 51;
    public const int SmsQuotaThresholdReached = 20;
    public const int SmsQuotaUsedUp = 21;
    public const int SmsQuotaEnabled = 54;
    public const int SmsQuotaDisabled = 55;
    public const int SmsQuotaAssigned = 58;
    public const int SmsQuotaDeleted = 59;

    public const int EndpointCreated = 1000;
    public const int EndpointUpdated = 1001;
    public const int EndpointDeleted = 1002;
    public const int ServiceProfileCreated = 1003;
    public const int ServiceProfileUpdated = 1004;
    public const int ServiceProfileDeleted = 1005;
    public const int TariffProfileCreated = 1006;
    public const int TariffProfileUpdated = 1007;
    public const int TariffProfileDeleted = 1008;
    public const int IpAddressSpaceAssigned = 1009;
    public const int IpAddressSpaceReleased = 1010;

    public static IReadOnlyDictionary<int, string> All { get; } = new SortedDictionary<int, string>
    {
        [Generic] = "Generic",
        [SimActivation] = "SIM activation",
        [SimSuspension] = "SIM suspension",
        [SimDeletion] = "SIM deletion",
        [EndpointEnabled] = "Endpoint enabled",
        [EndpointDisabled] = "Endpoint disabled",
        [SimFactoryTest] = "SIM factory test",
        [SimRegistration] = "SIM registration",
        [SimReleased] = "SIM Released",
        [SimAssigned] = "SIM Assigned",
        [SmsQuotaThresholdReached] = "SMS quota threshold reached",
        [SmsQuotaUsedUp] = "SMS quota used up",
        [SmsQuotaEnabled] = "SMS quota enabled",
        [SmsQuotaDisabled] = "SMS quota disabled",
        [SmsQuotaAssigned] = "SMS quota assigned",
        [SmsQuotaDeleted] = "SMS quota deleted",
        [EndpointCreated] = "Endpoint created",
        [EndpointUpdated] = "Endpoint updated",
        [EndpointDeleted] = "Endpoint deleted",
        [ServiceProfileCreated] = "Service profile created",
        [ServiceProfileUpdated] = "Service profile updated",
        [ServiceProfileDeleted] = "Service profile deleted",
        [TariffProfileCreated] = "Tariff profile created",
        [TariffProfileUpdated] = "Tariff profile updated",
        [TariffProfileDeleted] = "Tariff profile deleted",
        [IpAddressSpaceAssigned] = "IP address space assigned",
        [IpAddressSpaceReleased] = "IP address space released",
        // The data plane's (Features/Simulator/DataPlaneStore.cs, docs/connectivity.md).
        [1] = "Update location",
        [3] = "Create PDP Context",
        [5] = "Delete PDP Context",
        [11] = "Endpoint blocked",
        [18] = "Data quota threshold reached",
        [19] = "Data quota used up",
        [56] = "Data quota assigned",
        [57] = "Data quota deleted",
        [1011] = "Traffic limit warning",
        [1012] = "SMS limit reached",
    };

    public static IdDescription Describe(int type) => new(type, All.TryGetValue(type, out var d) ? d : "Generic");
}

/// <summary>
/// EMnify's three sources (reference §4.2). EMnify records Portal actions as API too; Cellgate's own work (demo data)
/// is API as well. Databases written before 2026-11-30 held 3 (Portal) and 4 (System): migration EventSourcesAsEmnify maps them to 2.
/// </summary>
public enum EventSource
{
    Network = 0,
    PolicyControl = 1,
    Api = 2,
}

public enum EventSeverity
{
    Info = 0,
    Warn = 1,
    Critical = 2,
}

/// <summary>Who caused an event: its source and, for user logins, the user.</summary>
public sealed record EventActor(EventSource Source, long? UserId = null, string? UserName = null, string? Username = null)
{
    /// <summary>Cellgate acting on its own (demo data): source API, no user, as EMnify records application-token actions.</summary>
    public static EventActor System { get; } = new(EventSource.Api);
}

/// <summary>
/// Records events in the caller's unit of work (they commit with the change they describe) and hands out their ids:
/// time-ordered 64-bit numbers (milliseconds × 1024 + sequence), above 2^32 like EMnify's and below 2^53 so
/// JavaScript clients read them exactly. Ids are unique within one server process; <see cref="InitializeAsync"/>
/// continues after the largest stored id, so a restart (or a clock set back) never reuses one. On PostgreSQL, where
/// several nodes share the database, ids come from a database sequence instead (<see cref="EventIdSequence"/>).
/// </summary>
public sealed class EventLog(TimeProvider time, DataStreams.DataStreamCapture? streams = null, EventIdSequence? sequence = null)
{
    private readonly Lock _gate = new();
    private long _last;
    private long _blockEnd; // PostgreSQL: the end of the block of ids reserved from the database sequence
    private Task<long?>? _nextBlock; // PostgreSQL: the following block, reserved ahead without blocking a thread

    public async Task InitializeAsync(CellgateDbContext db, CancellationToken ct)
    {
        var max = await db.Events.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        if (sequence is { Enabled: true })
        {
            await sequence.AdvanceAsync(Math.Max(max, time.GetUtcNow().ToUnixTimeMilliseconds() * 1024), ct);
            return;
        }
        lock (_gate) _last = Math.Max(_last, max);
    }

    public long NextId()
    {
        if (sequence is { Enabled: true })
        {
            // Unique across nodes: ids from blocks the database hands out; time-ordered per node within a block.
            // The next block is reserved asynchronously once half of this one is used, so a request thread waits for
            // the database here only when ids are taken faster than one round trip per half block.
            lock (_gate)
            {
                if (_last + 1 >= _blockEnd)
                {
                    var first = _nextBlock is { IsCompletedSuccessfully: true, Result: { } ready } ? ready : sequence.NextBlock();
                    _nextBlock = null; // one still on its way is dropped: a sequence may have gaps
                    (_last, _blockEnd) = (first - 1, first + EventIdSequence.BlockSize);
                }
                if (_nextBlock is null && _blockEnd - _last <= EventIdSequence.BlockSize / 2) _nextBlock = sequence.NextBlockAheadAsync();
                return ++_last;
            }
        }
        var floor = time.GetUtcNow().ToUnixTimeMilliseconds() * 1024;
        lock (_gate)
        {
            _last = Math.Max(_last + 1, floor);
            return _last;
        }
    }

    /// <summary>
    /// Hands an event that raw SQL inserted (inside the SMS writer's transaction) to the data streams, in the same
    /// transaction. Events added through <see cref="Add"/> reach them on SaveChanges without this.
    /// </summary>
    public void Written(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Event e) =>
        streams?.Capture(connection, transaction, e);

    /// <summary>The actor of an API request: source API and, for a user login, the user.</summary>
    public static async Task<EventActor> ActorAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (caller.UserId() is not { } userId) return new EventActor(EventSource.Api);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Name, u.Username }).FirstOrDefaultAsync(ct);
        return new EventActor(EventSource.Api, userId, user?.Name, user?.Username);
    }

    /// <summary>Adds an event to <paramref name="db"/>; it is written by the caller's next SaveChanges.</summary>
    public Event Add(CellgateDbContext db, long organisationId, int type, string description, EventActor actor,
        Device? device = null, Sim? sim = null, object? detail = null, EventSeverity severity = EventSeverity.Info)
    {
        var e = new Event
        {
            Id = NextId(),
            OrganisationId = organisationId,
            Timestamp = time.GetUtcNow().UtcDateTime,
            EventType = type,
            EventSource = (int)actor.Source,
            EventSeverity = (int)severity,
            Alert = severity != EventSeverity.Info,
            Description = description.Length > 1000 ? description[..1000] : description,
            EndpointId = device?.Id,
            EndpointName = device?.Name,
            EndpointIpAddress = device?.IpAddress,
            EndpointImei = device?.Imei,
            EndpointTags = device?.Tags,
            SimId = sim?.Id,
            SimIccid = sim?.Iccid,
            SimProductionDate = sim?.ProductionDate,
            Imsi = sim?.Imsi,
            ImsiImportDate = sim?.Created,
            UserId = actor.UserId,
            UserName = actor.UserName,
            UserUsername = actor.Username,
            Detail = detail is null ? null : JsonSerializer.Serialize(detail, ApiJson.Options),
        };
        db.Events.Add(e);
        if (streams is not null) DataStreams.DataStreamCapture.Remember(db, e);
        return e;
    }
}
