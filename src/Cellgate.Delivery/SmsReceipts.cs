using Microsoft.Extensions.Logging;

namespace Cellgate.Delivery;

/// <summary>
/// Where transports report the receipts of SMS they submitted upstream (<see cref="DeliveryResult.Submitted"/>): an
/// SMSC's delivery receipt ends the SMS DELIVERED, FAILED or EXPIRED with the network's error, durably (through the
/// writer), and wakes the dispatcher so that the device's next SMS goes out.
/// </summary>
public sealed partial class SmsReceipts(SmsWriter writer, DispatcherSignal signal, TimeProvider time, ILogger<SmsReceipts> logger, DeliveryMetrics? metrics = null,
    Microsoft.Extensions.Options.IOptions<WebhookOptions>? webhookOptions = null, WebhookSignal? webhookSignal = null)
{
    private readonly TimeSpan _webhookMaxAge = webhookOptions?.Value.MaxAge ?? TimeSpan.FromHours(24);

    /// <summary>
    /// Records the receipt for the SMS <paramref name="transport"/> submitted as <paramref name="upstreamId"/>.
    /// <see cref="SmsQueue.ReceiptResult.Unknown"/>: no such SMS yet (a receipt can overtake the recording of its
    /// submission) — an SMPP client answers such a <c>deliver_sm</c> with <c>ESME_RX_T_APPN</c> so the SMSC repeats it.
    /// </summary>
    public async Task<SmsQueue.ReceiptResult> RecordAsync(string transport, string upstreamId, SmsQueue.ReceiptState state, string? error,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (result, device) = await writer.WriteAsync((c, t) => SmsQueue.RecordReceipt(c, t, transport, upstreamId, state, error, now, _webhookMaxAge), cancellationToken);
        if (device is not null)
        {
            signal.Wake();
            webhookSignal?.Wake(); // its delivery report may have been enqueued
        }
        if (result != SmsQueue.ReceiptResult.Recorded) Log.NotRecorded(logger, transport, upstreamId, result);
        else metrics?.Receipt(state, error);
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(3110, LogLevel.Debug, "Receipt from {Transport} for upstream id {UpstreamId} not recorded: {Result}")]
        public static partial void NotRecorded(ILogger logger, string transport, string upstreamId, SmsQueue.ReceiptResult result);
    }
}
