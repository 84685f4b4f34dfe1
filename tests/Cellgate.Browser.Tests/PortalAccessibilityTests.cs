using Cellgate.Server.Tests.Support;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Cellgate.Browser.Tests;

/// <summary>
/// Every portal screen checked by axe-core (Deque's accessibility engine, the rules behind Lighthouse) against WCAG 2.1
/// A and AA: contrast, labelled controls, names of buttons and links, headings, landmarks, ARIA use (issue 13).
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)]
public sealed class PortalAccessibilityTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalBrowser B
    {
        get
        {
            Skip.If(fixture.Browser is null, $"{PortalBrowser.Chromium} is not installed (apt-get install -y chromium)");
            return fixture.Browser!;
        }
    }

    /// <summary>axe-core's script, the copy Deque's .NET package (Deque.AxeCore.Commons) bundles.</summary>
    private static readonly string AxeScript = new BundledAxeScriptProvider().GetScript();

    /// <summary>
    /// axe-core's WCAG 2.1 A and AA rules over the page as it is; only violations come back node by node (every rule
    /// still runs). axe is injected once per document (the portal changes screens without loading a new one) and run
    /// with its own <c>axe.run</c>: Deque.AxeCore.Playwright's <c>RunAxe</c> runs each check as <c>runPartial</c> in every
    /// frame and finishes it in a new blank page, about 2.5 s a screen on the CI machine against 50–270 ms for
    /// <c>axe.run</c> on the same screen (measured 2026-12-02); the portal has no frames, and open shadow roots (Shoelace's)
    /// are checked either way.
    /// </summary>
    private static async Task<List<string>> ViolationsAsync(IPage page, string screen)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(AxeScript);
        var json = await page.EvaluateAsync<string>("""
            async screen => {
              const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
              });
              return JSON.stringify(result.violations.flatMap(v => v.nodes.map(n =>
                `${screen}: ${v.id} (${v.impact}) at ${JSON.stringify(n.target)} — ${v.help}: ${[...n.any, ...n.all, ...n.none].map(c => c.message).join('; ')}`)));
            }
            """, screen);
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(json)!;
    }

    private static async Task SettleAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("main sl-spinner")).ToHaveCountAsync(0);
        // Shoelace fades controls in; axe judges contrast from the rendered colours.
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => {})))");
    }

    [SkippableFact]
    public async Task A_keyboard_alone_signs_in_skips_to_the_content_opens_a_screen_and_adds_an_API_callback()
    {
        var b = B;
        var page = await b.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#username")).ToBeVisibleAsync();
        // The username field has the focus (autofocus) or is the first stop of Tab.
        if (await page.EvaluateAsync<string?>("() => document.activeElement.closest('sl-input')?.id ?? null") != "username") await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PortalBrowser.AdminUser);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PortalBrowser.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();

        // The first Tab reaches the skip link; Enter moves the focus to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // Tab to the navigation's Integrations link (a bounded number of steps) and open it with Enter.
        await page.Locator("header .brand").FocusAsync();
        for (var i = 0; i < 30 && await page.EvaluateAsync<string>("() => document.activeElement.textContent") != "Integrations"; i++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Integrations");

        // Into the form by Tab, type the URL, Enter submits.
        for (var i = 0; i < 30 && await page.EvaluateAsync<string?>("() => document.activeElement.closest('sl-input')?.id ?? null") != "callback-url"; i++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("https://keyboard.example/hook");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#callbacks tr", new() { HasText = "https://keyboard.example/hook" })).ToBeVisibleAsync();
        lock (b.Offsite) Assert.Empty(b.Offsite);
    }

    [SkippableFact]
    public async Task Every_screen_passes_the_WCAG_AA_checks_of_axe_at_desktop_and_phone_width()
    {
        var b = B;
        var violations = new List<string>();
        var page = await b.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#username")).ToBeVisibleAsync();
        violations.AddRange(await ViolationsAsync(page, "sign-in"));
        await PortalBrowser.SignInAsync(page, PortalBrowser.AdminUser, PortalBrowser.AdminPassword);
        string[] screens = ["/", "/devices", "/devices/1", "/sims", "/profiles", "/tariff-profiles", "/events", "/webhooks", "/integrations", "/tokens", "/users", "/organisations", "/account"];
        foreach (var screen in screens)
        {
            await page.GotoAsync("/#" + screen);
            await Assertions.Expect(page.Locator("main h1")).Not.ToHaveTextAsync("Not found");
            await SettleAsync(page);
            violations.AddRange(await ViolationsAsync(page, screen));
        }

        var phone = await b.NewPageAsync(390, 844);
        await PortalBrowser.SignInAsync(phone, PortalBrowser.AdminUser, PortalBrowser.AdminPassword);
        foreach (var screen in new[] { "/", "/devices", "/devices/1" })
        {
            await phone.GotoAsync("/#" + screen);
            await SettleAsync(phone);
            violations.AddRange(await ViolationsAsync(phone, "phone " + screen));
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        lock (b.Offsite) Assert.Empty(b.Offsite);
    }
}
