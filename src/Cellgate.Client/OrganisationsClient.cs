namespace Cellgate.Client;

/// <summary><c>/api/v1/organisation</c>: your organisation and, for the operator, its customers.</summary>
public sealed class OrganisationsClient
{
    private readonly CellgateClient _client;

    internal OrganisationsClient(CellgateClient client) => _client = client;

    /// <summary>The caller's own organisation.</summary>
    public Task<Organisation> GetMineAsync(CancellationToken cancellationToken = default) =>
        _client.GetAsync<Organisation>("/api/v1/organisation/my", cancellationToken);

    /// <summary>The customer organisations below the caller's, every page.</summary>
    public IAsyncEnumerable<Organisation> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<Organisation>("/api/v1/organisation", options, cancellationToken);

    /// <summary>The caller's organisation or one of its customers.</summary>
    public Task<Organisation> GetAsync(OrganisationId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<Organisation>($"/api/v1/organisation/{id}", cancellationToken);

    /// <summary>Creates a customer organisation with its first admin (operator admins only).</summary>
    public async Task<Organisation> CreateAsync(NewOrganisation organisation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var body = new OrganisationWire(organisation.Name,
            new NewAdminWire(organisation.AdminUsername, organisation.AdminName, CellgatePassword.Sha1Hex(organisation.AdminPassword)), null);
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/organisation", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadObjectOrNullAsync<Organisation>(response, cancellationToken).ConfigureAwait(false)
               ?? await GetAsync(new OrganisationId(CellgateClient.IdFromLocation(response)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames a customer organisation.</summary>
    public Task RenameAsync(OrganisationId id, string name, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/organisation/{id}", CellgateClient.Body(new OrganisationWire(name, null, null)), cancellationToken);

    /// <summary>Suspends (status 2) or reactivates (status 1) a customer organisation.</summary>
    public Task SetStatusAsync(OrganisationId id, bool active, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/organisation/{id}",
            CellgateClient.Body(new OrganisationWire(null, null, new IdRef(active ? 1 : 2))), cancellationToken);
}
