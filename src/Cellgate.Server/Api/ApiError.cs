using System.Text.Json.Serialization;

namespace Cellgate.Server.Api;

/// <summary>EMnify's application error body (reference §1.6, form 2).</summary>
public sealed record ApiError(
    int ErrorCode,
    string ErrorToken,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ApiError>? Errors = null);

/// <summary>The API gateway's body for failed bearer authentication (reference §1.6, form 1).</summary>
public sealed record GatewayError(string Message);

/// <summary>Every error the /api/v1 surface answers with, built in one place.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ApiError> Result(int status, ApiError error) =>
        TypedResults.Json(error, ApiJson.Options, statusCode: status);

    public static JsonHttpResult<ApiError> BadRequest(string message) =>
        Result(StatusCodes.Status400BadRequest, new(1000, "BadRequest", message));

    /// <summary>404 for an unknown or foreign object, as EMnify answers it (<c>Endpoint with Id '-1' not found.</c>).</summary>
    public static JsonHttpResult<ApiError> NotFound(string resource, object id) =>
        Result(StatusCodes.Status404NotFound, new(1401, "InvalidReference", $"{resource} with Id '{id}' not found."));

    public static JsonHttpResult<ApiError> RouteNotFound(string method, string path) =>
        Result(StatusCodes.Status404NotFound, new(1201, "NotFound", $"No resource at {method} {path}."));

    public static JsonHttpResult<ApiError> Validation(string message, IReadOnlyList<ApiError> errors) =>
        Result(StatusCodes.Status422UnprocessableEntity, new(1400, "InputValidationFailed", message, errors));

    public static JsonHttpResult<ApiError> Duplicated(string message) =>
        Result(StatusCodes.Status409Conflict, new(1405, "Duplicated", message));

    public static JsonHttpResult<ApiError> Conflict(string message) =>
        Result(StatusCodes.Status409Conflict, NotAllowedError(message));

    public static ApiError NotAllowedError(string message) => new(1406, "NotAllowed", message);

    public static JsonHttpResult<ApiError> NotAllowed(string message) =>
        Result(StatusCodes.Status422UnprocessableEntity, NotAllowedError(message));

    public static readonly ApiError ForbiddenError = new(1104, "Forbidden",
        "You do not have the necessary permissions to access this entry point. Please contact your administrator.");

    public static JsonHttpResult<ApiError> Forbidden() => Result(StatusCodes.Status403Forbidden, ForbiddenError);

    public static JsonHttpResult<ApiError> InvalidCredentials(string message = "Invalid credentials.") =>
        Result(StatusCodes.Status401Unauthorized, new(1101, "InvalidCredentials", message));

    public static JsonHttpResult<ApiError> InvalidToken(string message) =>
        Result(StatusCodes.Status401Unauthorized, new(1102, "InvalidToken", message));

    public static JsonHttpResult<ApiError> TokenExpired(string message) =>
        Result(StatusCodes.Status401Unauthorized, new(1103, "TokenExpired", message));

    public static ApiError TooManyRequestsError(string message) => new(1105, "TooManyRequests", message);

    public static ApiError InternalError { get; } = new(1500, "InternalServerError", "An unexpected error occurred.");

    /// <summary>
    /// 503 <c>1503 ServiceUnavailable</c>: the node cannot reach its database (our addition; EMnify documents no 503).
    /// Sent with <c>Retry-After</c>. docs/operations.md "Losing the database".
    /// </summary>
    public static ApiError DatabaseUnavailableError { get; } = new(1503, "ServiceUnavailable",
        "The database is unreachable from this node. Try again later or on another node.");

    /// <summary>The 503 above with its <c>Retry-After</c> (whole seconds, at least 1).</summary>
    public static JsonHttpResult<ApiError> DatabaseUnavailable(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Result(StatusCodes.Status503ServiceUnavailable, DatabaseUnavailableError);
    }

    // Field-level entries of errors[].
    public static ApiError Required(string obj, string field) => new(1402, "Required", $"{obj} - {field} is required");
    public static ApiError InvalidFormat(string obj, string field, string expecting) =>
        new(1403, "InvalidFormat", $"{obj} - {field} has invalid format: {expecting}");
    public static ApiError InvalidReference(string resource, object? id) =>
        new(1401, "InvalidReference", $"{resource} with Id '{id}' not found.");
    public static ApiError Invalid(string obj, string field, string problem) =>
        new(1403, "InvalidFormat", $"{obj} - {field} {problem}");
}
