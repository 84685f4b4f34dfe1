namespace Cellgate.Server.Hosting;

/// <summary>
/// Advises at start (a log line of level Information: nothing is wrong, only slower) when .NET's GC runs with a gen0
/// budget it cannot size. The GC sizes the allocation budget of its youngest generation from the CPU's cache size; a
/// virtual machine that hides it (Linux without <c>/sys/devices/system/cpu/cpu0/cache</c>, as in Firecracker microVMs)
/// leaves the GC a budget of about 2.5 MiB, so a busy server collects every few hundred requests: on such a machine
/// <c>DOTNET_GCgen0size=0x4000000</c> (64 MiB) cut the CPU per SMS by 11–18 % (docs/benchmarks.md, 2026-12-03). The
/// runtime reads that setting before any code runs, from the environment only: the container image and bench/server.sh
/// set it; elsewhere this line says so (docs/operations.md, "Runtime tuning").
/// </summary>
internal sealed partial class RuntimeTuning(ILogger<RuntimeTuning> logger) : IHostedService
{
    public const string CacheInfo = "/sys/devices/system/cpu/cpu0/cache";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Advice(OperatingSystem.IsLinux(), Directory.Exists, Environment.GetEnvironmentVariable) is { } advice)
            Log.GcBudgetUnknown(logger, advice);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The advice to log, or null: on Linux, when the CPU's cache size is hidden and no gen0 budget is set.</summary>
    internal static string? Advice(bool linux, Func<string, bool> directoryExists, Func<string, string?> environment)
    {
        if (!linux || directoryExists(CacheInfo)) return null;
        if (environment("DOTNET_GCgen0size") is { Length: > 0 } || environment("COMPlus_GCgen0size") is { Length: > 0 }) return null;
        return $"this machine hides its CPU cache size ({CacheInfo} is missing), so .NET's GC collects after every few MiB allocated; set DOTNET_GCgen0size=0x4000000 in the server's environment";
    }

    private static partial class Log
    {
        [LoggerMessage(3430, LogLevel.Information, "Runtime tuning: {Advice} (docs/operations.md, \"Runtime tuning\")")]
        public static partial void GcBudgetUnknown(ILogger logger, string advice);
    }
}
