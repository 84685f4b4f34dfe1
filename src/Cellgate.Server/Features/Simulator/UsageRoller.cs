using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using Cellgate.Delivery;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Simulator;

/// <summary>How usage waiting in <c>usage_pending</c> is folded into the rollups (docs/connectivity.md).</summary>
public sealed class UsageOptions
{
    public const string Section = "Cellgate:Usage";

    /// <summary>Seconds (of the server's clock) between rolls: pending usage is in the rollups at most this much later.</summary>
    [Range(0.1, 3600)]
    public double RollupSeconds { get; set; } = 2;

    /// <summary>Pending rows that start a roll before the interval is over.</summary>
    [Range(1000, 10_000_000)]
    public int RollupRows { get; set; } = 200_000;

    /// <summary>
    /// Devices whose pending rows one roll transaction folds (all of each device's rows): a roll goes through the devices
    /// in slices of this many, one writer transaction each, so SMS writes never wait behind a whole roll.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RollupDevices { get; set; } = 250;

    /// <summary>
    /// Pending rows a roll transaction aims at: after each slice the roller sizes the next one (at most
    /// <see cref="RollupDevices"/> devices, at least one) so that it takes about this many rows — or as many as the feed
    /// appended meanwhile, when that is more, so that the roller keeps pace with a bulk load. A backlog of many hours
    /// per device (a feed's back-dated history) then goes in short transactions too, instead of slices of 250 devices
    /// with dozens of rows each that held the writer, and the SMS queued behind it, for a hundred milliseconds and more.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RollupSliceRows { get; set; } = 1000;

    /// <summary>
    /// Records of a usage feed request sent with an <c>Idempotency-Key</c> per writer transaction: a larger request goes in
    /// chunks of this many, each a bulk write of the group-commit writer (a group of its own), so an SMS waits at most
    /// for the chunk being committed. 300: SMS alongside a 10,000-endpoint feed at 93 % of their rate alone with 68,000
    /// records/s ingested; 500: 89 % and 76,000/s; 250: 93 % and 55,000/s (docs/benchmarks.md, 2026-12-01).
    /// </summary>
    [Range(10, 10_000)]
    public int FeedWriteRecords { get; set; } = 300;

    /// <summary>
    /// Usage feed writes (chunks) of all requests waiting for the writer at once, however many feed requests run in
    /// parallel (the writer runs one a group).
    /// </summary>
    [Range(1, 1000)]
    public int FeedWritesQueued { get; set; } = 2;
}

/// <summary>
/// Folds <c>usage_pending</c> into the hourly, daily and monthly rollups in the writer (<see cref="DataPlaneStore.Roll"/>),
/// every <see cref="UsageOptions.RollupSeconds"/> or as soon as <see cref="UsageOptions.RollupRows"/> rows were added,
/// each rollup key once per roll however many records it sums, <see cref="UsageOptions.RollupDevices"/> devices a
/// writer transaction. The pending rows are durable, so a stop loses nothing:
/// the next start rolls them. The statistics read the rollups plus the pending rows, so they never wait for a roll.
/// </summary>
public sealed partial class UsageRoller(SmsWriter writer, TimeProvider time, IOptions<UsageOptions> options, ILogger<UsageRoller> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _added;
    private long _fed; // rows appended since the last slice
    private int _slice = int.MaxValue;

    /// <summary>Tells the roller that <paramref name="rows"/> rows were appended to <c>usage_pending</c> (and committed).</summary>
    public void Added(int rows)
    {
        if (rows <= 0) return;
        Interlocked.Add(ref _fed, rows);
        if (Interlocked.Add(ref _added, rows) >= options.Value.RollupRows) _wake.Writer.TryWrite(true);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(async ct =>
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var delay = Task.Delay(TimeSpan.FromSeconds(options.Value.RollupSeconds), time, wait.Token);
                await Task.WhenAny(delay, _wake.Reader.WaitToReadAsync(wait.Token).AsTask());
                wait.Cancel();
                ct.ThrowIfCancellationRequested();
            }
            _wake.Reader.TryRead(out _);
            Interlocked.Exchange(ref _added, 0);
            var (most, aim) = (options.Value.RollupDevices, options.Value.RollupSliceRows);
            var devices = Math.Min(most, _slice);
            Interlocked.Exchange(ref _fed, 0);
            for (long from = 0; ;)
            {
                var (rows, taken, last) = await writer.WriteBulkAsync((c, t) => DataPlaneStore.Roll(c, t, from, devices), ct); // a bulk write: SMS do not queue behind slices
                if (rows == 0) break;
                from = last + 1;
                // Keeping pace: the next slice takes at least the rows the feed appended while this one waited and ran.
                devices = NextSlice(taken, rows, (int)Math.Max(aim, Math.Min(Interlocked.Exchange(ref _fed, 0), int.MaxValue)), most);
            }
            _slice = devices;
            var now = time.GetUtcNow().UtcDateTime;
            await writer.WriteAsync((c, t) => UsageFeed.Forget(c, t, now), ct);
        }, (ex, backoff) => Log.RollFailed(logger, ex, backoff), time, stoppingToken);

    /// <summary>
    /// The devices of the next roll slice, sized so that it takes about <paramref name="aim"/> rows at the rows per device of
    /// the last slice (<paramref name="rows"/> of <paramref name="taken"/> devices); between one and <paramref name="most"/>.
    /// </summary>
    public static int NextSlice(int taken, int rows, int aim, int most) =>
        (int)Math.Clamp((long)taken * aim / Math.Max(rows, 1), 1, most);

    private static partial class Log
    {
        [LoggerMessage(3240, LogLevel.Error, "Usage roll failed; going on in {Backoff}")]
        public static partial void RollFailed(ILogger logger, Exception exception, TimeSpan backoff);
    }
}
