using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Microsoft.Playwright;

namespace Cellgate.Browser.Tests;

/// <summary>
/// A real server process and Debian's Chromium for the portal tests; every request the pages make is recorded, so a
/// test can say that none left for another host. Screenshots go to <see cref="ScreenshotDirectory"/>.
/// </summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string AppToken = "portal-test-token-0123456789abcdef";
    public const string AdminUser = "admin@cellgate.local";
    public const string AdminPassword = "portal-admin-Passw0rd";

    /// <summary>CELLGATE_SCREENSHOTS, else a folder in the temp directory; .ci/run keeps it as an artifact.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        System.Environment.GetEnvironmentVariable("CELLGATE_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "cellgate-portal-screenshots")).FullName;

    private readonly string _dir;
    private PortalBrowser(string dir, ServerProcess server, IPlaywright playwright, IBrowser browser)
    {
        _dir = dir; Server = server; Playwright = playwright; Browser = browser;
    }

    public ServerProcess Server { get; private set; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }
    public string DataDirectory => _dir;
    public List<string> Offsite { get; } = [];
    public string Base => Server.BaseAddress.ToString().TrimEnd('/');

    public static async Task<PortalBrowser> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-portal-").FullName;
        var server = await ServerProcess.StartAsync(dir, ServerEnvironment());
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new PortalBrowser(dir, server, playwright, browser);
    }

    private static Dictionary<string, string> ServerEnvironment() => new()
    {
        ["Cellgate__Bootstrap__ApplicationToken"] = AppToken,
        ["Cellgate__Bootstrap__Password"] = AdminPassword,
    };

    /// <summary>Stops the server, lets <paramref name="change"/> work on its database file, and starts it again.</summary>
    public async Task RestartAsync(Func<string, Task> change)
    {
        await Server.DisposeAsync();
        await change(Path.Combine(_dir, "cellgate.db"));
        Server = await ServerProcess.StartAsync(_dir, ServerEnvironment());
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = Base });
        context.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(Base + "/", StringComparison.Ordinal) && r.Url != Base && !r.Url.StartsWith("data:", StringComparison.Ordinal))
                lock (Offsite) Offsite.Add(r.Url);
        };
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        // Expectations wait for their condition up to this deadline (Playwright's default, 5 s, is shorter than a sign-in
        // takes when CI's second pass shares the cores with PostgreSQL): a deadline, not a timing assertion.
        Assertions.SetDefaultExpectTimeout(30_000);
        return page;
    }

    public static async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/");
        await page.Locator("#username input").FillAsync(username);
        await page.Locator("#password input").FillAsync(password);
        await page.Locator("#password input").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Opens the Shoelace select <paramref name="select"/> (a CSS selector), clicks its option <paramref name="value"/>
    /// and waits until the select holds that value. A click on an option can land while the select's listbox is still
    /// opening and be lost (seen once in CI's PostgreSQL pass: the form was saved with the default), and a click on the
    /// select can leave its listbox closed (seen once in CI's first pass: the option stayed hidden until the click's
    /// 30 s ran out); then the select is opened — unless its option shows already — and the option clicked again, as a
    /// user would, at most three times, each but the last bounded by 5 s.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string select, string value)
    {
        var element = page.Locator(select);
        var option = element.Locator($"sl-option[value='{value}']");
        for (var attempt = 1; ; attempt++)
        {
            var bound = new LocatorClickOptions { Timeout = attempt < 3 ? 5_000 : 30_000 };
            try
            {
                if (!await option.IsVisibleAsync()) await element.ClickAsync();
                await option.ClickAsync(bound);
                await Assertions.Expect(element).ToHaveJSPropertyAsync("value", value, new() { Timeout = bound.Timeout });
                return;
            }
            catch (Exception e) when (attempt < 3 && e is PlaywrightException or System.TimeoutException) { }
        }
    }

    public static Task ShotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });

    /// <summary>An HttpClient signed in with the bootstrap application token (for setting up what a test needs).</summary>
    public async Task<HttpClient> AdminApiAsync()
    {
        var http = Server.CreateClient();
        var auth = await http.PostAsJsonAsync("/api/v1/authenticate", new { application_token = AppToken });
        auth.EnsureSuccessStatusCode();
        var token = (await auth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static string Sha1(string s) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(s)));

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
