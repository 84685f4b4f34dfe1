using System.Diagnostics.Metrics;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>
/// Meters of the upstream SMPP transport (docs/operations.md, docs/smpp.md). Labels are bounded: the upstream's name
/// (configuration), a result (command_status names or a few transport errors), a bind state.
/// </summary>
public sealed class SmppUpstreamMetrics
{
    private readonly Counter<long> _submits;
    private readonly Counter<long> _throttles;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _receipts;
    private readonly Counter<long> _mo;

    public SmppUpstreamMetrics(IMeterFactory meters, SmppUpstreams upstreams)
    {
        var meter = meters.Create(DeliveryMetrics.MeterName);
        _submits = meter.CreateCounter<long>("cellgate.smpp.upstream.submits", "{submit_sm}", "submit_sm to upstream SMSCs, by upstream and result (ok, a command_status name, or upstreamNoResponse/upstreamConnectionLost/upstreamUnavailable).");
        _throttles = meter.CreateCounter<long>("cellgate.smpp.upstream.throttles", "{event}", "ESME_RTHROTTLED answers from upstream SMSCs (each pauses a bind), by upstream.");
        _reconnects = meter.CreateCounter<long>("cellgate.smpp.upstream.reconnects", "{event}", "Lost or failed upstream binds (each followed by a back-off and a reconnect), by upstream.");
        _receipts = meter.CreateCounter<long>("cellgate.smpp.upstream.receipts", "{receipt}", "Delivery receipts from upstream SMSCs, by upstream and result (recorded, already_final, unknown, dropped, intermediate).");
        _mo = meter.CreateCounter<long>("cellgate.smpp.upstream.mo", "{sms}", "MO deliver_sm from upstream SMSCs, by upstream and result (stored or the command_status answered).");
        meter.CreateObservableGauge("cellgate.smpp.upstream.window.in_flight", () => upstreams.All.Select(u =>
            new Measurement<long>(u.Binds.Sum(b => (long)b.InFlight), new KeyValuePair<string, object?>("cellgate.smpp.upstream", u.Name))),
            "{submit_sm}", "Unanswered submit_sm per upstream (window occupancy; the window is Binds × WindowSize).");
        meter.CreateObservableGauge("cellgate.smpp.upstream.binds", () => upstreams.All.SelectMany(u => u.Binds.GroupBy(b => b.CurrentState).Select(g =>
            new Measurement<long>(g.Count(), new KeyValuePair<string, object?>("cellgate.smpp.upstream", u.Name),
                new KeyValuePair<string, object?>("cellgate.smpp.bind.state", g.Key.ToString().ToLowerInvariant())))),
            "{bind}", "Upstream binds by state (bound, throttled, connecting, waiting).");
    }

    private static KeyValuePair<string, object?> Up(string upstream) => new("cellgate.smpp.upstream", upstream);

    public void Submit(string upstream, string result) => _submits.Add(1, Up(upstream), new KeyValuePair<string, object?>("cellgate.smpp.result", result));
    public void Throttle(string upstream) => _throttles.Add(1, Up(upstream));
    public void Reconnect(string upstream) => _reconnects.Add(1, Up(upstream));
    public void Receipt(string upstream, string result) => _receipts.Add(1, Up(upstream), new KeyValuePair<string, object?>("cellgate.smpp.result", result));
    public void Mo(string upstream, string result) => _mo.Add(1, Up(upstream), new KeyValuePair<string, object?>("cellgate.smpp.result", result));
}
