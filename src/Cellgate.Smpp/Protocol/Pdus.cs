namespace Cellgate.Smpp.Protocol;

// One record per SMPP 3.4 PDU (§4), mandatory fields in specification order. Field limits: SmppLimits.
// Each record knows how to write its body; SmppPdus.ReadBody reads them back.

/// <summary>bind_transmitter, bind_receiver, bind_transceiver (§4.1.1, 4.1.3, 4.1.5): identical bodies.</summary>
public abstract record BindRequest : SmppRequest
{
    public string SystemId { get; init; } = "";
    public string Password { get; init; } = "";
    public string SystemType { get; init; } = "";
    public byte InterfaceVersion { get; init; } = Protocol.InterfaceVersion.V34;
    public SmppAddress AddressRange { get; init; } = SmppAddress.Empty;

    /// <summary>Whether this bind lets the ESME submit (transmitter, transceiver).</summary>
    public bool CanTransmit => CommandId != CommandId.BindReceiver;
    /// <summary>Whether this bind lets the ESME receive deliver_sm (receiver, transceiver).</summary>
    public bool CanReceive => CommandId != CommandId.BindTransmitter;

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("system_id", SystemId, SmppLimits.SystemId);
        w.CString("password", Password, SmppLimits.Password);
        w.CString("system_type", SystemType, SmppLimits.SystemType);
        w.U8(InterfaceVersion);
        w.Address("address_range", AddressRange, SmppLimits.AddressRange);
        w.Tlvs(Tlvs);
    }

    internal static BindRequest Read(ref PduReader r, BindRequest empty) => empty with
    {
        SystemId = r.CString("system_id", SmppLimits.SystemId, CommandStatus.ESME_RINVSYSID),
        Password = r.CString("password", SmppLimits.Password, CommandStatus.ESME_RINVPASWD),
        SystemType = r.CString("system_type", SmppLimits.SystemType, CommandStatus.ESME_RINVSYSTYP),
        InterfaceVersion = r.U8("interface_version"),
        AddressRange = r.Address("address_range", SmppLimits.AddressRange, CommandStatus.ESME_RINVCMDLEN),
        Tlvs = r.Tlvs(),
    };
}

public sealed record BindTransmitter : BindRequest { public override CommandId CommandId => CommandId.BindTransmitter; }
public sealed record BindReceiver : BindRequest { public override CommandId CommandId => CommandId.BindReceiver; }
public sealed record BindTransceiver : BindRequest { public override CommandId CommandId => CommandId.BindTransceiver; }

/// <summary>bind_*_resp (§4.1.2, 4.1.4, 4.1.6): the SMSC's system_id, optionally sc_interface_version.</summary>
public abstract record BindResponse : SmppResponse
{
    public string SystemId { get; init; } = "";

    internal override void WriteBody(ref PduWriter w)
    {
        if (BodyRule.Omit(this, SystemId)) return;
        w.CString("system_id", SystemId, SmppLimits.SystemId);
        w.Tlvs(Tlvs);
    }

    internal static BindResponse Read(ref PduReader r, BindResponse empty) => r.End ? empty : empty with
    {
        SystemId = r.CString("system_id", SmppLimits.SystemId, CommandStatus.ESME_RINVSYSID),
        Tlvs = r.Tlvs(),
    };
}

public sealed record BindTransmitterResp : BindResponse { public override CommandId CommandId => CommandId.BindTransmitterResp; }
public sealed record BindReceiverResp : BindResponse { public override CommandId CommandId => CommandId.BindReceiverResp; }
public sealed record BindTransceiverResp : BindResponse { public override CommandId CommandId => CommandId.BindTransceiverResp; }

/// <summary>outbind (§4.1.7): an SMSC asks an ESME to bind; no response.</summary>
public sealed record Outbind : SmppRequest
{
    public override CommandId CommandId => CommandId.Outbind;
    public override bool ExpectsResponse => false;
    public string SystemId { get; init; } = "";
    public string Password { get; init; } = "";

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("system_id", SystemId, SmppLimits.SystemId);
        w.CString("password", Password, SmppLimits.Password);
        w.Tlvs(Tlvs);
    }
}

