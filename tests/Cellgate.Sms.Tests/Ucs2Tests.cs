namespace Cellgate.Sms.Tests;

public sealed class Ucs2Tests
{
    [Fact]
    public void Ucs2_encodes_big_endian_units()
    {
        Assert.Equal("00480069", Convert.ToHexString(Ucs2.Encode("Hi")));
        Assert.Equal("0142", Convert.ToHexString(Ucs2.Encode("ł")));
        Assert.Equal("4E2D", Convert.ToHexString(Ucs2.Encode("中")));
    }

    [Fact]
    public void Emoji_are_encoded_as_a_surrogate_pair_of_two_units()
    {
        Assert.Equal("D83DDE00", Convert.ToHexString(Ucs2.Encode("😀")));
    }

    [Fact]
    public void Ucs2_round_trips_including_surrogate_pairs_and_a_lone_surrogate()
    {
        const string text = "Zażółć gęślą jaźń 中文 😀👍🏽 €";
        Assert.Equal(text, Ucs2.Decode(Ucs2.Encode(text)));
        const string lone = "a\uD800b";
        Assert.Equal(lone, Ucs2.Decode(Ucs2.Encode(lone)));
    }

    [Fact]
    public void Decoding_an_odd_number_of_octets_fails()
    {
        Assert.False(Ucs2.TryDecode([0x00, 0x41, 0x00], out _));
        var ex = Assert.Throws<ArgumentException>(() => Ucs2.Decode([0x00]));
        Assert.StartsWith("UCS-2 data must have an even number of octets; got 1.", ex.Message);
    }

    [Fact]
    public void Encoding_into_a_too_small_buffer_fails()
    {
        Assert.Throws<ArgumentException>(() => Ucs2.Encode("ab", new byte[3]));
        var buffer = new byte[4];
        Assert.Equal(4, Ucs2.Encode("ab", buffer));
    }
}
