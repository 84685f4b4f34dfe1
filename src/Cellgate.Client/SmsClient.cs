using System.Runtime.CompilerServices;

namespace Cellgate.Client;

/// <summary>A device's SMS (<c>/api/v1/endpoint/{id}/sms</c>).</summary>
public sealed class SmsClient
{
    private readonly CellgateClient _client;

    internal SmsClient(CellgateClient client) => _client = client;

    // RS0026 guards against overloads that differ only by optional parameters; these two differ by the message's type.
#pragma warning disable RS0026
    /// <summary>Sends an MT SMS and returns its id (from <c>Location</c>; the first part's, when the text needs several).</summary>
    public async Task<SmsId> SendAsync(DeviceId device, NewSms sms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var body = new SmsWire(sms.Payload, sms.SourceAddress, sms.ExpiryDate is { } e ? WireDates.Iso(e) : null, sms.Dcs, sms.Udh, sms.Pid);
        using var response = await _client.SendAsync(HttpMethod.Post, $"/api/v1/endpoint/{device}/sms", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return new SmsId(CellgateClient.IdFromLocation(response));
    }

    /// <summary>Sends <paramref name="payload"/> and returns the SMS id.</summary>
    public Task<SmsId> SendAsync(DeviceId device, string payload, CancellationToken cancellationToken = default) =>
        SendAsync(device, new NewSms(payload), cancellationToken);
#pragma warning restore RS0026

    /// <summary>Every SMS of the device, MT and MO, newest first, page after page.</summary>
    public IAsyncEnumerable<Sms> ListAsync(DeviceId device, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<Sms>($"/api/v1/endpoint/{device}/sms", options, cancellationToken);

    /// <summary>One SMS.</summary>
    public Task<Sms> GetAsync(DeviceId device, SmsId sms, CancellationToken cancellationToken = default) =>
        _client.GetAsync<Sms>($"/api/v1/endpoint/{device}/sms/{sms}", cancellationToken);

    /// <summary>Cancels an SMS not yet delivered (status 7). Accepts the server's 204 and a 200 with a body alike.</summary>
    public Task CancelAsync(DeviceId device, SmsId sms, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/endpoint/{device}/sms/{sms}", null, cancellationToken);

    /// <summary>
    /// Polls the SMS every <see cref="CellgateClientOptions.PollInterval"/> until it is delivered, failed, expired or
    /// cancelled, and returns it; <paramref name="progress"/> hears each status seen. Throws <see cref="TimeoutException"/>
    /// after <paramref name="timeout"/> (none by default: the SMS expires in the end).
    /// </summary>
    public async Task<Sms> WaitForFinalStatusAsync(DeviceId device, SmsId sms, TimeSpan? timeout = null, IProgress<Sms>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var time = _client.Options.TimeProvider;
        var deadline = timeout is { } t ? time.GetUtcNow() + t : (DateTimeOffset?)null;
        SmsStatus? seen = null;
        while (true)
        {
            var current = await GetAsync(device, sms, cancellationToken).ConfigureAwait(false);
            if (current.State != seen)
            {
                seen = current.State;
                progress?.Report(current);
            }
            if (current.IsFinal) return current;
            if (deadline is { } d && time.GetUtcNow() >= d)
                throw new TimeoutException($"SMS {sms} is still {current.Status?.Description ?? current.State.ToString()} after {timeout}.");
            await Task.Delay(_client.Options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Follows a device's SMS by polling: first the newest <paramref name="backlog"/>, then every new SMS and every
    /// status change, oldest first, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<Sms> WatchAsync(DeviceId device, int backlog = 10, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var known = new Dictionary<long, int>();
        var first = true;
        while (true)
        {
            var page = await Newest.PageAsync<Sms>(_client, $"/api/v1/endpoint/{device}/sms", 100, s => s.Id.Value, cancellationToken).ConfigureAwait(false);
            var changed = page.Where(s => !known.TryGetValue(s.Id.Value, out var status) || status != (s.Status?.Id ?? 0)).ToList();
            foreach (var s in page) known[s.Id.Value] = s.Status?.Id ?? 0;
            if (first) changed = backlog <= 0 ? [] : changed.TakeLast(backlog).ToList();
            foreach (var s in changed) yield return s;
            first = false;
            await Task.Delay(_client.Options.PollInterval, _client.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
