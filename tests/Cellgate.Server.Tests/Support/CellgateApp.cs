using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// The real server over a real SQLite file in a temporary folder, with a fake clock and known bootstrap credentials.
/// One per test (xunit creates a test class per test), so state never leaks between tests.
/// </summary>
public class CellgateApp : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin@example.com";
    public const string AdminPassword = "correct horse battery staple";
    public const string BootstrapToken = "bootstrap-application-token-0123456789abcdef0123456789abcdef";

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Cellgate:Bootstrap:Organisation"] = "Operator Org",
        ["Cellgate:Bootstrap:Username"] = AdminUsername,
        ["Cellgate:Bootstrap:Password"] = AdminPassword,
        ["Cellgate:Bootstrap:ApplicationToken"] = BootstrapToken,
        ["Cellgate:Auth:PasswordIterations"] = "1000", // the production work factor is deliberately slow
        ["Cellgate:Demo:Enabled"] = "false", // demo data tests turn it on
        ["Cellgate:Smpp:Port"] = "0", // many apps run at once: SMPP tests turn it on with -1 (any free port)
        ["Cellgate:Startup:WarmUp"] = "false", // seconds of CPU per start on a shared machine: StartupWarmUpTests turn it on
        // The meter provider and its metric streams were a fifth of the test host's CPU (each app builds its own, with
        // preallocated points for every instrument): tests that read /metrics turn it on.
        ["Cellgate:Metrics:Enabled"] = "false",
        // The test server listens on no socket, so the start-up check that the HTTP port is free (StartupErrors) must not
        // probe the default 5080, which a real server on this machine may hold.
        ["urls"] = "http://127.0.0.1:0",
    };

    public CellgateApp(string? directory = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "cellgate-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var (key, value) in TestDatabase.Settings(Directory)) _settings[key] = value; // SQLite file or PostgreSQL database
        _ownsDatabase = directory is null;
    }

    private readonly bool _ownsDatabase;

    public string Directory { get; }
    public string DatabasePath => TestDatabase.SqliteFile(Directory);
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Sets a configuration value; call before the first request.</summary>
    public CellgateApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    private readonly List<Action<IServiceCollection>> _services = [];

    /// <summary>Changes the application's services (a fault-injecting transport, a log sink); call before the first request.</summary>
    public CellgateApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        StartFromMigratedTemplate();
        return base.CreateHost(builder);
    }

    /// <summary>
    /// A fresh SQLite file starts as a copy of the once-migrated template (<see cref="TestDatabase.StartFromTemplate"/>);
    /// a database that lives elsewhere (another path, another provider) is left alone.
    /// </summary>
    private void StartFromMigratedTemplate()
    {
        if (_settings.GetValueOrDefault("Cellgate:Storage:SqlitePath") == DatabasePath) TestDatabase.StartFromTemplate(Directory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // PostgreSQL: the test run's data source for this database, whose sessions outlive the app (TestDatabase.DataSource).
            if (TestDatabase.DataSource(Directory, _settings.GetValueOrDefault("Cellgate:Storage:ConnectionString")) is { } dataSource)
            {
                services.RemoveAll<Npgsql.NpgsqlDataSource>();
                services.AddSingleton(dataSource); // an instance: the app's container does not dispose it
            }
            foreach (var configure in _services) configure(services);
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFilter>();
        });
    }

    /// <summary>Requests carrying this header come from that address (the test server has no real client address).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>A client whose requests come from <paramref name="address"/>, optionally with a bearer token.</summary>
    public HttpClient ClientFrom(string address, string? authToken = null)
    {
        var client = authToken is null ? CreateClient() : ClientWithToken(authToken);
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    private sealed class ClientAddressFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var value) && System.Net.IPAddress.TryParse(value, out var address))
                    context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>POSTs /api/v1/authenticate with any body and returns the raw response.</summary>
    public Task<HttpResponseMessage> AuthenticateAsync(object body) => CreateClient().PostAsJsonAsync("/api/v1/authenticate", body);

    public async Task<string> AuthTokenAsync(string applicationToken = BootstrapToken)
    {
        var response = await AuthenticateAsync(new { application_token = applicationToken });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_token").GetString()!;
    }

    public async Task<(string AuthToken, string RefreshToken)> LoginAsync(string username, string password)
    {
        var response = await AuthenticateAsync(new { username, password = Secrets.Sha1Hex(password) });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("auth_token").GetString()!, json.GetProperty("refresh_token").GetString()!);
    }

    public HttpClient ClientWithToken(string authToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", authToken);
        return client;
    }

    /// <summary>A client of the operator (master) organisation, logged in with the bootstrap application token.</summary>
    public async Task<HttpClient> OperatorAsync() => ClientWithToken(await AuthTokenAsync());

    /// <summary>Creates a customer organisation with its first admin and returns a client logged in as that admin.</summary>
    public async Task<(HttpClient Client, long OrganisationId)> CustomerAsync(string name = "Customer Org", string? username = null)
    {
        username ??= $"admin-{Guid.NewGuid():N}@customer.example";
        var op = await OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/organisation", new
        {
            name,
            admin = new { username, name = "Customer Admin", password = Secrets.Sha1Hex("customer password") },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
        var (token, _) = await LoginAsync(username, "customer password");
        return (ClientWithToken(token), id);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_ownsDatabase) TestDatabase.Drop(Directory);
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        }
    }
}

public static class HttpAssert
{
    /// <summary>Asserts the status and an EMnify error body <c>{error_code, error_token, message}</c>; returns the body.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, int status, int errorCode, string errorToken)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(errorCode, json.GetProperty("error_code").GetInt32());
        Assert.Equal(errorToken, json.GetProperty("error_token").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()));
        return json;
    }

    /// <summary>The CORS and security headers every response carries (reference §1.1); HSTS only over HTTPS.</summary>
    public static void StandardHeaders(HttpResponseMessage response, bool https = false)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} -> {(int)response.StatusCode}";
        string? One(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;
        Assert.True(One("Access-Control-Allow-Origin") == "*", $"{what}: Access-Control-Allow-Origin is {One("Access-Control-Allow-Origin") ?? "missing"}");
        Assert.True(One("Access-Control-Allow-Methods") == "GET, POST, PATCH, PUT, DELETE", $"{what}: Access-Control-Allow-Methods");
        Assert.True(One("Access-Control-Expose-Headers")?.Contains("X-Total-Pages") == true, $"{what}: Access-Control-Expose-Headers");
        Assert.True(One("Access-Control-Max-Age") == "86400", $"{what}: Access-Control-Max-Age");
        Assert.True(One("Cache-Control") == "max-age=0", $"{what}: Cache-Control is {One("Cache-Control") ?? "missing"}");
        Assert.True(One("Pragma") is null && !response.Content.Headers.Contains("Expires"), $"{what}: Pragma/Expires present");
        Assert.True(One("X-Frame-Options") == "DENY", $"{what}: X-Frame-Options");
        Assert.True(One("X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options");
        Assert.True((One("Strict-Transport-Security") == "max-age=31536000") == https, $"{what}: Strict-Transport-Security is {One("Strict-Transport-Security") ?? "missing"} over {(https ? "HTTPS" : "HTTP")}");
        if ((int)response.StatusCode == 429) Assert.True(response.Headers.RetryAfter is not null, $"{what}: 429 without Retry-After");
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
