using Cellgate.Delivery;
using Cellgate.Smpp.Protocol;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>How Cellgate binds to one upstream SMSC.</summary>
public enum SmppBindMode
{
    /// <summary><c>Binds</c> transceiver binds: submits and receipts/MO share each connection.</summary>
    Transceiver,

    /// <summary><c>Binds</c> transmitter binds for submits plus as many receiver binds for receipts and MO.</summary>
    TransmitterReceiver,
}

/// <summary>The upstream SMSCs Cellgate delivers MT SMS through. Section <c>Cellgate:Smpp</c>, key <c>Upstreams</c> (a list).</summary>
public sealed class SmppUpstreamsOptions
{
    public const string Section = "Cellgate:Smpp";
    public const string Key = Section + ":Upstreams";

    public List<SmppUpstreamOptions> Upstreams { get; set; } = [];
}

/// <summary>One upstream SMSC (<c>Cellgate:Smpp:Upstreams:N</c>). Its <see cref="Name"/> is the SMS transport name routing rules use.</summary>
public sealed class SmppUpstreamOptions
{
    /// <summary>The transport name (<c>Cellgate:Delivery:Routing</c> rules name it), lower-case letters, digits, '-' and '_'.</summary>
    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 2775;

    public string SystemId { get; set; } = "";

    /// <summary>Never logged nor shown over the API.</summary>
    public string Password { get; set; } = "";

    public string SystemType { get; set; } = "";

    public SmppBindMode BindMode { get; set; } = SmppBindMode.Transceiver;

    /// <summary>Connections that submit (transceivers, or transmitters with as many receivers beside them).</summary>
    public int Binds { get; set; } = 1;

    /// <summary>Unanswered submit_sm per bind at most.</summary>
    public int WindowSize { get; set; } = 10;

    /// <summary>enquire_link after this much silence; 0 turns it off.</summary>
    public int EnquireLinkSeconds { get; set; } = 30;

    /// <summary>How long a submit_sm waits for its response (outcome unknown after: retried, see docs/smpp.md).</summary>
    public int ResponseTimeoutSeconds { get; set; } = 10;

    /// <summary>Reconnect back-off: the first wait after a lost or refused bind, doubled per failure up to <see cref="ReconnectMaxSeconds"/>.</summary>
    public int ReconnectMinSeconds { get; set; } = 1;

    public int ReconnectMaxSeconds { get; set; } = 60;

    /// <summary>After ESME_RTHROTTLED the bind pauses this long (doubling while throttles repeat, up to <see cref="ReconnectMaxSeconds"/>).</summary>
    public int ThrottleBackoffSeconds { get; set; } = 1;

    /// <summary>submit_sm per second over all binds at most; null: the windows alone limit.</summary>
    public double? ThroughputPerSecond { get; set; }

    /// <summary>The source address of SMS that have none (digits: international, else alphanumeric).</summary>
    public string? SourceAddress { get; set; }

    /// <summary>Ask for delivery receipts (registered_delivery 1). Off: an accepted submit_sm counts as delivered.</summary>
    public bool RequestReceipts { get; set; } = true;

    /// <summary>
    /// A receipt naming a message id Cellgate does not know is answered ESME_RX_T_APPN (the SMSC repeats it: the
    /// receipt may have overtaken the recording of its submit_sm_resp) this many times, then accepted and dropped.
    /// </summary>
    public int UnknownReceiptRetries { get; set; } = 5;

    /// <summary>
    /// A receipt naming a message id the database does not know yet is looked up again, after 2, 4, 8 … ms, waiting at
    /// most this long in all, before it is answered ESME_RX_T_APPN: it has usually overtaken the recording of its submit_sm_resp (an
    /// SMSC that delivers at once sends it right behind the answer), and an SMSC may repeat it only much later or never.
    /// 0: answer at once.
    /// </summary>
    public int ReceiptRecordWaitMilliseconds { get; set; } = 1000;

    /// <summary>Connect over TLS (the SMSC's certificate is validated against <see cref="Host"/>).</summary>
    public bool Tls { get; set; }

    /// <summary>Accept any TLS certificate (a test SMSC with a self-signed one); never in production.</summary>
    public bool TlsAllowUntrustedCertificate { get; set; }

