using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Hosting;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

public sealed class BootstrapTests
{
    [Fact]
    public async Task Configured_credentials_are_used_as_given_and_nothing_secret_is_generated()
    {
        using var app = new CellgateApp();
        await app.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        Assert.NotEmpty(await app.AuthTokenAsync(CellgateApp.BootstrapToken));
        var result = app.Services.GetRequiredService<BootstrapResult>();
        Assert.True(result.Created);
        Assert.Null(result.GeneratedPassword);
        Assert.Null(result.GeneratedApplicationToken);
    }

    [Fact]
    public async Task The_first_start_prints_generated_credentials_once_and_a_restart_prints_none()
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-boot-").FullName;
        try
        {
            string password, token;
            await using (var first = await ServerProcess.StartAsync(dir))
            {
                password = first.BannerValue("password")!;
                token = first.BannerValue("application token")!;
                Assert.Equal("admin@cellgate.local", first.BannerValue("username"));
                Assert.Matches("/api/doc$", first.BannerValue("API reference (try it out)")!);
                Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", first.BannerValue("Portal (sign in)")!);
                Assert.Equal(20, password.Length);

                using var client = first.CreateClient();
                var login = await client.PostAsJsonAsync("/api/v1/authenticate", new { username = "admin@cellgate.local", password = Secrets.Sha1Hex(password) });
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                var app = await client.PostAsJsonAsync("/api/v1/authenticate", new { application_token = token });
                Assert.Equal(HttpStatusCode.OK, app.StatusCode);
                // The secrets appear in the banner only, not in any log line.
                Assert.Single(first.Output.Split('\n'), l => l.Contains(password));
                Assert.Single(first.Output.Split('\n'), l => l.Contains(token));
            }

            await using var second = await ServerProcess.StartAsync(dir);
            Assert.Null(second.BannerValue("password"));
            Assert.Null(second.BannerValue("application token"));
            Assert.DoesNotContain(password, second.Output);
            using var again = second.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync("/api/v1/authenticate", new { application_token = token })).StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Credentials_can_be_given_as_environment_variables()
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-boot-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(dir, new Dictionary<string, string>
            {
                ["Cellgate__Bootstrap__Organisation"] = "Env Org",
                ["Cellgate__Bootstrap__Username"] = "env@example.com",
                ["Cellgate__Bootstrap__Password"] = "env password",
                ["Cellgate__Bootstrap__ApplicationToken"] = "env-token-0123456789",
            });
            Assert.DoesNotContain("env password", server.Output);
            Assert.DoesNotContain("env-token-0123456789", server.Output);
            using var client = server.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/authenticate", new { application_token = "env-token-0123456789" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/authenticate", new { username = "env@example.com", password = Secrets.Sha1Hex("env password") })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_configured_application_token_takes_effect_on_an_existing_database()
    {
        // Two app instances on one database file, as two starts; the first one created the database without that token.
        using var created = new CellgateApp().With("Cellgate:Bootstrap:ApplicationToken", null);
        await created.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        await HttpAssert.ErrorAsync(await created.AuthenticateAsync(new { application_token = "later-secret-0123456789" }), 401, 1102, "InvalidToken");

        using var restarted = new CellgateApp(created.Directory).With("Cellgate:Bootstrap:ApplicationToken", "later-secret-0123456789");
        var client = restarted.ClientWithToken(await restarted.AuthTokenAsync("later-secret-0123456789"));
        var tokens = await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/application_token"));
        Assert.Contains(tokens.EnumerateArray(), t => t.GetProperty("description").GetString() == "Bootstrap token (from configuration)");
        Assert.True(restarted.Services.GetRequiredService<BootstrapResult>().ApplicationTokenAdded);

        // A third start with the same setting adds nothing more.
        using var again = new CellgateApp(created.Directory).With("Cellgate:Bootstrap:ApplicationToken", "later-secret-0123456789");
        Assert.NotEmpty(await again.AuthTokenAsync("later-secret-0123456789"));
        Assert.False(again.Services.GetRequiredService<BootstrapResult>().ApplicationTokenAdded);
    }

    [Fact]
    public async Task A_configured_password_is_set_on_an_existing_database()
    {
        using var created = new CellgateApp();
        await created.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        using var restarted = new CellgateApp(created.Directory).With("Cellgate:Bootstrap:Password", "a new password")
            .With("Cellgate:Bootstrap:Organisation", "Another Name");
        await restarted.LoginAsync(CellgateApp.AdminUsername, "a new password");
        await HttpAssert.ErrorAsync(await restarted.AuthenticateAsync(new { username = CellgateApp.AdminUsername, password = Secrets.Sha1Hex(CellgateApp.AdminPassword) }), 401, 1101, "InvalidCredentials");
        Assert.Equal(CellgateApp.AdminUsername, restarted.Services.GetRequiredService<BootstrapResult>().PasswordSetFor);
        // The organisation keeps its name; the banner says so rather than ignoring the setting silently.
        Assert.Equal("Operator Org", restarted.Services.GetRequiredService<BootstrapResult>().OrganisationNotRenamed);
    }

    [Fact]
    public async Task Bootstrap_settings_that_cannot_be_applied_refuse_the_start_with_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("cellgate-boot-").FullName;
        try
        {
            await using (await ServerProcess.StartAsync(dir)) { }
            var (code, output) = await ServerProcess.RunAsync(dir, ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
            {
                ["Cellgate__Bootstrap__Username"] = "nobody@example.com",
                ["Cellgate__Bootstrap__Password"] = "some password",
            });
            Assert.Equal(1, code);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("Cellgate:Bootstrap:Username", line);
            Assert.Contains("nobody@example.com", line);
            Assert.DoesNotContain("some password", line);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
