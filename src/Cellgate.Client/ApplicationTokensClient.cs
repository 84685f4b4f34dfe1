namespace Cellgate.Client;

/// <summary><c>/api/v1/application_token</c>: tokens for programs.</summary>
public sealed class ApplicationTokensClient
{
    private readonly CellgateClient _client;

    internal ApplicationTokensClient(CellgateClient client) => _client = client;

    /// <summary>The organisation's application tokens (never their secrets).</summary>
    public async Task<IReadOnlyList<ApplicationToken>> ListAsync(CancellationToken cancellationToken = default) =>
        await _client.GetAsync<List<ApplicationToken>>("/api/v1/application_token", cancellationToken).ConfigureAwait(false);

    /// <summary>One token.</summary>
    public Task<ApplicationToken> GetAsync(ApplicationTokenId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<ApplicationToken>($"/api/v1/application_token/{id}", cancellationToken);

    /// <summary>Creates a token; the answer is the only time its secret is shown.</summary>
    public async Task<CreatedApplicationToken> CreateAsync(NewApplicationToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var body = new ApplicationTokenWire(token.Description, token.ExpiryDate is { } e ? WireDates.Iso(e) : null, token.Ip, null);
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/application_token", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadAsync<CreatedApplicationToken>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the description.</summary>
    public Task UpdateDescriptionAsync(ApplicationTokenId id, string description, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/application_token/{id}",
            CellgateClient.Body(new ApplicationTokenWire(description, null, null, null)), cancellationToken);

    /// <summary>Revokes a token for good (<c>PATCH</c> with status 1, as EMnify does it).</summary>
    public Task RevokeAsync(ApplicationTokenId id, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/application_token/{id}",
            CellgateClient.Body(new ApplicationTokenWire(null, null, null, new IdRef(1))), cancellationToken);
}
