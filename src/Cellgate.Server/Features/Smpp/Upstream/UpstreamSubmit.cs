using Cellgate.Delivery;
using Cellgate.Sms;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Text;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>The submit_sm for one claimed SMS part, and the addresses and encodings it needs.</summary>
internal static class UpstreamSubmit
{
    /// <summary>EMnify's source_address_type values: 145 international, 161 national, 208 alphanumeric.</summary>
    public static SmppAddress Source(string address, int type) => type switch
    {
        145 => new(TypeOfNumber.International, NumberingPlan.Isdn, address.TrimStart('+')),
        161 => new(TypeOfNumber.National, NumberingPlan.Isdn, address),
        208 => new(TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, address),
        _ => Guess(address),
    };

    /// <summary>Digits (optionally with '+'): international; anything else: alphanumeric.</summary>
    public static SmppAddress Guess(string address) =>
        address.TrimStart('+') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit)
            ? SmppAddress.International(digits)
            : new(TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, address);

    /// <summary>
    /// The submit_sm: source and destination with their TON/NPI, data_coding and protocol_id as stored, the stored
    /// part's UDH in front of the encoded payload with esm_class UDHI, registered_delivery 1 (when receipts are
    /// asked for) and a relative validity period up to the SMS's expiry.
    /// </summary>
    public static SubmitSm Build(ClaimedSms sms, SmppUpstreamOptions o, DateTimeOffset now)
    {
        var source = sms.SourceAddress is { Length: > 0 } s ? Source(s, sms.SourceAddressType)
            : o.SourceAddress is { } d ? Guess(d) : SmppAddress.Empty;
        var dcs = new DataCodingScheme((byte)sms.Dcs);
        var body = SmsEncoding.EncodePayload(dcs.Alphabet, sms.Payload);
        var udh = sms.Udh is { Length: > 0 } hex ? Convert.FromHexString(hex) : []; // FormatException: a stored header that is not hex
        var message = new byte[udh.Length + body.Length];
        udh.CopyTo(message, 0);
        body.CopyTo(message, udh.Length);
        var validity = new DateTimeOffset(DateTime.SpecifyKind(sms.ExpiryDate, DateTimeKind.Utc)) - now;
        var submit = new SubmitSm
        {
            SourceAddr = source,
            DestAddr = SmppAddress.International(sms.Msisdn.TrimStart('+')),
            EsmClass = udh.Length > 0 ? EsmClass.UdhIndicator : (byte)0,
            ProtocolId = (byte)sms.Pid,
            ValidityPeriod = validity > TimeSpan.FromMinutes(1) ? SmppTime.RelativeTo(validity < TimeSpan.FromDays(99) ? validity : TimeSpan.FromDays(98)).Format() : "",
            RegisteredDelivery = o.RequestReceipts ? RegisteredDelivery.OnSuccessOrFailure : RegisteredDelivery.None,
            DataCoding = dcs.Value,
        };
        return message.Length <= SmppLimits.ShortMessage
            ? submit with { ShortMessage = message }
            : submit with { Tlvs = new TlvList([new Tlv(TlvTag.MessagePayload, message)]) };
    }
}
