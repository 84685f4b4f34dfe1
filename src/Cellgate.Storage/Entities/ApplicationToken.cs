namespace Cellgate.Storage.Entities;

public sealed class ApplicationToken
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string? Description { get; set; }
    public DateTime Created { get; set; }
    public DateTime? ExpiryDate { get; set; }
    public ApplicationTokenStatus Status { get; set; } = ApplicationTokenStatus.Activated;
    public long? CreatorId { get; set; }
    public User? Creator { get; set; }

    /// <summary>Optional CIDR the token may authenticate from.</summary>
    public string? Ip { get; set; }

    /// <summary>The role auth tokens minted from this token carry.</summary>
    public UserRole Role { get; set; } = UserRole.Admin;

    /// <summary>SHA-256 of the secret. The secret itself is shown once and never stored.</summary>
    public required byte[] SecretHash { get; set; }
}

public enum ApplicationTokenStatus
{
    Activated = 0,
    Revoked = 1,
}
