namespace Cellgate.Sms;

/// <summary>The coding group of a data coding scheme: its high nibble (3GPP TS 23.038 §4).</summary>
public enum DcsCodingGroup
{
    /// <summary>00xx: general data coding (bit 5 compressed, bit 4 class present, bits 3..2 alphabet, bits 1..0 class).</summary>
    GeneralDataCoding,

    /// <summary>01xx: as general data coding, and the message is marked for automatic deletion after reading.</summary>
    AutomaticDeletion,

    /// <summary>1000..1011: reserved coding groups.</summary>
    Reserved,

    /// <summary>1100: message waiting indication, discard message; GSM 7-bit text.</summary>
    MessageWaitingDiscard,

    /// <summary>1101: message waiting indication, store message; GSM 7-bit text.</summary>
    MessageWaitingStoreGsm7,

    /// <summary>1110: message waiting indication, store message; UCS-2 text.</summary>
    MessageWaitingStoreUcs2,

    /// <summary>1111: data coding / message class (bit 2 alphabet 7-bit or 8-bit, bits 1..0 class).</summary>
    DataCodingMessageClass,
}

/// <summary>The kind of message waiting indicated by a message waiting coding group (bits 1..0).</summary>
public enum MessageWaitingType
{
    /// <summary>Voicemail message waiting.</summary>
    Voicemail = 0,

    /// <summary>Fax message waiting.</summary>
    Fax = 1,

    /// <summary>Electronic mail message waiting.</summary>
    Email = 2,

    /// <summary>Other message waiting.</summary>
    Other = 3,
}

/// <summary>
/// A TP-Data-Coding-Scheme octet (3GPP TS 23.038 §4, formerly GSM 03.38), classified into alphabet, compression,
/// message class and message-waiting bits. <c>0</c> is GSM 7-bit, <c>4</c> 8-bit data, <c>8</c> UCS-2.
/// </summary>
/// <param name="Value">The raw octet.</param>
public readonly record struct DataCodingScheme(byte Value)
{
    /// <summary>0x00: GSM 7-bit default alphabet, no class.</summary>
    public static DataCodingScheme Gsm7 => new(0x00);

    /// <summary>0x04: 8-bit data, no class.</summary>
    public static DataCodingScheme EightBit => new(0x04);

    /// <summary>0x08: UCS-2, no class.</summary>
    public static DataCodingScheme Ucs2 => new(0x08);

    /// <summary>The default scheme for an alphabet: 0, 4 or 8.</summary>
    public static DataCodingScheme For(SmsAlphabet alphabet) => alphabet switch
    {
        SmsAlphabet.Gsm7 => Gsm7,
        SmsAlphabet.EightBit => EightBit,
        SmsAlphabet.Ucs2 => Ucs2,
        _ => throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, null),
    };

    /// <summary>The coding group (high nibble).</summary>
    public DcsCodingGroup Group => (Value >> 4) switch
    {
        0b0000 or 0b0001 or 0b0010 or 0b0011 => DcsCodingGroup.GeneralDataCoding,
        0b0100 or 0b0101 or 0b0110 or 0b0111 => DcsCodingGroup.AutomaticDeletion,
        0b1100 => DcsCodingGroup.MessageWaitingDiscard,
        0b1101 => DcsCodingGroup.MessageWaitingStoreGsm7,
        0b1110 => DcsCodingGroup.MessageWaitingStoreUcs2,
        0b1111 => DcsCodingGroup.DataCodingMessageClass,
        _ => DcsCodingGroup.Reserved,
    };

    private bool IsGeneral => Group is DcsCodingGroup.GeneralDataCoding or DcsCodingGroup.AutomaticDeletion;

    /// <summary>
    /// True when the octet uses a reserved coding group or the reserved alphabet value 11 of the general group
    /// (TS 23.038 says a receiver shall then assume the GSM 7-bit default alphabet, which <see cref="Alphabet"/> does).
    /// </summary>
    public bool IsReserved => Group == DcsCodingGroup.Reserved || (IsGeneral && ((Value >> 2) & 0b11) == 0b11);

    /// <summary>The alphabet the octet selects (GSM 7-bit for reserved values, as TS 23.038 prescribes).</summary>
    public SmsAlphabet Alphabet => Group switch
    {
        DcsCodingGroup.GeneralDataCoding or DcsCodingGroup.AutomaticDeletion => ((Value >> 2) & 0b11) switch
        {
            0b01 => SmsAlphabet.EightBit,
            0b10 => SmsAlphabet.Ucs2,
            _ => SmsAlphabet.Gsm7,
        },
        DcsCodingGroup.MessageWaitingStoreUcs2 => SmsAlphabet.Ucs2,
        DcsCodingGroup.DataCodingMessageClass => (Value & 0b100) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7,
        _ => SmsAlphabet.Gsm7,
    };

    /// <summary>True when the general-group compression bit (bit 5) is set.</summary>
    public bool IsCompressed => IsGeneral && (Value & 0x20) != 0;

    /// <summary>True when the message is marked for automatic deletion (group 01xx).</summary>
    public bool IsAutomaticDeletion => Group == DcsCodingGroup.AutomaticDeletion;

    /// <summary>The message class 0..3 (0 = flash), or null when the octet carries none.</summary>
    public int? MessageClass => Group switch
    {
        DcsCodingGroup.GeneralDataCoding or DcsCodingGroup.AutomaticDeletion when (Value & 0x10) != 0 => Value & 0b11,
        DcsCodingGroup.DataCodingMessageClass => Value & 0b11,
        _ => null,
    };

    /// <summary>For message waiting groups: the indication type; otherwise null.</summary>
    public MessageWaitingType? MessageWaiting => IsMessageWaitingGroup ? (MessageWaitingType)(Value & 0b11) : null;

    /// <summary>For message waiting groups: true when the indication is set active (bit 3); otherwise null.</summary>
    public bool? MessageWaitingActive => IsMessageWaitingGroup ? (Value & 0b1000) != 0 : null;

    private bool IsMessageWaitingGroup => Group is DcsCodingGroup.MessageWaitingDiscard
        or DcsCodingGroup.MessageWaitingStoreGsm7 or DcsCodingGroup.MessageWaitingStoreUcs2;

    /// <summary>
    /// Validates a client-supplied data coding scheme: it must be 0..255, not reserved, and not compressed
    /// (Cellgate does not implement TS 23.042 compression).
    /// </summary>
    /// <param name="value">The client's value.</param>
    /// <param name="dcs">The classified octet on success.</param>
    /// <param name="error">A precise message on failure.</param>
    public static bool TryValidate(int value, out DataCodingScheme dcs, out string? error)
    {
        dcs = default;
        if (value is < 0 or > 255)
        {
            error = $"dcs must be 0..255 (a TS 23.038 data coding scheme octet); got {value}.";
            return false;
        }
        var candidate = new DataCodingScheme((byte)value);
        if (candidate.Group == DcsCodingGroup.Reserved)
        {
            error = $"dcs {value} (0x{value:X2}) uses a reserved coding group; use 0 (GSM 7-bit), 4 (8-bit data) or 8 (UCS-2).";
            return false;
        }
        if (candidate.IsReserved)
        {
            error = $"dcs {value} (0x{value:X2}) selects the reserved alphabet; use 0 (GSM 7-bit), 4 (8-bit data) or 8 (UCS-2).";
            return false;
        }
        if (candidate.IsCompressed)
        {
            error = $"dcs {value} (0x{value:X2}) marks the text as compressed, which is not supported.";
            return false;
        }
        dcs = candidate;
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Value} (0x{Value:X2}, {Alphabet})";
}
