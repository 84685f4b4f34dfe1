namespace Cellgate.Sms.Tests;

public sealed class SmsEncodingTests
{
    [Fact]
    public void Plain_text_is_GSM_7_bit_with_one_septet_per_character()
    {
        Assert.Equal(new SmsTextAnalysis(SmsAlphabet.Gsm7, 11, -1), SmsEncoding.Analyze("Hello world"));
    }

    [Fact]
    public void The_euro_sign_alone_counts_two_septets()
    {
        Assert.Equal(new SmsTextAnalysis(SmsAlphabet.Gsm7, 2, -1), SmsEncoding.Analyze("€"));
    }

    [Fact]
    public void Every_extension_character_counts_two_septets()
    {
        var analysis = SmsEncoding.Analyze("\f^{}\\[~]|€");
        Assert.Equal(SmsAlphabet.Gsm7, analysis.Alphabet);
        Assert.Equal(20, analysis.Units);
    }

    [Fact]
    public void Greek_capitals_of_the_default_alphabet_stay_7_bit()
    {
        Assert.Equal(new SmsTextAnalysis(SmsAlphabet.Gsm7, 10, -1), SmsEncoding.Analyze("ΔΦΓΛΩΠΨΣΘΞ"));
    }

    [Theory]
    [InlineData("Dzień dobry", 4)]
    [InlineData("ok 中文", 3)]
    [InlineData("`cmd`", 0)]
    [InlineData("smile 😀", 6)]
    public void A_character_outside_GSM_forces_UCS_2_counted_in_UTF_16_units(string text, int firstNonGsm)
    {
        Assert.Equal(new SmsTextAnalysis(SmsAlphabet.Ucs2, text.Length, firstNonGsm), SmsEncoding.Analyze(text));
    }

    [Fact]
    public void An_emoji_counts_two_UCS_2_units()
    {
        Assert.Equal(2, SmsEncoding.Analyze("😀").Units);
        Assert.Equal(4, SmsEncoding.Analyze("👍👍").Units);
    }

    [Fact]
    public void Extension_characters_count_one_unit_once_the_text_is_UCS_2()
    {
        Assert.Equal(new SmsTextAnalysis(SmsAlphabet.Ucs2, 3, 0), SmsEncoding.Analyze("ł€["));
    }

    [Fact]
    public void The_empty_text_is_GSM_7_bit_with_zero_units()
    {
        Assert.Equal(new SmsTextAnalysis(SmsAlphabet.Gsm7, 0, -1), SmsEncoding.Analyze(""));
    }

    [Theory]
    [InlineData(SmsAlphabet.Gsm7, 0, 160)]
    [InlineData(SmsAlphabet.Gsm7, 6, 153)]
    [InlineData(SmsAlphabet.Gsm7, 7, 152)]
    [InlineData(SmsAlphabet.Gsm7, 12, 146)]
    [InlineData(SmsAlphabet.Gsm7, 140, 0)]
    [InlineData(SmsAlphabet.Ucs2, 0, 70)]
    [InlineData(SmsAlphabet.Ucs2, 6, 67)]
    [InlineData(SmsAlphabet.Ucs2, 7, 66)]
    [InlineData(SmsAlphabet.EightBit, 0, 140)]
    [InlineData(SmsAlphabet.EightBit, 6, 134)]
    public void Capacity_accounts_for_the_header_and_fill_bits(SmsAlphabet alphabet, int udhOctets, int capacity)
    {
        Assert.Equal(capacity, SmsEncoding.Capacity(alphabet, udhOctets));
    }

    [Fact]
    public void Payloads_encode_and_decode_per_alphabet()
    {
        Assert.Equal(new byte[] { 0x1B, 0x65 }, SmsEncoding.EncodePayload(SmsAlphabet.Gsm7, "€"));
        Assert.Equal(new byte[] { 0x20, 0xAC }, SmsEncoding.EncodePayload(SmsAlphabet.Ucs2, "€"));
        Assert.Equal(new byte[] { 0xCA, 0xFE }, SmsEncoding.EncodePayload(SmsAlphabet.EightBit, "cafe"));
        Assert.Equal("€", SmsEncoding.DecodePayload(SmsAlphabet.Gsm7, [0x1B, 0x65]));
        Assert.Equal("€", SmsEncoding.DecodePayload(SmsAlphabet.Ucs2, [0x20, 0xAC]));
        Assert.Equal("CAFE", SmsEncoding.DecodePayload(SmsAlphabet.EightBit, [0xCA, 0xFE]));
        Assert.Throws<ArgumentException>(() => SmsEncoding.EncodePayload(SmsAlphabet.EightBit, "xyz"));
    }
}
