namespace Cellgate.Smpp.Protocol;

/// <summary>
/// One SMPP 3.4 PDU: the header's command_status and sequence_number, the mandatory body fields of the concrete
/// record (in specification order), then the optional parameters. command_length is computed when writing.
/// </summary>
public abstract record SmppPdu
{
    private protected SmppPdu() { }

    public abstract CommandId CommandId { get; }
    public CommandStatus CommandStatus { get; init; }
    public uint SequenceNumber { get; init; }
    /// <summary>Optional parameters in wire order, unknown tags included.</summary>
    public TlvList Tlvs { get; init; } = TlvList.Empty;

    public bool IsResponse => CommandId.IsResponse();

    internal abstract void WriteBody(ref PduWriter w);
}

/// <summary>A PDU that expects a response (outbind and alert_notification expect none).</summary>
public abstract record SmppRequest : SmppPdu
{
    /// <summary>Whether the peer answers this request (false for outbind and alert_notification).</summary>
    public virtual bool ExpectsResponse => true;

    /// <summary>The matching response (same sequence number) with an empty body and <paramref name="status"/>.</summary>
    public SmppResponse CreateResponse(CommandStatus status = CommandStatus.ESME_ROK) =>
        SmppPdus.EmptyResponse(CommandId, status, SequenceNumber);
}

/// <summary>A response PDU, generic_nack included.</summary>
public abstract record SmppResponse : SmppPdu;

/// <summary>Response without body whose mandatory field is omitted when it carries an error and nothing else (§4: "the body is not returned").</summary>
internal static class BodyRule
{
    public static bool Omit(SmppPdu pdu, string field) =>
        pdu.CommandStatus != CommandStatus.ESME_ROK && field.Length == 0 && pdu.Tlvs.Count == 0;
}
