using System.Linq.Expressions;

namespace Cellgate.Server.Api;

/// <summary>
/// Parses EMnify's <c>sort</c> (<c>name,-id</c>) and <c>q</c> (<c>status:0,name:foo</c>) parameters against
/// the fields a collection allows; unknown fields are 422 <c>1302</c>/<c>1301</c>.
/// </summary>
public sealed class QueryCriteria<T>
{
    /// <summary>More filters than this in one <c>q</c> are 422 <c>1301</c>: each one is a condition in one SQL statement.</summary>
    public const int MaxFilters = 20;

    private readonly Dictionary<string, Expression<Func<T, object?>>> _sortable = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IQueryable<T>, string, IQueryable<T>?>> _filters = new(StringComparer.OrdinalIgnoreCase);

    public QueryCriteria<T> Sort(string field, Expression<Func<T, object?>> key)
    {
        _sortable[field] = key;
        return this;
    }

    /// <summary>A filter returns null when the value is not valid for the field.</summary>
    public QueryCriteria<T> Filter(string field, Func<IQueryable<T>, string, IQueryable<T>?> apply)
    {
        _filters[field] = apply;
        return this;
    }

    public static ApiError InvalidQuery(string message) => new(1301, "InvalidQueryCriteria", message);
    public static ApiError InvalidSort(string message) => new(1302, "InvalidSortCriteria", message);

    /// <summary>Applies <c>q</c> then <c>sort</c> (ties by ascending id, given as <paramref name="id"/>).</summary>
    public bool TryApply(IQueryable<T> source, string? q, string? sort, Expression<Func<T, long>> id,
        out IQueryable<T> result, out string appliedSort, out JsonHttpResult<ApiError>? error)
    {
        result = source;
        appliedSort = "id";
        error = null;

        if (!string.IsNullOrWhiteSpace(q))
        {
            var parts = q.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length > MaxFilters)
            {
                error = ApiErrors.Result(422, InvalidQuery($"Invalid query criteria: at most {MaxFilters} filters are allowed, got {parts.Length}."));
                return false;
            }
            foreach (var part in parts)
            {
                var colon = part.IndexOf(':');
                if (colon <= 0)
                {
                    error = ApiErrors.Result(422, InvalidQuery($"Invalid query criteria '{part}': expected field:value."));
                    return false;
                }
                var field = part[..colon].Trim();
                var value = part[(colon + 1)..].Trim();
                if (!_filters.TryGetValue(field, out var apply))
                {
                    error = ApiErrors.Result(422, InvalidQuery($"Invalid query criteria: unknown field '{field}'. Allowed: {string.Join(", ", _filters.Keys)}."));
                    return false;
                }
                var filtered = apply(result, value);
                if (filtered is null)
                {
                    error = ApiErrors.Result(422, InvalidQuery($"Invalid query criteria: '{value}' is not a valid value for '{field}'."));
                    return false;
                }
                result = filtered;
            }
        }

        IOrderedQueryable<T>? ordered = null;
        var applied = new List<string>();
        if (!string.IsNullOrWhiteSpace(sort))
        {
            foreach (var raw in sort.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var desc = raw.StartsWith('-');
                var field = raw.TrimStart('-', '+', ' ');
                if (!_sortable.TryGetValue(field, out var key))
                {
                    error = ApiErrors.Result(422, InvalidSort($"Invalid sort criteria: unknown field '{field}'. Allowed: {string.Join(", ", _sortable.Keys)}."));
                    return false;
                }
                ordered = ordered is null
                    ? desc ? result.OrderByDescending(key) : result.OrderBy(key)
                    : desc ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
                applied.Add(desc ? "-" + field.ToLowerInvariant() : field.ToLowerInvariant());
            }
        }
        result = ordered is null ? result.OrderBy(id) : ordered.ThenBy(id);
        if (applied.Count > 0) appliedSort = string.Join(',', applied);
        return true;
    }
}