/// <summary>A PDU with a header only (unbind, unbind_resp, enquire_link, enquire_link_resp, generic_nack, cancel_sm_resp, replace_sm_resp).</summary>
public abstract record HeaderOnlyRequest : SmppRequest
{
    internal override void WriteBody(ref PduWriter w) => w.Tlvs(Tlvs);
}

public abstract record HeaderOnlyResponse : SmppResponse
{
    internal override void WriteBody(ref PduWriter w) => w.Tlvs(Tlvs);
}

public sealed record Unbind : HeaderOnlyRequest { public override CommandId CommandId => CommandId.Unbind; }
public sealed record UnbindResp : HeaderOnlyResponse { public override CommandId CommandId => CommandId.UnbindResp; }
public sealed record EnquireLink : HeaderOnlyRequest { public override CommandId CommandId => CommandId.EnquireLink; }
public sealed record EnquireLinkResp : HeaderOnlyResponse { public override CommandId CommandId => CommandId.EnquireLinkResp; }
/// <summary>generic_nack (§4.3): the answer to a PDU that could not be read or is unknown.</summary>
public sealed record GenericNack : HeaderOnlyResponse { public override CommandId CommandId => CommandId.GenericNack; }
public sealed record CancelSmResp : HeaderOnlyResponse { public override CommandId CommandId => CommandId.CancelSmResp; }
public sealed record ReplaceSmResp : HeaderOnlyResponse { public override CommandId CommandId => CommandId.ReplaceSmResp; }

/// <summary>The body shared by submit_sm (§4.4.1) and deliver_sm (§4.6.1).</summary>
public abstract record ShortMessageRequest : SmppRequest
{
    public string ServiceType { get; init; } = "";
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;
    public SmppAddress DestAddr { get; init; } = SmppAddress.Empty;
    public byte EsmClass { get; init; }
    public byte ProtocolId { get; init; }
    public byte PriorityFlag { get; init; }
    /// <summary>Empty for immediate delivery, else SMPP time (see <see cref="Text.SmppTime"/>). Null in deliver_sm.</summary>
    public string ScheduleDeliveryTime { get; init; } = "";
    /// <summary>Empty for the SMSC default, else SMPP time. Null in deliver_sm.</summary>
    public string ValidityPeriod { get; init; } = "";
    public byte RegisteredDelivery { get; init; }
    public byte ReplaceIfPresentFlag { get; init; }
    public byte DataCoding { get; init; }
    public byte SmDefaultMsgId { get; init; }
    /// <summary>Up to 254 octets; sm_length is its length. Longer text travels in the message_payload TLV.</summary>
    public OctetString ShortMessage { get; init; }

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("service_type", ServiceType, SmppLimits.ServiceType);
        w.Address("source_addr", SourceAddr, SmppLimits.Address);
        w.Address("destination_addr", DestAddr, SmppLimits.Address);
        w.U8(EsmClass);
        w.U8(ProtocolId);
        w.U8(PriorityFlag);
        w.Time("schedule_delivery_time", ScheduleDeliveryTime);
        w.Time("validity_period", ValidityPeriod);
        w.U8(RegisteredDelivery);
        w.U8(ReplaceIfPresentFlag);
        w.U8(DataCoding);
        w.U8(SmDefaultMsgId);
        w.ShortMessage(ShortMessage);
        w.Tlvs(Tlvs);
    }

    internal static ShortMessageRequest Read(ref PduReader r, ShortMessageRequest empty) => empty with
    {
        ServiceType = r.CString("service_type", SmppLimits.ServiceType, CommandStatus.ESME_RINVSERTYP),
        SourceAddr = r.Address("source_addr", SmppLimits.Address, CommandStatus.ESME_RINVSRCADR),
        DestAddr = r.Address("destination_addr", SmppLimits.Address, CommandStatus.ESME_RINVDSTADR),
        EsmClass = r.U8("esm_class"),
        ProtocolId = r.U8("protocol_id"),
        PriorityFlag = r.U8("priority_flag"),
        ScheduleDeliveryTime = r.Time("schedule_delivery_time", CommandStatus.ESME_RINVSCHED),
        ValidityPeriod = r.Time("validity_period", CommandStatus.ESME_RINVEXPIRY),
        RegisteredDelivery = r.U8("registered_delivery"),
        ReplaceIfPresentFlag = r.U8("replace_if_present_flag"),
        DataCoding = r.U8("data_coding"),
        SmDefaultMsgId = r.U8("sm_default_msg_id"),
        ShortMessage = r.ShortMessage(),
        Tlvs = r.Tlvs(),
    };
}

