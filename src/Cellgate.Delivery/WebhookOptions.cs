using System.ComponentModel.DataAnnotations;

namespace Cellgate.Delivery;

/// <summary>The webhook outbox and dispatcher's settings. Section <c>Cellgate:Webhooks</c> (docs/webhooks.md).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Cellgate:Webhooks";

    /// <summary>Whether this node sends webhooks (they are still enqueued; another node may send them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Due webhooks a dispatcher round reads at most, oldest due first, to pick those to claim: per destination at most its
    /// free concurrency slots (nothing while its circuit is open). A round reads about four times what the destinations can
    /// take now, and never more than this: a bound on one round's work on the writer, not a claim size.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a claim holds; a node that dies releases its webhooks when this runs out. Longer than a request.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often the dispatcher looks for due webhooks when nothing woke it.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>The time one request may take (connect, send, answer) before it counts as a timeout and is retried.</summary>
    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Requests in flight to one destination (scheme, host and port) at most.</summary>
    [Range(1, 1000)]
    public int MaxConcurrencyPerDestination { get; set; } = 16;

    /// <summary>The first retry delay; each further retry doubles it (with ±20 % jitter) up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 3600)]
    public int FirstRetryDelaySeconds { get; set; } = 5;

    [Range(1, 24 * 3600)]
    public int MaxRetryDelaySeconds { get; set; } = 1800;

    /// <summary>How long a webhook is retried (from its creation) before it is EXPIRED.</summary>
    [Range(1, 24 * 30)]
    public int MaxAgeHours { get; set; } = 24;

    /// <summary>Attempts a webhook answered with a 4xx (other than 408 and 429) gets before it is FAILED.</summary>
    [Range(1, 100)]
    public int ClientErrorAttempts { get; set; } = 3;

    /// <summary>Consecutive failed attempts to one destination that open its circuit.</summary>
    [Range(1, 10_000)]
    public int CircuitFailureThreshold { get; set; } = 10;

    /// <summary>How long an open circuit holds a destination's webhooks back before one trial request (half-open).</summary>
    [Range(1, 3600)]
    public int CircuitOpenSeconds { get; set; } = 30;

    /// <summary>
    /// While a destination's circuit is open, its due webhooks are moved this far ahead (parked) so that rounds stop
    /// reading them; once the circuit closes they come back oldest first, a few per round. A node that restarts in the
    /// meantime forgets its parked webhooks: they come back when this runs out.
    /// </summary>
    [Range(1, 24 * 3600)]
    public int ParkSeconds { get; set; } = 300;

    /// <summary>
    /// Targets allowed although the SSRF guard refuses them by default (loopback, private, link-local, CGNAT, metadata):
    /// <c>host</c>, <c>host:port</c> or CIDR (<c>127.0.0.0/8</c>) entries. Empty by default.
    /// </summary>
    public string[] AllowedTargets { get; set; } = [];

    /// <summary>The <c>iss</c> claim of the JWT a webhook signed with an API secret carries.</summary>
    [Required, MaxLength(200)]
    public string Issuer { get; set; } = "cellgate";

    /// <summary>Base64 of a 32-byte AES key that encrypts API secrets at rest; when unset one is generated and kept in the database.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Identifies this node's leases; defaults to host name, process id and a random part.</summary>
    public string? NodeId { get; set; }

    public TimeSpan MaxAge => TimeSpan.FromHours(MaxAgeHours);
}
