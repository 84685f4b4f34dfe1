namespace Cellgate.Sms.Tests;

public sealed class SmsSegmenterTests
{
    private static SegmentedMessage Split(string text, SmsSegmenterOptions? options = null)
    {
        var result = SmsSegmenter.Split(text, options);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    private static void AssertPartsRebuildText(SegmentedMessage message, string text)
    {
        Assert.Equal(text, string.Concat(message.Parts.Select(p => p.Text)));
        foreach (var part in message.Parts)
        {
            Assert.Equal(part.Text, SmsEncoding.DecodePayload(message.Alphabet, part.EncodedPayload));
            Assert.Equal(part.Total, message.Parts.Count);
        }
        Assert.Equal(message.Units, message.Parts.Sum(p => p.Units));
    }

    [Fact]
    public void Exactly_160_GSM_characters_fit_one_part_without_a_header()
    {
        var text = new string('a', 160);
        var message = Split(text);
        var part = Assert.Single(message.Parts);
        Assert.Equal(SmsAlphabet.Gsm7, message.Alphabet);
        Assert.Equal(0, message.Dcs.Value);
        Assert.False(message.IsConcatenated);
        Assert.Equal((1, 1, 160), (part.Number, part.Total, part.Units));
        Assert.Empty(part.Udh);
        Assert.Equal("", part.UdhHex);
        Assert.Null(part.Concatenation);
        Assert.Equal(text, part.Text);
        Assert.Equal(160, part.EncodedPayload.Length);
    }

    [Fact]
    public void Then_161_GSM_characters_need_two_parts_of_153_and_8()
    {
        var text = new string('b', 161);
        var message = Split(text, new SmsSegmenterOptions { Reference = 0xCC });
        Assert.True(message.IsConcatenated);
        Assert.Equal([153, 8], message.Parts.Select(p => p.Units));
        Assert.Equal(["050003CC0201", "050003CC0202"], message.Parts.Select(p => p.UdhHex));
        Assert.Equal([1, 2], message.Parts.Select(p => p.Number));
        Assert.All(message.Parts, p => Assert.Equal(new ConcatenationInfo(0xCC, 2, p.Number, false), p.Concatenation));
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void Then_159_characters_and_a_euro_are_161_septets_in_two_parts_with_the_euro_whole()
    {
        var text = new string('c', 159) + "€";
        var message = Split(text);
        Assert.Equal(161, message.Units);
        Assert.Equal([153, 8], message.Parts.Select(p => p.Units));
        Assert.EndsWith("€", message.Parts[1].Text);
        Assert.Equal(new byte[] { 0x1B, 0x65 }, message.Parts[1].EncodedPayload[^2..]);
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void A_euro_straddling_the_part_boundary_moves_whole_to_the_next_part()
    {
        var text = new string('d', 152) + "€" + new string('e', 10);
        var message = Split(text);
        Assert.Equal(164, message.Units);
        Assert.Equal([152, 12], message.Parts.Select(p => p.Units));
        Assert.Equal(new string('d', 152), message.Parts[0].Text);
        Assert.DoesNotContain((byte)0x1B, message.Parts[0].EncodedPayload);
        Assert.StartsWith("€", message.Parts[1].Text);
        Assert.Equal(new byte[] { 0x1B, 0x65 }, message.Parts[1].EncodedPayload[..2]);
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void A_text_of_only_extension_characters_splits_between_escape_sequences()
    {
        var text = string.Concat(Enumerable.Repeat("[]", 50)); // 100 characters, 200 septets
        var message = Split(text);
        Assert.Equal(200, message.Units);
        Assert.Equal([152, 48], message.Parts.Select(p => p.Units));
        Assert.All(message.Parts, p => Assert.Equal(0x1B, p.EncodedPayload[0]));
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void Exactly_160_septets_with_extension_characters_fit_one_part()
    {
        var text = new string('f', 150) + "{}[]~"; // 150 + 10 septets
        var message = Split(text);
        Assert.Equal(160, Assert.Single(message.Parts).Units);
        Assert.Equal(SmsAlphabet.Gsm7, message.Alphabet);
    }

    [Fact]
    public void Greek_capital_letters_of_the_default_alphabet_are_sent_as_7_bit()
    {
        var message = Split("ΔΦΓΛΩΠΨΣΘΞ");
        Assert.Equal(SmsAlphabet.Gsm7, message.Alphabet);
        Assert.Equal(
            new byte[] { 0x10, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A },
            Assert.Single(message.Parts).EncodedPayload);
    }

    [Theory]
    [InlineData("Paweł")]
    [InlineData("中")]
    public void A_character_outside_GSM_forces_UCS_2_with_dcs_8(string text)
    {
        var message = Split(text);
        Assert.Equal(SmsAlphabet.Ucs2, message.Alphabet);
        Assert.Equal(8, message.Dcs.Value);
        Assert.Equal(Ucs2.Encode(text), Assert.Single(message.Parts).EncodedPayload);
    }

    [Fact]
    public void Exactly_70_UCS_2_units_fit_one_part()
    {
        var text = new string('ł', 70);
        var part = Assert.Single(Split(text).Parts);
        Assert.Equal(70, part.Units);
        Assert.Equal(140, part.EncodedPayload.Length);
        Assert.Empty(part.Udh);
    }

    [Fact]
    public void Then_71_UCS_2_units_need_two_parts_of_67_and_4()
    {
        var text = new string('中', 71);
        var message = Split(text);
        Assert.Equal([67, 4], message.Parts.Select(p => p.Units));
        Assert.Equal(134, message.Parts[0].EncodedPayload.Length);
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void An_emoji_at_unit_67_moves_to_the_next_part_instead_of_being_split()
    {
        var text = new string('ł', 66) + "😀" + new string('ł', 10); // the pair would occupy units 67 and 68
        var message = Split(text);
        Assert.Equal(78, message.Units);
        Assert.Equal([66, 12], message.Parts.Select(p => p.Units));
        Assert.False(char.IsHighSurrogate(message.Parts[0].Text[^1]));
        Assert.StartsWith("😀", message.Parts[1].Text);
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void An_emoji_ending_exactly_at_unit_67_stays_in_the_first_part()
    {
        var text = new string('ł', 65) + "😀" + new string('ł', 10);
        var message = Split(text);
        Assert.Equal([67, 10], message.Parts.Select(p => p.Units));
        Assert.EndsWith("😀", message.Parts[0].Text);
    }

    [Fact]
    public void Emoji_count_two_units_each()
    {
        var message = Split(string.Concat(Enumerable.Repeat("😀", 35)));
        Assert.Equal(SmsAlphabet.Ucs2, message.Alphabet);
        Assert.Equal(70, Assert.Single(message.Parts).Units);
        Assert.Equal(2, Split(string.Concat(Enumerable.Repeat("😀", 36))).Parts.Count);
    }

    [Fact]
    public void A_text_of_only_emoji_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("👍", 100)); // 200 units
        var message = Split(text);
        Assert.Equal([66, 66, 66, 2], message.Parts.Select(p => p.Units));
        Assert.All(message.Parts, p => Assert.True(char.IsHighSurrogate(p.Text[0]) && char.IsLowSurrogate(p.Text[^1])));
        AssertPartsRebuildText(message, text);
    }

    [Fact]
    public void A_lone_surrogate_counts_as_one_unit()
    {
        var text = new string('x', 70) + "\uD83D";
        var message = Split(text);
        Assert.Equal(SmsAlphabet.Ucs2, message.Alphabet);
        Assert.Equal([67, 4], message.Parts.Select(p => p.Units));
    }

    [Fact]
    public void Too_many_parts_is_an_error_that_says_how_many_are_needed_and_allowed()
    {
        var result = SmsSegmenter.Split(new string('g', 459), new SmsSegmenterOptions { MaxParts = 3 });
        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.Value.Parts.Count);

        result = SmsSegmenter.Split(new string('g', 460), new SmsSegmenterOptions { MaxParts = 3 });
        Assert.False(result.IsSuccess);
        Assert.Equal(SmsErrorCode.TooManyParts, result.Error!.Code);
        Assert.Equal("payload", result.Error.Field);
        Assert.Equal("payload is 460 GSM 7-bit septets and needs 4 parts of at most 153; the maximum is 3 parts.", result.Error.Message);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void Too_many_UCS_2_parts_names_UCS_2_units()
    {
        var result = SmsSegmenter.Split(new string('ł', 135), new SmsSegmenterOptions { MaxParts = 2 });
        Assert.Equal("payload is 135 UCS-2 units and needs 3 parts of at most 67; the maximum is 2 parts.", result.Error!.Message);
    }

    [Fact]
    public void With_max_parts_one_a_long_text_is_rejected_with_the_single_SMS_limit()
    {
        var result = SmsSegmenter.Split(new string('h', 161), new SmsSegmenterOptions { MaxParts = 1 });
        Assert.Equal("payload is 161 GSM 7-bit septets; a single SMS holds at most 160 and the maximum is 1 part.", result.Error!.Message);
        Assert.True(SmsSegmenter.Split(new string('h', 160), new SmsSegmenterOptions { MaxParts = 1 }).IsSuccess);
    }

    [Fact]
    public void The_default_limit_is_the_protocol_maximum_of_255_parts()
    {
        Assert.Equal(255, SmsSegmenter.Split(new string('i', 255 * 153)).Value.Parts.Count);
        var result = SmsSegmenter.Split(new string('i', 255 * 153 + 1));
        Assert.Equal("payload is 39016 GSM 7-bit septets and needs 256 parts of at most 153; the maximum is 255 parts.", result.Error!.Message);
    }

    [Fact]
    public void The_empty_text_is_one_empty_7_bit_part()
    {
        var message = Split("");
        var part = Assert.Single(message.Parts);
        Assert.Equal(SmsAlphabet.Gsm7, message.Alphabet);
        Assert.Equal((1, 1, 0, ""), (part.Number, part.Total, part.Units, part.Text));
        Assert.Empty(part.EncodedPayload);
        Assert.Empty(part.Udh);
    }

    [Fact]
    public void A_16_bit_reference_writes_IE_08_and_leaves_152_septets_per_part()
    {
        var text = new string('j', 161);
        var message = Split(text, new SmsSegmenterOptions { Reference = 0x1234, ReferenceSize = ConcatenationReferenceSize.SixteenBit });
        Assert.Equal([152, 9], message.Parts.Select(p => p.Units));
        Assert.Equal(["06080412340201", "06080412340202"], message.Parts.Select(p => p.UdhHex));
        Assert.Equal(new ConcatenationInfo(0x1234, 2, 2, true), message.Parts[1].Concatenation);
        Assert.Equal([66, 5], Split(new string('ł', 71), new SmsSegmenterOptions { ReferenceSize = ConcatenationReferenceSize.SixteenBit }).Parts.Select(p => p.Units));
    }

    [Fact]
    public void Options_out_of_range_are_programming_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SmsSegmenter.Split("x", new SmsSegmenterOptions { MaxParts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmsSegmenter.Split("x", new SmsSegmenterOptions { MaxParts = 256 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmsSegmenter.Split("x", new SmsSegmenterOptions { Reference = 256 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmsSegmenter.Split("x", new SmsSegmenterOptions { Reference = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmsSegmenter.Split("x",
            new SmsSegmenterOptions { Reference = 65536, ReferenceSize = ConcatenationReferenceSize.SixteenBit }));
        Assert.Throws<ArgumentException>(() => SmsSegmenter.Split("x", new SmsSegmenterOptions { Alphabet = SmsAlphabet.EightBit }));
        Assert.Throws<ArgumentException>(() => SmsSegmenter.SplitBinary([1], new SmsSegmenterOptions { Alphabet = SmsAlphabet.Ucs2 }));
    }

    [Fact]
    public void Forcing_UCS_2_sends_a_GSM_text_as_UCS_2()
    {
        var message = Split(new string('k', 71), new SmsSegmenterOptions { Alphabet = SmsAlphabet.Ucs2 });
        Assert.Equal((SmsAlphabet.Ucs2, 8), (message.Alphabet, (int)message.Dcs.Value));
        Assert.Equal([67, 4], message.Parts.Select(p => p.Units));
    }

    [Fact]
    public void Forcing_GSM_7_bit_on_a_text_with_other_characters_is_an_error_naming_the_character()
    {
        var result = SmsSegmenter.Split("Ciao 😀!", new SmsSegmenterOptions { Alphabet = SmsAlphabet.Gsm7 });
        Assert.Equal(SmsErrorCode.NotGsmEncodable, result.Error!.Code);
        Assert.Equal("payload character '😀' (U+1F600) at index 5 is not in the forced GSM 7-bit alphabet; send it as UCS-2 (dcs 8) instead.",
            result.Error.Message);
    }

    [Fact]
    public void Binary_data_of_140_octets_is_one_part_and_141_octets_are_134_plus_7()
    {
        var single = SmsSegmenter.SplitBinary(new byte[140]).Value;
        Assert.Equal((SmsAlphabet.EightBit, 4, 140), (single.Alphabet, (int)single.Dcs.Value, Assert.Single(single.Parts).Units));

        var data = Enumerable.Range(0, 141).Select(i => (byte)i).ToArray();
        var message = SmsSegmenter.SplitBinary(data, new SmsSegmenterOptions { Reference = 7 }).Value;
        Assert.Equal([134, 7], message.Parts.Select(p => p.Units));
        Assert.Equal("0500030702", message.Parts[1].UdhHex[..10]);
        Assert.Equal(data, message.Parts.SelectMany(p => p.EncodedPayload));
        Assert.Equal(Convert.ToHexString(data), string.Concat(message.Parts.Select(p => p.Text)));
    }

    [Fact]
    public void Binary_data_respects_the_max_parts_limit()
    {
        var result = SmsSegmenter.SplitBinary(new byte[269], new SmsSegmenterOptions { MaxParts = 2 });
        Assert.Equal("payload is 269 octets and needs 3 parts of at most 134; the maximum is 2 parts.", result.Error!.Message);
    }

    [Fact]
    public void Long_mixed_texts_round_trip_through_their_parts_in_both_alphabets()
    {
        var gsm = string.Concat(Enumerable.Repeat("Grüße aus Köln: 5€ für [alles] {ok} ~ΔΩ^ ", 20));
        var ucs2 = string.Concat(Enumerable.Repeat("Zażółć gęślą jaźń 😀👍🏽 中文 € ", 20));
        foreach (var text in new[] { gsm, ucs2 })
        {
            var message = Split(text, new SmsSegmenterOptions { Reference = 42 });
            Assert.True(message.Parts.Count > 2);
            Assert.All(message.Parts.SkipLast(1), p =>
                Assert.True(p.Units >= SmsEncoding.Capacity(message.Alphabet, 6) - 1));
            AssertPartsRebuildText(message, text);
        }
    }
}
