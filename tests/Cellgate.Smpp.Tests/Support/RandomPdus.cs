using Cellgate.Smpp.Protocol;

namespace Cellgate.Smpp.Tests.Support;

/// <summary>Random but valid PDUs of every kind, for round-trip properties (seeded: a failure reproduces).</summary>
public sealed class RandomPdus(int seed)
{
    private readonly Random _random = new(seed);

    public SmppPdu Any() => Of(Enum.GetValues<CommandId>()[_random.Next(Enum.GetValues<CommandId>().Length)]);

    public SmppPdu Of(CommandId id)
    {
        var status = _random.Next(4) == 0 ? (CommandStatus)_random.Next(0, 0x500) : CommandStatus.ESME_ROK;
        var header = SmppPdus.Create(id, status, (uint)_random.Next(1, int.MaxValue))!;
        return header switch
        {
            BindRequest b => b with
            {
                SystemId = Text(SmppLimits.SystemId), Password = Text(SmppLimits.Password), SystemType = Text(SmppLimits.SystemType),
                InterfaceVersion = Byte(), AddressRange = Address(SmppLimits.AddressRange), Tlvs = Tlvs(),
            },
            BindResponse b => b with { SystemId = Text(SmppLimits.SystemId), Tlvs = Tlvs() },
            Outbind o => o with { SystemId = Text(SmppLimits.SystemId), Password = Text(SmppLimits.Password), Tlvs = Tlvs() },
            ShortMessageRequest s => s with
            {
                ServiceType = Text(SmppLimits.ServiceType), SourceAddr = Address(SmppLimits.Address), DestAddr = Address(SmppLimits.Address),
                EsmClass = Byte(), ProtocolId = Byte(), PriorityFlag = Byte(), ScheduleDeliveryTime = Time(), ValidityPeriod = Time(),
                RegisteredDelivery = Byte(), ReplaceIfPresentFlag = Byte(), DataCoding = Byte(), SmDefaultMsgId = Byte(),
                ShortMessage = Bytes(SmppLimits.ShortMessage), Tlvs = Tlvs(),
            },
            MessageIdResponse m => m with { MessageId = Text(SmppLimits.MessageId), Tlvs = Tlvs() },
            SubmitMulti s => s with
            {
                ServiceType = Text(SmppLimits.ServiceType), SourceAddr = Address(SmppLimits.Address),
                Destinations = Enumerable.Range(0, _random.Next(0, 8)).Select(_ => _random.Next(2) == 0
                    ? MultiDestination.Address(Address(SmppLimits.Address))
                    : MultiDestination.List(Text(SmppLimits.DlName))).ToArray(),
                EsmClass = Byte(), ProtocolId = Byte(), PriorityFlag = Byte(), ScheduleDeliveryTime = Time(), ValidityPeriod = Time(),
                RegisteredDelivery = Byte(), ReplaceIfPresentFlag = Byte(), DataCoding = Byte(), SmDefaultMsgId = Byte(),
                ShortMessage = Bytes(SmppLimits.ShortMessage), Tlvs = Tlvs(),
            },
            SubmitMultiResp s => s with
            {
                MessageId = Text(SmppLimits.MessageId),
                UnsuccessSmes = Enumerable.Range(0, _random.Next(0, 5)).Select(_ => new UnsuccessfulSme(Address(SmppLimits.Address), (CommandStatus)_random.Next(0, 0x100))).ToArray(),
                Tlvs = Tlvs(),
            },
            DataSm d => d with
            {
                ServiceType = Text(SmppLimits.ServiceType), SourceAddr = Address(SmppLimits.LongAddress), DestAddr = Address(SmppLimits.LongAddress),
                EsmClass = Byte(), RegisteredDelivery = Byte(), DataCoding = Byte(), Tlvs = Tlvs(),
            },
            QuerySm q => q with { MessageId = Text(SmppLimits.MessageId), SourceAddr = Address(SmppLimits.Address), Tlvs = Tlvs() },
            QuerySmResp q => q with { MessageId = Text(SmppLimits.MessageId), FinalDate = Time(), MessageState = (MessageState)Byte(), ErrorCode = Byte(), Tlvs = Tlvs() },
            CancelSm c => c with
            {
                ServiceType = Text(SmppLimits.ServiceType), MessageId = Text(SmppLimits.MessageId),
                SourceAddr = Address(SmppLimits.Address), DestAddr = Address(SmppLimits.Address), Tlvs = Tlvs(),
            },
            ReplaceSm r => r with
            {
                MessageId = Text(SmppLimits.MessageId), SourceAddr = Address(SmppLimits.Address), ScheduleDeliveryTime = Time(), ValidityPeriod = Time(),
                RegisteredDelivery = Byte(), SmDefaultMsgId = Byte(), ShortMessage = Bytes(SmppLimits.ShortMessage), Tlvs = Tlvs(),
            },
            AlertNotification a => a with { SourceAddr = Address(SmppLimits.LongAddress), EsmeAddr = Address(SmppLimits.EsmeAddr), Tlvs = Tlvs() },
            _ => header with { Tlvs = Tlvs() },
        };
    }

    private byte Byte() => (byte)_random.Next(256);

    /// <summary>0..max-1 characters (the limit counts the NUL); any Latin-1 character but NUL, skewed towards the limits.</summary>
    private string Text(int max)
    {
        var length = _random.Next(4) switch { 0 => 0, 1 => max - 1, _ => _random.Next(0, max) };
        return string.Create(length, _random, static (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = (char)r.Next(1, 256); });
    }

    private SmppAddress Address(int max) => new((TypeOfNumber)Byte(), (NumberingPlan)Byte(), Text(max));

    private string Time()
    {
        if (_random.Next(3) == 0) return "";
        var digits = string.Concat(Enumerable.Range(0, 15).Select(_ => (char)('0' + _random.Next(10))));
        return digits + "+-R"[_random.Next(3)];
    }

    private byte[] Bytes(int max)
    {
        var bytes = new byte[_random.Next(4) == 0 ? max : _random.Next(0, max + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private TlvList Tlvs()
    {
        var count = _random.Next(4) == 0 ? _random.Next(1, 5) : 0;
        var definitions = TlvDefinitions.All.ToArray();
        var list = new List<Tlv>();
        for (var i = 0; i < count; i++)
        {
            if (_random.Next(3) == 0)
            {
                // A vendor or future tag: kept verbatim.
                var bytes = new byte[_random.Next(0, 20)];
                _random.NextBytes(bytes);
                list.Add(new Tlv((TlvTag)_random.Next(0x1400, 0x3FFF), bytes));
            }
            else
            {
                var d = definitions[_random.Next(definitions.Length)];
                var bytes = new byte[_random.Next(d.MinLength, Math.Min(d.MaxLength, 300) + 1)];
                _random.NextBytes(bytes);
                list.Add(new Tlv(d.Tag, bytes));
            }
        }
        return new TlvList(list);
    }
}
