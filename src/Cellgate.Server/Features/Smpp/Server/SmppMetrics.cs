using System.Diagnostics.Metrics;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// The SMPP server's instruments, on the <c>Cellgate</c> meter. Labels are bounded: a bind type, a command, a result;
/// never a system_id, organisation or message id.
/// <list type="bullet">
/// <item><c>cellgate.smpp.binds</c> — bind attempts by <c>cellgate.smpp.bind_type</c> and <c>cellgate.smpp.result</c> (success, failure, throttled).</item>
/// <item><c>cellgate.smpp.sessions</c> — bound sessions now, by bind type.</item>
/// <item><c>cellgate.smpp.window.in_flight</c> — our deliver_sm awaiting their response, all sessions.</item>
/// <item><c>cellgate.smpp.requests</c> — ESME requests handled by <c>cellgate.smpp.command</c> and <c>cellgate.smpp.status</c> (ok, or the error's mnemonic).</item>
/// <item><c>cellgate.smpp.deliver</c> — deliver_sm sent by <c>cellgate.smpp.kind</c> (receipt, mo) and result (ok, error, timeout, dropped).</item>
/// </list>
/// </summary>
public sealed class SmppMetrics
{
    private readonly Counter<long> _binds, _requests, _deliver;

    public SmppMetrics(DeliveryMetrics metrics, SmppSessions sessions)
    {
        var meter = metrics.Meter;
        _binds = meter.CreateCounter<long>("cellgate.smpp.binds", "{bind}", "SMPP bind attempts by bind type and result.");
        _requests = meter.CreateCounter<long>("cellgate.smpp.requests", "{pdu}", "SMPP requests from ESMEs by command and status.");
        _deliver = meter.CreateCounter<long>("cellgate.smpp.deliver", "{pdu}", "deliver_sm to ESMEs by kind (receipt, mo) and result.");
        meter.CreateObservableUpDownCounter("cellgate.smpp.sessions", () => sessions.CountsByKind()
            .Select(c => new Measurement<int>(c.Count, new KeyValuePair<string, object?>("cellgate.smpp.bind_type", c.Kind))), "{session}", "Bound SMPP sessions by bind type.");
        meter.CreateObservableGauge("cellgate.smpp.window.in_flight", () => sessions.InFlight(), "{pdu}", "deliver_sm awaiting deliver_sm_resp, all sessions.");
    }

    public void Bind(string kind, string result) => _binds.Add(1,
        new KeyValuePair<string, object?>("cellgate.smpp.bind_type", kind), new KeyValuePair<string, object?>("cellgate.smpp.result", result));

    public void Request(string command, string status) => _requests.Add(1,
        new KeyValuePair<string, object?>("cellgate.smpp.command", command), new KeyValuePair<string, object?>("cellgate.smpp.status", status));

    public void Deliver(string kind, string result, int count = 1) => _deliver.Add(count,
        new KeyValuePair<string, object?>("cellgate.smpp.kind", kind), new KeyValuePair<string, object?>("cellgate.smpp.result", result));
}
