namespace Cellgate.Sms;

/// <summary>Why a payload, UDH or data coding scheme was rejected.</summary>
public enum SmsErrorCode
{
    /// <summary>The text contains a character that is not in the GSM 7-bit alphabet, but the 7-bit alphabet was required.</summary>
    NotGsmEncodable,

    /// <summary>The message would need more concatenated parts than allowed.</summary>
    TooManyParts,

    /// <summary>The payload does not fit in one segment next to the client's own UDH.</summary>
    PayloadTooLong,

    /// <summary>A hex string (UDH, or 8-bit payload) is malformed.</summary>
    InvalidHex,

    /// <summary>The user data header is structurally invalid.</summary>
    InvalidUdh,

    /// <summary>The data coding scheme is out of range, reserved or not supported.</summary>
    InvalidDcs,

    /// <summary>Received user data is inconsistent with its length or header indicator.</summary>
    MalformedUserData,
}

/// <summary>A precise, user-presentable reason why a message cannot be encoded.</summary>
/// <param name="Code">The machine-readable category.</param>
/// <param name="Field">The request field the error is about: <c>payload</c>, <c>udh</c> or <c>dcs</c>.</param>
/// <param name="Message">A human-readable sentence that says what is wrong and, where useful, what the limit is.</param>
public sealed record SmsError(SmsErrorCode Code, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Either a value or an <see cref="SmsError"/>.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class SmsResult<T>
{
    private readonly T? _value;

    private SmsResult(T? value, SmsError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, or <c>null</c> on success.</summary>
    public SmsError? Error { get; }

    /// <summary>True when there is a value.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The value; throws <see cref="InvalidOperationException"/> when the result is an error.</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"The result is an error: {Error}");

    /// <summary>Creates a successful result.</summary>
    public static SmsResult<T> Success(T value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    public static SmsResult<T> Failure(SmsError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>Creates a successful result.</summary>
    public static implicit operator SmsResult<T>(T value) => Success(value);

    /// <summary>Creates a failed result.</summary>
    public static implicit operator SmsResult<T>(SmsError error) => Failure(error);
}
