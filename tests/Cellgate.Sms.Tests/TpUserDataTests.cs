namespace Cellgate.Sms.Tests;

public sealed class TpUserDataTests
{
    [Fact]
    public void Seven_bit_user_data_without_header_is_the_packed_septets()
    {
        var ud = TpUserData.Encode(SmsAlphabet.Gsm7, [], Gsm7.Encode("hellohello"));
        Assert.Equal(10, ud.Length);
        Assert.Equal("E8329BFD4697D9EC37", Convert.ToHexString(ud.Data));
    }

    [Fact]
    public void Seven_bit_user_data_after_a_6_octet_header_starts_after_one_fill_bit()
    {
        var ud = TpUserData.Encode(SmsAlphabet.Gsm7, Convert.FromHexString("050003CC0201"), Gsm7.Encode("A"));
        Assert.Equal(8, ud.Length); // 7 septets of header and fill, 1 of text
        Assert.Equal("050003CC020182", Convert.ToHexString(ud.Data));
    }

    [Fact]
    public void A_full_concatenated_7_bit_part_fills_exactly_140_octets()
    {
        var part = SmsSegmenter.Split(new string('a', 400)).Value.Parts[0];
        var ud = part.ToTpUserData();
        Assert.Equal(160, ud.Length);
        Assert.Equal(140, ud.Data.Length);
    }

    [Fact]
    public void Ucs2_and_8_bit_user_data_are_header_then_octets()
    {
        var ud = TpUserData.Encode(SmsAlphabet.Ucs2, Convert.FromHexString("050003CC0201"), Ucs2.Encode("ł"));
        Assert.Equal((8, "050003CC02010142"), (ud.Length, Convert.ToHexString(ud.Data)));
        var data = TpUserData.Encode(SmsAlphabet.EightBit, [], [0xCA, 0xFE]);
        Assert.Equal((2, "CAFE"), (data.Length, Convert.ToHexString(data.Data)));
    }

    [Fact]
    public void Encoding_more_than_140_octets_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TpUserData.Encode(SmsAlphabet.Ucs2, [], new byte[142]));
        Assert.Throws<ArgumentException>(() => TpUserData.Encode(SmsAlphabet.Gsm7, Convert.FromHexString("050003CC0201"), new byte[154]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("022000")]
    [InlineData("03200100")]
    [InlineData("0420020000")]
    [InlineData("050003CC0201")]
    [InlineData("06080412340201")]
    [InlineData("0B05041581000000030A0302")]
    public void Seven_bit_user_data_round_trips_for_every_header_length(string udhHex)
    {
        var udh = Convert.FromHexString(udhHex);
        var room = SmsEncoding.Capacity(SmsAlphabet.Gsm7, udh.Length);
        foreach (var text in new[] { "", "x", "Hi € [there]", new string('z', room) })
        {
            var septets = Gsm7.Encode(text);
            if (septets.Length > room) continue;
            var ud = TpUserData.Encode(SmsAlphabet.Gsm7, udh, septets);
            var decoded = TpUserData.Decode(SmsAlphabet.Gsm7, udh.Length > 0, ud.Length, ud.Data).Value;
            Assert.Equal(text, decoded.Text);
            Assert.Equal(septets, decoded.Payload);
            Assert.Equal(udhHex, decoded.Header?.ToHex() ?? "");
        }
    }

    [Fact]
    public void Every_segmented_part_round_trips_through_user_data()
    {
        var texts = new[]
        {
            string.Concat(Enumerable.Repeat("Grüße {aus} Köln 5€ ", 30)),
            string.Concat(Enumerable.Repeat("Zażółć 😀 中文 ", 30)),
        };
        foreach (var text in texts)
        {
            var message = SmsSegmenter.Split(text, new SmsSegmenterOptions { Reference = 9 }).Value;
            var rebuilt = string.Concat(message.Parts.Select(p =>
            {
                var ud = p.ToTpUserData();
                var decoded = TpUserData.Decode(message.Alphabet, true, ud.Length, ud.Data).Value;
                Assert.Equal(p.Concatenation, decoded.Header!.Concatenation);
                return decoded.Text;
            }));
            Assert.Equal(text, rebuilt);
        }
    }

    [Fact]
    public void Eight_bit_user_data_decodes_as_hex()
    {
        var decoded = TpUserData.Decode(SmsAlphabet.EightBit, true, 8, Convert.FromHexString("050003CC0201CAFE")).Value;
        Assert.Equal("CAFE", decoded.Text);
        Assert.Equal(new ConcatenationInfo(0xCC, 2, 1, false), decoded.Header!.Concatenation);
    }

    [Fact]
    public void Inconsistent_user_data_is_reported()
    {
        var tooShort = TpUserData.Decode(SmsAlphabet.Gsm7, false, 10, [0x00]);
        Assert.Equal(SmsErrorCode.MalformedUserData, tooShort.Error!.Code);
        Assert.Equal("user data length 10 needs 9 octets; 1 present (at most 140).", tooShort.Error.Message);

        var headerTooLong = TpUserData.Decode(SmsAlphabet.EightBit, true, 3, [0x09, 0x00, 0x00]);
        Assert.Equal("user data header of 10 octets exceeds the user data of 3 octets.", headerTooLong.Error!.Message);

        var badHeader = TpUserData.Decode(SmsAlphabet.EightBit, true, 3, [0x02, 0x00, 0x05]);
        Assert.Equal(SmsErrorCode.InvalidUdh, badHeader.Error!.Code);

        var oddUcs2 = TpUserData.Decode(SmsAlphabet.Ucs2, false, 3, [0x00, 0x41, 0x00]);
        Assert.Equal("UCS-2 payload has an odd number of octets (3).", oddUcs2.Error!.Message);

        var emptyWithHeader = TpUserData.Decode(SmsAlphabet.Ucs2, true, 0, []);
        Assert.Equal("user data header indicated but the user data is empty.", emptyWithHeader.Error!.Message);
    }
}