public sealed record SubmitSm : ShortMessageRequest { public override CommandId CommandId => CommandId.SubmitSm; }
public sealed record DeliverSm : ShortMessageRequest { public override CommandId CommandId => CommandId.DeliverSm; }

/// <summary>A response whose body is one message_id (submit_sm_resp, deliver_sm_resp, data_sm_resp).</summary>
public abstract record MessageIdResponse : SmppResponse
{
    public string MessageId { get; init; } = "";

    internal override void WriteBody(ref PduWriter w)
    {
        if (BodyRule.Omit(this, MessageId)) return;
        w.CString("message_id", MessageId, SmppLimits.MessageId);
        w.Tlvs(Tlvs);
    }

    internal static MessageIdResponse Read(ref PduReader r, MessageIdResponse empty) => r.End ? empty : empty with
    {
        MessageId = r.CString("message_id", SmppLimits.MessageId, CommandStatus.ESME_RINVMSGID),
        Tlvs = r.Tlvs(),
    };
}

public sealed record SubmitSmResp : MessageIdResponse { public override CommandId CommandId => CommandId.SubmitSmResp; }
/// <summary>deliver_sm_resp (§4.6.2): message_id is unused and sent empty.</summary>
public sealed record DeliverSmResp : MessageIdResponse { public override CommandId CommandId => CommandId.DeliverSmResp; }
public sealed record DataSmResp : MessageIdResponse { public override CommandId CommandId => CommandId.DataSmResp; }

/// <summary>One destination of submit_multi: an SME address (dest_flag 1) or a distribution list name (dest_flag 2).</summary>
public readonly record struct MultiDestination(SmppAddress? Sme, string? DistributionList)
{
    public const byte SmeAddressFlag = 1;
    public const byte DistributionListFlag = 2;

    public static MultiDestination Address(SmppAddress address) => new(address, null);
    public static MultiDestination List(string name) => new(null, name);
}

/// <summary>submit_multi (§4.5.1).</summary>
public sealed record SubmitMulti : SmppRequest
{
    public override CommandId CommandId => CommandId.SubmitMulti;
    public string ServiceType { get; init; } = "";
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;
    /// <summary>number_of_dests is its count (at most 255).</summary>
    public IReadOnlyList<MultiDestination> Destinations { get; init; } = [];
    public byte EsmClass { get; init; }
    public byte ProtocolId { get; init; }
    public byte PriorityFlag { get; init; }
    public string ScheduleDeliveryTime { get; init; } = "";
    public string ValidityPeriod { get; init; } = "";
    public byte RegisteredDelivery { get; init; }
    public byte ReplaceIfPresentFlag { get; init; }
    public byte DataCoding { get; init; }
    public byte SmDefaultMsgId { get; init; }
    public OctetString ShortMessage { get; init; }

