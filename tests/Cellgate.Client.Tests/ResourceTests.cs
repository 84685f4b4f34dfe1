using System.Net;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Client.Tests;

/// <summary>Every resource area's methods against the in-process server.</summary>
public sealed class ResourceTests : IDisposable
{
    private readonly SdkServer _server = new();
    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Application_tokens_are_created_listed_described_renamed_and_revoked()
    {
        var client = _server.Operator();
        var created = await client.ApplicationTokens.CreateAsync(new NewApplicationToken { Description = "ci", ExpiryDate = _server.App.Clock.GetUtcNow().AddDays(30) });
        Assert.False(string.IsNullOrEmpty(created.ApplicationToken));

        var listed = await client.ApplicationTokens.ListAsync();
        var token = Assert.Single(listed, t => t.Description == "ci");
        Assert.False(token.Revoked);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero), token.ExpiryDate);

        await client.ApplicationTokens.UpdateDescriptionAsync(token.Id, "ci pipeline");
        Assert.Equal("ci pipeline", (await client.ApplicationTokens.GetAsync(token.Id)).Description);

        var user = _server.Client(new CellgateClientOptions { ApplicationToken = created.ApplicationToken });
        Assert.Equal("Operator Org", (await user.Organisations.GetMineAsync()).Name);

        await client.ApplicationTokens.RevokeAsync(token.Id);
        Assert.True((await client.ApplicationTokens.GetAsync(token.Id)).Revoked);
        var refused = await Assert.ThrowsAsync<CellgateApiException>(() => user.Authentication.AuthenticateAsync(created.ApplicationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Organisations_are_created_listed_renamed_suspended_and_reactivated()
    {
        var client = _server.Operator();
        var created = await client.Organisations.CreateAsync(new NewOrganisation("Acme", "boss@acme.example", "Boss", "acme password"));
        Assert.Equal("Acme", created.Name);
        Assert.Equal(2, created.OrganisationType?.Id);

        var children = await client.Organisations.ListAsync().ToListAsync();
        Assert.Equal(created.Id, Assert.Single(children).Id);

        await client.Organisations.RenameAsync(created.Id, "Acme Ltd");
        Assert.Equal("Acme Ltd", (await client.Organisations.GetAsync(created.Id)).Name);

        var boss = _server.Client(new CellgateClientOptions { Username = "boss@acme.example", Password = "acme password" });
        Assert.Equal("Acme Ltd", (await boss.Organisations.GetMineAsync()).Name);

        await client.Organisations.SetStatusAsync(created.Id, active: false);
        Assert.Equal(2, (await client.Organisations.GetAsync(created.Id)).Status?.Id);
        await client.Organisations.SetStatusAsync(created.Id, active: true);
        Assert.Equal(1, (await client.Organisations.GetAsync(created.Id)).Status?.Id);
    }

    [Fact]
    public async Task Users_are_created_listed_updated_and_change_their_password()
    {
        var client = _server.Operator();
        var user = await client.Users.CreateAsync(new NewUser("observer@example.com", "Olga Observer", "first password") { Roles = [2] });
        Assert.Equal("observer@example.com", user.Username);
        Assert.Equal(2, Assert.Single(user.Roles!).Id);

        var all = await client.Users.ListAsync().ToListAsync();
        Assert.Equal(2, all.Count);
        Assert.Equal(user.Id, (await client.Users.GetAsync(user.Id)).Id);

        await client.Users.UpdateAsync(user.Id, new UserUpdate { Name = "Olga" });
        Assert.Equal("Olga", (await client.Users.GetByUsernameAsync("observer@example.com")).Name);

        var olga = _server.Client(new CellgateClientOptions { Username = "observer@example.com", Password = "first password" });
        await olga.Users.ChangePasswordAsync("first password", "second password");
        var again = _server.Client(new CellgateClientOptions { Username = "observer@example.com", Password = "second password" });
        Assert.Equal("Operator Org", (await again.Organisations.GetMineAsync()).Name);

        var forbidden = await Assert.ThrowsAsync<CellgateApiException>(() => again.Users.UpdateAsync(user.Id, new UserUpdate { Name = "x" }));
        Assert.Equal(1104, forbidden.ErrorCode);
    }

    [Fact]
    public async Task Devices_are_created_read_listed_enabled_disabled_updated_and_deleted()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var client = w.Client;
        var device = await client.Devices.CreateAsync(w.New("Tracker 1") with { Sim = w.Sims[0].Id, Tags = "fleet" });
        Assert.Equal("Tracker 1", device.Name);
        Assert.True(device.Enabled);
        Assert.Equal(w.Sims[0].Id, device.Sim?.Id);
        Assert.Equal("Activated", device.Sim?.Status?.Description);
        Assert.Equal("10.60.0.1", device.IpAddress);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), device.Created);

        await client.Devices.CreateAsync(w.New("Sensor 2") with { Status = DeviceStatus.Disabled });
        var listed = await client.Devices.ListAsync().ToListAsync();
        Assert.Equal(["Tracker 1", "Sensor 2"], listed.Select(d => d.Name));
        var filtered = await client.Devices.ListAsync(new ListOptions { Filter = "name:Sens" }).ToListAsync();
        Assert.Equal("Sensor 2", Assert.Single(filtered).Name);
        var sorted = await client.Devices.ListAsync(new ListOptions { Sort = "-name", PageSize = 1 }).ToListAsync();
        Assert.Equal(["Tracker 1", "Sensor 2"], sorted.Select(d => d.Name));

        await client.Devices.DisableAsync(device.Id);
        var disabled = await client.Devices.GetAsync(device.Id);
        Assert.False(disabled.Enabled);
        Assert.Equal("Suspended", disabled.Sim?.Status?.Description);
        await client.Devices.EnableAsync(device.Id);
        Assert.True((await client.Devices.GetAsync(device.Id)).Enabled);

        await client.Devices.UpdateAsync(device.Id, new DeviceUpdate { Name = "Tracker one", Imei = "490154203237518" });
        var renamed = await client.Devices.GetAsync(device.Id);
        Assert.Equal(("Tracker one", "490154203237518"), (renamed.Name, renamed.Imei));

        await client.Devices.UpdateAsync(device.Id, new DeviceUpdate { ReleaseSim = true });
        Assert.Null((await client.Devices.GetAsync(device.Id)).Sim);
        await client.Devices.UpdateAsync(device.Id, new DeviceUpdate { Sim = w.Sims[1].Id });
        Assert.Equal(w.Sims[1].Id, (await client.Devices.GetAsync(device.Id)).Sim?.Id);

        Assert.Equal("OFFLINE", (await client.Devices.GetConnectivityAsync(device.Id)).Status?.Description);
        await client.Simulator.AttachAsync(device.Id);
        Assert.Equal("ATTACHED", (await client.Devices.GetConnectivityAsync(device.Id)).Status?.Description);

        await client.Devices.UpdateAsync(device.Id, new DeviceUpdate { ReleaseSim = true }); // EMnify refuses to delete a device with a SIM
        await client.Devices.DeleteAsync(device.Id);
        var gone = await Assert.ThrowsAsync<CellgateApiException>(() => client.Devices.GetAsync(device.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Sims_are_imported_listed_read_changed_registered_and_deleted()
    {
        var client = _server.Operator();
        var me = await client.Organisations.GetMineAsync();
        var batch = await client.Sims.ImportBatchAsync(new SimBatchImport([SdkWorld.Numbers(1), SdkWorld.Numbers(2)]) { CustomerOrganisation = me.Id, Bic = "BATCH-ONE" });
        Assert.Equal(("BATCH-ONE", 2), (batch.Bic, batch.Quantity));
        Assert.Equal(me.Id, batch.CustomerOrg?.Id);

        var sims = await client.Sims.ListAsync().ToListAsync();
        Assert.Equal(batch.Sim!.Select(s => s.Id), sims.Select(s => s.Id));
        var sim = await client.Sims.GetAsync(batch.Sim![0].Id);
        Assert.Equal(SdkWorld.Numbers(1).Iccid, sim.Iccid);
        Assert.Equal(SdkWorld.Numbers(1).Imsi, sim.Imsi);
        Assert.Equal("Issued", sim.Status?.Description);
        Assert.Equal(me.Id, sim.IssuerOrg?.Id);

        await client.Sims.SetStatusAsync(sim.Id, SimStatus.Activated);
        var activated = await client.Sims.GetAsync(sim.Id);
        Assert.Equal("Activated", activated.Status?.Description);
        Assert.NotNull(activated.ActivationDate);

        await client.Sims.DeleteAsync(batch.Sim![1].Id);
        Assert.Equal("Deleted", (await client.Sims.GetAsync(batch.Sim![1].Id)).Status?.Description);

        var free = await client.Sims.ImportBatchAsync(new SimBatchImport([SdkWorld.Numbers(3)]) { Bic = "FOR-REGISTRATION" });
        Assert.Null(free.CustomerOrg);
        var registered = await client.Sims.RegisterBatchAsync("FOR-REGISTRATION", SimStatus.Activated);
        Assert.Equal(free.Sim!.Single().Id, registered.Sim!.Single().Id);
        Assert.Equal("Activated", (await client.Sims.GetAsync(free.Sim!.Single().Id)).Status?.Description);

        var sp = await client.Profiles.CreateServiceProfileAsync("sp");
        var tp = await client.Profiles.CreateTariffProfileAsync("tp");
        await client.IpAddressSpaces.CreateAsync("10.80.0.0/24");
        var withDevice = await client.Devices.CreateAsync(new NewDevice("uses a sim") { Sim = sim.Id, ServiceProfile = sp, TariffProfile = tp });
        var served = await client.Sims.GetAsync(sim.Id);
        Assert.Equal(withDevice.Id, served.Device?.Id);
    }

    [Fact]
    public async Task Profiles_and_ip_address_spaces_are_created_listed_read_and_deleted()
    {
        var client = _server.Operator();
        var sp = await client.Profiles.CreateServiceProfileAsync("SMS only", "for trackers");
        var tp = await client.Profiles.CreateTariffProfileAsync("Flat");
        var service = await client.Profiles.GetServiceProfileAsync(sp);
        Assert.Equal(("SMS only", "for trackers"), (service.Name, service.Description));
        Assert.True(service.SmsP2pInt);
        Assert.Equal(sp, Assert.Single(await client.Profiles.ListServiceProfilesAsync()).Id);
        Assert.Equal("Flat", (await client.Profiles.GetTariffProfileAsync(tp)).Name);
        Assert.Equal(tp, Assert.Single(await client.Profiles.ListTariffProfilesAsync()).Id);

        var space = await client.IpAddressSpaces.CreateAsync("10.70.0.0/28");
        var listed = Assert.Single(await client.IpAddressSpaces.ListAsync());
        Assert.Equal((space, "10.70.0.0/28", 14L), (listed.Id, listed.Network, listed.AvailableCount));

        await client.IpAddressSpaces.DeleteAsync(space);
        await client.Profiles.DeleteServiceProfileAsync(sp);
        await client.Profiles.DeleteTariffProfileAsync(tp);
        Assert.Empty(await client.IpAddressSpaces.ListAsync());
        Assert.Empty(await client.Profiles.ListServiceProfilesAsync());
        Assert.Empty(await client.Profiles.ListTariffProfilesAsync());
    }

    [Fact]
    public async Task Events_are_listed_for_the_organisation_and_for_a_device_and_followed()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker", attach: false);

        var all = await w.Client.Events.ListAsync(new ListOptions { Sort = "id" }).ToListAsync();
        Assert.Equal(all.OrderBy(e => e.Id.Value).Select(e => e.Id), all.Select(e => e.Id));
        Assert.Contains(all, e => e.EventType?.Id == 1000 && e.Device?.Id == device.Id);

        var mine = await w.Client.Events.ListForDeviceAsync(device.Id).ToListAsync();
        Assert.NotEmpty(mine);
        Assert.All(mine, e => Assert.Equal(device.Id, e.Device?.Id));

        var newest = await w.Client.Events.NewestAsync(2);
        Assert.Equal(all.TakeLast(2).Select(e => e.Id), newest.Select(e => e.Id));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<Event>();
        await foreach (var e in w.Client.Events.WatchAsync(backlog: 1, cancellationToken: cts.Token))
        {
            seen.Add(e);
            if (seen.Count == 1) await w.Client.Devices.DisableAsync(device.Id);
            if (e.EventType?.Id == 43) break; // Endpoint disabled
        }
        Assert.Equal(all[^1].Id, seen[0].Id);
        Assert.Equal(seen.OrderBy(e => e.Id.Value).Select(e => e.Id), seen.Select(e => e.Id));
    }
}
