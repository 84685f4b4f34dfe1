namespace Cellgate.Server.Api;

/// <summary>
/// There is no capacity for the work right now (a bounded queue is full). The exception handler answers 429
/// <c>1105 TooManyRequests</c> with <c>Retry-After</c>, logged as one warning line without a stack trace.
/// </summary>
public sealed class CapacityExceededException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
