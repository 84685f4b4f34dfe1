namespace Cellgate.Smpp.Tests.Support;

/// <summary>
/// Waits for a condition with a deadline — the one way tests wait (as in Cellgate.Server.Tests). <c>between</c>
/// runs between polls, e.g. to advance a fake clock until a background loop has noticed.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task HoldsAsync(Func<bool> condition, string message, Action? between = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (condition()) return;
            if (DateTime.UtcNow >= deadline) Assert.Fail($"{message} (not within {(timeout ?? DefaultTimeout).TotalSeconds:0} s)");
            between?.Invoke();
            await Task.Delay(pause); // the poll interval, bounded by the deadline above
            if (pause < TimeSpan.FromMilliseconds(100)) pause *= 2;
        }
    }

    /// <summary>Awaits <paramref name="task"/> with a deadline, failing the test (not hanging it) when it does not finish.</summary>
    public static async Task<T> Within<T>(Task<T> task, string message, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        if (await Task.WhenAny(task, Task.Delay(limit)) != task) Assert.Fail($"{message} (not within {limit.TotalSeconds:0} s)");
        return await task;
    }

    public static async Task Within(Task task, string message, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        if (await Task.WhenAny(task, Task.Delay(limit)) != task) Assert.Fail($"{message} (not within {limit.TotalSeconds:0} s)");
        await task;
    }
}
