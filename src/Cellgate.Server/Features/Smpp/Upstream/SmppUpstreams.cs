using System.Diagnostics.Metrics;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>The configured upstream SMSCs (<c>Cellgate:Smpp:Upstreams</c>), each an SMS transport by its name.</summary>
public sealed class SmppUpstreams
{
    private readonly Dictionary<string, SmppUpstream> _byName;

    public SmppUpstreams(IOptions<SmppUpstreamsOptions> options, SmsReceipts receipts, MoIntake mo, TimeProvider time, ILoggerFactory loggers, IMeterFactory meters)
    {
        Metrics = new SmppUpstreamMetrics(meters, this);
        var log = new UpstreamLog(loggers.CreateLogger("Cellgate.Smpp.Upstream"));
        var sessionLogger = loggers.CreateLogger("Cellgate.Smpp.Upstream.Session");
        All = options.Value.Upstreams.Select(o => new SmppUpstream(o, receipts, mo, time, log, sessionLogger, Metrics)).ToList();
        _byName = All.ToDictionary(u => u.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<SmppUpstream> All { get; private set; } = [];

    public SmppUpstreamMetrics Metrics { get; }

    public SmppUpstream Get(string name) => _byName.TryGetValue(name, out var u) ? u
        : throw new InvalidOperationException($"No SMPP upstream named '{name}' is configured ({SmppUpstreamsOptions.Key}).");
}

/// <summary>Runs every bind of every upstream (connect, bind, reconnect with back-off); unbinds them on shutdown.</summary>
internal sealed class SmppUpstreamHost(SmppUpstreams upstreams) : BackgroundService
{
    private readonly CancellationTokenSource _loops = new(); // no timer: needs no disposal, and StopAsync may follow Dispose

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var binds = upstreams.All.SelectMany(u => u.Binds).ToList();
        return Task.WhenAll(binds.Select(b => Task.Run(() => b.RunAsync(_loops.Token), CancellationToken.None)));
    }

    /// <summary>Unbinds first (so submits in flight are answered), then ends the reconnect loops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var binds = upstreams.All.SelectMany(u => u.Binds).ToList();
        try
        {
            await Task.WhenAll(binds.Select(b => b.UnbindAsync(cancellationToken)));
        }
        finally
        {
            await _loops.CancelAsync();
            await base.StopAsync(cancellationToken);
        }
    }
}
