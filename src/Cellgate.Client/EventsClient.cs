using System.Runtime.CompilerServices;

namespace Cellgate.Client;

/// <summary>
/// <c>/api/v1/event</c> and <c>/api/v1/endpoint/{id}/event</c>. Servers differ in the default order (Cellgate has
/// listed newest first, EMnify ascending): pass <see cref="ListOptions.Sort"/> (<c>id</c> or <c>-id</c>) when the
/// order matters. <see cref="WatchAsync"/> works with either.
/// </summary>
public sealed class EventsClient
{
    private readonly CellgateClient _client;

    internal EventsClient(CellgateClient client) => _client = client;

    /// <summary>Every event of the organisation, page after page (filters: <c>type</c>, <c>severity</c>, <c>from</c>, <c>until</c>, …).</summary>
    public IAsyncEnumerable<Event> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<Event>("/api/v1/event", options, cancellationToken);

    /// <summary>Every event of one device.</summary>
    public IAsyncEnumerable<Event> ListForDeviceAsync(DeviceId device, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<Event>($"/api/v1/endpoint/{device}/event", options, cancellationToken);

    /// <summary>The newest <paramref name="count"/> events (at most 1000), oldest first.</summary>
    public async Task<IReadOnlyList<Event>> NewestAsync(int count, DeviceId? device = null, CancellationToken cancellationToken = default)
    {
        var items = await Newest.PageAsync<Event>(_client, Path(device), Math.Clamp(count, 1, 1000), e => e.Id.Value, cancellationToken, "-id").ConfigureAwait(false);
        return items.Count > count ? items[^count..] : items;
    }

    /// <summary>
    /// Follows the event log by polling every <see cref="CellgateClientOptions.PollInterval"/>: first the newest
    /// <paramref name="backlog"/> events, then each new one, in id order, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<Event> WatchAsync(DeviceId? device = null, int backlog = 10, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long last = long.MinValue;
        var first = true;
        while (true)
        {
            var page = await Newest.PageAsync<Event>(_client, Path(device), 100, e => e.Id.Value, cancellationToken, "-id").ConfigureAwait(false);
            var fresh = page.Where(e => e.Id.Value > last).ToList();
            if (first) fresh = backlog <= 0 ? [] : fresh.TakeLast(backlog).ToList();
            foreach (var e in fresh) yield return e;
            if (page.Count > 0) last = Math.Max(last, page[^1].Id.Value);
            first = false;
            await Task.Delay(_client.Options.PollInterval, _client.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Path(DeviceId? device) => device is { } d ? $"/api/v1/endpoint/{d}/event" : "/api/v1/event";
}
