namespace Cellgate.Client;

/// <summary>Cellgate's network simulator (<c>/api/simulator</c>): the virtual handsets that play the devices.</summary>
public sealed class SimulatorClient
{
    private readonly CellgateClient _client;

    internal SimulatorClient(CellgateClient client) => _client = client;

    /// <summary>The handset's state.</summary>
    public Task<SimulatedDevice> GetAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        _client.GetAsync<SimulatedDevice>($"/api/simulator/devices/{device}", cancellationToken);

    /// <summary>Attaches the handset; its buffered SMS are delivered at once.</summary>
    public Task<SimulatedDevice> AttachAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        PostAsync($"/api/simulator/devices/{device}/attach", cancellationToken);

    /// <summary>Detaches the handset; SMS to it are buffered.</summary>
    public Task<SimulatedDevice> DetachAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        PostAsync($"/api/simulator/devices/{device}/detach", cancellationToken);

    /// <summary>Changes the handset (fault, echo, toggling).</summary>
    public async Task<SimulatedDevice> UpdateAsync(DeviceId device, SimulatedDeviceUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new SimulatedDeviceWire(update.Attached, update.Fault, update.Echo, update.ToggleSeconds, update.ClearToggle);
        using var response = await _client.SendAsync(HttpMethod.Patch, $"/api/simulator/devices/{device}", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadAsync<SimulatedDevice>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The handset sends an MO SMS to <paramref name="destination"/> (a short code or an MSISDN); returns its id.</summary>
    public async Task<SmsId> SendMoAsync(DeviceId device, string destination, string payload, CancellationToken cancellationToken = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/simulator/devices/{device}/mo",
            CellgateClient.Body(new MoWire(destination, payload)), cancellationToken).ConfigureAwait(false);
        return new SmsId(CellgateClient.IdFromLocation(response));
    }

    /// <summary>What the handset received, oldest first.</summary>
    public async Task<IReadOnlyList<InboxEntry>> InboxAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        await _client.GetAsync<List<InboxEntry>>($"/api/simulator/devices/{device}/inbox", cancellationToken).ConfigureAwait(false);

    /// <summary>The organisation's counters.</summary>
    public Task<SimulatorStats> StatsAsync(CancellationToken cancellationToken = default) =>
        _client.GetAsync<SimulatorStats>("/api/simulator/stats", cancellationToken);

    private async Task<SimulatedDevice> PostAsync(string path, CancellationToken ct)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, path, null, ct).ConfigureAwait(false);
        return await CellgateClient.ReadAsync<SimulatedDevice>(response, ct).ConfigureAwait(false);
    }
}
