using System.Text;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Cellgate.Sms;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Text;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>A delivery receipt as read from a deliver_sm; <see cref="State"/> null for an intermediate one (ENROUTE, ACCEPTD).</summary>
internal sealed record UpstreamReceipt(string MessageId, string Stat, SmsQueue.ReceiptState? State, string? Error);

/// <summary>Reads what an upstream SMSC delivers: receipts and MO SMS.</summary>
internal static class UpstreamInbound
{
    /// <summary>
    /// The receipt in <paramref name="deliver"/>, or null when it is none (or unreadable). The message id comes from
    /// the receipted_message_id TLV, else the receipt text's <c>id:</c>; the state from the message_state TLV, else
    /// the text's <c>stat:</c>. DELIVRD → DELIVERED; EXPIRED → EXPIRED; UNDELIV, REJECTD, DELETED, UNKNOWN → FAILED
    /// with the error <c>STAT</c> or <c>STAT:err</c> (the receipt's <c>err:</c>, else the network_error_code TLV).
    /// </summary>
    public static UpstreamReceipt? Receipt(DeliverSm deliver)
    {
        var flagged = EsmClass.IsDeliveryReceipt(deliver.EsmClass);
        var tlvId = deliver.Tlvs.ReceiptedMessageId;
        if (!flagged && tlvId is null) return null;
        DeliveryReceipt.TryParse(Encoding.Latin1.GetString(deliver.ShortMessage.Span), out var text);
        var id = tlvId is { Length: > 0 } ? tlvId : text?.MessageId;
        if (string.IsNullOrEmpty(id)) return null;
        MessageState? state = deliver.Tlvs.MessageState ?? text?.MessageState;
        if (state is null) return null;
        var stat = DeliveryReceipt.StatFor(state.Value);
        var err = text?.Error is { Length: > 0 } e && e.Trim('0').Length > 0 ? e
            : deliver.Tlvs.NetworkErrorCode is { ErrorCode: > 0 } n ? n.ErrorCode.ToString("000", System.Globalization.CultureInfo.InvariantCulture) : null;
        SmsQueue.ReceiptState? final = state switch
        {
            MessageState.Delivered => SmsQueue.ReceiptState.Delivered,
            MessageState.Expired => SmsQueue.ReceiptState.Expired,
            MessageState.Undeliverable or MessageState.Rejected or MessageState.Deleted or MessageState.Unknown => SmsQueue.ReceiptState.Failed,
            _ => null, // ENROUTE, ACCEPTD: not final
        };
        var error = final is SmsQueue.ReceiptState.Delivered ? null : err is null ? stat : $"{stat}:{err}";
        return new UpstreamReceipt(id, stat, final, error);
    }

    /// <summary>
    /// The MO SMS in a plain deliver_sm: the sender is the source address (an endpoint's MSISDN), the destination the
    /// dest address. With UDHI the header travels as the part's UDH; the text is decoded by data_coding (8-bit data as
    /// hex). short_message, or message_payload when short_message is empty. Null when the content cannot be decoded.
    /// </summary>
    public static MoSubmission? Mo(DeliverSm deliver)
    {
        var message = deliver.ShortMessage.IsEmpty && deliver.Tlvs.MessagePayload is { } payload ? payload.Span : deliver.ShortMessage.Span;
        var udh = ReadOnlySpan<byte>.Empty;
        if ((deliver.EsmClass & EsmClass.UdhIndicator) != 0)
        {
            if (message.Length == 0 || message[0] + 1 > message.Length) return null;
            udh = message[..(message[0] + 1)];
            message = message[(message[0] + 1)..];
        }
        var dcs = new DataCodingScheme(deliver.DataCoding);
        string text;
        try
        {
            text = SmsEncoding.DecodePayload(dcs.Alphabet, message);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var source = deliver.SourceAddr.Address;
        var dest = deliver.DestAddr.Address;
        // A header or 8-bit data keep their form as one stored part; plain text is split and encoded by the intake.
        return udh.Length > 0 || dcs.Alphabet == SmsAlphabet.EightBit
            ? new MoSubmission(null, null, source, dest, null, MoInterface.Smpp, new NewPart(text, Convert.ToHexString(udh)), dcs.Value)
            : new MoSubmission(null, null, source, dest, text, MoInterface.Smpp);
    }
}
