namespace Cellgate.Server.Tests.Support;

/// <summary>
/// Waits for a condition with a deadline — the one way tests wait. Never a bare sleep: a slow machine must make a
/// test slower, not vacuously green, and a broken server must fail the test, not hang it.
/// </summary>
public static class Eventually
{
    /// <summary>Generous by default: the suite runs many servers at once on two cores.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test with <paramref name="message"/> at the deadline.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string message, TimeSpan? timeout = null, Action? between = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow >= deadline) Assert.Fail($"{message} (not within {(timeout ?? DefaultTimeout).TotalSeconds:0} s)");
            between?.Invoke();
            await Task.Delay(pause); // the poll interval, bounded by the deadline above
            if (pause < TimeSpan.FromMilliseconds(100)) pause *= 2;
        }
    }

    /// <summary>Polls <paramref name="probe"/> until its value satisfies <paramref name="done"/>; returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, Func<T, string> message, TimeSpan? timeout = null, Action? between = null)
    {
        T value = default!;
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow >= deadline) Assert.Fail($"{message(value)} (not within {(timeout ?? DefaultTimeout).TotalSeconds:0} s)");
            between?.Invoke();
            await Task.Delay(pause); // the poll interval, bounded by the deadline above
            if (pause < TimeSpan.FromMilliseconds(100)) pause *= 2;
        }
    }

    /// <summary>Synchronous condition.</summary>
    public static Task HoldsAsync(Func<bool> condition, string message, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), message, timeout);
}
