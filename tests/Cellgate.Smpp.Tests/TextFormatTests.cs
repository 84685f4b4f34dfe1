using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Text;

namespace Cellgate.Smpp.Tests;

public class TextFormatTests
{
    [Fact]
    public void An_absolute_smpp_time_reads_with_its_quarter_hour_offset()
    {
        Assert.True(SmppTime.TryParse("260315143005308+", out var time));
        Assert.False(time.IsRelative);
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 14, 30, 5, 300, TimeSpan.FromHours(2)), time.AbsoluteTime);
        Assert.Equal("260315143005308+", time.Format());

        Assert.True(SmppTime.TryParse("260315143005012-", out var west));
        Assert.Equal(TimeSpan.FromHours(-3), west.AbsoluteTime!.Value.Offset);
    }

    [Fact]
    public void A_relative_smpp_time_resolves_from_now()
    {
        Assert.True(SmppTime.TryParse("000002013000000R", out var time));
        Assert.True(time.IsRelative);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddDays(2).AddHours(1).AddMinutes(30), time.Resolve(now));
        Assert.Equal("000002013000000R", SmppTime.RelativeTo(new TimeSpan(2, 1, 30, 0)).Format());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2603151430")]
    [InlineData("261315143005308+")] // month 13
    [InlineData("260230143005308+")] // 30 February
    [InlineData("260315143005349+")] // offset beyond 12 hours
    [InlineData("260315143005308X")]
    [InlineData("2603151430053O8+")]
    public void Invalid_smpp_times_do_not_parse(string text) => Assert.False(SmppTime.TryParse(text, out _));

    [Fact]
    public void Absolute_times_round_trip_through_the_wire_form()
    {
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var t = new DateTimeOffset(2000 + random.Next(100), random.Next(1, 13), random.Next(1, 29), random.Next(24), random.Next(60), random.Next(60),
                random.Next(10) * 100, TimeSpan.FromMinutes(15 * random.Next(-48, 49)));
            Assert.True(SmppTime.TryParse(SmppTime.Absolute(t).Format(), out var back));
            Assert.Equal(t, back.AbsoluteTime);
            Assert.Equal(t.Offset, back.AbsoluteTime!.Value.Offset);
        }
    }

    [Fact]
    public void A_delivery_receipt_formats_in_the_de_facto_layout()
    {
        var receipt = new DeliveryReceipt("0123456789", 1, 1, new DateTime(2026, 3, 15, 14, 30, 0), new DateTime(2026, 3, 15, 14, 31, 0),
            DeliveryReceipt.StatDelivered, "000", "Hello world, this is long");
        Assert.Equal("id:0123456789 sub:001 dlvrd:001 submit date:2603151430 done date:2603151431 stat:DELIVRD err:000 text:Hello world, this is", receipt.Format());
    }

    [Fact]
    public void A_delivery_receipt_parses_back_including_text_with_colons()
    {
        var text = "id:abc sub:001 dlvrd:000 submit date:2603151430 done date:260315143159 stat:UNDELIV err:034 text:call me: now";
        Assert.True(DeliveryReceipt.TryParse(text, out var receipt));
        Assert.Equal("abc", receipt.MessageId);
        Assert.Equal(1, receipt.Submitted);
        Assert.Equal(0, receipt.Delivered);
        Assert.Equal(new DateTime(2026, 3, 15, 14, 30, 0), receipt.SubmitDate);
        Assert.Equal(new DateTime(2026, 3, 15, 14, 31, 59), receipt.DoneDate);
        Assert.Equal("UNDELIV", receipt.Stat);
        Assert.Equal(MessageState.Undeliverable, receipt.MessageState);
        Assert.Equal("034", receipt.Error);
        Assert.Equal("call me: now", receipt.Text);
    }

    [Fact]
    public void Receipts_from_lenient_smscs_parse_with_upper_case_keys_and_missing_fields()
    {
        Assert.True(DeliveryReceipt.TryParse("ID:77 STAT:DELIVRD", out var receipt));
        Assert.Equal("77", receipt.MessageId);
        Assert.Equal(MessageState.Delivered, receipt.MessageState);
        Assert.Null(receipt.SubmitDate);
        Assert.False(DeliveryReceipt.TryParse("hello there", out _));
        Assert.False(DeliveryReceipt.TryParse("id: stat:DELIVRD", out _));
    }

    [Fact]
    public void Formatted_receipts_parse_back_to_the_same_receipt()
    {
        foreach (var state in Enum.GetValues<MessageState>())
        {
            var receipt = new DeliveryReceipt("id" + (int)state, 1, state == MessageState.Delivered ? 1 : 0, new DateTime(2026, 1, 2, 3, 4, 0),
                new DateTime(2026, 1, 2, 3, 5, 0), DeliveryReceipt.StatFor(state), "000", "short");
            Assert.True(DeliveryReceipt.TryParse(receipt.Format(), out var back));
            Assert.Equal(receipt, back);
            Assert.Equal(state, back.MessageState);
        }
    }
}