    /// <summary>The session settings of one bind.</summary>
    internal Cellgate.Smpp.Session.SmppSessionOptions SessionOptions(int index, string kind) => new()
    {
        Name = $"{Name}/{kind}{index}",
        WindowSize = WindowSize,
        ResponseTimeout = TimeSpan.FromSeconds(ResponseTimeoutSeconds),
        EnquireLinkInterval = TimeSpan.FromSeconds(EnquireLinkSeconds),
        OutgoingRateLimit = ThroughputPerSecond is { } t ? t / Binds : null,
    };
}

/// <summary>Start-up check of <c>Cellgate:Smpp:Upstreams</c>: the first problem as one line naming the key.</summary>
internal sealed class SmppUpstreamsValidation : IValidateOptions<SmppUpstreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmppUpstreamsOptions options) =>
        Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    public static string? Problem(SmppUpstreamsOptions options)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Upstreams.Count; i++)
        {
            var u = options.Upstreams[i];
            var key = $"{SmppUpstreamsOptions.Key}:{i}";
            if (u is null) return $"{key} is empty.";
            if (u.Name.Length is 0 or > 32 || !u.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
                return $"{key}:Name must be 1 to 32 lower-case letters, digits, '-' or '_' (it is the transport name routing rules use).";
            if (u.Name == SmsTransports.Simulator) return $"{key}:Name '{u.Name}' is the built-in simulator's name.";
            if (!names.Add(u.Name)) return $"{key}:Name '{u.Name}' is used by another upstream.";
            if (string.IsNullOrWhiteSpace(u.Host)) return $"{key}:Host is required.";
            if (u.Port is < 1 or > 65535) return $"{key}:Port must be 1..65535.";
            if (u.SystemId.Length is 0 || u.SystemId.Length >= SmppLimits.SystemId) return $"{key}:SystemId must be 1 to {SmppLimits.SystemId - 1} characters.";
            if (u.Password.Length >= SmppLimits.Password) return $"{key}:Password must be at most {SmppLimits.Password - 1} characters.";
            if (u.SystemType.Length >= SmppLimits.SystemType) return $"{key}:SystemType must be at most {SmppLimits.SystemType - 1} characters.";
            if (!Enum.IsDefined(u.BindMode)) return $"{key}:BindMode must be Transceiver or TransmitterReceiver.";
            if (u.Binds is < 1 or > 64) return $"{key}:Binds must be 1..64.";
            if (u.WindowSize is < 1 or > 1000) return $"{key}:WindowSize must be 1..1000.";
            if (u.EnquireLinkSeconds is < 0 or > 3600) return $"{key}:EnquireLinkSeconds must be 0..3600.";
            if (u.ResponseTimeoutSeconds is < 1 or > 300) return $"{key}:ResponseTimeoutSeconds must be 1..300.";
            if (u.ReconnectMinSeconds is < 1 or > 3600) return $"{key}:ReconnectMinSeconds must be 1..3600.";
            if (u.ReconnectMaxSeconds < u.ReconnectMinSeconds || u.ReconnectMaxSeconds > 3600) return $"{key}:ReconnectMaxSeconds must be ReconnectMinSeconds..3600.";
            if (u.ThrottleBackoffSeconds is < 1 or > 3600) return $"{key}:ThrottleBackoffSeconds must be 1..3600.";
            if (u.ThroughputPerSecond is { } t && (double.IsNaN(t) || t <= 0 || t > 1_000_000)) return $"{key}:ThroughputPerSecond must be positive (at most 1000000).";
            if (u.SourceAddress is { } s && (s.Length is 0 || s.Length >= SmppLimits.Address)) return $"{key}:SourceAddress must be 1 to {SmppLimits.Address - 1} characters.";
            if (u.UnknownReceiptRetries is < 0 or > 1000) return $"{key}:UnknownReceiptRetries must be 0..1000.";
            if (u.ReceiptRecordWaitMilliseconds is < 0 or > 60_000) return $"{key}:ReceiptRecordWaitMilliseconds must be 0..60000.";
        }
        return null;
    }
}
