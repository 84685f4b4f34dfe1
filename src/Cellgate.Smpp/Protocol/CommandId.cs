namespace Cellgate.Smpp.Protocol;

/// <summary>SMPP 3.4 command_id values (§5.1.2.1). Responses carry bit 31 (<see cref="GenericNack"/> = 0x80000000).</summary>
public enum CommandId : uint
{
    GenericNack = 0x80000000,
    BindReceiver = 0x00000001,
    BindReceiverResp = 0x80000001,
    BindTransmitter = 0x00000002,
    BindTransmitterResp = 0x80000002,
    QuerySm = 0x00000003,
    QuerySmResp = 0x80000003,
    SubmitSm = 0x00000004,
    SubmitSmResp = 0x80000004,
    DeliverSm = 0x00000005,
    DeliverSmResp = 0x80000005,
    Unbind = 0x00000006,
    UnbindResp = 0x80000006,
    ReplaceSm = 0x00000007,
    ReplaceSmResp = 0x80000007,
    CancelSm = 0x00000008,
    CancelSmResp = 0x80000008,
    BindTransceiver = 0x00000009,
    BindTransceiverResp = 0x80000009,
    Outbind = 0x0000000B,
    EnquireLink = 0x00000015,
    EnquireLinkResp = 0x80000015,
    SubmitMulti = 0x00000021,
    SubmitMultiResp = 0x80000021,
    AlertNotification = 0x00000102,
    DataSm = 0x00000103,
    DataSmResp = 0x80000103,
}

public static class CommandIds
{
    /// <summary>Bit 31 set: a response (generic_nack included).</summary>
    public static bool IsResponse(this CommandId id) => ((uint)id & 0x80000000u) != 0;

    /// <summary>Whether the value is one SMPP 3.4 defines.</summary>
    public static bool IsKnown(this CommandId id) => Enum.IsDefined(id);

    /// <summary>The response id for a request id (bit 31 set); outbind and alert_notification have none and get generic_nack.</summary>
    public static CommandId ResponseFor(this CommandId request) => request switch
    {
        CommandId.Outbind or CommandId.AlertNotification => CommandId.GenericNack,
        _ when request.IsResponse() => CommandId.GenericNack,
        _ when Enum.IsDefined((CommandId)((uint)request | 0x80000000u)) => (CommandId)((uint)request | 0x80000000u),
        _ => CommandId.GenericNack,
    };
}
