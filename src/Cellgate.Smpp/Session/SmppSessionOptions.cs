using Cellgate.Smpp.Protocol;

namespace Cellgate.Smpp.Session;

/// <summary>Tuning of one <see cref="SmppSession"/>. Defaults suit a gateway; call <see cref="Validate"/> when binding from configuration.</summary>
public sealed class SmppSessionOptions
{
    /// <summary>A name for logs (the system_id, the upstream's name, the connection id).</summary>
    public string Name { get; set; } = "smpp";

    /// <summary>Requests of ours the peer may have unanswered at once; further sends wait for a slot.</summary>
    public int WindowSize { get; set; } = 10;

    /// <summary>How long a request of ours waits for its response before <see cref="SmppResponseTimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Silence after which we send enquire_link; an unanswered one closes the session. Zero turns it off.</summary>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a connection may stay unbound before it is closed (server side: a peer that connects and never
    /// binds). Zero turns it off.
    /// </summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Peer requests being handled at once; one more is answered ESME_RTHROTTLED without reaching the handler.</summary>
    public int MaxIncomingInFlight { get; set; } = 100;

    /// <summary>Peer requests per second the handler sees (a token bucket, burst of one second); beyond: ESME_RTHROTTLED. Null: unlimited.</summary>
    public double? IncomingRateLimit { get; set; }

    /// <summary>Our requests per second at most (sends wait for a token). Null: unlimited, the window alone limits.</summary>
    public double? OutgoingRateLimit { get; set; }

    /// <summary>After the peer answers ESME_RTHROTTLED, new sends wait this long. Zero: the caller alone decides.</summary>
    public TimeSpan ThrottledPause { get; set; } = TimeSpan.Zero;

    /// <summary>Largest command_length accepted from the peer; beyond it generic_nack ESME_RINVCMDLEN and close.</summary>
    public int MaxCommandLength { get; set; } = SmppLimits.DefaultMaxCommandLength;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public SmppSessionOptions Validate()
    {
        if (WindowSize is < 1 or > 100_000) throw new ArgumentException($"WindowSize must be 1..100000, not {WindowSize}.", nameof(WindowSize));
        if (ResponseTimeout <= TimeSpan.Zero) throw new ArgumentException("ResponseTimeout must be positive.", nameof(ResponseTimeout));
        if (EnquireLinkInterval < TimeSpan.Zero) throw new ArgumentException("EnquireLinkInterval must not be negative.", nameof(EnquireLinkInterval));
        if (BindTimeout < TimeSpan.Zero) throw new ArgumentException("BindTimeout must not be negative.", nameof(BindTimeout));
        if (MaxIncomingInFlight < 1) throw new ArgumentException("MaxIncomingInFlight must be at least 1.", nameof(MaxIncomingInFlight));
        if (IncomingRateLimit is <= 0) throw new ArgumentException("IncomingRateLimit must be positive when set.", nameof(IncomingRateLimit));
        if (OutgoingRateLimit is <= 0) throw new ArgumentException("OutgoingRateLimit must be positive when set.", nameof(OutgoingRateLimit));
        if (ThrottledPause < TimeSpan.Zero) throw new ArgumentException("ThrottledPause must not be negative.", nameof(ThrottledPause));
        if (MaxCommandLength < SmppLimits.HeaderLength) throw new ArgumentException("MaxCommandLength must be at least 16.", nameof(MaxCommandLength));
        return this;
    }

    public SmppSessionOptions Clone() => (SmppSessionOptions)MemberwiseClone();
}
