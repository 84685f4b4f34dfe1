using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cellgate.Smpp.Text;

/// <summary>
/// The de-facto delivery receipt text carried in a deliver_sm's short_message (SMPP 3.4 Appendix B):
/// <c>id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…</c>.
/// Dates are in the SMSC's local time; we write and read them as UTC. The parser also accepts seconds
/// (YYMMDDhhmmss), any field order, lower/upper case keys and missing optional fields, as SMSCs differ.
/// </summary>
public sealed partial record DeliveryReceipt(
    string MessageId,
    int Submitted,
    int Delivered,
    DateTime? SubmitDate,
    DateTime? DoneDate,
    string Stat,
    string Error,
    string Text)
{
    public const string StatDelivered = "DELIVRD";
    public const string StatExpired = "EXPIRED";
    public const string StatDeleted = "DELETED";
    public const string StatUndeliverable = "UNDELIV";
    public const string StatAccepted = "ACCEPTD";
    public const string StatUnknown = "UNKNOWN";
    public const string StatRejected = "REJECTD";
    public const string StatEnroute = "ENROUTE";

    /// <summary>The receipt text (text: truncated to its customary 20 characters).</summary>
    public string Format()
    {
        var text = Text.Length > 20 ? Text[..20] : Text;
        return string.Create(CultureInfo.InvariantCulture,
            $"id:{MessageId} sub:{Submitted:000} dlvrd:{Delivered:000} submit date:{Date(SubmitDate)} done date:{Date(DoneDate)} stat:{Stat} err:{Error} text:{text}");
    }

    public override string ToString() => Format();

    private static string Date(DateTime? d) => d?.ToString("yyMMddHHmm", CultureInfo.InvariantCulture) ?? "0000000000";

    /// <summary>The message_state (§5.2.28) that a stat value stands for.</summary>
    public Protocol.MessageState MessageState => Stat.ToUpperInvariant() switch
    {
        StatDelivered => Protocol.MessageState.Delivered,
        StatExpired => Protocol.MessageState.Expired,
        StatDeleted => Protocol.MessageState.Deleted,
        StatUndeliverable => Protocol.MessageState.Undeliverable,
        StatAccepted => Protocol.MessageState.Accepted,
        StatRejected => Protocol.MessageState.Rejected,
        StatEnroute => Protocol.MessageState.Enroute,
        _ => Protocol.MessageState.Unknown,
    };

    /// <summary>The stat value for a message_state.</summary>
    public static string StatFor(Protocol.MessageState state) => state switch
    {
        Protocol.MessageState.Delivered => StatDelivered,
        Protocol.MessageState.Expired => StatExpired,
        Protocol.MessageState.Deleted => StatDeleted,
        Protocol.MessageState.Undeliverable => StatUndeliverable,
        Protocol.MessageState.Accepted => StatAccepted,
        Protocol.MessageState.Rejected => StatRejected,
        Protocol.MessageState.Enroute => StatEnroute,
        _ => StatUnknown,
    };

    [GeneratedRegex(@"(?<key>id|sub|dlvrd|submit date|done date|stat|err|text):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    /// <summary>Parses receipt text; requires at least id and stat. Unparseable dates read as null.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        receipt = null;
        if (string.IsNullOrEmpty(text)) return false;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var matches = KeyPattern().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            var key = m.Groups["key"].Value.ToLowerInvariant();
            if (key == "text")
            {
                fields.TryAdd(key, text[(m.Index + m.Length)..]); // text: runs to the end, colons and all
                break;
            }
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            fields.TryAdd(key, text[(m.Index + m.Length)..end].Trim());
        }
        if (!fields.TryGetValue("id", out var id) || id.Length == 0 || !fields.TryGetValue("stat", out var stat)) return false;
        receipt = new DeliveryReceipt(
            id,
            Int(fields.GetValueOrDefault("sub")),
            Int(fields.GetValueOrDefault("dlvrd")),
            ParseDate(fields.GetValueOrDefault("submit date")),
            ParseDate(fields.GetValueOrDefault("done date")),
            stat,
            fields.GetValueOrDefault("err") ?? "",
            fields.GetValueOrDefault("text") ?? "");
        return true;
    }

    private static int Int(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static DateTime? ParseDate(string? s) =>
        s is not null && DateTime.TryParseExact(s, ["yyMMddHHmm", "yyMMddHHmmss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
