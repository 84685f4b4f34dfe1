using System.Globalization;

namespace Cellgate.Server.Api;

/// <summary>
/// <c>page</c>/<c>per_page</c> with EMnify's edge rules (reference §1.4): <c>per_page &lt; 1</c> → default,
/// too large → the maximum, <c>page &lt; 1</c> → first page, <c>page</c> past the end → last page.
/// </summary>
public readonly record struct PageRequest(int Page, int PerPage)
{
    public static bool TryRead(HttpRequest request, int defaultPerPage, int maxPerPage, out PageRequest page, out JsonHttpResult<ApiError>? error)
    {
        page = default;
        error = null;
        if (!TryInt(request, "page", 1, out var p, ref error) || !TryInt(request, "per_page", defaultPerPage, out var pp, ref error))
            return false;
        if (pp < 1) pp = defaultPerPage;
        if (pp > maxPerPage) pp = maxPerPage;
        if (p < 1) p = 1;
        page = new PageRequest(p, pp);
        return true;
    }

    private static bool TryInt(HttpRequest request, string name, int fallback, out int value, ref JsonHttpResult<ApiError>? error)
    {
        value = fallback;
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw)) return true;
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = (int)Math.Clamp(l, int.MinValue, int.MaxValue);
            return true;
        }
        error = ApiErrors.BadRequest($"Cannot parse parameter {name} as Integer: For input string: \"{raw}\"");
        return false;
    }

    /// <summary>The page actually served once the total is known (past the end → last page).</summary>
    public PageResult Resolve(long total)
    {
        var pages = (int)Math.Max(1, (total + PerPage - 1) / PerPage);
        return new PageResult(Math.Min(Page, pages), PerPage, total, pages);
    }
}

public readonly record struct PageResult(int Page, int PerPage, long Total, int Pages)
{
    public int Skip => (Page - 1) * PerPage;

    /// <summary>Writes every paging header EMnify sends (reference §1.4), both the classic and the 2024 duplicates.</summary>
    public void WriteHeaders(HttpResponse response, string sort)
    {
        var h = response.Headers;
        var inv = CultureInfo.InvariantCulture;
        h["X-Current-Page"] = Page.ToString(inv);
        h["X-Count-Per-Page"] = PerPage.ToString(inv);
        h["X-Total-Count"] = Total.ToString(inv);
        h["X-Total-Pages"] = Pages.ToString(inv);
        h["X-Sort"] = sort;
        h["X-Page"] = Page.ToString(inv);
        h["X-Per-Page"] = PerPage.ToString(inv);
        h["X-Pages"] = Pages.ToString(inv);
        h["X-Count"] = Total.ToString(inv);
        h.Link = BuildLinks(response.HttpContext.Request);
    }

    private string BuildLinks(HttpRequest request)
    {
        var links = new List<string>(4) { Link(request, 1, "first") };
        if (Page > 1) links.Add(Link(request, Page - 1, "prev"));
        if (Page < Pages) links.Add(Link(request, Page + 1, "next"));
        links.Add(Link(request, Pages, "last"));
        return string.Join(", ", links);
    }

    private string Link(HttpRequest request, int page, string rel)
    {
        var query = request.Query
            .Where(q => q.Key is not "page" and not "per_page")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"page={page}").Append($"per_page={PerPage}");
        return $"<{request.PathBase}{request.Path}?{string.Join('&', query)}>; rel=\"{rel}\"";
    }
}

/// <summary>Marks a route that answers with <see cref="PageResult.WriteHeaders"/>: the OpenAPI document lists its paging headers.</summary>
public sealed class PagedMetadata
{
    public static readonly PagedMetadata Instance = new();

    public static readonly (string Name, string Description, Microsoft.OpenApi.JsonSchemaType Type)[] Headers =
    [
        ("X-Current-Page", "The page served (a page past the end serves the last)", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Count-Per-Page", "Items per page", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Total-Count", "Items over all pages", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Total-Pages", "Number of pages (at least 1)", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Sort", "The sort applied, e.g. id or -id", Microsoft.OpenApi.JsonSchemaType.String),
        ("X-Page", "Same as X-Current-Page (EMnify's 2024 duplicate)", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Per-Page", "Same as X-Count-Per-Page", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Pages", "Same as X-Total-Pages", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("X-Count", "Same as X-Total-Count", Microsoft.OpenApi.JsonSchemaType.Integer),
        ("Link", "RFC 8288 links: first, prev, next, last", Microsoft.OpenApi.JsonSchemaType.String),
    ];

    public static readonly (string Name, string Description)[] QueryParameters =
    [
        ("page", "Page number from 1; below 1 serves the first page, past the end the last"),
        ("per_page", "Items per page; below 1 gives the default, above the maximum the maximum"),
    ];
}

public static class PagingEndpointExtensions
{
    /// <summary>Documents the paging query parameters and response headers of a paged list.</summary>
    public static TBuilder WithPaging<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PagedMetadata.Instance);
}
