using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace Cellgate.Server.Api;

/// <summary>
/// Path ids are canonical decimal integers: <c>1</c>, <c>-1</c>, never <c>01</c>, <c>+1</c> or <c> 1 </c> (which the
/// framework's lenient parsing would bind to 1). Anything else is the documented 400 <c>Cannot parse parameter …</c>.
/// </summary>
public static class CanonicalIds
{
    /// <summary>Checks every integer route parameter of every handler under <paramref name="group"/>.</summary>
    public static TBuilder RequireCanonicalIds<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var ids = factory.MethodInfo.GetParameters()
                .Where(p => p.Name is not null && JavaTypeName(p.ParameterType) is not null)
                .Where(p => p.GetCustomAttribute<FromQueryAttribute>() is null && p.GetCustomAttribute<FromBodyAttribute>() is null)
                .Select(p => (Name: p.Name!, Type: JavaTypeName(p.ParameterType)!))
                .ToArray();
            if (ids.Length == 0) return next;
            return invocation =>
            {
                var routeValues = invocation.HttpContext.Request.RouteValues;
                foreach (var (name, type) in ids)
                {
                    if (routeValues.TryGetValue(name, out var raw) && raw is string text && !IsCanonical(text))
                        return ValueTask.FromResult<object?>(CannotParse(name, type, text));
                }
                return next(invocation);
            };
        });
        return group;
    }

    /// <summary><c>0</c> or an optional minus and digits without a leading zero.</summary>
    public static bool IsCanonical(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length == 0 || (digits[0] == '0' && (digits.Length > 1 || text.Length > 1))) return false;
        foreach (var c in digits) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>True when <paramref name="text"/> is a number the lenient parser takes but is not canonical.</summary>
    public static bool IsNonCanonicalNumber(string text) =>
        !IsCanonical(text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>The answer for an id that is not canonical, worded as for an id that does not parse at all.</summary>
    public static JsonHttpResult<ApiError> CannotParse(string name, string javaType, string text) =>
        ApiErrors.BadRequest($"Cannot parse parameter {name} as {javaType}: For input string: \"{text}\"");

    private static string? JavaTypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(long) => "Long",
        var t when t == typeof(int) => "Integer",
        _ => null,
    };
}
