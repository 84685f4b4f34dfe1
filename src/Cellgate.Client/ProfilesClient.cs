namespace Cellgate.Client;

/// <summary>Service profiles (<c>/api/v1/service_profile</c>) and tariff profiles (<c>/api/v1/tariff_profile</c>).</summary>
public sealed class ProfilesClient
{
    private readonly CellgateClient _client;

    internal ProfilesClient(CellgateClient client) => _client = client;

    /// <summary>The organisation's service profiles.</summary>
    public async Task<IReadOnlyList<ServiceProfile>> ListServiceProfilesAsync(CancellationToken cancellationToken = default) =>
        await _client.GetAsync<List<ServiceProfile>>("/api/v1/service_profile", cancellationToken).ConfigureAwait(false);

    /// <summary>One service profile.</summary>
    public Task<ServiceProfile> GetServiceProfileAsync(ServiceProfileId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<ServiceProfile>($"/api/v1/service_profile/{id}", cancellationToken);

    /// <summary>Creates a service profile (every service allowed) and returns its id.</summary>
    public async Task<ServiceProfileId> CreateServiceProfileAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/service_profile", CellgateClient.Body(new ProfileWire(name, description)), cancellationToken).ConfigureAwait(false);
        return new ServiceProfileId(CellgateClient.IdFromLocation(response));
    }

    /// <summary>Deletes a service profile no device uses.</summary>
    public Task DeleteServiceProfileAsync(ServiceProfileId id, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/service_profile/{id}", null, cancellationToken);

    /// <summary>The organisation's tariff profiles.</summary>
    public async Task<IReadOnlyList<TariffProfile>> ListTariffProfilesAsync(CancellationToken cancellationToken = default) =>
        await _client.GetAsync<List<TariffProfile>>("/api/v1/tariff_profile", cancellationToken).ConfigureAwait(false);

    /// <summary>One tariff profile.</summary>
    public Task<TariffProfile> GetTariffProfileAsync(TariffProfileId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<TariffProfile>($"/api/v1/tariff_profile/{id}", cancellationToken);

    /// <summary>Creates a tariff profile and returns its id.</summary>
    public async Task<TariffProfileId> CreateTariffProfileAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/tariff_profile", CellgateClient.Body(new ProfileWire(name, description)), cancellationToken).ConfigureAwait(false);
        return new TariffProfileId(CellgateClient.IdFromLocation(response));
    }

    /// <summary>Deletes a tariff profile no device uses.</summary>
    public Task DeleteTariffProfileAsync(TariffProfileId id, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/tariff_profile/{id}", null, cancellationToken);
}