    public bool Equals(SubmitMulti? other) =>
        other is not null && base.Equals(other) && ServiceType == other.ServiceType && SourceAddr == other.SourceAddr &&
        Destinations.SequenceEqual(other.Destinations) && EsmClass == other.EsmClass && ProtocolId == other.ProtocolId &&
        PriorityFlag == other.PriorityFlag && ScheduleDeliveryTime == other.ScheduleDeliveryTime &&
        ValidityPeriod == other.ValidityPeriod && RegisteredDelivery == other.RegisteredDelivery &&
        ReplaceIfPresentFlag == other.ReplaceIfPresentFlag && DataCoding == other.DataCoding &&
        SmDefaultMsgId == other.SmDefaultMsgId && ShortMessage == other.ShortMessage;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), SourceAddr, Destinations.Count, ShortMessage);

    internal override void WriteBody(ref PduWriter w)
    {
        if (Destinations.Count > SmppLimits.MaxDestinations) throw new ArgumentException($"submit_multi allows {SmppLimits.MaxDestinations} destinations.", nameof(Destinations));
        w.CString("service_type", ServiceType, SmppLimits.ServiceType);
        w.Address("source_addr", SourceAddr, SmppLimits.Address);
        w.U8((byte)Destinations.Count);
        foreach (var d in Destinations)
        {
            if (d.Sme is { } sme)
            {
                w.U8(MultiDestination.SmeAddressFlag);
                w.Address("destination_addr", sme, SmppLimits.Address);
            }
            else
            {
                w.U8(MultiDestination.DistributionListFlag);
                w.CString("dl_name", d.DistributionList, SmppLimits.DlName);
            }
        }
        w.U8(EsmClass);
        w.U8(ProtocolId);
        w.U8(PriorityFlag);
        w.Time("schedule_delivery_time", ScheduleDeliveryTime);
        w.Time("validity_period", ValidityPeriod);
        w.U8(RegisteredDelivery);
        w.U8(ReplaceIfPresentFlag);
        w.U8(DataCoding);
        w.U8(SmDefaultMsgId);
        w.ShortMessage(ShortMessage);
        w.Tlvs(Tlvs);
    }

    internal static SubmitMulti Read(ref PduReader r, SubmitMulti empty)
    {
        var serviceType = r.CString("service_type", SmppLimits.ServiceType, CommandStatus.ESME_RINVSERTYP);
        var source = r.Address("source_addr", SmppLimits.Address, CommandStatus.ESME_RINVSRCADR);
        var count = r.U8("number_of_dests", CommandStatus.ESME_RINVNUMDESTS);
        var destinations = new MultiDestination[count];
        for (var i = 0; i < count; i++)
        {
            destinations[i] = r.U8("dest_flag", CommandStatus.ESME_RINVNUMDESTS) switch
            {
                MultiDestination.SmeAddressFlag => MultiDestination.Address(r.Address("destination_addr", SmppLimits.Address, CommandStatus.ESME_RINVDSTADR)),
                MultiDestination.DistributionListFlag => MultiDestination.List(r.CString("dl_name", SmppLimits.DlName, CommandStatus.ESME_RINVDLNAME)),
                var flag => throw new PduFormatException(CommandStatus.ESME_RINVDESTFLAG, $"dest_flag {flag}"),
            };
        }
        return empty with
        {
            ServiceType = serviceType,
            SourceAddr = source,
            Destinations = destinations,
            EsmClass = r.U8("esm_class"),
            ProtocolId = r.U8("protocol_id"),
            PriorityFlag = r.U8("priority_flag"),
            ScheduleDeliveryTime = r.Time("schedule_delivery_time", CommandStatus.ESME_RINVSCHED),
            ValidityPeriod = r.Time("validity_period", CommandStatus.ESME_RINVEXPIRY),
            RegisteredDelivery = r.U8("registered_delivery"),
            ReplaceIfPresentFlag = r.U8("replace_if_present_flag"),
            DataCoding = r.U8("data_coding"),
            SmDefaultMsgId = r.U8("sm_default_msg_id"),
            ShortMessage = r.ShortMessage(),
            Tlvs = r.Tlvs(),
        };
    }
}

/// <summary>One destination submit_multi could not take, and why.</summary>
public readonly record struct UnsuccessfulSme(SmppAddress Address, CommandStatus ErrorStatusCode);

/// <summary>submit_multi_resp (§4.5.2).</summary>
public sealed record SubmitMultiResp : SmppResponse
{
    public override CommandId CommandId => CommandId.SubmitMultiResp;
    public string MessageId { get; init; } = "";
    /// <summary>no_unsuccess is its count.</summary>
    public IReadOnlyList<UnsuccessfulSme> UnsuccessSmes { get; init; } = [];

    public bool Equals(SubmitMultiResp? other) =>
        other is not null && base.Equals(other) && MessageId == other.MessageId && UnsuccessSmes.SequenceEqual(other.UnsuccessSmes);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), MessageId, UnsuccessSmes.Count);

    internal override void WriteBody(ref PduWriter w)
    {
        if (BodyRule.Omit(this, MessageId) && UnsuccessSmes.Count == 0) return;
        if (UnsuccessSmes.Count > SmppLimits.MaxDestinations) throw new ArgumentException($"submit_multi_resp allows {SmppLimits.MaxDestinations} unsuccessful destinations.", nameof(UnsuccessSmes));
        w.CString("message_id", MessageId, SmppLimits.MessageId);
        w.U8((byte)UnsuccessSmes.Count);
        foreach (var u in UnsuccessSmes)
        {
            w.Address("destination_addr", u.Address, SmppLimits.Address);
            w.U32((uint)u.ErrorStatusCode);
        }
        w.Tlvs(Tlvs);
    }

    internal static SubmitMultiResp Read(ref PduReader r, SubmitMultiResp empty)
    {
        if (r.End) return empty;
        var messageId = r.CString("message_id", SmppLimits.MessageId, CommandStatus.ESME_RINVMSGID);
        var count = r.U8("no_unsuccess");
        var list = new UnsuccessfulSme[count];
        for (var i = 0; i < count; i++)
            list[i] = new UnsuccessfulSme(r.Address("destination_addr", SmppLimits.Address, CommandStatus.ESME_RINVDSTADR), (CommandStatus)r.U32("error_status_code"));
        return empty with { MessageId = messageId, UnsuccessSmes = list, Tlvs = r.Tlvs() };
    }
}

