namespace Cellgate.Sms.Tests;

public sealed class DataCodingSchemeTests
{
    [Theory]
    [InlineData(0x00, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.Gsm7, null)]
    [InlineData(0x04, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.EightBit, null)]
    [InlineData(0x08, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.Ucs2, null)]
    [InlineData(0x01, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.Gsm7, null)] // class bits without bit 4 mean nothing
    [InlineData(0x10, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.Gsm7, 0)]
    [InlineData(0x11, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.Gsm7, 1)]
    [InlineData(0x16, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.EightBit, 2)]
    [InlineData(0x1B, DcsCodingGroup.GeneralDataCoding, SmsAlphabet.Ucs2, 3)]
    [InlineData(0x40, DcsCodingGroup.AutomaticDeletion, SmsAlphabet.Gsm7, null)]
    [InlineData(0x48, DcsCodingGroup.AutomaticDeletion, SmsAlphabet.Ucs2, null)]
    [InlineData(0x54, DcsCodingGroup.AutomaticDeletion, SmsAlphabet.EightBit, 0)]
    [InlineData(0xC0, DcsCodingGroup.MessageWaitingDiscard, SmsAlphabet.Gsm7, null)]
    [InlineData(0xD8, DcsCodingGroup.MessageWaitingStoreGsm7, SmsAlphabet.Gsm7, null)]
    [InlineData(0xE9, DcsCodingGroup.MessageWaitingStoreUcs2, SmsAlphabet.Ucs2, null)]
    [InlineData(0xF0, DcsCodingGroup.DataCodingMessageClass, SmsAlphabet.Gsm7, 0)]
    [InlineData(0xF1, DcsCodingGroup.DataCodingMessageClass, SmsAlphabet.Gsm7, 1)]
    [InlineData(0xF4, DcsCodingGroup.DataCodingMessageClass, SmsAlphabet.EightBit, 0)]
    [InlineData(0xF6, DcsCodingGroup.DataCodingMessageClass, SmsAlphabet.EightBit, 2)]
    [InlineData(0x80, DcsCodingGroup.Reserved, SmsAlphabet.Gsm7, null)]
    [InlineData(0xBF, DcsCodingGroup.Reserved, SmsAlphabet.Gsm7, null)]
    public void Coding_groups_classify_alphabet_and_message_class(int value, DcsCodingGroup group, SmsAlphabet alphabet, int? messageClass)
    {
        var dcs = new DataCodingScheme((byte)value);
        Assert.Equal(group, dcs.Group);
        Assert.Equal(alphabet, dcs.Alphabet);
        Assert.Equal(messageClass, dcs.MessageClass);
    }

    [Fact]
    public void Automatic_deletion_compression_and_reserved_bits_are_reported()
    {
        Assert.True(new DataCodingScheme(0x40).IsAutomaticDeletion);
        Assert.False(new DataCodingScheme(0x00).IsAutomaticDeletion);
        Assert.True(new DataCodingScheme(0x20).IsCompressed);
        Assert.True(new DataCodingScheme(0x60).IsCompressed);
        Assert.False(new DataCodingScheme(0xF0).IsCompressed);
        Assert.True(new DataCodingScheme(0x0C).IsReserved); // general group, alphabet 11
        Assert.True(new DataCodingScheme(0x90).IsReserved);
        Assert.False(new DataCodingScheme(0xF0).IsReserved);
    }

    [Fact]
    public void Message_waiting_groups_report_type_and_sense()
    {
        var store = new DataCodingScheme(0xD9);
        Assert.Equal(MessageWaitingType.Fax, store.MessageWaiting);
        Assert.True(store.MessageWaitingActive);
        var discard = new DataCodingScheme(0xC2);
        Assert.Equal(MessageWaitingType.Email, discard.MessageWaiting);
        Assert.False(discard.MessageWaitingActive);
        Assert.Null(new DataCodingScheme(0x00).MessageWaiting);
        Assert.Null(new DataCodingScheme(0x00).MessageWaitingActive);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(0x10)]
    [InlineData(0xF0)]
    [InlineData(0xF4)]
    [InlineData(0xC0)]
    public void Usable_client_values_validate(int value)
    {
        Assert.True(DataCodingScheme.TryValidate(value, out var dcs, out var error));
        Assert.Null(error);
        Assert.Equal(value, dcs.Value);
    }

    [Theory]
    [InlineData(-1, "dcs must be 0..255 (a TS 23.038 data coding scheme octet); got -1.")]
    [InlineData(256, "dcs must be 0..255 (a TS 23.038 data coding scheme octet); got 256.")]
    [InlineData(0x80, "dcs 128 (0x80) uses a reserved coding group; use 0 (GSM 7-bit), 4 (8-bit data) or 8 (UCS-2).")]
    [InlineData(12, "dcs 12 (0x0C) selects the reserved alphabet; use 0 (GSM 7-bit), 4 (8-bit data) or 8 (UCS-2).")]
    [InlineData(0x20, "dcs 32 (0x20) marks the text as compressed, which is not supported.")]
    public void Unusable_client_values_are_rejected_with_a_reason(int value, string message)
    {
        Assert.False(DataCodingScheme.TryValidate(value, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Each_alphabet_has_a_default_scheme()
    {
        Assert.Equal(0, DataCodingScheme.For(SmsAlphabet.Gsm7).Value);
        Assert.Equal(4, DataCodingScheme.For(SmsAlphabet.EightBit).Value);
        Assert.Equal(8, DataCodingScheme.For(SmsAlphabet.Ucs2).Value);
    }
}
