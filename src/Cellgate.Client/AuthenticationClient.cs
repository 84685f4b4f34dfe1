namespace Cellgate.Client;

/// <summary><c>POST /api/v1/authenticate</c>. The client authenticates by itself; these are for callers who want the tokens.</summary>
public sealed class AuthenticationClient
{
    private readonly CellgateClient _client;

    internal AuthenticationClient(CellgateClient client) => _client = client;

    /// <summary>Exchanges an application token for an auth token.</summary>
    public Task<AuthenticationResult> AuthenticateAsync(string applicationToken, CancellationToken cancellationToken = default) =>
        PostAsync(new AuthenticateWire(ApplicationToken: applicationToken), cancellationToken);

    /// <summary>Logs a user in (the SDK sends the SHA-1 of <paramref name="password"/>); the answer has a refresh token.</summary>
    public Task<AuthenticationResult> LoginAsync(string username, string password, CancellationToken cancellationToken = default) =>
        PostAsync(new AuthenticateWire(Username: username, Password: CellgatePassword.Sha1Hex(password)), cancellationToken);

    /// <summary>Exchanges a refresh token for an auth token.</summary>
    public Task<AuthenticationResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default) =>
        PostAsync(new AuthenticateWire(RefreshToken: refreshToken), cancellationToken);

    /// <summary>The auth token the client uses now, obtained or renewed if needed.</summary>
    public async Task<string> GetAuthTokenAsync(CancellationToken cancellationToken = default) =>
        await _client.Tokens.GetAsync(_client, cancellationToken).ConfigureAwait(false);

    private async Task<AuthenticationResult> PostAsync(AuthenticateWire body, CancellationToken ct)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/authenticate", CellgateClient.Body(body), ct, authenticate: false).ConfigureAwait(false);
        return await CellgateClient.ReadAsync<AuthenticationResult>(response, ct).ConfigureAwait(false);
    }
}
