using Microsoft.Extensions.Logging;

namespace Cellgate.Client;

/// <summary>The SDK's log messages (event ids 9000–9099). Never a token, password or SMS text.</summary>
internal static partial class Log
{
    [LoggerMessage(9000, LogLevel.Debug, "Authenticating with {Method}")]
    public static partial void Authenticating(ILogger logger, string method);

    [LoggerMessage(9001, LogLevel.Debug, "Auth token obtained, renewed in {RenewIn}")]
    public static partial void Authenticated(ILogger logger, TimeSpan renewIn);

    [LoggerMessage(9002, LogLevel.Information, "Auth token refused with 401 on {Method} {Path}; authenticating again")]
    public static partial void Reauthenticating(ILogger logger, string method, string path);

    [LoggerMessage(9003, LogLevel.Warning, "{Method} {Path} answered {Status}; retry {Attempt} after {Delay}")]
    public static partial void Retrying(ILogger logger, string method, string path, int status, int attempt, TimeSpan delay);

    [LoggerMessage(9004, LogLevel.Debug, "{Method} {Path} failed: {Status} {ErrorCode} {ErrorToken}")]
    public static partial void Failed(ILogger logger, string method, string path, int status, int? errorCode, string? errorToken);

    [LoggerMessage(9005, LogLevel.Debug, "Refresh token refused; logging in with the password")]
    public static partial void RefreshRefused(ILogger logger);
}
