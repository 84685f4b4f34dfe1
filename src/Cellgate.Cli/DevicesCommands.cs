using System.CommandLine;
using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary><c>cellgate devices list|get|create|enable|disable|delete</c>.</summary>
internal static class DevicesCommands
{
    public static Command Create(CliApp app)
    {
        var devices = new Command("devices", "Devices (EMnify's endpoints)");
        devices.Subcommands.Add(List(app));
        devices.Subcommands.Add(Get(app));
        devices.Subcommands.Add(CreateDevice(app));
        devices.Subcommands.Add(SetStatus(app, "enable", DeviceStatus.Enabled));
        devices.Subcommands.Add(SetStatus(app, "disable", DeviceStatus.Disabled));
        devices.Subcommands.Add(Delete(app));
        return devices;
    }

    public static Argument<long> DeviceArgument(string description = "The device id") => new("DEVICE") { Description = description };

    public static Option<string?> FilterOption() => new("--filter", "-q") { Description = "EMnify's q: field:value,… (e.g. status:0,name:Tracker)" };

    public static Option<string?> SortOption() => new("--sort") { Description = "EMnify's sort: fields, - for descending (e.g. -id)" };

    public static Option<int?> LimitOption() => new("--limit", "-n") { Description = "At most this many" };

    private static Command List(CliApp app)
    {
        var filter = FilterOption();
        var sort = SortOption();
        var limit = LimitOption();
        var command = new Command("list", "List devices (every page)") { filter, sort, limit };
        app.Handle(command, async (c, ct) =>
        {
            var items = await Take(c.Client.Devices.ListAsync(new ListOptions { Filter = c.Get(filter), Sort = c.Get(sort) }, ct), c.Get(limit), ct);
            if (c.Out.Json) c.Out.WriteJson(items, CliJsonContext.Default.ListDevice);
            else c.Out.Table(["ID", "NAME", "STATUS", "ICCID", "MSISDN", "IP ADDRESS", "TAGS"],
                items.Select(d => new[] { d.Id.ToString(), d.Name, d.Status?.Description, d.Sim?.Iccid, d.Sim?.Msisdn, d.IpAddress, d.Tags }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliApp app)
    {
        var id = DeviceArgument();
        var command = new Command("get", "Show one device") { id };
        app.Handle(command, async (c, ct) =>
        {
            Write(c, await c.Client.Devices.GetAsync(new DeviceId(c.Get(id)), ct));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDevice(CliApp app)
    {
        var name = new Option<string>("--name") { Description = "The device's name", Required = true };
        var sim = new Option<long?>("--sim") { Description = "Assign this SIM (activated when the device is enabled)" };
        var disabled = new Option<bool>("--disabled") { Description = "Create it disabled" };
        var serviceProfile = new Option<long?>("--service-profile") { Description = "Service profile id (default: the organisation's first)" };
        var tariffProfile = new Option<long?>("--tariff-profile") { Description = "Tariff profile id (default: the organisation's first)" };
        var tags = new Option<string?>("--tags") { Description = "Tags" };
        var imei = new Option<string?>("--imei") { Description = "IMEI (15 or 16 digits)" };
        var command = new Command("create", "Create a device") { name, sim, disabled, serviceProfile, tariffProfile, tags, imei };
        app.Handle(command, async (c, ct) =>
        {
            // EMnify requires both profiles; without the options, the organisation's first (lowest id) ones are sent.
            var sp = c.Get(serviceProfile) is { } s1 ? new ServiceProfileId(s1)
                : (await c.Client.Profiles.ListServiceProfilesAsync(ct)).MinBy(p => p.Id.Value)?.Id
                  ?? throw new CliConfigurationException("the organisation has no service profile; create one or pass --service-profile");
            var tp = c.Get(tariffProfile) is { } t1 ? new TariffProfileId(t1)
                : (await c.Client.Profiles.ListTariffProfilesAsync(ct)).MinBy(p => p.Id.Value)?.Id
                  ?? throw new CliConfigurationException("the organisation has no tariff profile; create one or pass --tariff-profile");
            var device = await c.Client.Devices.CreateAsync(new NewDevice(c.Get(name)!)
            {
                Status = c.Get(disabled) ? DeviceStatus.Disabled : DeviceStatus.Enabled,
                Sim = c.Get(sim) is { } s ? new SimId(s) : null,
                ServiceProfile = sp,
                TariffProfile = tp,
                Tags = c.Get(tags),
                Imei = c.Get(imei),
            }, ct);
            Write(c, device);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetStatus(CliApp app, string verb, DeviceStatus status)
    {
        var id = DeviceArgument();
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} a device (its SIM is {(status == DeviceStatus.Enabled ? "activated" : "suspended")})") { id };
        app.Handle(command, async (c, ct) =>
        {
            var device = new DeviceId(c.Get(id));
            await c.Client.Devices.UpdateAsync(device, new DeviceUpdate { Status = status }, ct);
            if (c.Out.Json) c.Out.WriteJson(new ActionResult(device.Value, verb + "d"), CliJsonContext.Default.ActionResult);
            else c.Out.Line($"Device {device} {verb}d.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliApp app)
    {
        var id = DeviceArgument();
        var releaseSim = new Option<bool>("--release-sim") { Description = "Release the device's SIM first (EMnify refuses to delete a device with a SIM)" };
        var command = new Command("delete", "Delete a device (its SIM stays in the inventory)") { id, releaseSim };
        app.Handle(command, async (c, ct) =>
        {
            var device = new DeviceId(c.Get(id));
            if (c.Get(releaseSim)) await c.Client.Devices.UpdateAsync(device, new DeviceUpdate { ReleaseSim = true }, ct);
            await c.Client.Devices.DeleteAsync(device, ct);
            if (c.Out.Json) c.Out.WriteJson(new ActionResult(device.Value, "deleted"), CliJsonContext.Default.ActionResult);
            else c.Out.Line($"Device {device} deleted.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(CliContext c, Device d)
    {
        if (c.Out.Json)
        {
            c.Out.WriteJson(d, CliJsonContext.Default.Device);
            return;
        }
        c.Out.Grid([
            ("id", d.Id.ToString()), ("name", d.Name), ("status", d.Status?.Description), ("tags", d.Tags),
            ("service profile", d.ServiceProfile is { } sp ? $"{sp.Name} ({sp.Id})" : null),
            ("tariff profile", d.TariffProfile is { } tp ? $"{tp.Name} ({tp.Id})" : null),
            ("sim", d.Sim is { } s ? $"{s.Id} ({s.Status?.Description})" : null), ("iccid", d.Sim?.Iccid), ("imsi", d.Sim?.Imsi), ("msisdn", d.Sim?.Msisdn),
            ("imei", d.Imei), ("ip address", d.IpAddress), ("created", Output.Date(d.Created)), ("last updated", Output.Date(d.LastUpdated)),
        ]);
    }

    public static async Task<List<T>> Take<T>(IAsyncEnumerable<T> source, int? limit, CancellationToken ct)
    {
        var list = new List<T>();
        if (limit is <= 0) return list;
        await foreach (var item in source.WithCancellation(ct))
        {
            list.Add(item);
            if (list.Count == limit) break;
        }
        return list;
    }
}
