namespace Cellgate.Smpp.Protocol;

/// <summary>addr_ton (§5.2.5). Any byte survives decoding; these are the named ones.</summary>
public enum TypeOfNumber : byte
{
    Unknown = 0,
    International = 1,
    National = 2,
    NetworkSpecific = 3,
    SubscriberNumber = 4,
    Alphanumeric = 5,
    Abbreviated = 6,
}

/// <summary>addr_npi (§5.2.6).</summary>
public enum NumberingPlan : byte
{
    Unknown = 0,
    Isdn = 1,
    Data = 3,
    Telex = 4,
    LandMobile = 6,
    National = 8,
    Private = 9,
    Ermes = 10,
    Internet = 14,
    WapClientId = 18,
}

/// <summary>An SME address as the PDUs carry it: ton, npi, then the C-octet string.</summary>
public readonly record struct SmppAddress(TypeOfNumber Ton, NumberingPlan Npi, string Address)
{
    public static SmppAddress Empty => new(TypeOfNumber.Unknown, NumberingPlan.Unknown, "");

    /// <summary>An international E.164 number (ton 1, npi 1), digits only.</summary>
    public static SmppAddress International(string digits) => new(TypeOfNumber.International, NumberingPlan.Isdn, digits);

    public override string ToString() => $"{(byte)Ton}/{(byte)Npi}/{Address}";
}

/// <summary>interface_version (§5.2.4).</summary>
public static class InterfaceVersion
{
    public const byte V33 = 0x33;
    public const byte V34 = 0x34;
}

/// <summary>esm_class bits (§5.2.12).</summary>
public static class EsmClass
{
    public const byte MessagingModeMask = 0x03;
    public const byte StoreAndForward = 0x03;
    public const byte Datagram = 0x01;
    public const byte Forward = 0x02;
    public const byte MessageTypeMask = 0x3C;
    /// <summary>deliver_sm carrying an SMSC delivery receipt.</summary>
    public const byte DeliveryReceipt = 0x04;
    public const byte DeliveryAcknowledgement = 0x08;
    public const byte ManualUserAcknowledgement = 0x10;
    public const byte ConversationAbort = 0x18;
    public const byte IntermediateDeliveryNotification = 0x20;
    /// <summary>short_message starts with a user data header (concatenation, ports).</summary>
    public const byte UdhIndicator = 0x40;
    public const byte ReplyPath = 0x80;

    public static bool IsDeliveryReceipt(byte esmClass) => (esmClass & MessageTypeMask) == DeliveryReceipt;
}

/// <summary>registered_delivery bits (§5.2.17).</summary>
public static class RegisteredDelivery
{
    public const byte None = 0x00;
    /// <summary>Receipt on final outcome, success or failure.</summary>
    public const byte OnSuccessOrFailure = 0x01;
    public const byte OnFailure = 0x02;
    public const byte ReceiptMask = 0x03;
    public const byte IntermediateNotification = 0x10;
}

/// <summary>message_state values (§5.2.28), used by query_sm_resp and the message_state TLV.</summary>
public enum MessageState : byte
{
    Enroute = 1,
    Delivered = 2,
    Expired = 3,
    Deleted = 4,
    Undeliverable = 5,
    Accepted = 6,
    Unknown = 7,
    Rejected = 8,
}
