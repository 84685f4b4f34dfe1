namespace Cellgate.Sms.Tests;

public sealed class UdhTests
{
    private static string ParseError(string hex)
    {
        Assert.False(Udh.TryParse(hex, out var udh, out var error));
        Assert.Null(udh);
        return error!;
    }

    [Fact]
    public void An_8_bit_concatenation_header_reports_part_n_of_m_with_reference_r()
    {
        var udh = Udh.Parse("050003CC0201");
        Assert.Equal(6, udh.Length);
        Assert.Equal(new ConcatenationInfo(0xCC, 2, 1, false), udh.Concatenation);
        Assert.Equal("part 1 of 2 with 8-bit reference 204", udh.Concatenation!.ToString());
        var element = Assert.Single(udh.Elements);
        Assert.Equal(UdhElement.Concatenation8Bit, element.Identifier);
        Assert.Equal(new byte[] { 0xCC, 0x02, 0x01 }, element.Data);
        Assert.Equal("050003CC0201", udh.ToHex());
    }

    [Fact]
    public void A_16_bit_concatenation_header_is_parsed()
    {
        var udh = Udh.Parse("06080412340302");
        Assert.Equal(7, udh.Length);
        Assert.Equal(new ConcatenationInfo(0x1234, 3, 2, true), udh.Concatenation);
    }

    [Fact]
    public void Lower_case_hex_is_accepted_and_normalised_to_upper_case()
    {
        Assert.Equal("050003CC0201", Udh.Parse("050003cc0201").ToHex());
    }

    [Fact]
    public void Unknown_elements_are_kept_next_to_the_concatenation_element()
    {
        // 16-bit application port addressing (IEI 05) followed by 8-bit concatenation.
        var udh = Udh.Parse("0B05041581000000030A0302");
        Assert.Equal([0x05, 0x00], udh.Elements.Select(e => e.Identifier));
        Assert.Equal(new byte[] { 0x15, 0x81, 0x00, 0x00 }, udh.Elements[0].Data);
        Assert.Equal(new ConcatenationInfo(0x0A, 3, 2, false), udh.Concatenation);
    }

    [Fact]
    public void A_header_without_concatenation_has_no_concatenation_info()
    {
        var udh = Udh.Parse("06050415810000");
        Assert.Null(udh.Concatenation);
        Assert.Equal(7, udh.Length);
    }

    [Fact]
    public void A_header_with_a_zero_length_octet_only_is_valid_and_empty()
    {
        var udh = Udh.Parse("00");
        Assert.Empty(udh.Elements);
        Assert.Equal(1, udh.Length);
    }

    [Fact]
    public void An_odd_number_of_hex_digits_is_rejected()
    {
        Assert.Equal("udh must be an even number of hex digits; got 11.", ParseError("050003CC020"));
    }

    [Fact]
    public void A_non_hex_character_is_rejected_with_its_position()
    {
        Assert.Equal("udh contains 'G' (U+0047) at position 6, which is not a hex digit.", ParseError("050003GG0201"));
        Assert.Equal("udh contains U+0020 at position 2, which is not a hex digit.", ParseError("05 003CC0201"));
    }

    [Fact]
    public void An_empty_header_is_rejected()
    {
        Assert.Equal("udh is empty; it must hold at least the header length octet.", ParseError(""));
    }

    [Fact]
    public void A_length_octet_that_disagrees_with_the_data_is_rejected()
    {
        Assert.Equal(
            "udh length octet says 6 header octets follow, but 5 do (expected 7 octets in total, got 6).",
            ParseError("060003CC0201"));
        Assert.Equal(
            "udh length octet says 5 header octets follow, but 6 do (expected 6 octets in total, got 7).",
            ParseError("050003CC020100"));
    }

    [Fact]
    public void An_element_longer_than_the_header_is_rejected()
    {
        Assert.Equal(
            "udh information element 0x00 at octet 1 declares 4 data octets, but only 3 remain.",
            ParseError("050004CC0201"));
    }

    [Fact]
    public void An_element_without_its_length_octet_is_rejected()
    {
        Assert.Equal("udh information element 0x00 at octet 1 has no length octet.", ParseError("0100"));
    }

    [Fact]
    public void A_concatenation_element_of_the_wrong_length_is_rejected()
    {
        Assert.Equal(
            "udh concatenation element 0x00 at octet 1 must have 3 data octets; it has 2.",
            ParseError("040002CC02"));
        Assert.Equal(
            "udh concatenation element 0x08 at octet 1 must have 4 data octets; it has 3.",
            ParseError("050803123402"));
    }

    [Theory]
    [InlineData("050003CC0200", "udh concatenation element at octet 1 says part 0 of 2; the part number must be 1..2.")]
    [InlineData("050003CC0203", "udh concatenation element at octet 1 says part 3 of 2; the part number must be 1..2.")]
    [InlineData("050003CC0001", "udh concatenation element at octet 1 says the message has 0 parts; it must be 1..255.")]
    [InlineData("0608041234FF00", "udh concatenation element at octet 1 says part 0 of 255; the part number must be 1..255.")]
    public void Impossible_part_numbers_are_rejected(string hex, string error)
    {
        Assert.Equal(error, ParseError(hex));
    }

    [Fact]
    public void Two_concatenation_elements_are_rejected()
    {
        Assert.Equal(
            "udh contains more than one concatenation element (second one, 0x08, at octet 6).",
            ParseError("0B0003CC0201080412340201"));
    }

    [Fact]
    public void A_header_longer_than_the_user_data_is_rejected()
    {
        var bytes = new byte[141];
        bytes[0] = 140;
        Assert.Equal("udh is 141 octets; at most 140 fit in one SMS.", ParseError(Convert.ToHexString(bytes)));
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_same_message()
    {
        var ex = Assert.Throws<FormatException>(() => Udh.Parse("0"));
        Assert.Equal("udh must be an even number of hex digits; got 1.", ex.Message);
    }

    [Fact]
    public void Factories_build_concatenation_headers_and_check_their_arguments()
    {
        Assert.Equal("050003FF0A03", Udh.Concatenated8Bit(0xFF, 10, 3).ToHex());
        Assert.Equal("060804ABCD0A0A", Udh.Concatenated16Bit(0xABCD, 10, 10).ToHex());
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.Concatenated8Bit(1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.Concatenated8Bit(1, 256, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.Concatenated8Bit(1, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.Concatenated8Bit(1, 2, 0));
    }

    [Fact]
    public void Bytes_are_a_copy_so_the_header_cannot_be_mutated()
    {
        var udh = Udh.Parse("050003CC0201");
        udh.Bytes[3] = 0;
        Assert.Equal("050003CC0201", udh.ToHex());
    }
}
