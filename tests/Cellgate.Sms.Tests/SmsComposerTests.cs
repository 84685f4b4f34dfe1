namespace Cellgate.Sms.Tests;

public sealed class SmsComposerTests
{
    private static SegmentedMessage Ok(SmsResult<SegmentedMessage> result)
    {
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    private static SmsError Fails(SmsResult<SegmentedMessage> result)
    {
        Assert.False(result.IsSuccess);
        return result.Error!;
    }

    [Fact]
    public void Without_dcs_a_GSM_text_is_sent_with_dcs_0()
    {
        var message = Ok(SmsComposer.Compose("qwe"));
        Assert.Equal((SmsAlphabet.Gsm7, 0), (message.Alphabet, (int)message.Dcs.Value));
        Assert.Equal(new byte[] { 0x71, 0x77, 0x65 }, Assert.Single(message.Parts).EncodedPayload);
    }

    [Fact]
    public void Without_dcs_a_non_GSM_text_is_sent_with_dcs_8()
    {
        var message = Ok(SmsComposer.Compose("Łódź 😀"));
        Assert.Equal((SmsAlphabet.Ucs2, 8), (message.Alphabet, (int)message.Dcs.Value));
    }

    [Fact]
    public void Dcs_0_with_a_non_GSM_character_is_rejected_naming_the_character()
    {
        var error = Fails(SmsComposer.Compose("Zażółć", dcs: 0));
        Assert.Equal(new SmsError(SmsErrorCode.NotGsmEncodable, "payload",
            "payload character 'ż' (U+017C) at index 2 is not in the GSM 7-bit alphabet that dcs 0 selects; send it as UCS-2 (dcs 8) instead."),
            error);
    }

    [Fact]
    public void Dcs_8_sends_a_GSM_text_as_UCS_2_as_the_client_asked()
    {
        var message = Ok(SmsComposer.Compose("Hello", dcs: 8));
        Assert.Equal(SmsAlphabet.Ucs2, message.Alphabet);
        Assert.Equal(5, message.Units);
        Assert.Equal("00480065006C006C006F", Convert.ToHexString(message.Parts[0].EncodedPayload));
    }

    [Fact]
    public void A_dcs_with_a_message_class_is_kept_on_every_part()
    {
        var message = Ok(SmsComposer.Compose(new string('x', 200), dcs: 0xF0));
        Assert.Equal(2, message.Parts.Count);
        Assert.Equal(0xF0, message.Dcs.Value);
        Assert.Equal(0, message.Dcs.MessageClass);
        Assert.Equal(SmsAlphabet.Gsm7, message.Alphabet);
    }

    [Fact]
    public void Dcs_4_takes_the_payload_as_hex_octets()
    {
        var message = Ok(SmsComposer.Compose("48656c6c6f00FF", dcs: 4));
        var part = Assert.Single(message.Parts);
        Assert.Equal((SmsAlphabet.EightBit, 4, 7), (message.Alphabet, (int)message.Dcs.Value, message.Units));
        Assert.Equal(new byte[] { 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00, 0xFF }, part.EncodedPayload);
        Assert.Equal("48656C6C6F00FF", part.Text);
    }

    [Fact]
    public void Dcs_0xF4_is_8_bit_data_too()
    {
        Assert.Equal(SmsAlphabet.EightBit, Ok(SmsComposer.Compose("CAFE", dcs: 0xF4)).Alphabet);
    }

    [Fact]
    public void A_long_8_bit_payload_is_split_into_134_octet_parts()
    {
        var message = Ok(SmsComposer.Compose(new string('A', 300), dcs: 4, options: new SmsSegmenterOptions { Reference = 1 }));
        Assert.Equal([134, 16], message.Parts.Select(p => p.Units));
        Assert.Equal(4, message.Dcs.Value);
    }

    [Theory]
    [InlineData("ABC", "payload (8-bit data, given as hex) must be an even number of hex digits; got 3.")]
    [InlineData("Hello!", "payload (8-bit data, given as hex) contains 'H' (U+0048) at position 0, which is not a hex digit.")]
    public void An_8_bit_payload_that_is_not_hex_is_rejected(string payload, string message)
    {
        Assert.Equal(new SmsError(SmsErrorCode.InvalidHex, "payload", message), Fails(SmsComposer.Compose(payload, dcs: 4)));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(300)]
    [InlineData(0x84)]
    [InlineData(0x0C)]
    [InlineData(0x24)]
    public void An_unusable_dcs_is_rejected_on_the_dcs_field(int dcs)
    {
        var error = Fails(SmsComposer.Compose("hi", dcs: dcs));
        Assert.Equal((SmsErrorCode.InvalidDcs, "dcs"), (error.Code, error.Field));
        Assert.StartsWith("dcs ", error.Message);
    }

    [Fact]
    public void A_client_udh_is_honoured_and_reports_part_n_of_m()
    {
        var text = new string('m', 153);
        var message = Ok(SmsComposer.Compose(text, udh: "050003cc0302"));
        var part = Assert.Single(message.Parts);
        Assert.True(message.IsConcatenated);
        Assert.Equal((2, 3, 153), (part.Number, part.Total, part.Units));
        Assert.Equal("050003CC0302", part.UdhHex);
        Assert.Equal(new ConcatenationInfo(0xCC, 3, 2, false), part.Concatenation);
        Assert.Equal(text, part.Text);
    }

    [Fact]
    public void A_payload_too_long_for_the_room_next_to_a_client_udh_is_rejected_not_split()
    {
        var error = Fails(SmsComposer.Compose(new string('m', 153) + "€", udh: "050003CC0201"));
        Assert.Equal(new SmsError(SmsErrorCode.PayloadTooLong, "payload",
            "payload is 155 GSM 7-bit septets; next to the 6-octet udh one SMS holds at most 153. Split it into more parts, or omit udh to let the server split it."),
            error);
    }

    [Theory]
    [InlineData("050003CC0201", 67)]
    [InlineData("06080412340201", 66)]
    [InlineData("0B05041581000000030A0302", 64)]
    public void With_a_client_udh_UCS_2_room_shrinks_by_the_header(string udh, int room)
    {
        Assert.True(SmsComposer.Compose(new string('ł', room), udh).IsSuccess);
        var error = Fails(SmsComposer.Compose(new string('ł', room + 1), udh));
        Assert.Equal(SmsErrorCode.PayloadTooLong, error.Code);
        Assert.Contains($"one SMS holds at most {room}", error.Message);
    }

    [Theory]
    [InlineData("050003CC0201", 153)]
    [InlineData("06080412340201", 152)]
    [InlineData("06050415810000", 152)]
    [InlineData("0B05041581000000030A0302", 146)]
    public void With_a_client_udh_the_septet_room_is_reduced_by_header_and_fill_bits(string udh, int room)
    {
        Assert.True(SmsComposer.Compose(new string('s', room), udh).IsSuccess);
        Assert.Equal(SmsErrorCode.PayloadTooLong, Fails(SmsComposer.Compose(new string('s', room + 1), udh)).Code);
    }

    [Fact]
    public void A_client_udh_with_8_bit_data_leaves_140_minus_header_octets()
    {
        var message = Ok(SmsComposer.Compose(new string('0', 134 * 2), udh: "050003010101", dcs: 4));
        Assert.Equal(134, message.Units);
        Assert.Equal(SmsErrorCode.PayloadTooLong, Fails(SmsComposer.Compose(new string('0', 135 * 2), udh: "050003010101", dcs: 4)).Code);
    }

    [Fact]
    public void A_client_udh_without_concatenation_is_part_1_of_1()
    {
        var part = Ok(SmsComposer.Compose("port message", udh: "06050415810000")).Parts[0];
        Assert.Equal((1, 1), (part.Number, part.Total));
        Assert.Null(part.Concatenation);
        Assert.Equal("06050415810000", part.UdhHex);
    }

    [Fact]
    public void An_invalid_client_udh_is_rejected_on_the_udh_field()
    {
        Assert.Equal(new SmsError(SmsErrorCode.InvalidUdh, "udh",
            "udh length octet says 6 header octets follow, but 5 do (expected 7 octets in total, got 6)."),
            Fails(SmsComposer.Compose("hi", udh: "060003CC0201")));
        Assert.Equal(SmsErrorCode.InvalidHex, Fails(SmsComposer.Compose("hi", udh: "zz")).Code);
        Assert.Equal(SmsErrorCode.InvalidHex, Fails(SmsComposer.Compose("hi", udh: "050")).Code);
    }

    [Fact]
    public void An_empty_udh_means_no_header_as_in_the_recorded_API()
    {
        var message = Ok(SmsComposer.Compose(new string('a', 161), udh: ""));
        Assert.Equal(2, message.Parts.Count);
        Assert.Equal("050003", message.Parts[0].UdhHex[..6]);
    }

    [Fact]
    public void The_dcs_is_checked_before_the_udh_and_the_udh_before_the_payload()
    {
        Assert.Equal("dcs", Fails(SmsComposer.Compose("zz", udh: "zz", dcs: 999)).Field);
        Assert.Equal("udh", Fails(SmsComposer.Compose("zz", udh: "zz", dcs: 4)).Field);
    }

    [Fact]
    public void The_split_limit_and_reference_come_from_the_options()
    {
        var options = new SmsSegmenterOptions { MaxParts = 2, Reference = 0x7F };
        Assert.Equal(["0500037F0201", "0500037F0202"], Ok(SmsComposer.Compose(new string('a', 306), options: options)).Parts.Select(p => p.UdhHex));
        Assert.Equal("payload is 307 GSM 7-bit septets and needs 3 parts of at most 153; the maximum is 2 parts.",
            Fails(SmsComposer.Compose(new string('a', 307), options: options)).Message);
    }

    [Fact]
    public void An_empty_payload_is_one_empty_part()
    {
        var part = Assert.Single(Ok(SmsComposer.Compose("")).Parts);
        Assert.Equal(0, part.Units);
        Assert.Empty(part.EncodedPayload);
        Assert.Empty(Assert.Single(Ok(SmsComposer.Compose("", dcs: 4)).Parts).EncodedPayload);
        Assert.Equal("050003CC0201", Assert.Single(Ok(SmsComposer.Compose("", udh: "050003CC0201")).Parts).UdhHex);
    }
}
