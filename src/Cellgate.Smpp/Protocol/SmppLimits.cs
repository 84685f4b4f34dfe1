namespace Cellgate.Smpp.Protocol;

/// <summary>
/// Maximum field sizes from SMPP 3.4 §5.2 (as Kannel's <c>gw/smsc/smpp_pdu.def</c> checks them). C-octet string
/// limits count the terminating NUL, as the specification does.
/// </summary>
public static class SmppLimits
{
    public const int HeaderLength = 16;
    /// <summary>Default guard for command_length: room for a 64 KiB message_payload and the rest of a data_sm.</summary>
    public const int DefaultMaxCommandLength = 70_000;

    public const int SystemId = 16;
    public const int Password = 9;
    public const int SystemType = 13;
    public const int AddressRange = 41;
    public const int ServiceType = 6;
    /// <summary>source_addr / destination_addr of submit_sm, deliver_sm, submit_multi, query_sm, cancel_sm, replace_sm.</summary>
    public const int Address = 21;
    /// <summary>source_addr / destination_addr of data_sm, and the addresses of alert_notification.</summary>
    public const int LongAddress = 65;
    public const int EsmeAddr = 65;
    /// <summary>schedule_delivery_time, validity_period, final_date: empty or exactly 16 characters.</summary>
    public const int Time = 17;
    public const int MessageId = 65;
    public const int DlName = 21;
    public const int ShortMessage = 254;
    public const int MaxDestinations = 255;
}
