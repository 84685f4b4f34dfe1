namespace Cellgate.Delivery;

/// <summary>
/// The one policy of every background loop (dispatcher, simulator schedule, echo replies): run a step; when it throws,
/// report it (the caller logs with its component's event id), wait a back-off that doubles from
/// <see cref="FirstBackoff"/> up to <see cref="MaxBackoff"/>, and go on. Only the host's stopping ends a loop: a
/// database error never stops the host. Waits use the injected <see cref="TimeProvider"/>.
/// </summary>
public static class BackgroundLoop
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The back-off after <paramref name="failures"/> consecutive failures (1, 2, 4 … 30 s).</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Clamp(failures - 1, 0, 20)));

    /// <summary>
    /// Runs <paramref name="step"/> until <paramref name="stoppingToken"/> is cancelled. A step does its own waiting
    /// between successful runs; <paramref name="failed"/> is called with the exception and the back-off about to be waited.
    /// </summary>
    public static async Task RunAsync(Func<CancellationToken, Task> step, Action<Exception, TimeSpan> failed, TimeProvider time, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var backoff = Backoff(++failures);
                failed(ex, backoff);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
