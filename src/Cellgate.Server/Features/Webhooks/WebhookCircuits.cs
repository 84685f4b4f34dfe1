using System.Collections.Concurrent;
using Cellgate.Delivery;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

public enum CircuitState { Closed, Open, HalfOpen }

/// <summary>
/// A circuit breaker per destination (scheme, host and port of the URL), on this node. After
/// <see cref="WebhookOptions.CircuitFailureThreshold"/> consecutive failed attempts (5xx, 408, 429, timeouts, connection
/// errors; a 4xx answer proves the receiver alive and does not count) the circuit opens: the destination's webhooks are
/// put back without an attempt until <see cref="WebhookOptions.CircuitOpenSeconds"/> have passed; then one trial request
/// goes (half-open): success closes the circuit, failure opens it again. Visible as <c>circuit_state</c> on
/// <c>/api/v1/api_callback</c> and in the <c>cellgate.webhook.circuits</c> gauge.
/// </summary>
public sealed class WebhookCircuits(IOptions<WebhookOptions> options, TimeProvider time)
{
    private sealed class Circuit
    {
        public int Failures;
        public CircuitState State;
        public DateTime OpenUntil;
        public bool TrialInFlight;
    }

    private readonly ConcurrentDictionary<string, Circuit> _circuits = new(StringComparer.OrdinalIgnoreCase);

    public static string Destination(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Host}:{u.Port}" : url;

    /// <summary>Whether a request to <paramref name="destination"/> may go now; when not, until when to hold it back.</summary>
    public bool TryEnter(string destination, out DateTime holdUntil)
    {
        holdUntil = default;
        if (!_circuits.TryGetValue(destination, out var c)) return true;
        var now = time.GetUtcNow().UtcDateTime;
        lock (c)
        {
            switch (c.State)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open when now < c.OpenUntil:
                    holdUntil = c.OpenUntil;
                    return false;
                case CircuitState.Open:
                    c.State = CircuitState.HalfOpen;
                    c.TrialInFlight = true;
                    return true;
                default: // half-open: one trial at a time
                    if (!c.TrialInFlight)
                    {
                        c.TrialInFlight = true;
                        return true;
                    }
                    holdUntil = now.AddSeconds(1);
                    return false;
            }
        }
    }

    /// <summary>
    /// How many requests to <paramref name="destination"/> a round may claim now, before counting those in flight
    /// (<paramref name="max"/> when closed; 1 when a half-open trial may go; 0 while open or while the trial is out).
    /// Changes nothing: <see cref="TryEnter"/> takes the trial when the request is made.
    /// </summary>
    public int Allowance(string destination, int max)
    {
        if (!_circuits.TryGetValue(destination, out var c)) return max;
        var now = time.GetUtcNow().UtcDateTime;
        lock (c)
        {
            return c.State switch
            {
                CircuitState.Closed => max,
                CircuitState.Open => now < c.OpenUntil ? 0 : 1,
                _ => c.TrialInFlight ? 0 : 1,
            };
        }
    }

    /// <summary>A request <see cref="TryEnter"/> let through was not made after all: frees a half-open trial, no verdict.</summary>
    public void Abandon(string destination)
    {
        if (!_circuits.TryGetValue(destination, out var c)) return;
        lock (c) c.TrialInFlight = false;
    }

    /// <summary>Records an attempt's result (<paramref name="failed"/>: the receiver looked down).</summary>
    public void Record(string destination, bool failed)
    {
        var c = _circuits.GetOrAdd(destination, _ => new Circuit());
        lock (c)
        {
            c.TrialInFlight = false;
            if (!failed)
            {
                c.Failures = 0;
                c.State = CircuitState.Closed;
                return;
            }
            c.Failures++;
            if (c.State == CircuitState.HalfOpen || c.Failures >= options.Value.CircuitFailureThreshold)
            {
                c.State = CircuitState.Open;
                c.OpenUntil = time.GetUtcNow().UtcDateTime.AddSeconds(options.Value.CircuitOpenSeconds);
            }
        }
    }

    public CircuitState StateOf(string destination)
    {
        if (!_circuits.TryGetValue(destination, out var c)) return CircuitState.Closed;
        lock (c) return c.State;
    }

    /// <summary>Destinations per state (the metrics gauge: counts, never destination labels).</summary>
    public (int Closed, int Open, int HalfOpen) Counts()
    {
        int closed = 0, open = 0, half = 0;
        foreach (var c in _circuits.Values)
        {
            switch (c.State)
            {
                case CircuitState.Open: open++; break;
                case CircuitState.HalfOpen: half++; break;
                default: closed++; break;
            }
        }
        return (closed, open, half);
    }

    public static string Name(CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };
}
