using Cellgate.Server.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Cellgate.Browser.Tests;

/// <summary>The device list of an organisation with 100,000 devices, in a real Chromium (issue 13's performance goal).</summary>
public sealed class PortalScaleTests(ITestOutputHelper output)
{
    private const int Devices = 100_000;

    [SkippableFact]
    public async Task The_device_list_of_100000_devices_shows_its_first_page_and_pages_to_the_last_one()
    {
        Skip.IfNot(File.Exists(PortalBrowser.Chromium), $"{PortalBrowser.Chromium} is not installed (apt-get install -y chromium)");
        await using var b = await PortalBrowser.StartAsync();
        // Seeded in the database as bench/ does not (its seeding through POST takes minutes): the rows a POST would
        // make, without SIMs or addresses, and the organisation's device counter that the list's paging reads.
        await b.RestartAsync(async db =>
        {
            await using var connection = await TestDatabase.OpenAsync(Path.GetDirectoryName(db)!);
            await using var tx = await connection.BeginTransactionAsync();
            var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = TestDatabase.IsPostgres
                ? $"""
                    INSERT INTO devices ("OrganisationId", "Name", "Tags", "Status", "ServiceProfileId", "TariffProfileId", "ImeiLock", "Created", "LastUpdated")
                    SELECT 1, 'scale-' || lpad(i::text, 6, '0'), 'scale', i % 2, 1, 1, FALSE, timestamptz '2026-01-01 00:00:00Z', timestamptz '2026-01-01 00:00:00Z'
                    FROM generate_series(1, {Devices}) AS n(i);
                    UPDATE device_counters SET "Count" = "Count" + {Devices}, "Version" = "Version" + 1 WHERE "OrganisationId" = 1;
                    """
                : $"""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Devices})
                    INSERT INTO devices (OrganisationId, Name, Tags, Status, ServiceProfileId, TariffProfileId, ImeiLock, Created, LastUpdated)
                    SELECT 1, printf('scale-%06d', i), 'scale', i % 2, 1, 1, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM n;
                    UPDATE device_counters SET Count = Count + {Devices}, Version = Version + 1 WHERE OrganisationId = 1;
                    """;
            Assert.Equal(Devices + 1, await insert.ExecuteNonQueryAsync());
            await tx.CommitAsync();
            if (TestDatabase.IsPostgres)
            {
                // A real table gets its statistics from autovacuum within a minute of such an insert; without them the
                // planner guesses one row per table, and the last page's query crawled on CI's loaded PostgreSQL pass.
                await using var analyze = connection.CreateCommand();
                analyze.CommandText = "ANALYZE devices";
                await analyze.ExecuteNonQueryAsync();
            }
        });

        var page = await b.NewPageAsync();
        await PortalBrowser.SignInAsync(page, PortalBrowser.AdminUser, PortalBrowser.AdminPassword);
        var figures = new List<double>();
        foreach (var run in new[] { "cold", "warm", "cold", "warm", "cold", "warm" })
        {
            if (run == "cold")
            {
                var cdp = await page.Context.NewCDPSessionAsync(page);
                await cdp.SendAsync("Network.clearBrowserCache");
            }
            await page.GotoAsync("about:blank"); // a new document each time (a hash change alone would not load the page)
            await page.GotoAsync("/#/devices", new() { WaitUntil = WaitUntilState.Commit });
            await Assertions.Expect(page.Locator("#devices tbody tr")).ToHaveCountAsync(50);
            var ms = await page.EvaluateAsync<double>("() => new Promise(r => { const f = () => { const m = performance.getEntriesByName('cg:devices-painted')[0]; m ? r(m.startTime) : requestAnimationFrame(f); }; f(); })");
            figures.Add(ms);
            output.WriteLine($"first paint of the device list ({run} navigation, {Devices:N0} devices): {ms:F0} ms");
        }
        // Recorded, not asserted (timings depend on the machine's load): docs/portal.md quotes them.
        string Summary(int parity)
        {
            var runs = figures.Where((_, i) => i % 2 == parity).Order().ToList();
            return $"{(parity == 0 ? "cold" : "warm")}: min {runs[0]:F0} ms, median {runs[runs.Count / 2]:F0} ms ({string.Join(", ", runs.Select(f => f.ToString("F0")))})";
        }
        var summary = $"{Summary(0)}{Environment.NewLine}{Summary(1)}{Environment.NewLine}";
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(PortalBrowser.ScreenshotDirectory, "devices-first-paint.txt"), summary);
        await Assertions.Expect(page.Locator("#devices caption")).ToHaveTextAsync($"{Devices + 3:N0} devices");
        await PortalBrowser.ShotAsync(page, "devices-100000", fullPage: false);

        await page.Locator(".pager sl-button", new() { HasText = "Last" }).ClickAsync();
        // The last page of 100,000 rows: on CI's PostgreSQL pass, with the cores shared, it once took longer than the
        // default 30 s deadline (a deadline, not a timing assertion; the page's speed is measured in bench/).
        await Assertions.Expect(page.Locator(".pager span")).ToHaveTextAsync("Page 2,001 of 2,001", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#devices tbody tr").Last).ToContainTextAsync("scale-100000", new() { Timeout = 90_000 }); // the rows follow the pager's label
        await page.Locator("#device-search input").FillAsync("scale-09999");
        await Assertions.Expect(page.Locator("#devices tbody tr")).ToHaveCountAsync(10);
        lock (b.Offsite) Assert.Empty(b.Offsite);
    }
}