/// <summary>data_sm (§4.7.1): the payload travels in message_payload; addresses may be up to 64 characters.</summary>
public sealed record DataSm : SmppRequest
{
    public override CommandId CommandId => CommandId.DataSm;
    public string ServiceType { get; init; } = "";
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;
    public SmppAddress DestAddr { get; init; } = SmppAddress.Empty;
    public byte EsmClass { get; init; }
    public byte RegisteredDelivery { get; init; }
    public byte DataCoding { get; init; }

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("service_type", ServiceType, SmppLimits.ServiceType);
        w.Address("source_addr", SourceAddr, SmppLimits.LongAddress);
        w.Address("destination_addr", DestAddr, SmppLimits.LongAddress);
        w.U8(EsmClass);
        w.U8(RegisteredDelivery);
        w.U8(DataCoding);
        w.Tlvs(Tlvs);
    }

    internal static DataSm Read(ref PduReader r, DataSm empty) => empty with
    {
        ServiceType = r.CString("service_type", SmppLimits.ServiceType, CommandStatus.ESME_RINVSERTYP),
        SourceAddr = r.Address("source_addr", SmppLimits.LongAddress, CommandStatus.ESME_RINVSRCADR),
        DestAddr = r.Address("destination_addr", SmppLimits.LongAddress, CommandStatus.ESME_RINVDSTADR),
        EsmClass = r.U8("esm_class"),
        RegisteredDelivery = r.U8("registered_delivery"),
        DataCoding = r.U8("data_coding"),
        Tlvs = r.Tlvs(),
    };
}

/// <summary>query_sm (§4.8.1).</summary>
public sealed record QuerySm : SmppRequest
{
    public override CommandId CommandId => CommandId.QuerySm;
    public string MessageId { get; init; } = "";
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("message_id", MessageId, SmppLimits.MessageId);
        w.Address("source_addr", SourceAddr, SmppLimits.Address);
        w.Tlvs(Tlvs);
    }

    internal static QuerySm Read(ref PduReader r, QuerySm empty) => empty with
    {
        MessageId = r.CString("message_id", SmppLimits.MessageId, CommandStatus.ESME_RINVMSGID),
        SourceAddr = r.Address("source_addr", SmppLimits.Address, CommandStatus.ESME_RINVSRCADR),
        Tlvs = r.Tlvs(),
    };
}

/// <summary>query_sm_resp (§4.8.2).</summary>
public sealed record QuerySmResp : SmppResponse
{
    public override CommandId CommandId => CommandId.QuerySmResp;
    public string MessageId { get; init; } = "";
    /// <summary>Empty while the message is not final, else SMPP absolute time.</summary>
    public string FinalDate { get; init; } = "";
    public MessageState MessageState { get; init; }
    /// <summary>Network-specific error code, 0 when none.</summary>
    public byte ErrorCode { get; init; }

    internal override void WriteBody(ref PduWriter w)
    {
        if (BodyRule.Omit(this, MessageId) && FinalDate.Length == 0 && MessageState == 0 && ErrorCode == 0) return;
        w.CString("message_id", MessageId, SmppLimits.MessageId);
        w.Time("final_date", FinalDate);
        w.U8((byte)MessageState);
        w.U8(ErrorCode);
        w.Tlvs(Tlvs);
    }

