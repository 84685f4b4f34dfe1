using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;

namespace Cellgate.Smpp.Session;

/// <summary>A transport-level failure of an SMPP exchange (no response, session gone). A peer's error status is not an exception: it comes back in the response's command_status.</summary>
public class SmppException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The peer did not answer within <see cref="SmppSessionOptions.ResponseTimeout"/>. The request may or may not have been processed.</summary>
public sealed class SmppResponseTimeoutException(CommandId command, uint sequenceNumber, TimeSpan timeout)
    : SmppException($"No response to {command} (sequence {sequenceNumber}) within {timeout.TotalSeconds:0.###} s.")
{
    public CommandId Command { get; } = command;
    public uint SequenceNumber { get; } = sequenceNumber;
}

/// <summary>The session closed (or is unbinding) before the exchange completed.</summary>
public sealed class SmppSessionClosedException(SmppCloseReason reason, string message)
    : SmppException(message)
{
    public SmppCloseReason Reason { get; } = reason;
}

/// <summary>The peer refused our bind.</summary>
public sealed class SmppBindException(CommandStatus status)
    : SmppException($"Bind refused: {status.Describe()}.")
{
    public CommandStatus Status { get; } = status;
}

/// <summary>
/// The peer answered our request with a response we cannot read. Its outcome is unknown (the peer may have accepted
/// the request), so treat it like a timeout, not a refusal.
/// </summary>
public sealed class SmppMalformedResponseException(SmppDecodeError error)
    : SmppException($"Unreadable response from the peer: {error}.")
{
    public SmppDecodeError Error { get; } = error;
}
