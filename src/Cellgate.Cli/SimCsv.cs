using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary>A SIM read from a CSV line.</summary>
internal sealed record CsvSim(int Line, NewSim Sim);

/// <summary>
/// Reads <c>iccid,imsi,msisdn</c> rows (a header row names the columns in any order; without one, that order), and
/// checks each row as the server would, so that a bad row is reported by its line and the rest still imported.
/// </summary>
internal static class SimCsv
{
    public static (List<CsvSim> Sims, List<RejectedRow> Rejected) Read(TextReader reader)
    {
        var sims = new List<CsvSim>();
        var rejected = new List<RejectedRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int iccidAt = 0, imsiAt = 1, msisdnAt = 2;
        var lineNumber = 0;
        var first = true;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var cells = line.Split(line.Contains(';') && !line.Contains(',') ? ';' : ',').Select(c => c.Trim().Trim('"').Trim()).ToArray();
            if (first)
            {
                first = false;
                var lower = cells.Select(c => c.ToLowerInvariant()).ToList();
                if (lower.Contains("iccid"))
                {
                    iccidAt = lower.IndexOf("iccid");
                    imsiAt = lower.IndexOf("imsi");
                    msisdnAt = lower.IndexOf("msisdn");
                    if (imsiAt < 0) throw new InvalidDataException($"line {lineNumber}: the header has no imsi column");
                    continue;
                }
            }
            string Cell(int i) => i >= 0 && i < cells.Length ? cells[i] : "";
            var iccid = Cell(iccidAt);
            var imsi = Cell(imsiAt);
            var msisdn = Cell(msisdnAt);
            if (msisdn.StartsWith('+')) msisdn = msisdn[1..];
            var problem = CheckIccid(iccid) ?? CheckImsi(imsi) ?? CheckMsisdn(msisdn);
            if (problem is null)
            {
                var key19 = iccid.Length == 20 ? iccid[..19] : iccid;
                foreach (var (kind, value) in new[] { ("ICCID", key19), ("IMSI", imsi), ("MSISDN", msisdn) })
                {
                    if (value.Length == 0) continue;
                    if (seen.TryGetValue(kind + value, out var earlier))
                    {
                        problem = $"{kind} {value} already on line {earlier}";
                        break;
                    }
                }
            }
            if (problem is not null)
            {
                rejected.Add(new RejectedRow(lineNumber, problem));
                continue;
            }
            seen["ICCID" + (iccid.Length == 20 ? iccid[..19] : iccid)] = lineNumber;
            seen["IMSI" + imsi] = lineNumber;
            if (msisdn.Length > 0) seen["MSISDN" + msisdn] = lineNumber;
            sims.Add(new CsvSim(lineNumber, new NewSim(iccid, imsi, msisdn.Length == 0 ? null : msisdn)));
        }
        return (sims, rejected);
    }

    private static bool Digits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static string? CheckIccid(string iccid) => iccid switch
    {
        "" => "ICCID missing",
        _ when !Digits(iccid) => $"ICCID '{iccid}' is not all digits",
        { Length: 19 } when iccid.StartsWith("89", StringComparison.Ordinal) => null,
        { Length: 20 } when iccid.StartsWith("89", StringComparison.Ordinal) && LuhnDigit(iccid[..19]) == iccid[19] - '0' => null,
        { Length: 20 } when iccid.StartsWith("89", StringComparison.Ordinal) => $"ICCID '{iccid}' has a wrong check digit",
        _ => $"ICCID '{iccid}' must be 19 digits starting with 89 (or 20 with the check digit)",
    };

    private static string? CheckImsi(string imsi) =>
        imsi.Length == 0 ? "IMSI missing" : Digits(imsi) && imsi.Length is 14 or 15 ? null : $"IMSI '{imsi}' must be 14 or 15 digits";

    private static string? CheckMsisdn(string msisdn) =>
        msisdn.Length == 0 || (Digits(msisdn) && msisdn.Length is >= 7 and <= 15 && msisdn[0] != '0')
            ? null
            : $"MSISDN '{msisdn}' must be 7 to 15 digits without a leading 0";

    /// <summary>The Luhn check digit of a digit string.</summary>
    public static int LuhnDigit(string digits)
    {
        var sum = 0;
        var dbl = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (dbl && (d *= 2) > 9) d -= 9;
            sum += d;
            dbl = !dbl;
        }
        return (10 - sum % 10) % 10;
    }
}
