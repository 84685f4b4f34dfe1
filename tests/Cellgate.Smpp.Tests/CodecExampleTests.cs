using System.Buffers;
using Cellgate.Smpp.Framing;
using Cellgate.Smpp.Protocol;

namespace Cellgate.Smpp.Tests;

/// <summary>
/// Byte-exact encodings, assembled by hand from the field tables of SMPP 3.4 §4 (each comment shows the fields), so
/// the codec is checked against the specification rather than against itself.
/// </summary>
public class CodecExampleTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static TheoryData<string, SmppPdu> Examples => new()
    {
        {
            // enquire_link, sequence 1: the header alone.
            "00000010 00000015 00000000 00000001",
            new EnquireLink { SequenceNumber = 1 }
        },
        {
            // generic_nack ESME_RINVCMDID, sequence 7.
            "00000010 80000000 00000003 00000007",
            new GenericNack { CommandStatus = CommandStatus.ESME_RINVCMDID, SequenceNumber = 7 }
        },
        {
            // bind_transmitter: system_id "SMPP3TEST", password "secret08", system_type "SUBMIT1", version 0x34, ton 1, npi 1, address_range "".
            "0000002F 00000002 00000000 00000001" +
            "534D5050335445535400 7365637265743038 00 5355424D49543100 34 01 01 00",
            new BindTransmitter
            {
                SequenceNumber = 1, SystemId = "SMPP3TEST", Password = "secret08", SystemType = "SUBMIT1",
                InterfaceVersion = 0x34, AddressRange = new SmppAddress(TypeOfNumber.International, NumberingPlan.Isdn, ""),
            }
        },
        {
            // bind_transceiver_resp with sc_interface_version 0x34 (TLV 0x0210).
            "0000001A 80000009 00000000 00000004 534D534300 0210 0001 34",
            new BindTransceiverResp { SequenceNumber = 4, SystemId = "SMSC", Tlvs = new TlvList([Tlv.UInt8(TlvTag.ScInterfaceVersion, 0x34)]) }
        },
        {
            // submit_sm "Hello" from 447700900123 to 447700900456, registered_delivery 1, user_message_reference 7.
            "00000044 00000004 00000000 00000005" +
            "00 01 01 34343737303039303031323300 01 01 34343737303039303034353600 00 00 00 00 00 01 00 00 00 05 48656C6C6F" +
            "0204 0002 0007",
            new SubmitSm
            {
                SequenceNumber = 5, SourceAddr = SmppAddress.International("447700900123"), DestAddr = SmppAddress.International("447700900456"),
                RegisteredDelivery = RegisteredDelivery.OnSuccessOrFailure, ShortMessage = "Hello"u8.ToArray(),
                Tlvs = new TlvList([Tlv.UInt16(TlvTag.UserMessageReference, 7)]),
            }
        },
        {
            // submit_sm_resp with message_id "abc123".
            "00000017 80000004 00000000 00000005 61626331323300",
            new SubmitSmResp { SequenceNumber = 5, MessageId = "abc123" }
        },
        {
            // submit_sm_resp ESME_RTHROTTLED: "the body is not returned" on an error.
            "00000010 80000004 00000058 00000005",
            new SubmitSmResp { SequenceNumber = 5, CommandStatus = CommandStatus.ESME_RTHROTTLED }
        },
        {
            // deliver_sm receipt (esm_class 0x04) with receipted_message_id, message_state DELIVERED and a vendor TLV 0x1400 kept as is.
            "0000003B 00000005 00000000 0000002A" +
            "00 01 01 3434373700 00 00 00 04 00 00 00 00 00 00 00 00 00" +
            "001E 0007 61626331323300 0427 0001 02 1400 0002 ABCD",
            new DeliverSm
            {
                SequenceNumber = 42, SourceAddr = SmppAddress.International("4477"), EsmClass = EsmClass.DeliveryReceipt,
                Tlvs = new TlvList([
                    Tlv.CString(TlvTag.ReceiptedMessageId, "abc123"),
                    Tlv.UInt8(TlvTag.MessageState, (byte)MessageState.Delivered),
                    new Tlv((TlvTag)0x1400, new byte[] { 0xAB, 0xCD }),
                ]),
            }
        },
        {
            // submit_multi to an SME address (dest_flag 1) and a distribution list (dest_flag 2), short_message "x".
            "00000029 00000021 00000000 00000003" +
            "00 01 01 3100 02 01 01 01 3200 02 4C00 00 00 00 00 00 00 00 00 00 01 78",
            new SubmitMulti
            {
                SequenceNumber = 3, SourceAddr = SmppAddress.International("1"),
                Destinations = [MultiDestination.Address(SmppAddress.International("2")), MultiDestination.List("L")],
                ShortMessage = "x"u8.ToArray(),
            }
        },
        {
            // submit_multi_resp: message_id "m1", one unsuccessful SME (1/1/"2", ESME_RINVDSTADR).
            "0000001C 80000021 00000000 00000003 6D3100 01 01 01 3200 0000000B",
            new SubmitMultiResp { SequenceNumber = 3, MessageId = "m1", UnsuccessSmes = [new UnsuccessfulSme(SmppAddress.International("2"), CommandStatus.ESME_RINVDSTADR)] }
        },
        {
            // query_sm_resp: message_id "m1", final_date "", message_state 5 (UNDELIVERABLE), error_code 0x22.
            "00000016 80000003 00000000 00000009 6D3100 00 05 22",
            new QuerySmResp { SequenceNumber = 9, MessageId = "m1", MessageState = MessageState.Undeliverable, ErrorCode = 0x22 }
        },
        {
            // data_sm with message_payload "Hi" (TLV 0x0424).
            "00000022 00000103 00000000 0000000A 00 01 01 3100 01 01 3200 00 00 00 0424 0002 4869",
            new DataSm
            {
                SequenceNumber = 10, SourceAddr = SmppAddress.International("1"), DestAddr = SmppAddress.International("2"),
                Tlvs = new TlvList([new Tlv(TlvTag.MessagePayload, "Hi"u8.ToArray())]),
            }
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_codec_writes_the_specification_bytes(string hex, SmppPdu pdu)
    {
        Assert.Equal(Convert.ToHexString(Hex(hex)), Convert.ToHexString(SmppCodec.Encode(pdu)));

        var writer = new ArrayBufferWriter<byte>();
        SmppCodec.Write(pdu, writer);
        Assert.Equal(Hex(hex), writer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_codec_reads_the_specification_bytes_into_the_same_record(string hex, SmppPdu pdu)
    {
        var buffer = new ReadOnlySequence<byte>(Hex(hex));
        Assert.Equal(SmppReadStatus.Pdu, SmppCodec.TryRead(ref buffer, out var read, out var error));
        Assert.Null(error);
        Assert.Equal(pdu, read);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Typed_accessors_read_the_standard_tlvs_of_a_receipt()
    {
        var buffer = new ReadOnlySequence<byte>(Hex(
            "00000046 00000005 00000000 00000001 00 01 01 3100 01 01 3200 04 00 00 00 00 00 00 00 00 00" +
            "001E 0003 493100 0427 0001 05 0423 0003 030022 020C 0002 0102 020E 0001 03 020F 0001 02"));
        Assert.Equal(SmppReadStatus.Pdu, SmppCodec.TryRead(ref buffer, out var pdu, out _));
        var tlvs = Assert.IsType<DeliverSm>(pdu).Tlvs;
        Assert.Equal("I1", tlvs.ReceiptedMessageId);
        Assert.Equal(MessageState.Undeliverable, tlvs.MessageState);
        Assert.Equal(new NetworkErrorCode(NetworkErrorCode.Gsm, 0x22), tlvs.NetworkErrorCode);
        Assert.Equal((ushort)0x0102, tlvs.SarMsgRefNum);
        Assert.Equal((byte)3, tlvs.SarTotalSegments);
        Assert.Equal((byte)2, tlvs.SarSegmentSeqnum);
    }

    [Fact]
    public void Every_command_id_of_smpp_3_4_has_a_record_and_requests_know_their_response()
    {
        foreach (var id in Enum.GetValues<CommandId>())
        {
            var pdu = SmppPdus.Create(id);
            Assert.NotNull(pdu);
            Assert.Equal(id, pdu.CommandId);
            if (pdu is SmppRequest request && request.ExpectsResponse)
                Assert.Equal((uint)id | 0x80000000u, (uint)request.CreateResponse().CommandId);
        }
        Assert.Equal(27, Enum.GetValues<CommandId>().Length);
    }

    [Fact]
    public void Only_throttling_queue_full_system_error_and_temporary_application_errors_are_transient()
    {
        var transient = Enum.GetValues<CommandStatus>().Where(s => s.IsTransient()).ToArray();
        Assert.Equal([CommandStatus.ESME_RSYSERR, CommandStatus.ESME_RMSGQFUL, CommandStatus.ESME_RTHROTTLED, CommandStatus.ESME_RX_T_APPN], transient);
    }

    [Fact]
    public void Writing_a_field_longer_than_the_specification_allows_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SmppCodec.Encode(new BindTransmitter { SystemId = new string('a', SmppLimits.SystemId) }));
        Assert.Throws<ArgumentException>(() => SmppCodec.Encode(new SubmitSm { ShortMessage = new byte[SmppLimits.ShortMessage + 1] }));
        Assert.Throws<ArgumentException>(() => SmppCodec.Encode(new SubmitSm { ValidityPeriod = "2601011200" }));
        SmppCodec.Encode(new BindTransmitter { SystemId = new string('a', SmppLimits.SystemId - 1) });
    }
}
