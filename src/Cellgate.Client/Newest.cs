using System.Globalization;

namespace Cellgate.Client;

/// <summary>The newest items of a list, whichever order the server lists them in (used by the watchers).</summary>
internal static class Newest
{
    /// <summary>
    /// Page 1; when the answer says it is sorted ascending (<c>X-Sort</c> without <c>-</c>), the last page instead.
    /// Returned oldest first.
    /// </summary>
    public static async Task<List<T>> PageAsync<T>(CellgateClient client, string path, int perPage, Func<T, long> id, CancellationToken ct, string? sort = null)
    {
        var options = new ListOptions { PageSize = perPage, Sort = sort };
        List<T> items;
        using (var response = await client.SendAsync(HttpMethod.Get, CellgateClient.Query(path, options, 1), null, ct).ConfigureAwait(false))
        {
            items = await CellgateClient.ReadAsync<List<T>>(response, ct).ConfigureAwait(false);
            var ascending = response.Headers.TryGetValues("X-Sort", out var s) && !s.First().TrimStart().StartsWith('-');
            var pages = response.Headers.TryGetValues("X-Total-Pages", out var p) && int.TryParse(p.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
            if (ascending && pages > 1)
            {
                // The last page may be short: with the one before it, it holds the newest perPage.
                items = [];
                foreach (var page in new[] { pages - 1, pages })
                {
                    using var tail = await client.SendAsync(HttpMethod.Get, CellgateClient.Query(path, options, page), null, ct).ConfigureAwait(false);
                    items.AddRange(await CellgateClient.ReadAsync<List<T>>(tail, ct).ConfigureAwait(false));
                }
                items.Sort((a, b) => id(a).CompareTo(id(b)));
                if (items.Count > perPage) items = items[^perPage..];
            }
        }
        items.Sort((a, b) => id(a).CompareTo(id(b)));
        return items;
    }
}
