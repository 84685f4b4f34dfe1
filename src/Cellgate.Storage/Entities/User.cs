namespace Cellgate.Storage.Entities;

public sealed class User
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>The login name, an e-mail address, stored lower-case (logins are case-insensitive).</summary>
    public required string Username { get; set; }
    public required string Name { get; set; }
    public UserStatus Status { get; set; } = UserStatus.Active;
    public UserRole Role { get; set; } = UserRole.Admin;

    /// <summary>A slow salted hash of the SHA-1 hex the client sends; never the password itself.</summary>
    public required string PasswordHash { get; set; }
    public DateTime Created { get; set; }

    /// <summary>No longer written: failed logins are counted per username and client address (Server's LoginThrottle).</summary>
    public int FailedLogins { get; set; }

    /// <summary>No longer written (see <see cref="FailedLogins"/>); kept so that no migration drops data.</summary>
    public DateTime? LockedUntil { get; set; }
}

public enum UserStatus
{
    ActivationPending = 0,
    Active = 1,
    Suspended = 2,

    /// <summary>Deleted through the API: hidden from every list, no login, tokens refused; the row stays for the event log.</summary>
    Deleted = 3,
}

public enum UserRole
{
    Admin = 1,
    Observer = 2,
}