    internal static QuerySmResp Read(ref PduReader r, QuerySmResp empty) => r.End ? empty : empty with
    {
        MessageId = r.CString("message_id", SmppLimits.MessageId, CommandStatus.ESME_RINVMSGID),
        FinalDate = r.Time("final_date", CommandStatus.ESME_RINVCMDLEN),
        MessageState = (MessageState)r.U8("message_state"),
        ErrorCode = r.U8("error_code"),
        Tlvs = r.Tlvs(),
    };
}

/// <summary>cancel_sm (§4.9.1).</summary>
public sealed record CancelSm : SmppRequest
{
    public override CommandId CommandId => CommandId.CancelSm;
    public string ServiceType { get; init; } = "";
    public string MessageId { get; init; } = "";
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;
    public SmppAddress DestAddr { get; init; } = SmppAddress.Empty;

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("service_type", ServiceType, SmppLimits.ServiceType);
        w.CString("message_id", MessageId, SmppLimits.MessageId);
        w.Address("source_addr", SourceAddr, SmppLimits.Address);
        w.Address("destination_addr", DestAddr, SmppLimits.Address);
        w.Tlvs(Tlvs);
    }

    internal static CancelSm Read(ref PduReader r, CancelSm empty) => empty with
    {
        ServiceType = r.CString("service_type", SmppLimits.ServiceType, CommandStatus.ESME_RINVSERTYP),
        MessageId = r.CString("message_id", SmppLimits.MessageId, CommandStatus.ESME_RINVMSGID),
        SourceAddr = r.Address("source_addr", SmppLimits.Address, CommandStatus.ESME_RINVSRCADR),
        DestAddr = r.Address("destination_addr", SmppLimits.Address, CommandStatus.ESME_RINVDSTADR),
        Tlvs = r.Tlvs(),
    };
}

/// <summary>replace_sm (§4.10.1).</summary>
public sealed record ReplaceSm : SmppRequest
{
    public override CommandId CommandId => CommandId.ReplaceSm;
    public string MessageId { get; init; } = "";
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;
    public string ScheduleDeliveryTime { get; init; } = "";
    public string ValidityPeriod { get; init; } = "";
    public byte RegisteredDelivery { get; init; }
    public byte SmDefaultMsgId { get; init; }
    public OctetString ShortMessage { get; init; }

    internal override void WriteBody(ref PduWriter w)
    {
        w.CString("message_id", MessageId, SmppLimits.MessageId);
        w.Address("source_addr", SourceAddr, SmppLimits.Address);
        w.Time("schedule_delivery_time", ScheduleDeliveryTime);
        w.Time("validity_period", ValidityPeriod);
        w.U8(RegisteredDelivery);
        w.U8(SmDefaultMsgId);
        w.ShortMessage(ShortMessage);
        w.Tlvs(Tlvs);
    }

    internal static ReplaceSm Read(ref PduReader r, ReplaceSm empty) => empty with
    {
        MessageId = r.CString("message_id", SmppLimits.MessageId, CommandStatus.ESME_RINVMSGID),
        SourceAddr = r.Address("source_addr", SmppLimits.Address, CommandStatus.ESME_RINVSRCADR),
        ScheduleDeliveryTime = r.Time("schedule_delivery_time", CommandStatus.ESME_RINVSCHED),
        ValidityPeriod = r.Time("validity_period", CommandStatus.ESME_RINVEXPIRY),
        RegisteredDelivery = r.U8("registered_delivery"),
        SmDefaultMsgId = r.U8("sm_default_msg_id"),
        ShortMessage = r.ShortMessage(),
        Tlvs = r.Tlvs(),
    };
}

/// <summary>alert_notification (§4.12.1): the SMSC tells the ESME a handset became available; no response.</summary>
public sealed record AlertNotification : SmppRequest
{
    public override CommandId CommandId => CommandId.AlertNotification;
    public override bool ExpectsResponse => false;
    public SmppAddress SourceAddr { get; init; } = SmppAddress.Empty;
    public SmppAddress EsmeAddr { get; init; } = SmppAddress.Empty;

    internal override void WriteBody(ref PduWriter w)
    {
        w.Address("source_addr", SourceAddr, SmppLimits.LongAddress);
        w.Address("esme_addr", EsmeAddr, SmppLimits.EsmeAddr);
        w.Tlvs(Tlvs);
    }

