namespace Cellgate.Storage.Entities;

public sealed class RefreshToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }

    /// <summary>SHA-256 of the token as handed out.</summary>
    public required byte[] TokenHash { get; set; }
    public DateTime Created { get; set; }
    public DateTime Expires { get; set; }
}
