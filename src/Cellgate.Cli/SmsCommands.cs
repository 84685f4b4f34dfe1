using System.CommandLine;
using Cellgate.Client;
using Spectre.Console;

namespace Cellgate.Cli;

/// <summary><c>cellgate sms send|list|watch</c>.</summary>
internal static class SmsCommands
{
    public static Command Create(CliApp app)
    {
        var sms = new Command("sms", "SMS to and from devices");
        sms.Subcommands.Add(Send(app));
        sms.Subcommands.Add(List(app));
        sms.Subcommands.Add(Watch(app));
        return sms;
    }

    private static Command Send(CliApp app)
    {
        var device = DevicesCommands.DeviceArgument("The device to send to");
        var text = new Argument<string>("TEXT") { Description = "The text (longer texts are sent as a concatenated SMS)" };
        var from = new Option<string?>("--from") { Description = "The sender: digits, +digits or up to 11 letters" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait until the SMS is delivered, failed, expired or cancelled" };
        var timeout = new Option<int?>("--timeout") { Description = "With --wait: give up after this many seconds (exit code 8)" };
        var command = new Command("send", "Send an SMS to a device") { device, text, from, wait, timeout };
        app.Handle(command, async (c, ct) =>
        {
            var to = new DeviceId(c.Get(device));
            var id = await c.Client.Sms.SendAsync(to, new NewSms(c.Get(text)) { SourceAddress = c.Get(from) }, ct);
            if (!c.Get(wait))
            {
                if (c.Out.Json) c.Out.WriteJson(new SentSms(id, to), CliJsonContext.Default.SentSms);
                else c.Out.Line($"SMS {id} to device {to} accepted.");
                return ExitCodes.Ok;
            }
            var limit = c.Get(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            Sms final;
            if (c.Out.Interactive && !c.Out.Json)
            {
                final = await c.Out.Console.Status().StartAsync($"SMS {id}: submitted", async status =>
                    await c.Client.Sms.WaitForFinalStatusAsync(to, id, limit,
                        new Progress<Sms>(s => status.Status($"SMS {id}: {Markup.Escape(s.Status?.Description ?? "?")}")), ct));
            }
            else final = await c.Client.Sms.WaitForFinalStatusAsync(to, id, limit, cancellationToken: ct);
            if (c.Out.Json) c.Out.WriteJson(final, CliJsonContext.Default.Sms);
            else c.Out.Line($"SMS {id} to device {to}: {final.Status?.Description}" + (final.GsmMapError is { } e ? $" ({e})" : ""));
            return final.State == SmsStatus.Delivered ? ExitCodes.Ok : ExitCodes.NotDelivered;
        });
        return command;
    }

    private static Command List(CliApp app)
    {
        var device = DevicesCommands.DeviceArgument();
        var limit = DevicesCommands.LimitOption();
        var command = new Command("list", "List a device's SMS, MT and MO, newest first") { device, limit };
        app.Handle(command, async (c, ct) =>
        {
            var items = await DevicesCommands.Take(c.Client.Sms.ListAsync(new DeviceId(c.Get(device)), null, ct), c.Get(limit), ct);
            if (c.Out.Json) c.Out.WriteJson(items, CliJsonContext.Default.ListSms);
            else c.Out.Table(["ID", "TYPE", "STATUS", "FROM", "TO", "SUBMITTED", "TEXT"], items.Select(Row));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string?[] Row(Sms s) =>
        [s.Id.ToString(), s.SmsType?.Description, s.Status?.Description, s.SourceAddress, s.DestAddress ?? s.Msisdn, Output.Date(s.SubmitDate), s.Payload];

    private static Command Watch(CliApp app)
    {
        var device = DevicesCommands.DeviceArgument();
        var backlog = new Option<int>("--backlog") { Description = "Show this many recent SMS first", DefaultValueFactory = _ => 10 };
        var max = new Option<int?>("--max") { Description = "Stop after this many lines (default: run until Ctrl+C)" };
        var command = new Command("watch", "Follow a device's SMS live: new ones and status changes, one line each") { device, backlog, max };
        app.Handle(command, async (c, ct) =>
        {
            var count = 0;
            await foreach (var s in c.Client.Sms.WatchAsync(new DeviceId(c.Get(device)), c.Get(backlog), ct))
            {
                if (c.Out.Json) c.Out.WriteJsonLine(s, CliJsonLinesContext.Default.Sms);
                else c.Out.Line(string.Join("  ", Row(s).Select(v => v ?? "-")));
                if (++count == c.Get(max)) break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
