using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Live;

/// <summary>The live change stream (<c>GET /api/v1/live</c>). Section <c>Cellgate:Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Cellgate:Live";

    /// <summary>Streams open on this node at once; one more is answered 429.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Streams one organisation may hold open on this node at once (each browser tab holds one).</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerOrganisation { get; set; } = 50;

    /// <summary>Seconds between keep-alive comments on an idle stream (proxies close idle connections).</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// A stream ends after this many minutes at most, and when the auth token it was opened with expires; the client
    /// opens a new one (with a fresh token), so a suspended user or a revoked token stops receiving.
    /// </summary>
    [Range(1, 1440)]
    public int MaxStreamMinutes { get; set; } = 30;

    /// <summary>Changes held for a slow reader; beyond that they are dropped and the reader is told to reload (<c>reset</c>).</summary>
    [Range(1, 100_000)]
    public int QueueLength { get; set; } = 256;

    /// <summary>The <c>Retry-After</c> (seconds) of the 429 when the limits are reached.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 10;
}

/// <summary>
/// One change worth re-reading: its <paramref name="Kind"/> (<c>sms</c>, <c>device</c>, <c>handset</c>) and the
/// endpoint it concerns (null: the organisation's device list). It carries ids only, never content: a client re-reads
/// through the ordinary API, which applies the ordinary permissions.
/// </summary>
public sealed record LiveChange(string Kind, long? EndpointId = null, long? SmsId = null);

/// <summary>
/// The in-process fan-out behind the live stream: features publish a change for an organisation after it is
/// committed, and every stream open for that organisation on this node receives it. Nothing crosses organisations.
/// In-process only: with several nodes, a stream sees the changes made on its own node (docs/portal.md).
/// </summary>
public sealed class LiveFeed(IOptions<LiveOptions> options)
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<long, LiveSubscription[]> _byOrganisation = new();
    private int _total;

    /// <summary>Streams open on this node.</summary>
    public int Connections => Volatile.Read(ref _total);

    /// <summary>Whether a stream is open for the organisation (publishers skip their work otherwise).</summary>
    public bool IsWatched(long organisationId) => _byOrganisation.ContainsKey(organisationId);

    /// <summary>A subscription for the organisation, or null when this node's or the organisation's limit is reached.</summary>
    public LiveSubscription? TrySubscribe(long organisationId)
    {
        var o = options.Value;
        lock (_lock)
        {
            var current = _byOrganisation.GetValueOrDefault(organisationId, []);
            if (_total >= o.MaxConnections || current.Length >= o.MaxConnectionsPerOrganisation) return null;
            var subscription = new LiveSubscription(this, organisationId, o.QueueLength);
            _byOrganisation[organisationId] = [.. current, subscription];
            _total++;
            return subscription;
        }
    }

    internal void Remove(LiveSubscription subscription)
    {
        lock (_lock)
        {
            if (!_byOrganisation.TryGetValue(subscription.OrganisationId, out var current) || !current.Contains(subscription)) return;
            var rest = current.Where(s => s != subscription).ToArray();
            if (rest.Length == 0) _byOrganisation.TryRemove(subscription.OrganisationId, out _);
            else _byOrganisation[subscription.OrganisationId] = rest;
            _total--;
        }
    }

    /// <summary>Hands the change to every stream of the organisation on this node (never blocks; a full queue overflows).</summary>
    public void Publish(long organisationId, LiveChange change)
    {
        if (!_byOrganisation.TryGetValue(organisationId, out var subscriptions)) return;
        foreach (var s in subscriptions) s.Offer(change);
    }
}

/// <summary>One open stream's queue of changes.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveFeed _feed;
    private readonly Channel<LiveChange> _changes;
    private int _overflowed;

    internal LiveSubscription(LiveFeed feed, long organisationId, int capacity)
    {
        _feed = feed;
        OrganisationId = organisationId;
        _changes = Channel.CreateBounded<LiveChange>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public long OrganisationId { get; }

    public ChannelReader<LiveChange> Reader => _changes.Reader;

    internal void Offer(LiveChange change)
    {
        if (!_changes.Writer.TryWrite(change)) Volatile.Write(ref _overflowed, 1);
    }

    /// <summary>True once after changes were dropped for a full queue: the reader must reload everything.</summary>
    public bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;

    public void Dispose() => _feed.Remove(this);
}
