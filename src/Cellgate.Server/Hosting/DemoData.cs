using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cellgate.Server.Features.Devices;
using Cellgate.Server.Features.Events;
using Cellgate.Server.Features.IpAddressSpaces;
using Cellgate.Server.Features.Sims;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>What the first start gives the operator organisation to try things with. Section <c>Cellgate:Demo</c>.</summary>
public sealed class DemoOptions : IValidatableObject
{
    public const string Section = "Cellgate:Demo";

    /// <summary>Seed the demo data on the first start of an empty database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many SIMs the demo batch holds; the first three serve the demo endpoints.</summary>
    [Range(10, 1000)]
    public int SimCount { get; set; } = 10;

    /// <summary>The demo IP address space (IPv4 CIDR, /8 to /29).</summary>
    [Required]
    public string IpAddressSpace { get; set; } = "10.192.0.0/24";

    /// <summary>
    /// The demo service profile's API callback, so an MO SMS of a demo device arrives as a webhook (docs/webhooks.md).
    /// Unset: the built-in demo receiver at this server's own configured HTTP address (<see cref="DefaultReceiverUrl"/>),
    /// which the SSRF guard then admits for exactly that host and port. Empty: no callback.
    /// </summary>
    [MaxLength(2000)]
    public string? WebhookReceiverUrl { get; set; }

