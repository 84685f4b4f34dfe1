using System.CommandLine;
using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary><c>cellgate events tail</c>.</summary>
internal static class EventsCommands
{
    public static Command Create(CliApp app)
    {
        var events = new Command("events", "The event log");
        var device = new Option<long?>("--device") { Description = "Only this device's events" };
        var lines = new Option<int>("--lines", "-n") { Description = "How many recent events to show first", DefaultValueFactory = _ => 10 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they happen (until Ctrl+C)" };
        var max = new Option<int?>("--max") { Description = "With --follow: stop after this many events" };
        var tail = new Command("tail", "The newest events, oldest first; with --follow, then every new one") { device, lines, follow, max };
        app.Handle(tail, async (c, ct) =>
        {
            DeviceId? only = c.Get(device) is { } d ? new DeviceId(d) : null;
            if (!c.Get(follow))
            {
                var items = (await c.Client.Events.NewestAsync(c.Get(lines), only, ct)).ToList();
                if (c.Out.Json) c.Out.WriteJson(items, CliJsonContext.Default.ListEvent);
                else c.Out.Table(["ID", "TIME", "TYPE", "DESCRIPTION", "DEVICE"], items.Select(Row));
                return ExitCodes.Ok;
            }
            var count = 0;
            await foreach (var e in c.Client.Events.WatchAsync(only, c.Get(lines), ct))
            {
                if (c.Out.Json) c.Out.WriteJsonLine(e, CliJsonLinesContext.Default.Event);
                else c.Out.Line(string.Join("  ", Row(e).Select(v => v ?? "-")));
                if (++count == c.Get(max)) break;
            }
            return ExitCodes.Ok;
        });
        events.Subcommands.Add(tail);
        return events;
    }

    private static string?[] Row(Event e) =>
        [e.Id.ToString(), Output.Date(e.Timestamp), e.EventType?.Description, e.Description, e.Device is { } d ? $"{d.Name} ({d.Id})" : null];
}
