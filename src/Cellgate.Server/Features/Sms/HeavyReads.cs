using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Cellgate.Server.Api;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Sms;

/// <summary>
/// Reads whose answer grows with the data and is not paged (the SMS list of an endpoint, a handset's inbox).
/// Section <c>Cellgate:HeavyReads</c>.
/// </summary>
public sealed class HeavyReadOptions
{
    public const string Section = "Cellgate:HeavyReads";

    /// <summary>Heavy reads streaming at the same time; default half the processors (at least one), so that the
    /// rest of the API keeps a core.</summary>
    [Range(1, 256)]
    public int MaxConcurrent { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Heavy reads waiting for their turn (oldest first); one more is answered 429 with <c>Retry-After</c>.</summary>
    [Range(0, 100_000)]
    public int MaxQueued { get; set; } = 64;

    /// <summary>The <c>Retry-After</c> of that 429, in seconds.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 2;
}

/// <summary>
/// Bounds the heavy reads running at once: a read takes a permit for the whole time its answer streams (released
/// when the request ends), waits in a queue when none is free, and is refused with 429 when the queue is full.
/// </summary>
public sealed class HeavyReadGate(IOptions<HeavyReadOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrent,
        QueueLimit = options.Value.MaxQueued,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Takes a permit for this request (held until it ends) or returns the 429 to answer.</summary>
    public async ValueTask<JsonHttpResult<ApiError>?> EnterAsync(HttpContext http)
    {
        if (await TryEnterAsync(http.RequestAborted) is { } lease)
        {
            http.Response.RegisterForDispose(lease);
            return null;
        }
        var retryAfter = options.Value.RetryAfterSeconds;
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiErrors.Result(StatusCodes.Status429TooManyRequests,
            ApiErrors.TooManyRequestsError($"Too many large reads at the same time; retry in {retryAfter} s or use page/per_page."));
    }

    /// <summary>A permit (dispose it to give it back), after waiting in the queue; null when the queue is full.</summary>
    public async ValueTask<IDisposable?> TryEnterAsync(CancellationToken ct)
    {
        var lease = await _limiter.AcquireAsync(1, ct);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        return null;
    }

    /// <summary>Reads waiting for a permit right now (for tests and diagnostics).</summary>
    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => _limiter.Dispose();
}