    /// <summary>
    /// The built-in demo receiver at the server's own address as configured: the first explicit Kestrel endpoint
    /// (<c>Kestrel:Endpoints:*:Url</c>, which replaces <c>urls</c>), else the first of <c>urls</c> (<c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c>, default <see cref="ApiSetup.DefaultUrl"/>), plain HTTP preferred; a wildcard host
    /// (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) or <c>localhost</c> becomes 127.0.0.1. Null, with the reason,
    /// when the port is 0 (chosen at start, unknown while the demo is seeded) or the address cannot be read.
    /// </summary>
    public static string? DefaultReceiverUrl(IConfiguration configuration, out string? reason)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0).ToList();
        var urls = endpoints.Count > 0 ? endpoints
            : (configuration["urls"] is { Length: > 0 } u ? u : ApiSetup.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var chosen = urls.FirstOrDefault(x => x.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? urls.FirstOrDefault(x => x.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        reason = null;
        if (chosen is null)
        {
            reason = $"no http(s) address in '{string.Join(';', urls)}'";
            return null;
        }
        var scheme = chosen[..chosen.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
        var authority = chosen[(scheme.Length + 3)..];
        if (authority.IndexOf('/') is var slash and >= 0) authority = authority[..slash];
        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            host = close > 0 ? authority[..(close + 1)] : authority;
            if (close > 0 && authority.Length > close + 1 && authority[close + 1] == ':') portText = authority[(close + 2)..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
            if (colon >= 0) portText = authority[(colon + 1)..];
        }
        var port = portText is null ? (scheme == "https" ? 443 : 80) : int.TryParse(portText, CultureInfo.InvariantCulture, out var p) ? p : -1;
        if (port is < 1 or > 65535)
        {
            reason = port == 0 ? $"the port of {chosen} is chosen at start" : $"the port of {chosen} cannot be read";
            return null;
        }
        if (host is "*" or "+" or "0.0.0.0" or "[::]" or "" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) host = "127.0.0.1";
        return $"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}{Features.Webhooks.DemoWebhookReceiver.Path}";
    }

    /// <summary>The demo callback to seed (null: none, with the reason when it was to be derived and could not be).</summary>
    public string? ReceiverUrl(IConfiguration configuration, out string? reason)
    {
        reason = null;
        if (WebhookReceiverUrl is not null) return WebhookReceiverUrl.Trim() is { Length: > 0 } configured ? configured : null;
        return DefaultReceiverUrl(configuration, out reason);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IpAddresses.TryParseCidr(IpAddressSpace, out var network, out var prefix) || prefix is < IpAddresses.MinPrefix or > 29
            || (network & ((1L << (32 - prefix)) - 1)) != 0)
            yield return new ValidationResult("IpAddressSpace must be an IPv4 network in CIDR notation, /8 to /29, e.g. 10.192.0.0/24.", [nameof(IpAddressSpace)]);
    }
}

/// <summary>
/// Seeds the operator organisation on the first start: a service profile, a tariff profile, an IP address space,
/// a batch of SIMs (test network numbers: ICCID 89999…, IMSI 00101…, MSISDN 99901…) and three endpoints,
/// two enabled with activated SIMs and one disabled.
/// </summary>
public static partial class DemoData
{
    public const string Bic = "DEMO-BATCH";

    public static async Task SeedAsync(CellgateDbContext db, IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!options.Enabled) return;
        var events = services.GetRequiredService<EventLog>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var org = await db.Organisations.Where(o => o.Type == OrganisationType.Master).OrderBy(o => o.Id).FirstAsync(ct);
        var actor = EventActor.System;

        var receiverUrl = options.ReceiverUrl(services.GetRequiredService<IConfiguration>(), out var noReceiver);
        if (noReceiver is not null) Log.NoDemoCallback(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoData)), noReceiver);
        // The demo callback is signed with a random secret (encrypted before the transaction: it may create the key).
        var demoSecret = receiverUrl is null ? default
            : await services.GetRequiredService<Features.Webhooks.WebhookSecrets>().ProtectAsync(Features.Auth.Secrets.NewUrlSafe(32), ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var serviceProfile = new ServiceProfile
        {
            OrganisationId = org.Id, Name = "Default service profile", Description = "Data and SMS (MT, MO, P2P) allowed; SMS via the REST API",
            EsmeInterfaceType = 1, Created = now,
        };
        var tariffProfile = new TariffProfile { OrganisationId = org.Id, Name = "Default tariff profile", Description = "Demo tariff profile", Created = now };
        if (receiverUrl is not null)
        {
            var callback = new ApiCallback { OrganisationId = org.Id, Url = receiverUrl, Purpose = "Demo: the built-in webhook receiver", Created = now };
            db.ApiCallbacks.Add(callback);
            await db.SaveChangesAsync(ct);
            var secret = new ApiSecret { OrganisationId = org.Id, Purpose = "Demo: signs the demo callback", KeyId = demoSecret.KeyId, Protected = demoSecret.Protected!, Created = now };
            db.ApiSecrets.Add(secret);
            await db.SaveChangesAsync(ct);
            serviceProfile.ApiCallbackId = callback.Id;
            serviceProfile.ApiSecretId = secret.Id;
        }
        db.ServiceProfiles.Add(serviceProfile);
        db.TariffProfiles.Add(tariffProfile);
        IpAddresses.TryParseCidr(options.IpAddressSpace, out var network, out var prefix);
        var space = await IpAddressSpacesApi.TryAssignAsync(db, org.Id, network, prefix, now, ct)
            ?? throw new InvalidOperationException($"The demo IP address space {options.IpAddressSpace} is already assigned.");

        var batch = new SimBatch { Bic = Bic, IssuerOrganisationId = org.Id, CustomerOrganisationId = org.Id, Quantity = options.SimCount, Created = now, Registered = now };
        db.SimBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        var sims = Enumerable.Range(1, options.SimCount).Select(i =>
        {
            var iccid = "8999900" + i.ToString("D12", CultureInfo.InvariantCulture);
            return new Sim
            {
                Iccid = iccid, IccidWithLuhn = iccid + SimNumbers.LuhnDigit(iccid),
                Imsi = "00101" + i.ToString("D10", CultureInfo.InvariantCulture),
                Msisdn = "99901" + i.ToString("D10", CultureInfo.InvariantCulture),
                Status = SimStatus.Issued, ProductionDate = now, Created = now, IssuerOrganisationId = org.Id, CustomerOrganisationId = org.Id,
                SimBatchId = batch.Id, ModelId = SimsApi.Models[0].Id,
            };
        }).ToList();
        db.Sims.AddRange(sims);
        events.Add(db, org.Id, EventTypes.SimRegistration, $"Batch of {sims.Count} SIM(s) registered.", actor);
        await db.SaveChangesAsync(ct);

        var devices = new List<Device>();
        for (var i = 0; i < 3; i++)
        {
            var address = space.FirstAddress + 1 + i;
            devices.Add(new Device
            {
                OrganisationId = org.Id, Name = $"Demo device {i + 1}", Tags = "demo", Status = i < 2 ? DeviceStatus.Enabled : DeviceStatus.Disabled,
                ServiceProfileId = serviceProfile.Id, TariffProfileId = tariffProfile.Id, SimId = sims[i].Id,
                IpAddressSpaceId = space.Id, IpAddress = IpAddresses.Format(address), IpAddressValue = address, Created = now, LastUpdated = now,
            });
        }
        db.Devices.AddRange(devices);
        await db.SaveChangesAsync(ct);
        await DevicePages.BumpAsync(db, org.Id, devices.Count, ct);
        for (var i = 0; i < devices.Count; i++)
        {
            var (device, sim) = (devices[i], sims[i]);
            events.Add(db, org.Id, EventTypes.EndpointCreated, $"Endpoint {device.Id} created", actor, device);
            if (device.Status == DeviceStatus.Enabled) SimLifecycle.Change(db, events, sim, SimStatus.Activated, org.Id, actor, device, now);
            events.Add(db, org.Id, EventTypes.SimAssigned, $"SIM {sim.Id} assigned to endpoint {device.Id}", actor, device, sim, detail: new { });
            // The enabled demo handsets start attached, so an SMS sent right after the first start is delivered.
            if (device.Status == DeviceStatus.Enabled)
                db.SimulatedDevices.Add(new SimulatedDevice { DeviceId = device.Id, OrganisationId = org.Id, Attached = true, LastChange = now });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Log.Seeded(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoData)), org.Name, devices.Count, sims.Count, space.Cidr);
    }

    private static partial class Log
    {
        [LoggerMessage(3410, LogLevel.Information, "Demo data: organisation '{Organisation}' got {Devices} endpoints, {Sims} SIMs and IP address space {Space}")]
        public static partial void Seeded(ILogger logger, string organisation, int devices, int sims, string space);

        [LoggerMessage(3411, LogLevel.Information, "Demo data: the demo service profile gets no webhook callback: {Reason}; set Cellgate:Demo:WebhookReceiverUrl to give it one")]
        public static partial void NoDemoCallback(ILogger logger, string reason);
    }
}
