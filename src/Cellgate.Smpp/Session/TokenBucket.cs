namespace Cellgate.Smpp.Session;

/// <summary>A token bucket of <c>rate</c> tokens a second holding at most one second's worth, on a <see cref="TimeProvider"/>.</summary>
internal sealed class TokenBucket(double rate, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly double _capacity = Math.Max(1, rate);
    private double _tokens = Math.Max(1, rate);
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            Refill();
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                Refill();
                if (_tokens >= 1) { _tokens -= 1; return; }
                wait = TimeSpan.FromSeconds((1 - _tokens) / rate);
            }
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * rate);
        _last = now;
    }
}
