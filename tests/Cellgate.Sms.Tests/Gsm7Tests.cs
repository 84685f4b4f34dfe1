namespace Cellgate.Sms.Tests;

public sealed class Gsm7Tests
{
    [Theory]
    [InlineData('@', 0x00)]
    [InlineData('£', 0x01)]
    [InlineData('$', 0x02)]
    [InlineData('¥', 0x03)]
    [InlineData('è', 0x04)]
    [InlineData('é', 0x05)]
    [InlineData('ù', 0x06)]
    [InlineData('ì', 0x07)]
    [InlineData('ò', 0x08)]
    [InlineData('Ç', 0x09)]
    [InlineData('\n', 0x0A)]
    [InlineData('Ø', 0x0B)]
    [InlineData('ø', 0x0C)]
    [InlineData('\r', 0x0D)]
    [InlineData('Å', 0x0E)]
    [InlineData('å', 0x0F)]
    [InlineData('Δ', 0x10)]
    [InlineData('_', 0x11)]
    [InlineData('Φ', 0x12)]
    [InlineData('Γ', 0x13)]
    [InlineData('Λ', 0x14)]
    [InlineData('Ω', 0x15)]
    [InlineData('Π', 0x16)]
    [InlineData('Ψ', 0x17)]
    [InlineData('Σ', 0x18)]
    [InlineData('Θ', 0x19)]
    [InlineData('Ξ', 0x1A)]
    [InlineData('Æ', 0x1C)]
    [InlineData('æ', 0x1D)]
    [InlineData('ß', 0x1E)]
    [InlineData('É', 0x1F)]
    [InlineData(' ', 0x20)]
    [InlineData('"', 0x22)]
    [InlineData('#', 0x23)]
    [InlineData('¤', 0x24)]
    [InlineData('%', 0x25)]
    [InlineData('0', 0x30)]
    [InlineData('?', 0x3F)]
    [InlineData('¡', 0x40)]
    [InlineData('A', 0x41)]
    [InlineData('Z', 0x5A)]
    [InlineData('Ä', 0x5B)]
    [InlineData('Ö', 0x5C)]
    [InlineData('Ñ', 0x5D)]
    [InlineData('Ü', 0x5E)]
    [InlineData('§', 0x5F)]
    [InlineData('¿', 0x60)]
    [InlineData('a', 0x61)]
    [InlineData('z', 0x7A)]
    [InlineData('ä', 0x7B)]
    [InlineData('ö', 0x7C)]
    [InlineData('ñ', 0x7D)]
    [InlineData('ü', 0x7E)]
    [InlineData('à', 0x7F)]
    public void Basic_table_characters_encode_to_their_GSM_03_38_septet(char c, int septet)
    {
        Assert.Equal(new[] { (byte)septet }, Gsm7.Encode(c.ToString()));
        Assert.Equal(1, Gsm7.SeptetsFor(c));
        Assert.Equal(c.ToString(), Gsm7.Decode([(byte)septet]));
    }

    [Theory]
    [InlineData('\f', 0x0A)]
    [InlineData('^', 0x14)]
    [InlineData('{', 0x28)]
    [InlineData('}', 0x29)]
    [InlineData('\\', 0x2F)]
    [InlineData('[', 0x3C)]
    [InlineData('~', 0x3D)]
    [InlineData(']', 0x3E)]
    [InlineData('|', 0x40)]
    [InlineData('€', 0x65)]
    public void Extension_characters_encode_as_escape_plus_code_and_count_two_septets(char c, int code)
    {
        Assert.Equal(new byte[] { 0x1B, (byte)code }, Gsm7.Encode(c.ToString()));
        Assert.Equal(2, Gsm7.SeptetsFor(c));
        Assert.Equal(c.ToString(), Gsm7.Decode([0x1B, (byte)code]));
    }

    [Fact]
    public void The_basic_table_has_127_characters_plus_the_escape_and_every_septet_round_trips()
    {
        Assert.Equal(127, Gsm7.BasicCharacters.Count);
        Assert.Equal(127, Gsm7.BasicCharacters.Distinct().Count());
        var text = new string(Gsm7.BasicCharacters.ToArray());
        var septets = Gsm7.Encode(text);
        Assert.Equal(Enumerable.Range(0, 128).Where(i => i != 0x1B).Select(i => (byte)i), septets);
        Assert.Equal(text, Gsm7.Decode(septets));
    }

    [Fact]
    public void The_extension_table_has_exactly_ten_characters()
    {
        Assert.Equal("\f^{}\\[~]|€", new string(Gsm7.ExtensionCharacters.ToArray()));
    }

    [Fact]
    public void Every_ASCII_printable_character_except_the_backtick_is_encodable()
    {
        for (var c = ' '; c <= '~'; c++)
        {
            Assert.Equal(c != '`', Gsm7.IsEncodable(c));
        }
    }

