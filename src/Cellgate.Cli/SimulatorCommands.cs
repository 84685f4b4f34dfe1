using System.CommandLine;
using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary><c>cellgate simulator attach|detach|mo</c>: Cellgate's network simulator.</summary>
internal static class SimulatorCommands
{
    public static Command Create(CliApp app)
    {
        var simulator = new Command("simulator", "Cellgate's network simulator (the virtual handsets)");
        simulator.Subcommands.Add(Attach(app, "attach", "Attach the handset; its buffered SMS are delivered at once"));
        simulator.Subcommands.Add(Attach(app, "detach", "Detach the handset; SMS to it are buffered"));

        var device = DevicesCommands.DeviceArgument("The sending device");
        var to = new Argument<string>("TO") { Description = "A short code (up to 7 digits) or another device's MSISDN" };
        var text = new Argument<string>("TEXT") { Description = "The text" };
        var mo = new Command("mo", "Make the device send an SMS (mobile-originated)") { device, to, text };
        app.Handle(mo, async (c, ct) =>
        {
            var from = new DeviceId(c.Get(device));
            var id = await c.Client.Simulator.SendMoAsync(from, c.Get(to), c.Get(text), ct);
            if (c.Out.Json) c.Out.WriteJson(new SentSms(id, from), CliJsonContext.Default.SentSms);
            else c.Out.Line($"MO SMS {id} sent by device {from} to {c.Get(to)}.");
            return ExitCodes.Ok;
        });
        simulator.Subcommands.Add(mo);
        return simulator;
    }

    private static Command Attach(CliApp app, string verb, string description)
    {
        var device = DevicesCommands.DeviceArgument();
        var command = new Command(verb, description) { device };
        app.Handle(command, async (c, ct) =>
        {
            var id = new DeviceId(c.Get(device));
            var state = verb == "attach" ? await c.Client.Simulator.AttachAsync(id, ct) : await c.Client.Simulator.DetachAsync(id, ct);
            if (c.Out.Json) c.Out.WriteJson(state, CliJsonContext.Default.SimulatedDevice);
            else c.Out.Line($"Device {id} {(state.Attached ? "attached" : "detached")}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
