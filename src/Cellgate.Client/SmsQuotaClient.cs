namespace Cellgate.Client;

/// <summary>A device's SMS quota (<c>/api/v1/endpoint/{id}/quota/sms</c>, reference §7.3).</summary>
public sealed class SmsQuotaClient
{
    private readonly CellgateClient _client;

    internal SmsQuotaClient(CellgateClient client) => _client = client;

    /// <summary>The quota; 404 (<see cref="CellgateApiException"/>) when the device has none.</summary>
    public Task<SmsQuota> GetAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        _client.GetAsync<SmsQuota>($"/api/v1/endpoint/{device}/quota/sms", cancellationToken);

    /// <summary>Sets (replaces) the quota.</summary>
    public Task SetAsync(DeviceId device, SmsQuotaSettings quota, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var body = new QuotaWire(quota.Volume, WireDates.Quota(quota.ExpiryDate), quota.ThresholdPercentage, new IdRef(quota.Status));
        return _client.SendNoContentAsync(HttpMethod.Post, $"/api/v1/endpoint/{device}/quota/sms", CellgateClient.Body(body), cancellationToken);
    }

    /// <summary>Removes the quota.</summary>
    public Task DeleteAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/endpoint/{device}/quota/sms", null, cancellationToken);
}
