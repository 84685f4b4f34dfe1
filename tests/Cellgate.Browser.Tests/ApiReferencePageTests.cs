using System.Text.RegularExpressions;
using Cellgate.Server.Tests.Support;
using Microsoft.Playwright;

namespace Cellgate.Browser.Tests;

/// <summary>
/// The try-it-out reference at /api/doc in a real Chromium (Debian's <c>chromium</c>; .ci/run installs it).
/// Skipped, saying why, where no Chromium is installed.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)]
public sealed class ApiReferencePageTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Token = "browser-test-token-0123456789abcdef";

    [SkippableFact]
    public async Task A_user_authenticates_and_calls_an_authenticated_route_from_the_reference_page()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium)");
        var dir = Directory.CreateTempSubdirectory("cellgate-browser-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(dir, new Dictionary<string, string>
            {
                ["Cellgate__Bootstrap__Organisation"] = "Browser Org",
                ["Cellgate__Bootstrap__ApplicationToken"] = Token,
            });
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync();
            var offsite = new List<string>();
            page.Request += (_, r) => { if (!r.Url.StartsWith(server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) offsite.Add(r.Url); };

            await page.GotoAsync(new Uri(server.BaseAddress, "/api/doc").ToString());
            // Swagger UI parses the whole document (about 520 KB) before it renders anything: give a loaded machine time.
            await Assertions.Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Cellgate API", new() { Timeout = 60_000 });

            // 1. POST /api/v1/authenticate with the application token, from the page.
            var authenticate = page.Locator("#operations-Authentication-authenticate");
            await authenticate.Locator(".opblock-summary").ClickAsync();
            await authenticate.Locator("textarea.body-param__text").FillAsync($$"""{"application_token": "{{Token}}"}""");
            await authenticate.Locator("button.execute").ClickAsync();
            var authBody = authenticate.Locator(".live-responses-table tbody .response-col_description .microlight").First;
            await Assertions.Expect(authBody).ToContainTextAsync("auth_token");
            var authToken = Regex.Match(await authBody.InnerTextAsync(), "\"auth_token\":\\s*\"([^\"]+)\"").Groups[1].Value;
            Assert.NotEmpty(authToken);

            // 2. Authorize with the auth token.
            await page.Locator("button.authorize").First.ClickAsync();
            await page.Locator(".modal-ux input").First.FillAsync(authToken);
            await page.Locator(".modal-ux button.authorize").ClickAsync();
            await page.Locator(".modal-ux button.btn-done").ClickAsync();

            // 3. GET /api/v1/organisation/my answers 200 with the organisation.
            // Swagger UI renders the operations further down only as the page scrolls towards them (the document now
            // has over a hundred operations): scroll until the operation exists, a bounded number of times.
            var my = page.Locator("#operations-Organisations-my-organisation-get");
            for (var scrolls = 0; scrolls < 50 && await my.CountAsync() == 0; scrolls++)
            {
                await page.Mouse.WheelAsync(0, 1500);
                await page.WaitForTimeoutAsync(200);
            }
            await my.Locator(".opblock-summary").ClickAsync();
            await my.Locator("button.execute").ClickAsync();
            await Assertions.Expect(my.Locator(".live-responses-table tbody .response-col_status").First).ToHaveTextAsync("200");
            await Assertions.Expect(my.Locator(".live-responses-table tbody .response-col_description .microlight").First).ToContainTextAsync("Browser Org");

            Assert.Empty(offsite); // everything the page needs comes from the server itself
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
