namespace Cellgate.Cli;

/// <summary>Everything the CLI takes from its process, so that tests run it in-process against a test server.</summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }

    /// <summary>Standard output is a pipe or a file: JSON by default, no colours, no progress bars.</summary>
    public required bool OutputRedirected { get; init; }

    /// <summary>Reads a line of standard input (a password given through a pipe); null at its end.</summary>
    public Func<string?> ReadLine { get; init; } = () => null;

    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>The HttpClient for a base address; tests hand out the in-process server's.</summary>
    public Func<Uri, HttpClient> CreateHttpClient { get; init; } = uri => new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(100) };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Table width when the terminal does not tell (and always in tests).</summary>
    public int? Width { get; init; }

    /// <summary><c>$CELLGATE_CONFIG</c>, else <c>~/.config/cellgate/config.json</c> (the platform's application-data folder).</summary>
    public string ConfigPath => GetVariable("CELLGATE_CONFIG") is { Length: > 0 } path
        ? path
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "cellgate", "config.json");

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OutputRedirected = Console.IsOutputRedirected,
        ReadLine = Console.ReadLine,
        GetVariable = Environment.GetEnvironmentVariable,
    };
}

/// <summary>The exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotConfigured = 3;
    public const int Unauthorized = 4;
    public const int ApiError = 5;
    public const int Unreachable = 6;
    public const int NotDelivered = 7;
    public const int TimedOut = 8;
    public const int RowsRejected = 9;
    public const int Interrupted = 130;
}

/// <summary>A problem with the configuration (no URL, no credentials): exit code 3.</summary>
internal sealed class CliConfigurationException(string message) : Exception(message);
