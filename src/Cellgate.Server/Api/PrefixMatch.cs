using System.Linq.Expressions;

namespace Cellgate.Server.Api;

/// <summary>
/// String filters of <c>q</c> are case-sensitive prefix matches (<c>name:Dev</c> finds "Device 1"), written as a range
/// (<c>field &gt;= 'Dev' AND field &lt; 'Dew'</c>) so that an ordinary index answers them on every provider.
/// On PostgreSQL, such columns need the "C" collation (or text_pattern_ops) for the range to equal a prefix.
/// </summary>
public static class PrefixMatch
{
    private sealed class Bounds(string from, string to)
    {
        public readonly string From = from;
        public readonly string To = to;
    }

    private static readonly System.Reflection.MethodInfo CompareTo = typeof(string).GetMethod(nameof(string.CompareTo), [typeof(string)])!;
    private static readonly System.Reflection.MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    /// <summary>Keeps the rows whose <paramref name="field"/> starts with <paramref name="prefix"/>.</summary>
    public static IQueryable<T> WherePrefix<T>(this IQueryable<T> source, Expression<Func<T, string?>> field, string prefix)
    {
        var body = field.Body;
        Expression predicate;
        if (UpperBound(prefix) is { } to)
        {
            // Member accesses on a captured object become query parameters, so the SQL (and EF's cache entry) is shared.
            var bounds = Expression.Constant(new Bounds(prefix, to));
            var from = Expression.Field(bounds, nameof(Bounds.From));
            var upper = Expression.Field(bounds, nameof(Bounds.To));
            predicate = Expression.AndAlso(
                Expression.GreaterThanOrEqual(Expression.Call(body, CompareTo, from), Expression.Constant(0)),
                Expression.LessThan(Expression.Call(body, CompareTo, upper), Expression.Constant(0)));
        }
        else
        {
            var holder = Expression.Constant(new Bounds(prefix, prefix));
            predicate = Expression.AndAlso(
                Expression.NotEqual(body, Expression.Constant(null, typeof(string))),
                Expression.Call(body, StartsWith, Expression.Field(holder, nameof(Bounds.From))));
        }
        return source.Where(Expression.Lambda<Func<T, bool>>(predicate, field.Parameters));
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>, or null.</summary>
    public static string? UpperBound(string prefix)
    {
        if (prefix.Length == 0) return null;
        var last = prefix[^1];
        if (char.IsSurrogate(last) || last == char.MaxValue) return null;
        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(last + 1)).ToString());
    }
}
