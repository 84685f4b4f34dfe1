namespace Cellgate.Storage.Entities;

/// <summary>An HMAC key for auth tokens. Keys are never deleted while tokens signed by them may live; the newest active key signs.</summary>
public sealed class SigningKey
{
    public required string Kid { get; set; }
    public required byte[] Key { get; set; }
    public DateTime Created { get; set; }
    public bool Active { get; set; } = true;
}