    internal static AlertNotification Read(ref PduReader r, AlertNotification empty) => empty with
    {
        SourceAddr = r.Address("source_addr", SmppLimits.LongAddress, CommandStatus.ESME_RINVSRCADR),
        EsmeAddr = r.Address("esme_addr", SmppLimits.EsmeAddr, CommandStatus.ESME_RINVDSTADR),
        Tlvs = r.Tlvs(),
    };
}

/// <summary>Construction and reading by command id.</summary>
public static class SmppPdus
{
    /// <summary>An empty PDU of the given id with the header set, or null for an id SMPP 3.4 does not define.</summary>
    public static SmppPdu? Create(CommandId id, CommandStatus status = CommandStatus.ESME_ROK, uint sequenceNumber = 0)
    {
        SmppPdu? pdu = id switch
        {
            CommandId.GenericNack => new GenericNack(),
            CommandId.BindReceiver => new BindReceiver(),
            CommandId.BindReceiverResp => new BindReceiverResp(),
            CommandId.BindTransmitter => new BindTransmitter(),
            CommandId.BindTransmitterResp => new BindTransmitterResp(),
            CommandId.BindTransceiver => new BindTransceiver(),
            CommandId.BindTransceiverResp => new BindTransceiverResp(),
            CommandId.QuerySm => new QuerySm(),
            CommandId.QuerySmResp => new QuerySmResp(),
            CommandId.SubmitSm => new SubmitSm(),
            CommandId.SubmitSmResp => new SubmitSmResp(),
            CommandId.DeliverSm => new DeliverSm(),
            CommandId.DeliverSmResp => new DeliverSmResp(),
            CommandId.Unbind => new Unbind(),
            CommandId.UnbindResp => new UnbindResp(),
            CommandId.ReplaceSm => new ReplaceSm(),
            CommandId.ReplaceSmResp => new ReplaceSmResp(),
            CommandId.CancelSm => new CancelSm(),
            CommandId.CancelSmResp => new CancelSmResp(),
            CommandId.Outbind => new Outbind(),
            CommandId.EnquireLink => new EnquireLink(),
            CommandId.EnquireLinkResp => new EnquireLinkResp(),
            CommandId.SubmitMulti => new SubmitMulti(),
            CommandId.SubmitMultiResp => new SubmitMultiResp(),
            CommandId.AlertNotification => new AlertNotification(),
            CommandId.DataSm => new DataSm(),
            CommandId.DataSmResp => new DataSmResp(),
            _ => null,
        };
        return pdu is null ? null : pdu with { CommandStatus = status, SequenceNumber = sequenceNumber };
    }

    /// <summary>The response to a request id with an empty body; generic_nack where the request has no response.</summary>
    public static SmppResponse EmptyResponse(CommandId requestId, CommandStatus status, uint sequenceNumber) =>
        (SmppResponse)Create(requestId.ResponseFor(), status, sequenceNumber)!;

    internal static SmppPdu ReadBody(SmppPdu empty, ref PduReader r) => empty switch
    {
        BindRequest b => BindRequest.Read(ref r, b),
        BindResponse b => BindResponse.Read(ref r, b),
        Outbind o => o with
        {
            SystemId = r.CString("system_id", SmppLimits.SystemId, CommandStatus.ESME_RINVSYSID),
            Password = r.CString("password", SmppLimits.Password, CommandStatus.ESME_RINVPASWD),
            Tlvs = r.Tlvs(),
        },
        HeaderOnlyRequest h => h with { Tlvs = r.Tlvs() },
        HeaderOnlyResponse h => h with { Tlvs = r.Tlvs() },
        ShortMessageRequest s => ShortMessageRequest.Read(ref r, s),
        MessageIdResponse m => MessageIdResponse.Read(ref r, m),
        SubmitMulti s => SubmitMulti.Read(ref r, s),
        SubmitMultiResp s => SubmitMultiResp.Read(ref r, s),
        DataSm d => DataSm.Read(ref r, d),
        QuerySm q => QuerySm.Read(ref r, q),
        QuerySmResp q => QuerySmResp.Read(ref r, q),
        CancelSm c => CancelSm.Read(ref r, c),
        ReplaceSm s => ReplaceSm.Read(ref r, s),
        AlertNotification a => AlertNotification.Read(ref r, a),
        _ => throw new InvalidOperationException($"No reader for {empty.CommandId}."),
    };
}
