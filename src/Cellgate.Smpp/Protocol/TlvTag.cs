namespace Cellgate.Smpp.Protocol;

/// <summary>Standard SMPP 3.4 optional parameter tags (§5.3.2). Unknown tags are kept as plain numbers.</summary>
public enum TlvTag : ushort
{
    DestAddrSubunit = 0x0005,
    DestNetworkType = 0x0006,
    DestBearerType = 0x0007,
    DestTelematicsId = 0x0008,
    SourceAddrSubunit = 0x000D,
    SourceNetworkType = 0x000E,
    SourceBearerType = 0x000F,
    SourceTelematicsId = 0x0010,
    QosTimeToLive = 0x0017,
    PayloadType = 0x0019,
    AdditionalStatusInfoText = 0x001D,
    ReceiptedMessageId = 0x001E,
    MsMsgWaitFacilities = 0x0030,
    PrivacyIndicator = 0x0201,
    SourceSubaddress = 0x0202,
    DestSubaddress = 0x0203,
    UserMessageReference = 0x0204,
    UserResponseCode = 0x0205,
    SourcePort = 0x020A,
    DestinationPort = 0x020B,
    SarMsgRefNum = 0x020C,
    LanguageIndicator = 0x020D,
    SarTotalSegments = 0x020E,
    SarSegmentSeqnum = 0x020F,
    ScInterfaceVersion = 0x0210,
    CallbackNumPresInd = 0x0302,
    CallbackNumAtag = 0x0303,
    NumberOfMessages = 0x0304,
    CallbackNum = 0x0381,
    DpfResult = 0x0420,
    SetDpf = 0x0421,
    MsAvailabilityStatus = 0x0422,
    NetworkErrorCode = 0x0423,
    MessagePayload = 0x0424,
    DeliveryFailureReason = 0x0425,
    MoreMessagesToSend = 0x0426,
    MessageState = 0x0427,
    UssdServiceOp = 0x0501,
    DisplayTime = 0x1201,
    SmsSignal = 0x1203,
    MsValidity = 0x1204,
    AlertOnMessageDelivery = 0x130C,
    ItsReplyType = 0x1380,
    ItsSessionInfo = 0x1383,
}

/// <summary>How a standard TLV's value is laid out, and its allowed length range (§5.3.2).</summary>
public enum TlvKind { Integer, CString, Octets }

public readonly record struct TlvDefinition(TlvTag Tag, TlvKind Kind, int MinLength, int MaxLength);

public static class TlvDefinitions
{
    private static readonly Dictionary<TlvTag, TlvDefinition> ByTag = new TlvDefinition[]
    {
        new(TlvTag.DestAddrSubunit, TlvKind.Integer, 1, 1),
        new(TlvTag.DestNetworkType, TlvKind.Integer, 1, 1),
        new(TlvTag.DestBearerType, TlvKind.Integer, 1, 1),
        new(TlvTag.DestTelematicsId, TlvKind.Integer, 2, 2),
        new(TlvTag.SourceAddrSubunit, TlvKind.Integer, 1, 1),
        new(TlvTag.SourceNetworkType, TlvKind.Integer, 1, 1),
        new(TlvTag.SourceBearerType, TlvKind.Integer, 1, 1),
        new(TlvTag.SourceTelematicsId, TlvKind.Integer, 1, 1),
        new(TlvTag.QosTimeToLive, TlvKind.Integer, 4, 4),
        new(TlvTag.PayloadType, TlvKind.Integer, 1, 1),
        new(TlvTag.AdditionalStatusInfoText, TlvKind.CString, 1, 256),
        new(TlvTag.ReceiptedMessageId, TlvKind.CString, 1, 65),
        new(TlvTag.MsMsgWaitFacilities, TlvKind.Integer, 1, 1),
        new(TlvTag.PrivacyIndicator, TlvKind.Integer, 1, 1),
        new(TlvTag.SourceSubaddress, TlvKind.Octets, 2, 23),
        new(TlvTag.DestSubaddress, TlvKind.Octets, 2, 23),
        new(TlvTag.UserMessageReference, TlvKind.Integer, 2, 2),
        new(TlvTag.UserResponseCode, TlvKind.Integer, 1, 1),
        new(TlvTag.SourcePort, TlvKind.Integer, 2, 2),
        new(TlvTag.DestinationPort, TlvKind.Integer, 2, 2),
        new(TlvTag.SarMsgRefNum, TlvKind.Integer, 2, 2),
        new(TlvTag.LanguageIndicator, TlvKind.Integer, 1, 1),
        new(TlvTag.SarTotalSegments, TlvKind.Integer, 1, 1),
        new(TlvTag.SarSegmentSeqnum, TlvKind.Integer, 1, 1),
        new(TlvTag.ScInterfaceVersion, TlvKind.Integer, 1, 1),
        new(TlvTag.CallbackNumPresInd, TlvKind.Integer, 1, 1),
        new(TlvTag.CallbackNumAtag, TlvKind.Octets, 0, 65),
        new(TlvTag.NumberOfMessages, TlvKind.Integer, 1, 1),
        new(TlvTag.CallbackNum, TlvKind.Octets, 4, 19),
        new(TlvTag.DpfResult, TlvKind.Integer, 1, 1),
        new(TlvTag.SetDpf, TlvKind.Integer, 1, 1),
        new(TlvTag.MsAvailabilityStatus, TlvKind.Integer, 1, 1),
        new(TlvTag.NetworkErrorCode, TlvKind.Octets, 3, 3),
        new(TlvTag.MessagePayload, TlvKind.Octets, 0, 65535),
        new(TlvTag.DeliveryFailureReason, TlvKind.Integer, 1, 1),
        new(TlvTag.MoreMessagesToSend, TlvKind.Integer, 1, 1),
        new(TlvTag.MessageState, TlvKind.Integer, 1, 1),
        new(TlvTag.UssdServiceOp, TlvKind.Integer, 1, 1),
        new(TlvTag.DisplayTime, TlvKind.Integer, 1, 1),
        new(TlvTag.SmsSignal, TlvKind.Integer, 2, 2),
        new(TlvTag.MsValidity, TlvKind.Integer, 1, 1),
        new(TlvTag.AlertOnMessageDelivery, TlvKind.Octets, 0, 0),
        new(TlvTag.ItsReplyType, TlvKind.Integer, 1, 1),
        new(TlvTag.ItsSessionInfo, TlvKind.Integer, 2, 2),
    }.ToDictionary(d => d.Tag);

    /// <summary>The definition of a standard tag; false for vendor or unknown tags (kept as raw octets).</summary>
    public static bool TryGet(TlvTag tag, out TlvDefinition definition) => ByTag.TryGetValue(tag, out definition);

    public static IReadOnlyCollection<TlvDefinition> All => ByTag.Values;
}
