namespace Cellgate.Server.Features.Sims;

/// <summary>Formats of the numbers on a SIM (reference §1.2): ICCID 19 digits (+ Luhn = 20), IMSI 15, MSISDN E.164 digits.</summary>
public static class SimNumbers
{
    public static bool AllDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    /// <summary>The Luhn check digit to append to <paramref name="payload"/>.</summary>
    public static char LuhnDigit(string payload)
    {
        var sum = 0;
        var doubleIt = true; // the rightmost payload digit is doubled, because the check digit goes after it
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var d = payload[i] - '0';
            if (doubleIt && (d *= 2) > 9) d -= 9;
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>Reads an ICCID given with (20 digits, Luhn checked) or without (19 digits) its check digit.</summary>
    public static bool TryReadIccid(string? text, out string iccid, out string? problem)
    {
        iccid = "";
        problem = null;
        var t = text?.Trim() ?? "";
        if (!AllDigits(t) || t.Length is not (19 or 20))
        {
            problem = "Expecting 19 digits, or 20 digits ending in the Luhn check digit";
            return false;
        }
        if (!t.StartsWith("89", StringComparison.Ordinal))
        {
            problem = "Expecting an ICCID of a telecom SIM (starting with 89)";
            return false;
        }
        if (t.Length == 20 && LuhnDigit(t[..19]) != t[19])
        {
            problem = "Luhn check digit is wrong";
            return false;
        }
        iccid = t[..19];
        return true;
    }

    /// <summary>IMSI: MCC + MNC + MSIN, 15 digits (14 accepted, as some networks use them).</summary>
    public static bool IsImsi(string? text) => text is { Length: 14 or 15 } && AllDigits(text);

    /// <summary>MSISDN: an E.164 number in international format without "+", 7 to 15 digits, no leading zero.</summary>
    public static bool IsMsisdn(string? text) => text is { Length: >= 7 and <= 15 } && AllDigits(text) && text[0] != '0';
}
