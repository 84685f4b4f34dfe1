namespace Cellgate.Storage.Entities;

/// <summary>
/// SMPP bind credentials of an organisation (a Cellgate addition; EMnify keeps them on the service profile whose
/// <c>esme_interface_type</c> is 2, reference §7.2). A customer ESME binds with <see cref="SystemId"/> and the password
/// whose hash is <see cref="PasswordHash"/> (the plain password is never stored) and sees only its organisation's devices.
/// </summary>
public sealed class SmppAccount
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }

    /// <summary>The bind's system_id: unique across the server (at most 15 characters, SMPP 3.4 §5.2.1).</summary>
    public required string SystemId { get; set; }

    /// <summary>The password's hash (<c>pbkdf2-sha512$…</c>, as user passwords).</summary>
    public required string PasswordHash { get; set; }
    public string? Description { get; set; }
    public SmppAccountStatus Status { get; set; } = SmppAccountStatus.Enabled;
    public DateTime Created { get; set; }
}

public enum SmppAccountStatus
{
    Enabled = 0,
    Disabled = 1,
}
