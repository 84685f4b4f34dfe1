using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cellgate.Server.Tests;

/// <summary>What a new user meets on a fresh clone (issue 8, "A first run that never surprises").</summary>
public sealed class FirstRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cellgate-first-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task A_busy_port_ends_the_start_with_one_line_naming_urls_and_exit_code_1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (code, output) = await ServerProcess.RunAsync(_dir, ["--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(1, code);
        var line = Assert.Single(Lines(output));
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains("--urls", line);
        // Checked before the first start creates anything, so its once-shown secrets are not lost to the busy port.
        Assert.False(File.Exists(Path.Combine(_dir, "cellgate.db")));
    }

    [Theory]
    [InlineData("Cellgate__Auth__AuthTokenMinutes", "0", "Cellgate:Auth:AuthTokenMinutes")]
    [InlineData("Cellgate__Auth__AuthTokenMinutes", "soon", "Cellgate:Auth:AuthTokenMinutes")]
    [InlineData("Cellgate__Demo__IpAddressSpace", "not-a-network", "Cellgate:Demo:IpAddressSpace")]
    [InlineData("Cellgate__Storage__Provider", "mysql", "Cellgate:Storage:Provider")]
    [InlineData("Cellgate__Storage__SqliteWalBoundPages", "32", "Cellgate:Storage:SqliteWalBoundPages")]
    public async Task An_invalid_setting_ends_the_start_with_one_line_naming_its_configuration_key(string variable, string value, string key)
    {
        var (code, output) = await ServerProcess.RunAsync(_dir, ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, code);
        var line = Assert.Single(Lines(output));
        Assert.Contains(key, line);
        Assert.Contains(variable, line); // how to set it in the environment
    }

    [Fact]
    public async Task A_first_start_on_an_empty_database_logs_no_error_and_no_warning()
    {
        // PostgreSQL's first start once logged "fail: … Failed executing DbCommand" (EF's migrator read its history
        // table before creating it) above the banner: on a first run every such line is a false alarm.
        TestDatabase.UseEmpty(_dir);
        try
        {
            await using var server = await ServerProcess.StartAsync(_dir);
            Assert.Contains("application token:", server.Output);
            Assert.DoesNotContain(Lines(server.Output), l => l.StartsWith("fail:", StringComparison.Ordinal)
                || l.StartsWith("crit:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal));
        }
        finally
        {
            TestDatabase.Drop(_dir);
        }
    }

    [Fact]
    public async Task Postgresql_without_a_connection_string_ends_the_start_naming_the_setting()
    {
        var (code, output) = await ServerProcess.RunAsync(_dir, ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
        {
            ["Cellgate__Storage__Provider"] = "postgresql",
            ["Cellgate__Storage__ConnectionString"] = "",
        });

        Assert.Equal(1, code);
        Assert.Contains("Cellgate:Storage:ConnectionString", output);
    }

    [Fact]
    public async Task Admin_reset_password_prints_a_new_password_once_and_the_banner_says_how()
    {
        await using (await ServerProcess.StartAsync(_dir)) { }

        var (code, output) = await ServerProcess.RunAsync(_dir, ["admin", "reset-password"]);
        Assert.True(code == 0, output);
        var password = Assert.Single(Lines(output), l => l.StartsWith("password:", StringComparison.Ordinal))["password:".Length..].Trim();
        Assert.Equal(20, password.Length);

        await using var server = await ServerProcess.StartAsync(_dir);
        Assert.Contains("admin reset-password", server.Output);
        Assert.Contains("admin create-token", server.Output);
        Assert.DoesNotContain(password, server.Output);
        using var client = server.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/authenticate", new { username = "admin@cellgate.local", password = Secrets.Sha1Hex(password) });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Admin_create_token_prints_a_new_application_token_that_authenticates()
    {
        await using (await ServerProcess.StartAsync(_dir)) { }

        var (code, output) = await ServerProcess.RunAsync(_dir, ["admin", "create-token"]);
        Assert.True(code == 0, output);
        var token = Assert.Single(Lines(output), l => l.StartsWith("application token:", StringComparison.Ordinal))["application token:".Length..].Trim();

        await using var server = await ServerProcess.StartAsync(_dir);
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/authenticate", new { application_token = token })).StatusCode);
    }

    [Fact]
    public async Task Admin_commands_refuse_an_unknown_user_or_command_with_one_line()
    {
        await using (await ServerProcess.StartAsync(_dir)) { }

        var (code, output) = await ServerProcess.RunAsync(_dir, ["admin", "reset-password", "nobody@example.com"]);
        Assert.Equal(1, code);
        Assert.Contains("nobody@example.com", Assert.Single(Lines(output)));

        (code, output) = await ServerProcess.RunAsync(_dir, ["admin", "frobnicate"]);
        Assert.Equal(1, code);
        Assert.Contains("reset-password", Assert.Single(Lines(output)));
    }

    [Fact]
    public async Task The_healthcheck_command_probes_readyz_for_the_container()
    {
        await using (var server = await ServerProcess.StartAsync(_dir))
        {
            var (ok, output) = await ServerProcess.RunAsync(_dir, ["healthcheck", new Uri(server.BaseAddress, "/readyz").ToString()]);
            Assert.True(ok == 0, output);
            Assert.Contains("Healthy", output);
        }
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.Equal(1, (await ServerProcess.RunAsync(_dir, ["healthcheck", $"http://127.0.0.1:{port}/readyz"])).ExitCode);
    }

    /// <summary>CI builds the image only where a container engine runs; this keeps its restore layer in step with the projects.</summary>
    [Fact]
    public void The_dockerfile_copies_every_project_the_server_builds_from()
    {
        var root = EmnifySpec.RepositoryRoot();
        var dockerfile = File.ReadAllText(Path.Combine(root, "Dockerfile"));
        var pending = new Queue<string>(["src/Cellgate.Server/Cellgate.Server.csproj"]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var project))
        {
            if (!seen.Add(project)) continue;
            Assert.Contains($"COPY {project} {Path.GetDirectoryName(project)!.Replace('\\', '/')}/", dockerfile);
            var xml = System.Xml.Linq.XDocument.Load(Path.Combine(root, project));
            foreach (var reference in xml.Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!))
                pending.Enqueue(Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(project)!, reference.Replace('\\', '/')))).Replace('\\', '/'));
        }
        Assert.True(seen.Count >= 5, string.Join(", ", seen));
        Assert.Contains("USER app", dockerfile);
        Assert.Contains("VOLUME /data", dockerfile);
        Assert.Contains("/readyz", dockerfile);
    }

    [Fact]
    public async Task The_root_is_the_portal_page_and_not_a_redirect()
    {
        using var app = new CellgateApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<cg-app>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/nothing/here")]
    [InlineData("/api/v1/no_such_resource")]
    [InlineData("/favicon.ico")]
    public async Task Unknown_paths_without_a_token_are_404_json_not_401(string path)
    {
        using var app = new CellgateApp();
        await HttpAssert.ErrorAsync(await app.CreateClient().GetAsync(path), 404, 1201, "NotFound");
    }

    [Fact]
    public async Task Known_routes_without_a_token_are_still_401()
    {
        using var app = new CellgateApp();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/endpoint")).StatusCode);
    }
}
