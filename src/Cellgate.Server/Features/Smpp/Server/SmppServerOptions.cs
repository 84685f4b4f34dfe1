using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// The SMPP server for customer ESMEs. Section <c>Cellgate:Smpp</c>. Keys are stable (other tools configure them):
/// <c>Port</c>, <c>Address</c>, <c>TlsPort</c>, <c>TlsCertificatePath</c>, <c>TlsKeyPath</c>, <c>TlsCertificatePassword</c>, …
/// </summary>
public sealed class SmppServerOptions : IValidatableObject
{
    public const string Section = "Cellgate:Smpp";

    /// <summary>Plain TCP port; 0 turns the plain listener off; -1 takes any free port (tests: <see cref="SmppListener.Endpoint"/> tells which).</summary>
    [Range(-1, 65535)]
    public int Port { get; set; } = 2775;

    /// <summary>The address to listen on (both ports): loopback by default, like the HTTP default; 0.0.0.0 or :: for every interface.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TLS port (EMnify uses 3550); 0 (the default) turns TLS off, -1 takes any free port. Needs <see cref="TlsCertificatePath"/>.</summary>
    [Range(-1, 65535)]
    public int TlsPort { get; set; }

    /// <summary>The server certificate: a PFX/PKCS#12 file, or a PEM certificate (with its key inside or in <see cref="TlsKeyPath"/>).</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PEM private key, when not inside the PEM certificate file.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>The PFX password (or of an encrypted PEM key).</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>The system_id this server answers binds with.</summary>
    [Required, StringLength(15, MinimumLength = 1)]
    public string SystemId { get; set; } = "Cellgate";

    /// <summary>Open connections at most (bound or not); one more is closed at once.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 2000;

    /// <summary>Binds one account may hold at once; one more is refused with ESME_RBINDFAIL.</summary>
    [Range(1, 1000)]
    public int MaxBindsPerAccount { get; set; } = 16;

    /// <summary>An ESME's requests being handled at once (its window towards us); beyond: ESME_RTHROTTLED.</summary>
    [Range(1, 100_000)]
    public int IncomingWindow { get; set; } = 100;

    /// <summary>Our deliver_sm (receipts, MO) unanswered at once per session.</summary>
    [Range(1, 10_000)]
    public int OutgoingWindow { get; set; } = 10;

    /// <summary>Requests per second one session may make (token bucket); beyond: ESME_RTHROTTLED. Null: unlimited.</summary>
    [Range(1, 1_000_000)]
    public double? RateLimit { get; set; }

    /// <summary>How long a connection may stay unbound before it is closed.</summary>
    [Range(1, 3600)]
    public int BindTimeoutSeconds { get; set; } = 30;

    /// <summary>Silence after which the server sends enquire_link; 0 turns it off.</summary>
    [Range(0, 3600)]
    public int EnquireLinkSeconds { get; set; } = 30;

    /// <summary>How long a deliver_sm waits for its deliver_sm_resp.</summary>
    [Range(1, 3600)]
    public int ResponseTimeoutSeconds { get; set; } = 30;

    /// <summary>How often the deliver_sm queue looks for receipts and MO to send while receivers are bound (MO and binds wake it at once).</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>Receipts and MO not delivered to a bound ESME within this many hours of their SMS's submission are dropped (counted, logged).</summary>
    [Range(1, 24 * 30)]
    public int QueueRetentionHours { get; set; } = 72;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(Address, out _))
            yield return new ValidationResult("Cellgate:Smpp:Address must be an IP address such as 127.0.0.1, 0.0.0.0 or ::.", [nameof(Address)]);
        if (TlsPort != 0 && string.IsNullOrWhiteSpace(TlsCertificatePath))
            yield return new ValidationResult("Cellgate:Smpp:TlsPort needs Cellgate:Smpp:TlsCertificatePath (a PFX or PEM file).", [nameof(TlsCertificatePath)]);
        else if (TlsPort != 0 && !File.Exists(TlsCertificatePath))
            yield return new ValidationResult($"Cellgate:Smpp:TlsCertificatePath '{TlsCertificatePath}' does not exist.", [nameof(TlsCertificatePath)]);
        if (TlsKeyPath is { Length: > 0 } key && !File.Exists(key))
            yield return new ValidationResult($"Cellgate:Smpp:TlsKeyPath '{key}' does not exist.", [nameof(TlsKeyPath)]);
        if (Port > 0 && Port == TlsPort)
            yield return new ValidationResult("Cellgate:Smpp:Port and TlsPort must differ.", [nameof(TlsPort)]);
    }
}
