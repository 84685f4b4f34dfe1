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
    /// Records the receipt for the SMS <paramref name="transport"/> submitted as <paramref name="upstreamId"/>, durably:
    /// returns after the group commit. <see cref="SmsQueue.ReceiptResult.Unknown"/>: no such SMS yet (a receipt can
    /// overtake the recording of its submission) — an SMPP client answers such a <c>deliver_sm</c> with
    /// <c>ESME_RX_T_APPN</c> so the SMSC repeats it.
    /// <para>
    /// Receipts that arrive while one write for receipts waits for its group join that write
    /// (<see cref="SmsQueue.RecordReceiptsAsync"/>: a few statements for all of them instead of a few each); the first
    /// one after that write began starts the next.
    /// </para>
    /// </summary>
    public async Task<SmsQueue.ReceiptResult> RecordAsync(string transport, string upstreamId, SmsQueue.ReceiptState state, string? error,
        CancellationToken cancellationToken = default)
    {
        var pending = new Pending(new SmsQueue.Receipt(transport, upstreamId, state, error));
        bool first;
        lock (_gate)
        {
            first = _waiting is null;
            (_waiting ??= []).Add(pending);
        }
        if (first) _ = WriteWaitingAsync();
        var result = await pending.Completion.Task.WaitAsync(cancellationToken);
        if (result != SmsQueue.ReceiptResult.Recorded) Log.NotRecorded(logger, transport, upstreamId, result);
        else metrics?.Receipt(state, error);
        return result;
    }

    private sealed record Pending(SmsQueue.Receipt Receipt)
    {
        public TaskCompletionSource<SmsQueue.ReceiptResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Lock _gate = new();
    private List<Pending>? _waiting; // receipts for the write that waits for its group; null: none waits

    /// <summary>One write for the receipts waiting when it runs (taken once: a group that runs again reuses them).</summary>
    private async Task WriteWaitingAsync()
    {
        List<Pending>? batch = null;
        try
        {
            var results = await writer.WriteAsync(async (c, t, ct) =>
            {
                if (batch is null)
                {
                    lock (_gate) (batch, _waiting) = (_waiting!, null);
                }
                return await SmsQueue.RecordReceiptsAsync(c, t, batch.Select(p => p.Receipt).ToList(), time.GetUtcNow().UtcDateTime, _webhookMaxAge, ct);
            });
            var freed = false;
            for (var i = 0; i < batch!.Count; i++)
            {
                freed |= results[i].DeviceId is not null;
                batch[i].Completion.TrySetResult(results[i].Result);
            }
            if (freed)
            {
                signal.Wake();
                webhookSignal?.Wake(); // their delivery reports may have been enqueued
            }
        }
        catch (Exception ex)
        {
            // The group failed (or the writer stopped) before this write ran or while it did: every receipt of it fails,
            // as each failed alone before; the SMSC repeats what it did not get an answer for.
            if (batch is null)
            {
                lock (_gate)
                {
                    if (_waiting is not null) (batch, _waiting) = (_waiting, null);
                }
            }
            foreach (var p in batch ?? []) p.Completion.TrySetException(ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3110, LogLevel.Debug, "Receipt from {Transport} for upstream id {UpstreamId} not recorded: {Result}")]
        public static partial void NotRecorded(ILogger logger, string transport, string upstreamId, SmsQueue.ReceiptResult result);
    }
}
