namespace Cellgate.Server.Api;

/// <summary>Collects field errors of one request body, then answers 422 <c>1400 InputValidationFailed</c> with <c>errors[]</c>.</summary>
public sealed class RequestValidation(string objectName, string failureMessage)
{
    private readonly List<ApiError> _errors = [];

    public string ObjectName { get; } = objectName;
    public bool Failed => _errors.Count > 0;
    public IReadOnlyList<ApiError> Errors => _errors;

    public RequestValidation Add(ApiError error)
    {
        _errors.Add(error);
        return this;
    }

    public bool Required(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) return true;
        _errors.Add(ApiErrors.Required(ObjectName, field));
        return false;
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            _errors.Add(ApiErrors.Invalid(ObjectName, field, $"is longer than {max} characters"));
    }

    public void Invalid(string field, string problem) => _errors.Add(ApiErrors.Invalid(ObjectName, field, problem));

    public JsonHttpResult<ApiError> ToResult() => ApiErrors.Validation(failureMessage, _errors);
}
