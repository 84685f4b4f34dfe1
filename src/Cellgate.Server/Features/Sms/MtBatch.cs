using Cellgate.Delivery;

namespace Cellgate.Server.Features.Sms;

/// <summary>
/// Hands the group-commit writer every MT that is waiting at the moment it gets to them as ONE write: the first MT
/// submitted while none is waiting queues a write; MT submitted until the writer runs it join that write (in the order
/// they were added), and each caller's task completes after the commit, with its own result. So a burst of submit_sm
/// decoded from one read (or from many ESMEs) costs the writer one closure and no savepoint per SMS, and with the
/// writer idle the first MT goes at once (no timer, no added latency). Order is kept: an MT added after a write took its
/// batch goes into the next write, which the writer runs after it.
/// </summary>
internal sealed class MtBatch(MtSubmission submission, SmsWriter writer, MtChannel channel)
{
    private readonly Lock _lock = new();
    private List<Waiting> _waiting = [];
    private bool _queued;

    /// <summary>Stores <paramref name="mt"/> durably with the MT waiting beside it; completes after the commit.</summary>
    public Task<MtResult> SubmitAsync(PreparedMt mt)
    {
        var waiting = new Waiting(mt);
        bool queue;
        lock (_lock)
        {
            _waiting.Add(waiting);
            queue = !_queued;
            _queued = true;
        }
        if (queue) _ = WriteAsync();
        return waiting.Result.Task;
    }

    private async Task WriteAsync()
    {
        List<Waiting>? taken = null;
        try
        {
            // The batch is taken when the writer takes this write into a group (once: a group that runs again runs the
            // same batch), and its devices' order locks go with the group's, sorted, in one statement (PostgreSQL).
            var write = new MtWrite();
            var results = await writer.WriteAsync((c, t, ct) =>
            {
                write.Reset(); // a group that runs again runs the write again
                var items = new PreparedMt[taken!.Count];
                for (var i = 0; i < items.Length; i++) items[i] = taken[i].Mt;
                return submission.InsertManyAsync(c, t, items, write, ct);
            }, () =>
            {
                lock (_lock)
                {
                    taken = _waiting;
                    _waiting = [];
                    _queued = false;
                }
                return taken.Select(w => w.Mt.Sms.DeviceId);
            }, CancellationToken.None);
            var parts = 0;
            for (var i = 0; i < results.Length; i++)
            {
                parts += results[i].Ids?.Length ?? 0;
                taken![i].Result.TrySetResult(results[i]);
            }
            submission.Accepted(channel, parts, write.Delivered);
            foreach (var action in write.Committed) action(); // delivered at submit: echoes, metrics, wake-ups
        }
        catch (Exception ex)
        {
            // The write did not run (the writer stopped) or its group failed: nothing of it is stored.
            if (taken is null)
            {
                lock (_lock)
                {
                    taken = _waiting;
                    _waiting = [];
                    _queued = false;
                }
            }
            foreach (var w in taken) w.Result.TrySetException(ex);
        }
    }

    private sealed class Waiting(PreparedMt mt)
    {
        public PreparedMt Mt { get; } = mt;
        public TaskCompletionSource<MtResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
