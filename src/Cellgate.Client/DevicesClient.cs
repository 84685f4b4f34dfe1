namespace Cellgate.Client;

/// <summary>Devices: EMnify's endpoints (<c>/api/v1/endpoint</c>).</summary>
public sealed class DevicesClient
{
    private readonly CellgateClient _client;

    internal DevicesClient(CellgateClient client) => _client = client;

    /// <summary>Every device, page after page (filters: <c>name</c>, <c>status</c>, <c>iccid</c>, <c>tags</c>, …).</summary>
    public IAsyncEnumerable<Device> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<Device>("/api/v1/endpoint", options, cancellationToken);

    /// <summary>One device.</summary>
    public Task<Device> GetAsync(DeviceId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<Device>($"/api/v1/endpoint/{id}", cancellationToken);

    /// <summary>
    /// Creates a device and returns it. The id comes from <c>Location</c>; the device from the answer's body when the
    /// server sends one, else from a <c>GET</c> (EMnify answers 201 with an empty body).
    /// </summary>
    public async Task<Device> CreateAsync(NewDevice device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        var body = new DeviceWire(device.Name, new IdRef((int)device.Status), IdRef.Of(device.ServiceProfile?.Value), IdRef.Of(device.TariffProfile?.Value),
            IdRef.Of(device.Sim?.Value), device.Tags, device.Imei, IdRef.Of(device.IpAddressSpace?.Value), device.IpAddress);
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/endpoint", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadObjectOrNullAsync<Device>(response, cancellationToken).ConfigureAwait(false)
               ?? await GetAsync(new DeviceId(CellgateClient.IdFromLocation(response)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes what <paramref name="update"/> sets.</summary>
    public Task UpdateAsync(DeviceId id, DeviceUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new DeviceWire(update.Name, IdRef.Of((int?)update.Status), IdRef.Of(update.ServiceProfile?.Value), IdRef.Of(update.TariffProfile?.Value),
            update.ReleaseSim ? new IdRef(null) : IdRef.Of(update.Sim?.Value), update.Tags, update.Imei, null, null);
        return _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/endpoint/{id}", CellgateClient.Body(body), cancellationToken);
    }

    /// <summary>Enables the device (its SIM is activated).</summary>
    public Task EnableAsync(DeviceId id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new DeviceUpdate { Status = DeviceStatus.Enabled }, cancellationToken);

    /// <summary>Disables the device (its SIM is suspended).</summary>
    public Task DisableAsync(DeviceId id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new DeviceUpdate { Status = DeviceStatus.Disabled }, cancellationToken);

    /// <summary>Deletes the device; its SIM stays in the inventory.</summary>
    public Task DeleteAsync(DeviceId id, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/endpoint/{id}", null, cancellationToken);

    /// <summary>The device's connectivity (ATTACHED / OFFLINE and its services).</summary>
    public Task<DeviceConnectivity> GetConnectivityAsync(DeviceId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<DeviceConnectivity>($"/api/v1/endpoint/{id}/connectivity", cancellationToken);
}
