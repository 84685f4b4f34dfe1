using System.Net;

namespace Cellgate.Client;

/// <summary>One entry of an error's <c>errors</c> list (a field that failed validation, a reference not found).</summary>
public sealed record CellgateApiError(int? ErrorCode, string? ErrorToken, string? Message);

/// <summary>
/// The API answered with an error. Carries EMnify's <c>error_code</c>, <c>error_token</c>, <c>message</c> and the
/// sub-errors (reference §1.6). The gateway's 401 form (<c>{"message"}</c>) has no code or token; an empty body
/// (EMnify's 422 on BIC registration) has neither.
/// </summary>
public sealed class CellgateApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CellgateApiException(HttpStatusCode statusCode, int? errorCode, string? errorToken, string message, IReadOnlyList<CellgateApiError> errors)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorToken = errorToken;
        Errors = errors;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary><c>error_code</c>, e.g. 1401.</summary>
    public int? ErrorCode { get; }

    /// <summary><c>error_token</c>, e.g. <c>InvalidReference</c>.</summary>
    public string? ErrorToken { get; }

    /// <summary>The sub-errors of a validation failure; empty when there are none.</summary>
    public IReadOnlyList<CellgateApiError> Errors { get; }

    /// <summary>The message followed by the sub-errors' messages.</summary>
    public string Describe() => Errors.Count == 0 ? Message : $"{Message}: {string.Join("; ", Errors.Select(e => e.Message))}";
}
