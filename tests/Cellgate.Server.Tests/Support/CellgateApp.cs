using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Auth;
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
    };

    public CellgateApp(string? directory = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "cellgate-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _settings["Cellgate:Storage:SqlitePath"] = DatabasePath;
    }

    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "cellgate.db");
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in _services) configure(services);
        });
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

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
