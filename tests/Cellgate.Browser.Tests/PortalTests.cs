using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cellgate.Server.Tests.Support;
using Microsoft.Playwright;

namespace Cellgate.Browser.Tests;

/// <summary>One server and one Chromium for the portal tests of this class (skipped where no Chromium is installed).</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public PortalBrowser? Browser { get; private set; }
    public async Task InitializeAsync()
    {
        if (File.Exists(PortalBrowser.Chromium)) Browser = await PortalBrowser.StartAsync();
    }
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
    }
}

/// <summary>
/// The portal at <c>/</c> in a real Chromium against the real server process: the README's first steps done with the
/// mouse and keyboard instead of curl (issue 13).
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)] // the portal is a client of the API, which the Server and Client suites check on both databases
public sealed class PortalTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalBrowser B
    {
        get
        {
            Skip.If(fixture.Browser is null, $"{PortalBrowser.Chromium} is not installed (apt-get install -y chromium)");
            return fixture.Browser!;
        }
    }

    private static ILocator Message(IPage page, string text) => page.Locator(".msg", new() { HasText = text });
    private static Task ExpectStatusAsync(IPage page, string text, string status) =>
        Assertions.Expect(Message(page, text).Locator("sl-badge.status")).ToHaveAttributeAsync("data-status", status);

    [SkippableFact]
    public async Task An_admin_signs_in_creates_a_device_and_watches_an_SMS_be_delivered_buffered_and_cancelled_live()
    {
        var b = B;
        var page = await b.NewPageAsync();
        await PortalBrowser.SignInAsync(page, PortalBrowser.AdminUser, PortalBrowser.AdminPassword);
        await Assertions.Expect(page.Locator("header .role")).ToHaveTextAsync("Administrator");
        await Assertions.Expect(page.Locator("#devices-by-status .bar").First).ToContainTextAsync("Enabled");

        // Devices: the demo devices are listed; create one with a free SIM.
        await page.Locator("nav a", new() { HasText = "Devices" }).ClickAsync();
        await Assertions.Expect(page.Locator("#devices tbody tr")).ToHaveCountAsync(3);
        await PortalBrowser.ShotAsync(page, "devices");

        // A device created and deleted by a script appears and disappears in the open list, over the live stream.
        await Assertions.Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        using (var api = await b.AdminApiAsync())
        {
            var sp = (await api.GetFromJsonAsync<JsonElement>("/api/v1/service_profile"))[0].GetProperty("id").GetInt64();
            var tp = (await api.GetFromJsonAsync<JsonElement>("/api/v1/tariff_profile"))[0].GetProperty("id").GetInt64();
            var made = await api.PostAsJsonAsync("/api/v1/endpoint", new { name = "Made by a script", status = new { id = 0 }, service_profile = new { id = sp }, tariff_profile = new { id = tp } });
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            var scripted = page.Locator("#devices tbody tr", new() { HasText = "Made by a script" });
            await Assertions.Expect(scripted).ToBeVisibleAsync(new() { Timeout = 15_000 });
            Assert.True((await api.DeleteAsync(made.Headers.Location)).IsSuccessStatusCode);
            await Assertions.Expect(scripted).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        }
        await page.Locator("#new-device").ClickAsync();
        await page.Locator("#new-name input").FillAsync("Portal tracker");
        var simOption = await page.Locator("#new-sim sl-option").First.GetAttributeAsync("value");
        await PortalBrowser.ChooseAsync(page, "#new-sim", simOption!);
        await page.Locator("#create-device").ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Portal tracker");
        var deviceId = Regex.Match(page.Url, @"#/devices/(\d+)$").Groups[1].Value;
        Assert.NotEmpty(deviceId);

        // The new handset starts detached: attach it, then an SMS goes DELIVERED without a reload.
        await page.Locator("#attach").ClickAsync();
        await Assertions.Expect(page.Locator("#handset-state")).ToHaveTextAsync("attached");
        await Assertions.Expect(page.Locator("#connectivity")).ToContainTextAsync("ATTACHED");
        await page.Locator("#sms-text textarea").FillAsync("Grüße 😀");
        await Assertions.Expect(page.Locator("#sms-counter")).ToContainTextAsync("UCS-2");
        await page.Locator("#sms-text textarea").FillAsync("Hello from the portal");
        await Assertions.Expect(page.Locator("#sms-counter")).ToContainTextAsync("GSM-7 · 21 septets · 1 part");
        await page.Locator("#send-sms").ClickAsync();
        await ExpectStatusAsync(page, "Hello from the portal", "DELIVERED");

        // Detached: the next one is BUFFERED; cancel it.
        await page.Locator("#detach").ClickAsync();
        await Assertions.Expect(page.Locator("#handset-state")).ToHaveTextAsync("detached");
        await page.Locator("#sms-text textarea").FillAsync("Are you there?");
        await page.Locator("#send-sms").ClickAsync();
        await ExpectStatusAsync(page, "Are you there?", "BUFFERED");
        await PortalBrowser.ShotAsync(page, "device");
        await Message(page, "Are you there?").Locator(".cancel").ClickAsync();
        await ExpectStatusAsync(page, "Are you there?", "CANCELED");
        await Assertions.Expect(Message(page, "Are you there?").Locator(".cancel")).ToHaveCountAsync(0);

        // Changed elsewhere (here: the API; as well another tab or a script): the page follows over the live stream
        // (Server-Sent Events), well inside the 30 s after which it would re-read anyway.
        await Assertions.Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await page.Locator("#sms-text textarea").FillAsync("Stored and forwarded");
        await page.Locator("#send-sms").ClickAsync();
        await ExpectStatusAsync(page, "Stored and forwarded", "BUFFERED");
        using (var api = await b.AdminApiAsync())
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/simulator/devices/{deviceId}/attach", null)).StatusCode);
        await Assertions.Expect(page.Locator("#handset-state")).ToHaveTextAsync("attached", new() { Timeout = 15_000 });
        await Assertions.Expect(Message(page, "Stored and forwarded").Locator("sl-badge.status"))
            .ToHaveAttributeAsync("data-status", "DELIVERED", new() { Timeout = 15_000 });

        // A fault: attached but rejecting, the next SMS FAILS; and the handset answers with an MO.
        await PortalBrowser.ChooseAsync(page, "#fault", "reject");
        await Assertions.Expect(page.Locator("#simulator")).ToContainTextAsync("fault reject");
        await page.Locator("#sms-text textarea").FillAsync("This one is refused");
        await page.Locator("#send-sms").ClickAsync();
        await ExpectStatusAsync(page, "This one is refused", "FAILED");
        await page.Locator("#mo-text input").FillAsync("Reply from the device");
        await page.Locator("#send-mo").ClickAsync();
        await Assertions.Expect(page.Locator(".msg.mo", new() { HasText = "Reply from the device" })).ToBeVisibleAsync();
        await page.Locator("#show-inbox").ClickAsync();
        await Assertions.Expect(page.Locator("#inbox")).ToContainTextAsync("Hello from the portal");
        await Assertions.Expect(page.Locator("#inbox")).Not.ToContainTextAsync("Are you there?");
        await page.Locator("#device-name input").FillAsync("Portal tracker one");
        await page.Locator("#rename").ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Portal tracker one");
        await PortalBrowser.ShotAsync(page, "device-sms-console");

        // The dashboard counts the last hour's SMS by status.
        await page.Locator("nav a", new() { HasText = "Dashboard" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sms-last-hour .bar[data-label=DELIVERED]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sms-last-hour .bar[data-label=CANCELED]")).ToContainTextAsync("1");
        await Assertions.Expect(page.Locator("#sms-last-hour .bar[data-label=FAILED]")).ToBeVisibleAsync();
        await PortalBrowser.ShotAsync(page, "dashboard");
        await page.GotoAsync($"/#/devices/{deviceId}");
        await Assertions.Expect(page.Locator("#release-sim")).ToBeVisibleAsync();

        // The same device on a phone-sized screen.
        var phone = await b.NewPageAsync(390, 844);
        await PortalBrowser.SignInAsync(phone, PortalBrowser.AdminUser, PortalBrowser.AdminPassword);
        await phone.GotoAsync($"/#/devices/{deviceId}");
        await ExpectStatusAsync(phone, "Hello from the portal", "DELIVERED");
        await PortalBrowser.ShotAsync(phone, "device-phone");

        // Release the SIM, then the device can be deleted (a second click confirms).
        await page.Locator("#release-sim").ClickAsync();
        await page.Locator("#delete-device").ClickAsync();
        await page.Locator("#delete-device", new() { HasText = "Confirm delete" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Devices");
        await Assertions.Expect(page.Locator("#devices")).Not.ToContainTextAsync("Portal tracker one");

        // Application tokens: create (the secret shown once, and it works), then revoke (and it no longer does).
        await page.Locator("nav a", new() { HasText = "Application tokens" }).ClickAsync();
        await page.Locator("#token-description input").FillAsync("portal test integration");
        await page.Locator("#create-token").ClickAsync();
        await Assertions.Expect(page.Locator("#new-token-secret")).ToContainTextAsync("shown only once");
        var secret = await page.Locator("#secret-value").InnerTextAsync();
        await Assertions.Expect(page.Locator("#new-token-secret sl-copy-button")).ToBeVisibleAsync();
        await PortalBrowser.ShotAsync(page, "tokens");
        using var http = b.Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/v1/authenticate", new { application_token = secret })).StatusCode);
        var row = page.Locator("#tokens tr", new() { HasText = "portal test integration" });
        await row.Locator(".revoke").ClickAsync();
        await row.Locator(".revoke", new() { HasText = "Confirm revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/v1/authenticate", new { application_token = secret })).StatusCode);

        // Service profiles: create one without MO, then edit it.
        await page.Locator("nav a", new() { HasText = "Service profiles" }).ClickAsync();
        await page.Locator("#new-profile").ClickAsync();
        await page.Locator("#profile-name input").FillAsync("Portal profile");
        await page.Locator("#profile-sms-mo").ClickAsync();
        await page.Locator("#save-profile").ClickAsync();
        var profileRow = page.Locator("#profiles tr", new() { HasText = "Portal profile" });
        await Assertions.Expect(profileRow).ToContainTextAsync("MT");
        await Assertions.Expect(profileRow).Not.ToContainTextAsync("MO");
        await profileRow.Locator(".edit-profile").ClickAsync();
        await page.Locator("#profile-description input").FillAsync("edited in the portal");
        await PortalBrowser.ChooseAsync(page, "#profile-interface", "2");
        await PortalBrowser.ShotAsync(page, "profile-edit", fullPage: false);
        await page.Locator("#save-profile").ClickAsync();
        await Assertions.Expect(profileRow).ToContainTextAsync("edited in the portal");
        await Assertions.Expect(profileRow).ToContainTextAsync("SMPP");

        // Events: filtered by type.
        await page.Locator("nav a", new() { HasText = "Events" }).ClickAsync();
        await PortalBrowser.ChooseAsync(page, "#event-type", "1002");
        await page.Locator("#apply-filters").ClickAsync();
        await Assertions.Expect(page.Locator("main table.data tbody tr")).ToHaveCountAsync(2); // the script's device and the portal's
        foreach (var eventRow in await page.Locator("main table.data tbody tr").AllAsync())
            await Assertions.Expect(eventRow).ToContainTextAsync("Endpoint deleted");
        await PortalBrowser.ShotAsync(page, "events-filtered");

        // SIMs: suspend one and activate it again.
        await page.Locator("nav a", new() { HasText = "SIMs" }).ClickAsync();
        var simRow = page.Locator("main table.data tbody tr:has(.sim-suspend)").First;
        var simId = await simRow.GetAttributeAsync("data-sim-id");
        var sim = page.Locator($"main table.data tbody tr[data-sim-id='{simId}']");
        await sim.Locator(".sim-suspend").ClickAsync();
        await Assertions.Expect(sim).ToContainTextAsync("Suspended");
        await sim.Locator(".sim-activate").ClickAsync();
        await Assertions.Expect(sim).ToContainTextAsync("Activated");

        // My account.
        await page.Locator("header a.account").ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("My account");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Administrator");
        await PortalBrowser.ShotAsync(page, "account");

        // The other screens render from the API.
        foreach (var (nav, shot) in new[] { ("SIMs", "sims"), ("Events", "events"), ("Users", "users"), ("Service profiles", "profiles"), ("Organisations", "organisations") })
        {
            await page.Locator("nav a", new() { HasText = nav }).First.ClickAsync();
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(nav);
            await Assertions.Expect(page.Locator("main sl-spinner")).ToHaveCountAsync(0);
            await PortalBrowser.ShotAsync(page, shot);
        }

        await page.Locator("#sign-out").ClickAsync();
        await Assertions.Expect(page.Locator("#username")).ToBeVisibleAsync();
        await PortalBrowser.ShotAsync(page, "sign-in");
        lock (b.Offsite) Assert.Empty(b.Offsite); // every script, style and call went to the server itself
    }

    [SkippableFact]
    public async Task An_observer_sees_no_write_buttons_and_the_API_refuses_a_write_made_from_the_page()
    {
        var b = B;
        using var admin = await b.AdminApiAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/user", new
        {
            username = "observer@cellgate.local", name = "Olivia Observer", password = PortalBrowser.Sha1("observer-Passw0rd"),
            roles = new[] { new { id = 2 } }, status = new { id = 1 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await b.NewPageAsync();
        await PortalBrowser.SignInAsync(page, "observer@cellgate.local", "observer-Passw0rd");
        await Assertions.Expect(page.Locator("header .role")).ToHaveTextAsync("Observer");
        await page.GotoAsync("/#/devices");
        await Assertions.Expect(page.Locator("#devices tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#new-device")).ToHaveCountAsync(0);
        await page.GotoAsync("/#/devices/1");
        await Assertions.Expect(page.Locator("#sms-console")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#simulator")).ToContainTextAsync("Observers can watch");
        await Assertions.Expect(page.Locator("#sms-quota")).ToBeVisibleAsync();
        foreach (var control in new[] { "#send-sms", "#attach", "#detach", "#fault", "#send-mo", "#toggle-status", "#rename", "#release-sim", "#delete-device", ".cancel",
                     "#edit-sms-quota", "#delete-sms-quota", "#edit-data-quota", "#add-blacklist", ".unblacklist", "#end-session" })
            await Assertions.Expect(page.Locator(control)).ToHaveCountAsync(0);
        await PortalBrowser.ShotAsync(page, "observer-device");
        await page.GotoAsync("/#/tokens");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Application tokens");
        await Assertions.Expect(page.Locator("#create-token")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".revoke")).ToHaveCountAsync(0);
        foreach (var (screen, title, controls) in new[]
        {
            ("/#/profiles", "Service profiles", new[] { "#new-profile", ".edit-profile" }), ("/#/users", "Users", ["#create-user", ".user-role"]),
            ("/#/organisations", "Organisations", ["#create-org", ".org-suspend", ".org-reactivate", "#organisations sl-input"]),
            ("/#/sims", "SIMs", [".sim-suspend", ".sim-activate"]),
            ("/#/integrations", "Integrations", ["#create-callback", "#create-secret", "#api-callbacks .delete", "#api-secrets .delete"]),
            ("/#/webhooks", "Webhooks", [".replay"]), ("/#/tariff-profiles", "Tariff profiles", ["#create-tariff", ".edit-tariff", ".delete-tariff"]),
            ("/#/", "Dashboard", [".replay"]),
        })
        {
            await page.GotoAsync(screen);
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
            await Assertions.Expect(page.Locator("main sl-spinner")).ToHaveCountAsync(0);
            foreach (var control in controls) await Assertions.Expect(page.Locator(control)).ToHaveCountAsync(0);
        }

        // Trying anyway, with the page's own token: the API says 403.
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/v1/endpoint/1/sms', { method: 'POST',
              headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + JSON.parse(sessionStorage.getItem('cellgate.session')).authToken },
              body: JSON.stringify({ payload: 'sneaky' }) })).status
            """);
        Assert.Equal(403, status);
        lock (b.Offsite) Assert.Empty(b.Offsite);
    }

    [SkippableFact]
    public async Task A_customer_organisation_sees_none_of_the_operators_devices_in_the_portal()
    {
        var b = B;
        using var admin = await b.AdminApiAsync();
        var operatorDevice = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/endpoint/1")).GetProperty("name").GetString();

        // The operator's admin creates the customer organisation in the portal.
        var page = await b.NewPageAsync();
        await PortalBrowser.SignInAsync(page, PortalBrowser.AdminUser, PortalBrowser.AdminPassword);
        await page.GotoAsync("/#/organisations");
        await page.Locator("#org-name input").FillAsync("Acme Logistics");
        await page.Locator("#org-admin input").FillAsync("boss@acme.example");
        await page.Locator("#org-admin-name input").FillAsync("Boss");
        await page.Locator("#org-password input").FillAsync("acme-Passw0rd");
        await page.Locator("#create-org").ClickAsync();
        var created = page.Locator("#organisations tr:has(sl-input[value='Acme Logistics'])");
        await Assertions.Expect(created).ToBeVisibleAsync();
        var acme = page.Locator($"#organisations tr[data-org-id='{await created.GetAttributeAsync("data-org-id")}']");
        await acme.Locator("sl-input input").FillAsync("Acme Logistics GmbH");
        await acme.Locator("sl-button[type=submit]").ClickAsync();
        await Assertions.Expect(acme.Locator("sl-input")).ToHaveJSPropertyAsync("value", "Acme Logistics GmbH");
        // The input shows the new name at once; the save answers a moment later.
        using (var api = await b.AdminApiAsync())
            await Cellgate.Server.Tests.Support.Eventually.HoldsAsync(async () =>
                (await api.GetFromJsonAsync<JsonElement>("/api/v1/organisation")).EnumerateArray().Any(o => o.GetProperty("name").GetString() == "Acme Logistics GmbH"),
                "the organisation's new name was not saved");
        await page.Locator("#sign-out").ClickAsync();

        await page.GotoAsync("/");
        await page.Locator("#username input").FillAsync("boss@acme.example");
        await page.Locator("#password input").FillAsync("not the password");
        await page.Locator("#password input").PressAsync("Enter");
        await Assertions.Expect(page.Locator("sl-alert[variant=danger]")).ToContainTextAsync("Wrong username or password");
        await PortalBrowser.SignInAsync(page, "boss@acme.example", "acme-Passw0rd");
        await Assertions.Expect(page.Locator("header .org")).ToHaveTextAsync("Acme Logistics GmbH");

        // An auth token the server no longer accepts (as after its 240 minutes): the portal trades its refresh token
        // for a new one and carries on, without asking the user to sign in again.
        var stale = await page.EvaluateAsync<string>("""
            () => { const s = JSON.parse(sessionStorage.getItem('cellgate.session')); const old = s.authToken;
                    s.authToken = old.slice(0, -4) + (old.endsWith('AAAA') ? 'BBBB' : 'AAAA'); sessionStorage.setItem('cellgate.session', JSON.stringify(s)); return s.authToken; }
            """);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.Locator("main sl-card .bar").First).ToBeVisibleAsync();
        Assert.NotEqual(stale, await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('cellgate.session')).authToken"));
        await page.GotoAsync("/#/devices");
        await Assertions.Expect(page.Locator("main .empty")).ToContainTextAsync("No devices yet");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(operatorDevice!);
        await page.GotoAsync("/#/devices/1");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Device not found");
        await PortalBrowser.ShotAsync(page, "tenant-device-not-found");
        // Nor its API callbacks, secrets or webhooks (the operator has the demo callback and secret).
        await page.GotoAsync("/#/integrations");
        await Assertions.Expect(page.Locator("#api-callbacks .empty")).ToContainTextAsync("No API callbacks");
        await Assertions.Expect(page.Locator("#api-secrets .empty")).ToContainTextAsync("No API secrets");
        await page.GotoAsync("/#/webhooks");
        await Assertions.Expect(page.Locator("main .empty")).ToContainTextAsync("No webhooks yet");
        await Assertions.Expect(page.Locator("#demo-receiver")).ToHaveCountAsync(0); // the operator's demo receiver
        lock (b.Offsite) Assert.Empty(b.Offsite);
    }

    [SkippableFact]
    public async Task A_user_with_two_step_verification_is_asked_for_the_code_after_the_password()
    {
        // Cellgate has no MFA yet: the browser answers the first step as EMnify does for such a user ({"mfa_token"}),
        // and the second with real tokens once the page sends that mfa_token and the code.
        var b = B;
        var page = await b.NewPageAsync();
        string? code = null;
        await page.RouteAsync("**/api/v1/authenticate", async route =>
        {
            var body = JsonDocument.Parse(route.Request.PostData ?? "{}").RootElement;
            if (body.TryGetProperty("username", out _))
            {
                await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = """{"mfa_token":"mfa-test-token"}""" });
                return;
            }
            if (!body.TryGetProperty("mfa_token", out var mfa) || mfa.GetString() != "mfa-test-token")
            {
                await route.ContinueAsync();
                return;
            }
            code = body.GetProperty("code").GetString();
            using var http = b.Server.CreateClient();
            var real = await http.PostAsJsonAsync("/api/v1/authenticate", new { username = PortalBrowser.AdminUser, password = PortalBrowser.Sha1(PortalBrowser.AdminPassword) });
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = await real.Content.ReadAsStringAsync() });
        });
        await page.GotoAsync("/");
        await page.Locator("#username input").FillAsync(PortalBrowser.AdminUser);
        await page.Locator("#password input").FillAsync(PortalBrowser.AdminPassword);
        await page.Locator("#password input").PressAsync("Enter");
        await Assertions.Expect(page.Locator("main h1, .login h1")).ToHaveTextAsync("Two-step verification");
        await PortalBrowser.ShotAsync(page, "sign-in-code");
        await page.Locator("#mfa-code input").FillAsync("123456");
        await page.Locator("#mfa-code input").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        Assert.Equal("123456", code);
        lock (b.Offsite) Assert.Empty(b.Offsite);
    }
}