    [Theory]
    [InlineData('`')]
    [InlineData('ç')] // only capital Ç is in the table; no lossy mapping
    [InlineData('ł')]
    [InlineData('中')]
    [InlineData('Α')] // Greek capital alpha, not Latin A
    [InlineData('\u001B')] // the escape septet is not a character
    [InlineData('\t')]
    [InlineData('\u2126')] // Ohm sign, not Greek Omega
    public void Characters_outside_both_tables_are_not_encodable(char c)
    {
        Assert.False(Gsm7.IsEncodable(c));
        Assert.Equal(0, Gsm7.SeptetsFor(c));
        Assert.False(Gsm7.TryEncode("ab" + c, out var septets, out var index));
        Assert.Empty(septets);
        Assert.Equal(2, index);
    }

    [Fact]
    public void Encode_names_the_offending_character_and_its_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gsm7.Encode("Zażółć"));
        Assert.StartsWith("Character 'ż' (U+017C) at index 2 is not in the GSM 7-bit alphabet.", ex.Message);
    }

    [Fact]
    public void Escape_followed_by_an_unknown_code_decodes_as_the_basic_table_character()
    {
        Assert.Equal("A", Gsm7.Decode([0x1B, 0x41]));
        Assert.Equal("@", Gsm7.Decode([0x1B, 0x00]));
    }

    [Fact]
    public void Escape_escape_and_a_dangling_escape_decode_as_a_space()
    {
        Assert.Equal("a b", Gsm7.Decode([0x61, 0x1B, 0x1B, 0x62]));
        Assert.Equal("a ", Gsm7.Decode([0x61, 0x1B]));
    }

    [Fact]
    public void Decoding_a_byte_above_0x7F_fails_with_its_index()
    {
        Assert.False(Gsm7.TryDecode([0x41, 0x80], out _, out var index));
        Assert.Equal(1, index);
        var ex = Assert.Throws<ArgumentException>(() => Gsm7.Decode([0x41, 0x1B, 0xFF]));
        Assert.StartsWith("Byte 0xFF at index 2 is not a septet", ex.Message);
    }

    [Fact]
    public void Mixed_text_round_trips_through_unpacked_septets()
    {
        const string text = "Price: 5€ [ok] {x} ~y^ a|b \\ Δ\fΩ @£$¥ ¿¡ §";
        Assert.Equal(text, Gsm7.Decode(Gsm7.Encode(text)));
    }

    [Fact]
    public void Hellohello_packs_to_the_well_known_octets()
    {
        var packed = Gsm7.Pack(Gsm7.Encode("hellohello"));
        Assert.Equal("E8329BFD4697D9EC37", Convert.ToHexString(packed));
        Assert.Equal("hellohello", Gsm7.Decode(Gsm7.Unpack(packed, 10)));
    }

    [Fact]
    public void Eight_septets_pack_into_exactly_seven_octets()
    {
        Assert.Equal(7, Gsm7.Pack(Gsm7.Encode("12345678")).Length);
        Assert.Equal(7, Gsm7.PackedLength(8));
        Assert.Equal(8, Gsm7.PackedLength(9));
        Assert.Equal(140, Gsm7.PackedLength(160));
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 5)]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(5, 2)]
    [InlineData(6, 1)]
    [InlineData(7, 0)]
    [InlineData(12, 2)]
    public void Fill_bits_align_the_text_after_a_header_to_a_septet_boundary(int udhOctets, int fillBits)
    {
        Assert.Equal(fillBits, Gsm7.FillBitsAfterHeader(udhOctets));
        Assert.Equal(0, (udhOctets * 8 + fillBits) % 7);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Packing_matches_a_bit_by_bit_reference_and_round_trips_for_every_fill_bit_count(int fillBits)
    {
        for (var length = 0; length <= 20; length++)
        {
            var septets = Enumerable.Range(0, length).Select(i => (byte)((i * 37 + 11) & 0x7F)).ToArray();
            var packed = Gsm7.Pack(septets, fillBits);
            Assert.Equal(ReferencePack(septets, fillBits), packed);
            Assert.Equal(septets, Gsm7.Unpack(packed, length, fillBits));
        }
    }

    [Fact]
    public void Fill_bits_are_zero_and_shift_the_first_septet()
    {
        // 'A' = 0x41 after one fill bit: 0x41 << 1 = 0x82.
        Assert.Equal(new byte[] { 0x82 }, Gsm7.Pack([0x41], 1));
        Assert.Equal(new byte[] { 0x41 }, Gsm7.Unpack([0x82], 1, 1));
    }

    [Fact]
    public void Unpacking_from_too_few_octets_is_an_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gsm7.Unpack([0x00, 0x00], 3));
        Assert.StartsWith("3 septets after 0 fill bits need 3 octets; only 2 given.", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gsm7.Pack([0x00], 7));
        Assert.Throws<ArgumentException>(() => Gsm7.Pack([0x80]));
    }

    private static byte[] ReferencePack(byte[] septets, int fillBits)
    {
        var bits = new List<bool>();
        for (var i = 0; i < fillBits; i++) bits.Add(false);
        foreach (var s in septets)
        {
            for (var b = 0; b < 7; b++) bits.Add(((s >> b) & 1) == 1);
        }
        var octets = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i]) octets[i / 8] |= (byte)(1 << (i % 8));
        }
        return octets;
    }
}
