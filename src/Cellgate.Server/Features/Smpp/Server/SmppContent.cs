using System.Text;
using Cellgate.Smpp.Protocol;
using Cellgate.Sms;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// SMPP message content and Cellgate's stored SMS (text or hex, user data header as hex, GSM data coding scheme).
/// SMPP data_coding (§5.2.19) → stored: 0 (SMSC default alphabet) is GSM 03.38, one septet per octet (bytes above
/// 0x7F: read as Latin-1); 1 (IA5) and 3 (Latin-1) are text, stored GSM 7-bit when every character allows, else UCS-2;
/// 8 is UCS-2 (big-endian); 2 and 4 are 8-bit data (stored as hex, dcs 4); 0xF0–0xFF and other GSM data coding
/// schemes are used as they are. The header comes first in the octets when esm_class has UDHI (0x40); the sar_* TLVs
/// become a 16-bit-reference concatenation header.
/// </summary>
internal static class SmppContent
{
    public readonly record struct Content(string Payload, string? Udh, int? Dcs);

    public static CommandStatus TryRead(ShortMessageRequest sm, out Content content) =>
        TryRead(sm.EsmClass, sm.DataCoding, sm.ShortMessage, sm.Tlvs, out content);

    /// <summary>
    /// The content of submit_sm, submit_multi or data_sm (which has no short_message: pass an empty one), or of a
    /// replace_sm read in the data coding of the message it replaces.
    /// </summary>
    public static CommandStatus TryRead(byte esmClass, byte dataCoding, OctetString shortMessage, TlvList tlvs, out Content content)
    {
        content = default;
        var payload = tlvs.MessagePayload;
        if (payload is { } p && !shortMessage.IsEmpty) return CommandStatus.ESME_RINVOPTPARAMVAL; // both: which one?
        var octets = (payload ?? shortMessage).Span;

        string? udh = null;
        if ((esmClass & EsmClass.UdhIndicator) != 0)
        {
            if (octets.Length == 0 || octets[0] + 1 > octets.Length) return CommandStatus.ESME_RINVESMCLASS;
            udh = Convert.ToHexString(octets[..(octets[0] + 1)]);
            octets = octets[(octets[0] + 1)..];
        }
        else if (tlvs.SarMsgRefNum is { } reference && tlvs.SarTotalSegments is { } total && tlvs.SarSegmentSeqnum is { } seq)
        {
            udh = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"060804{reference:X4}{total:X2}{seq:X2}");
        }

        var dc = dataCoding;
        switch (dc)
        {
            case 0:
                content = Gsm7.TryDecode(octets, out var gsm, out _) ? new Content(gsm, udh, 0) : new Content(Encoding.Latin1.GetString(octets), udh, null);
                return CommandStatus.ESME_ROK;
            case 1 or 3:
                content = new Content(Encoding.Latin1.GetString(octets), udh, null);
                return CommandStatus.ESME_ROK;
            case 2 or 4:
                content = new Content(Convert.ToHexString(octets), udh, 4);
                return CommandStatus.ESME_ROK;
            case 8:
                if (!Ucs2.TryDecode(octets, out var ucs2)) return CommandStatus.ESME_RINVMSGLEN;
                content = new Content(ucs2, udh, 8);
                return CommandStatus.ESME_ROK;
        }
        if (dc is >= 5 and < 0x10 || !DataCodingScheme.TryValidate(dc, out var scheme, out _)) return CommandStatus.ESME_RSUBMITFAIL;
        switch (scheme.Alphabet)
        {
            case SmsAlphabet.Gsm7 when Gsm7.TryDecode(octets, out var text, out _):
                content = new Content(text, udh, dc);
                return CommandStatus.ESME_ROK;
            case SmsAlphabet.Ucs2 when Ucs2.TryDecode(octets, out var text):
                content = new Content(text, udh, dc);
                return CommandStatus.ESME_ROK;
            case SmsAlphabet.EightBit:
                content = new Content(Convert.ToHexString(octets), udh, dc);
                return CommandStatus.ESME_ROK;
            default:
                return CommandStatus.ESME_RINVMSGLEN;
        }
    }

    /// <summary>A stored SMS part as deliver_sm content: data_coding, esm_class bits and the octets (header first).</summary>
    public static (byte DataCoding, byte EsmClass, byte[] Octets) Write(int dcs, string payload, string udh)
    {
        var scheme = new DataCodingScheme((byte)dcs);
        byte[] body;
        try
        {
            body = SmsEncoding.EncodePayload(scheme.Alphabet, payload);
        }
        catch (ArgumentException)
        {
            body = Encoding.UTF8.GetBytes(payload); // stored by an older path in another form: deliver what there is
        }
        if (udh.Length == 0) return ((byte)dcs, 0, body);
        var header = Convert.FromHexString(udh);
        return ((byte)dcs, EsmClass.UdhIndicator, [.. header, .. body]);
    }
}
