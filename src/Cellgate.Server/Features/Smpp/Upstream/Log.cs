namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>
/// Logging of the upstream SMPP transport: events 9400–9419 (the SMPP library's sessions log 9100–9115 under the
/// category <c>Cellgate.Smpp.Upstream.Session</c>). Never message text nor passwords.
/// </summary>
internal sealed partial class UpstreamLog(ILogger logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(9400, LogLevel.Information, "SMPP upstream {Upstream}: {Kind} bind {Index} bound to {Host}:{Port}")]
    public partial void Bound(string upstream, string kind, int index, string host, int port);

    [LoggerMessage(9401, LogLevel.Warning, "SMPP upstream {Upstream}: {Kind} bind {Index} lost ({Reason}); reconnecting with back-off")]
    public partial void Lost(string upstream, string kind, int index, string reason);

    [LoggerMessage(9402, LogLevel.Warning, "SMPP upstream {Upstream}: {Kind} bind {Index} refused: {Status}")]
    public partial void BindRefused(string upstream, string kind, int index, string status);

    [LoggerMessage(9403, LogLevel.Warning, "SMPP upstream {Upstream}: {Kind} bind {Index} cannot connect: {Error}")]
    public partial void ConnectFailed(string upstream, string kind, int index, string error);

    [LoggerMessage(9404, LogLevel.Information, "SMPP upstream {Upstream}: throttled (ESME_RTHROTTLED) on bind {Index}; pausing it for {Seconds} s")]
    public partial void Throttled(string upstream, int index, double seconds);

    [LoggerMessage(9405, LogLevel.Debug, "SMPP upstream {Upstream}: SMS {SmsId} submitted as {MessageId}")]
    public partial void Submitted(string upstream, long smsId, string messageId);

    [LoggerMessage(9406, LogLevel.Information, "SMPP upstream {Upstream}: SMS {SmsId} not accepted: {Error}")]
    public partial void NotAccepted(string upstream, long smsId, string error);

    [LoggerMessage(9407, LogLevel.Warning, "SMPP upstream {Upstream}: {Count} SMS not submitted, no bind available ({Error})")]
    public partial void Unavailable(string upstream, int count, string error);

    [LoggerMessage(9408, LogLevel.Debug, "SMPP upstream {Upstream}: receipt for {MessageId} ({Stat}): {Result}")]
    public partial void Receipt(string upstream, string messageId, string stat, string result);

    [LoggerMessage(9409, LogLevel.Warning, "SMPP upstream {Upstream}: receipt for unknown message id {MessageId} accepted and dropped after {Attempts} repeats")]
    public partial void ReceiptDropped(string upstream, string messageId, int attempts);

    [LoggerMessage(9410, LogLevel.Information, "SMPP upstream {Upstream}: deliver_sm that is neither a readable receipt nor an MO answered {Status}")]
    public partial void Unreadable(string upstream, string status);

    [LoggerMessage(9411, LogLevel.Debug, "SMPP upstream {Upstream}: MO from {Source} stored as SMS {SmsId}")]
    public partial void Mo(string upstream, string source, long smsId);

    [LoggerMessage(9412, LogLevel.Information, "SMPP upstream {Upstream}: MO refused with {Status}: {Reason}")]
    public partial void MoRefused(string upstream, string status, string reason);

    [LoggerMessage(9413, LogLevel.Debug, "SMPP upstream {Upstream}: intermediate receipt for {MessageId} ({Stat}) acknowledged")]
    public partial void Intermediate(string upstream, string messageId, string stat);
}
