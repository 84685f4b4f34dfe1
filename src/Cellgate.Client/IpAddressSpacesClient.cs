namespace Cellgate.Client;

/// <summary><c>/api/v1/ip_address_space</c>: where devices' addresses come from.</summary>
public sealed class IpAddressSpacesClient
{
    private readonly CellgateClient _client;

    internal IpAddressSpacesClient(CellgateClient client) => _client = client;

    /// <summary>The organisation's spaces with used and available counts.</summary>
    public async Task<IReadOnlyList<IpAddressSpace>> ListAsync(CancellationToken cancellationToken = default) =>
        await _client.GetAsync<List<IpAddressSpace>>("/api/v1/ip_address_space", cancellationToken).ConfigureAwait(false);

    /// <summary>Assigns an IPv4 network (CIDR) to the organisation.</summary>
    public async Task<IpAddressSpaceId> CreateAsync(string cidr, CancellationToken cancellationToken = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/ip_address_space", CellgateClient.Body(new IpAddressSpaceWire(cidr, 4)), cancellationToken).ConfigureAwait(false);
        return new IpAddressSpaceId(CellgateClient.IdFromLocation(response));
    }

    /// <summary>Releases a space no device holds an address of.</summary>
    public Task DeleteAsync(IpAddressSpaceId id, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/ip_address_space/{id}", null, cancellationToken);
}
