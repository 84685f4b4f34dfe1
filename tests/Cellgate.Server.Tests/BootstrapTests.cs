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
}
