using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Cellgate.Smpp.Text;

/// <summary>
/// SMPP time (§7.1.1): "YYMMDDhhmmsstnnp". Absolute when p is '+' or '-' (nn = offset from UTC in quarter hours,
/// t = tenths of a second); relative when p is 'R' (YY years, MM months, DD days, … from now; t and nn are 0).
/// Schedule_delivery_time and validity_period use it; an empty string means "not set".
/// </summary>
public readonly record struct SmppTime
{
    private SmppTime(DateTimeOffset? absolute, RelativeSmppTime? relative)
    {
        AbsoluteTime = absolute;
        Relative = relative;
    }

    public DateTimeOffset? AbsoluteTime { get; }
    public RelativeSmppTime? Relative { get; }
    public bool IsRelative => Relative is not null;

    public static SmppTime Absolute(DateTimeOffset time) => new(time, null);
    public static SmppTime RelativeTo(RelativeSmppTime relative) => new(null, relative);

    /// <summary>Relative by a duration, expressed in days, hours, minutes and seconds (no years or months).</summary>
    public static SmppTime RelativeTo(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero || duration.TotalDays >= 100) throw new ArgumentOutOfRangeException(nameof(duration), "Relative SMPP time covers 0 to 99 days here.");
        return new(null, new RelativeSmppTime(0, 0, duration.Days, duration.Hours, duration.Minutes, duration.Seconds));
    }

    /// <summary>The instant this time denotes, relative ones counted from <paramref name="now"/>.</summary>
    public DateTimeOffset Resolve(DateTimeOffset now) =>
        AbsoluteTime ?? Relative!.Value.AddTo(now);

    /// <summary>The 16-character wire form.</summary>
    public string Format()
    {
        if (Relative is { } r)
            return $"{r.Years:00}{r.Months:00}{r.Days:00}{r.Hours:00}{r.Minutes:00}{r.Seconds:00}000R";
        var t = AbsoluteTime!.Value;
        var offset = t.Offset;
        if (offset.Ticks % TimeSpan.FromMinutes(15).Ticks != 0) { t = t.ToUniversalTime(); offset = TimeSpan.Zero; }
        var quarters = (int)Math.Abs(offset.TotalMinutes / 15);
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(CultureInfo.InvariantCulture, $"{t:yyMMddHHmmss}{t.Millisecond / 100}{quarters:00}{sign}");
    }

    public override string ToString() => Format();

    /// <summary>Parses the wire form; false for anything that is not 16 characters of valid SMPP time.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SmppTime time)
    {
        time = default;
        if (text is null || text.Length != 16) return false;
        for (var i = 0; i < 15; i++) if (!char.IsAsciiDigit(text[i])) return false;
        int N(int at) => (text[at] - '0') * 10 + (text[at + 1] - '0');
        var (yy, mo, dd, hh, mi, ss) = (N(0), N(2), N(4), N(6), N(8), N(10));
        var tenths = text[12] - '0';
        var nn = N(13);
        switch (text[15])
        {
            case 'R':
                if (hh > 23 || mi > 59 || ss > 59) return false;
                time = RelativeTo(new RelativeSmppTime(yy, mo, dd, hh, mi, ss));
                return true;
            case '+' or '-':
                if (mo is < 1 or > 12 || dd < 1 || dd > DateTime.DaysInMonth(2000 + yy, mo) || hh > 23 || mi > 59 || ss > 59 || nn > 48) return false;
                var offset = TimeSpan.FromMinutes(15 * nn) * (text[15] == '-' ? -1 : 1);
                time = Absolute(new DateTimeOffset(2000 + yy, mo, dd, hh, mi, ss, tenths * 100, offset));
                return true;
            default:
                return false;
        }
    }
}

/// <summary>The components of a relative SMPP time.</summary>
public readonly record struct RelativeSmppTime(int Years, int Months, int Days, int Hours, int Minutes, int Seconds)
{
    public DateTimeOffset AddTo(DateTimeOffset now) =>
        now.AddYears(Years).AddMonths(Months).AddDays(Days).AddHours(Hours).AddMinutes(Minutes).AddSeconds(Seconds);
}
