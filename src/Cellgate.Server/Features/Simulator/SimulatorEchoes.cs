using System.Threading.Channels;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// Echo replies, sent after the delivery round, outside it: the transport enqueues each freshly received SMS of an
/// echo handset here once the inbox has committed, and this loop answers it with an MO SMS. A refused or failing echo
/// is logged and dropped: it never touches the round that delivered the SMS. The echo is a demo behaviour and the queue
/// is in memory: echoes still waiting when the process stops are not sent (the MT itself is delivered and recorded).
/// </summary>
public sealed partial class SimulatorEchoes(SimulatorMo mo, TimeProvider time, ILogger<SimulatorEchoes> logger) : BackgroundService
{
    public const int Capacity = 10_000;

    private readonly Channel<ClaimedSms> _queue = Channel.CreateBounded<ClaimedSms>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    /// <summary>Queues the echo of a delivered SMS; never waits (a full queue drops it, with a log line).</summary>
    public void Enqueue(ClaimedSms delivered)
    {
        if (!_queue.Writer.TryWrite(delivered)) Log.Dropped(logger, delivered.Id);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(async ct =>
        {
            var sms = await _queue.Reader.ReadAsync(ct);
            try
            {
                await mo.EchoAsync(sms, ct);
            }
            catch (MoIntake.MoRefusedException)
            {
                // A refused MO (profile, detached meanwhile) is simply not sent, as a handset's would not be.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.Failed(logger, ex, sms.Id); // dropped; the next echo goes on
            }
        }, (ex, backoff) => Log.LoopFailed(logger, ex, backoff), time, stoppingToken);

    private static partial class Log
    {
        [LoggerMessage(3220, LogLevel.Warning, "Echo reply to SMS {SmsId} failed and was dropped")]
        public static partial void Failed(ILogger logger, Exception exception, long smsId);

        [LoggerMessage(3221, LogLevel.Warning, "Echo queue full: the echo reply to SMS {SmsId} was dropped")]
        public static partial void Dropped(ILogger logger, long smsId);

        [LoggerMessage(3222, LogLevel.Error, "Echo loop failed; going on in {Backoff}")]
        public static partial void LoopFailed(ILogger logger, Exception exception, TimeSpan backoff);
    }
}
