using System.Diagnostics.Metrics;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>
/// The webhook meters (docs/operations.md): attempts by result and answer class, the backlog (pending webhooks, a value
/// the dispatcher refreshes at most every 5 s, so a scrape never queries the database), destinations per circuit
/// state. Labels are bounded: never a URL, organisation or webhook id.
/// </summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _expired;
    private readonly Histogram<double> _latency;
    private long _backlog;

    public WebhookMetrics(IMeterFactory meters, WebhookCircuits circuits)
    {
        var meter = meters.Create(DeliveryMetrics.MeterName);
        _attempts = meter.CreateCounter<long>("cellgate.webhook.attempts", "{attempt}", "Webhook requests, by result (delivered, retry, failed, expired) and answer class (2xx, 4xx, 5xx, timeout, connection, forbidden).");
        _expired = meter.CreateCounter<long>("cellgate.webhook.expired", "{webhook}", "Webhooks that expired before a receiver accepted them.");
        _latency = meter.CreateHistogram<double>("cellgate.webhook.delivery.duration", "s", "Enqueue to acceptance of delivered webhooks.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600, 86400] });
        meter.CreateObservableGauge("cellgate.webhook.backlog", () => Interlocked.Read(ref _backlog), "{webhook}", "Webhooks pending or in flight (refreshed every few seconds).");
        meter.CreateObservableGauge("cellgate.webhook.circuits", () =>
        {
            var (closed, open, half) = circuits.Counts();
            return new[]
            {
                new Measurement<int>(closed, new KeyValuePair<string, object?>("cellgate.webhook.circuit_state", "closed")),
                new Measurement<int>(open, new KeyValuePair<string, object?>("cellgate.webhook.circuit_state", "open")),
                new Measurement<int>(half, new KeyValuePair<string, object?>("cellgate.webhook.circuit_state", "half_open")),
            };
        }, "{destination}", "Webhook destinations by circuit-breaker state, on this node.");
    }

    public void Attempt(WebhookResult result, string answer) => _attempts.Add(1,
        new KeyValuePair<string, object?>("cellgate.webhook.result", result.ToString().ToLowerInvariant()), new KeyValuePair<string, object?>("cellgate.webhook.answer", answer));

    public void Expired(int count)
    {
        if (count > 0) _expired.Add(count);
    }

    public void Delivered(TimeSpan sinceEnqueue) => _latency.Record(Math.Max(0, sinceEnqueue.TotalSeconds));

    public void Backlog(long value) => Interlocked.Exchange(ref _backlog, value);

    public long BacklogValue => Interlocked.Read(ref _backlog);
}
