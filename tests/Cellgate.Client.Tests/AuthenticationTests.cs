using System.Net;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Client.Tests;

public sealed class AuthenticationTests : IDisposable
{
    private readonly SdkServer _server = new();
    public void Dispose() => _server.Dispose();

    private int Authentications => _server.Recorder.Count("POST", "/api/v1/authenticate");

    [Fact]
    public async Task An_application_token_is_exchanged_once_and_the_auth_token_reused()
    {
        var client = _server.Operator();
        var mine = await client.Organisations.GetMineAsync();
        await client.Organisations.GetMineAsync();
        Assert.Equal("Operator Org", mine.Name);
        Assert.Equal(1, Authentications);
        Assert.Contains(_server.Recorder.Requests, r => r.Body?.Contains("\"application_token\"", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_auth_token_is_renewed_shortly_before_it_expires_on_the_clients_clock()
    {
        var client = _server.Client(new CellgateClientOptions { ApplicationToken = CellgateApp.BootstrapToken, TimeProvider = _server.App.Clock });
        await client.Organisations.GetMineAsync();
        _server.App.Clock.Advance(TimeSpan.FromMinutes(238));
        await client.Organisations.GetMineAsync();
        Assert.Equal(1, Authentications);

        _server.App.Clock.Advance(TimeSpan.FromMinutes(1.5)); // 239.5 of 240 minutes: inside the one-minute margin
        await client.Organisations.GetMineAsync();
        Assert.Equal(2, Authentications);

        _server.App.Clock.Advance(TimeSpan.FromMinutes(300)); // far past the new token's expiry
        Assert.Equal("Operator Org", (await client.Organisations.GetMineAsync()).Name);
        Assert.Equal(3, Authentications);
    }

    [Fact]
    public async Task A_token_the_server_finds_expired_is_renewed_once_and_the_request_repeated()
    {
        var client = _server.Operator(); // the system clock: it believes its token good for 240 minutes
        await client.Organisations.GetMineAsync();
        _server.App.Clock.Advance(TimeSpan.FromMinutes(241)); // the server's clock says it has expired

        Assert.Equal("Operator Org", (await client.Organisations.GetMineAsync()).Name);
        Assert.Equal(2, Authentications);
        Assert.Equal(3, _server.Recorder.Count("GET", "/api/v1/organisation/my"));
    }

    [Fact]
    public async Task A_user_logs_in_with_the_sha1_of_the_password_and_renews_with_the_refresh_token()
    {
        string? issued = null;
        var client = _server.Client(new CellgateClientOptions
        {
            Username = CellgateApp.AdminUsername, Password = CellgateApp.AdminPassword, TimeProvider = _server.App.Clock,
            RefreshTokenIssued = t => issued = t,
        });
        var me = await client.Users.GetByUsernameAsync(CellgateApp.AdminUsername);
        Assert.Equal(CellgateApp.AdminUsername, me.Username);
        var login = _server.Recorder.Requests.Single(r => r.PathAndQuery == "/api/v1/authenticate").Body!;
        Assert.Contains(CellgatePassword.Sha1Hex(CellgateApp.AdminPassword), login, StringComparison.Ordinal);
        Assert.DoesNotContain(CellgateApp.AdminPassword, login, StringComparison.Ordinal);
        Assert.NotNull(issued);

        _server.App.Clock.Advance(TimeSpan.FromMinutes(241));
        await client.Organisations.GetMineAsync();
        var renewal = _server.Recorder.Requests.Where(r => r.PathAndQuery == "/api/v1/authenticate").Last().Body!;
        Assert.Contains("\"refresh_token\"", renewal, StringComparison.Ordinal);
        Assert.DoesNotContain("password", renewal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_refresh_token_alone_authenticates()
    {
        var login = await _server.Operator().Authentication.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        var client = _server.Client(new CellgateClientOptions { RefreshToken = login.RefreshToken });
        Assert.Equal("Operator Org", (await client.Organisations.GetMineAsync()).Name);
    }

    [Fact]
    public async Task The_authentication_calls_return_the_tokens()
    {
        var client = _server.Operator();
        var app = await client.Authentication.AuthenticateAsync(CellgateApp.BootstrapToken);
        Assert.Null(app.RefreshToken);
        var user = await client.Authentication.LoginAsync(CellgateApp.AdminUsername, CellgateApp.AdminPassword);
        Assert.NotNull(user.RefreshToken);
        var refreshed = await client.Authentication.RefreshAsync(user.RefreshToken!);
        Assert.Equal(3, refreshed.AuthToken.Split('.').Length);
        var current = await client.Authentication.GetAuthTokenAsync();
        Assert.Equal(current, await client.Authentication.GetAuthTokenAsync());

        var fixedToken = _server.Client(new CellgateClientOptions { AuthToken = current });
        Assert.Equal("Operator Org", (await fixedToken.Organisations.GetMineAsync()).Name);
    }

    [Fact]
    public async Task A_wrong_application_token_is_an_api_exception_with_emnifys_error()
    {
        var client = _server.Client(new CellgateClientOptions { ApplicationToken = "not-a-token" });
        var e = await Assert.ThrowsAsync<CellgateApiException>(() => client.Organisations.GetMineAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(1102, e.ErrorCode);
        Assert.Equal("InvalidToken", e.ErrorToken);
        Assert.Equal(1, Authentications); // a refused login is not retried in a loop
    }

    [Fact]
    public async Task Clients_from_the_service_collection_share_one_auth_token()
    {
        var services = new ServiceCollection();
        services.AddCellgateClient(o => o.ApplicationToken = CellgateApp.BootstrapToken)
            .ConfigurePrimaryHttpMessageHandler(() => _server.App.Server.CreateHandler())
            .AddHttpMessageHandler(() => _server.Recorder.NewHandler())
            .ConfigureHttpClient(h => h.BaseAddress = new Uri("http://localhost"));
        await using var provider = services.BuildServiceProvider();
        var first = provider.GetRequiredService<CellgateClient>();
        var second = provider.GetRequiredService<CellgateClient>();
        Assert.NotSame(first, second);
        await first.Organisations.GetMineAsync();
        await second.Organisations.GetMineAsync();
        Assert.Equal(1, Authentications);
    }
}

