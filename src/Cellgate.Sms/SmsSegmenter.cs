namespace Cellgate.Sms;

/// <summary>The size of the concatenation reference the segmenter writes.</summary>
public enum ConcatenationReferenceSize
{
    /// <summary>IEI 0x00, header <c>05 00 03 RR NN PP</c> (6 octets): 153 septets / 67 UCS-2 units / 134 octets per part.</summary>
    EightBit,

    /// <summary>IEI 0x08, header <c>06 08 04 RRRR NN PP</c> (7 octets): 152 septets / 66 UCS-2 units / 133 octets per part.</summary>
    SixteenBit,
}

/// <summary>How <see cref="SmsSegmenter"/> splits a message.</summary>
public sealed record SmsSegmenterOptions
{
    /// <summary>The protocol limit on the number of parts (the part counters are one octet).</summary>
    public const int ProtocolMaxParts = 255;

    /// <summary>Default options: up to 255 parts, 8-bit reference 0, alphabet chosen from the text.</summary>
    public static SmsSegmenterOptions Default { get; } = new();

    /// <summary>The most parts a message may be split into, 1..255 (1 = never concatenate). Default 255.</summary>
    public int MaxParts { get; init; } = ProtocolMaxParts;

    /// <summary>
    /// The concatenation reference written into every part's header: 0..255 for an 8-bit reference, 0..65535 for a
    /// 16-bit one. The caller chooses it (e.g. a per-destination counter) so that the handset can tell messages apart.
    /// </summary>
    public int Reference { get; init; }

    /// <summary>Whether to write an 8-bit (default) or a 16-bit concatenation reference.</summary>
    public ConcatenationReferenceSize ReferenceSize { get; init; } = ConcatenationReferenceSize.EightBit;

    /// <summary>
    /// Forces an alphabet instead of choosing it from the text. Forcing <see cref="SmsAlphabet.Gsm7"/> fails for a text
    /// with non-GSM characters; <see cref="SmsAlphabet.EightBit"/> is only valid for <see cref="SmsSegmenter.SplitBinary"/>.
    /// </summary>
    public SmsAlphabet? Alphabet { get; init; }

    internal int HeaderOctets => ReferenceSize == ConcatenationReferenceSize.EightBit ? 6 : 7;

    internal void Validate()
    {
        if (MaxParts is < 1 or > ProtocolMaxParts)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParts), MaxParts, $"Must be 1..{ProtocolMaxParts}.");
        }
        var maxReference = ReferenceSize == ConcatenationReferenceSize.EightBit ? byte.MaxValue : ushort.MaxValue;
        if (Reference < 0 || Reference > maxReference)
        {
            throw new ArgumentOutOfRangeException(nameof(Reference), Reference, $"Must be 0..{maxReference} for a {ReferenceSize} reference.");
        }
    }
}

/// <summary>One SMS of a (possibly concatenated) message.</summary>
/// <param name="Number">1-based part number.</param>
/// <param name="Total">Total number of parts of the message.</param>
/// <param name="Alphabet">The alphabet of <see cref="EncodedPayload"/>.</param>
/// <param name="Udh">The user data header octets (UDHL included); empty for a single SMS without a client header.</param>
/// <param name="Concatenation">The concatenation information of the header, or null.</param>
/// <param name="Text">
/// This part's slice of the input: text for GSM 7-bit and UCS-2, upper-case hex of the octets for 8-bit data.
/// The concatenation of all parts' texts is the whole message.
/// </param>
/// <param name="EncodedPayload">
/// The payload without header, as SMPP <c>short_message</c> carries it: unpacked septets (one per byte, escapes
/// included) for GSM 7-bit, big-endian units for UCS-2, the octets for 8-bit data.
/// </param>
/// <param name="Units">Septets, UCS-2 units or octets in this part.</param>
public sealed record SmsPart(
    int Number,
    int Total,
    SmsAlphabet Alphabet,
    byte[] Udh,
    ConcatenationInfo? Concatenation,
    string Text,
    byte[] EncodedPayload,
    int Units)
{
    /// <summary>The header as upper-case hex (the REST <c>udh</c> field), empty when there is none.</summary>
    public string UdhHex => SmsText.Hex(Udh);

    /// <summary>This part as TP-User-Data (header, fill bits, packed septets) with its TP-UDL.</summary>
    public TpUserData ToTpUserData() => TpUserData.Encode(Alphabet, Udh, EncodedPayload);
}

/// <summary>A message encoded and split into SMS parts.</summary>
/// <param name="Alphabet">The alphabet of every part.</param>
/// <param name="Dcs">The data coding scheme every part is sent with.</param>
/// <param name="Units">The message length in septets, UCS-2 units or octets.</param>
/// <param name="Parts">The parts in order; never empty.</param>
public sealed record SegmentedMessage(SmsAlphabet Alphabet, DataCodingScheme Dcs, int Units, IReadOnlyList<SmsPart> Parts)
{
    /// <summary>True when the message has a concatenation header (split by the segmenter, or a client header).</summary>
    public bool IsConcatenated => Parts.Count > 1 || Parts[0].Concatenation is not null;
}

/// <summary>
/// Splits a message into SMS parts: one part when it fits a single SMS (160 septets, 70 UCS-2 units, 140 octets),
/// otherwise concatenated parts of 153 septets / 67 units / 134 octets with an 8-bit reference header
/// (152 / 66 / 133 with a 16-bit reference). An extension character's escape sequence and a UTF-16 surrogate pair are
/// never split across parts; such a part is one unit shorter instead.
/// </summary>
public static class SmsSegmenter
{
    /// <summary>Splits a text, choosing GSM 7-bit or UCS-2 unless <see cref="SmsSegmenterOptions.Alphabet"/> forces one.</summary>
    /// <param name="text">The text; the empty text yields one empty part.</param>
    /// <param name="options">Limits and header choices; <see cref="SmsSegmenterOptions.Default"/> when null.</param>
    /// <returns>The parts, or <see cref="SmsErrorCode.NotGsmEncodable"/> / <see cref="SmsErrorCode.TooManyParts"/>.</returns>
    /// <exception cref="ArgumentException">The options are out of range, or force 8-bit data for a text.</exception>
    public static SmsResult<SegmentedMessage> Split(string text, SmsSegmenterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= SmsSegmenterOptions.Default;
        options.Validate();
        if (options.Alphabet == SmsAlphabet.EightBit)
        {
            throw new ArgumentException("8-bit data is split with SplitBinary, not Split.", nameof(options));
        }

        var analysis = SmsEncoding.Analyze(text);
        var alphabet = options.Alphabet ?? analysis.Alphabet;
        if (alphabet == SmsAlphabet.Gsm7 && analysis.Alphabet != SmsAlphabet.Gsm7)
        {
            return NotGsm(text, analysis.FirstNonGsmIndex, "the forced GSM 7-bit alphabet");
        }
        var units = alphabet == SmsAlphabet.Gsm7 ? analysis.Units : text.Length;
        return SplitText(text, alphabet, units, DataCodingScheme.For(alphabet), options);
    }

    /// <summary>Splits 8-bit data (dcs 4).</summary>
    /// <param name="data">The octets; empty data yields one empty part.</param>
    /// <param name="options">Limits and header choices; the alphabet, if set, must be 8-bit.</param>
    /// <returns>The parts, or <see cref="SmsErrorCode.TooManyParts"/>.</returns>
    public static SmsResult<SegmentedMessage> SplitBinary(ReadOnlySpan<byte> data, SmsSegmenterOptions? options = null) =>
        SplitData(data, DataCodingScheme.EightBit, options);

    internal static SmsResult<SegmentedMessage> SplitData(ReadOnlySpan<byte> data, DataCodingScheme dcs, SmsSegmenterOptions? options)
    {
        options ??= SmsSegmenterOptions.Default;
        options.Validate();
        if (options.Alphabet is { } forced && forced != SmsAlphabet.EightBit)
        {
            throw new ArgumentException("SplitBinary only produces 8-bit data.", nameof(options));
        }

        const SmsAlphabet alphabet = SmsAlphabet.EightBit;
        if (data.Length <= SmsEncoding.Capacity(alphabet))
        {
            var single = new SmsPart(1, 1, alphabet, [], null, SmsText.Hex(data), data.ToArray(), data.Length);
            return new SegmentedMessage(alphabet, dcs, data.Length, [single]);
        }

        var per = SmsEncoding.Capacity(alphabet, options.HeaderOctets);
        var total = (data.Length + per - 1) / per;
        if (total > options.MaxParts) return TooManyParts(alphabet, data.Length, total, per, options.MaxParts);

        var parts = new SmsPart[total];
        for (var i = 0; i < total; i++)
        {
            var slice = data.Slice(i * per, Math.Min(per, data.Length - i * per));
            var (udh, info) = ConcatenationHeader(options, total, i + 1);
            parts[i] = new SmsPart(i + 1, total, alphabet, udh, info, SmsText.Hex(slice), slice.ToArray(), slice.Length);
        }
        return new SegmentedMessage(alphabet, dcs, data.Length, parts);
    }

    internal static SmsResult<SegmentedMessage> SplitText(
        string text, SmsAlphabet alphabet, int units, DataCodingScheme dcs, SmsSegmenterOptions options)
    {
        if (units <= SmsEncoding.Capacity(alphabet))
        {
            var single = new SmsPart(1, 1, alphabet, [], null, text, Encode(alphabet, text, units), units);
            return new SegmentedMessage(alphabet, dcs, units, [single]);
        }

        var per = SmsEncoding.Capacity(alphabet, options.HeaderOctets);
        if (options.MaxParts == 1)
        {
            return new SmsError(SmsErrorCode.TooManyParts, "payload",
                $"payload is {SmsEncoding.UnitName(alphabet, units)}; a single SMS holds at most {SmsEncoding.Capacity(alphabet)} and the maximum is 1 part.");
        }

        // Part boundaries: (start index, char length, units). Atoms (an escape sequence, a surrogate pair) stay whole.
        var bounds = new List<(int Start, int Length, int Units)>();
        int start = 0, current = 0;
        for (var i = 0; i < text.Length;)
        {
            int atomChars = 1, atomUnits;
            if (alphabet == SmsAlphabet.Gsm7)
            {
                atomUnits = Gsm7.SeptetsFor(text[i]);
            }
            else
            {
                var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                atomChars = atomUnits = pair ? 2 : 1;
            }
            if (current + atomUnits > per)
            {
                bounds.Add((start, i - start, current));
                start = i;
                current = 0;
            }
            current += atomUnits;
            i += atomChars;
        }
        bounds.Add((start, text.Length - start, current));

        if (bounds.Count > options.MaxParts) return TooManyParts(alphabet, units, bounds.Count, per, options.MaxParts);

        var parts = new SmsPart[bounds.Count];
        for (var p = 0; p < parts.Length; p++)
        {
            var (s, length, partUnits) = bounds[p];
            var slice = text.Substring(s, length);
            var (udh, info) = ConcatenationHeader(options, parts.Length, p + 1);
            parts[p] = new SmsPart(p + 1, parts.Length, alphabet, udh, info, slice, Encode(alphabet, slice, partUnits), partUnits);
        }
        return new SegmentedMessage(alphabet, dcs, units, parts);
    }

    private static byte[] Encode(SmsAlphabet alphabet, string text, int units)
    {
        if (alphabet == SmsAlphabet.Ucs2) return Ucs2.Encode(text);
        var septets = new byte[units];
        Gsm7.EncodeUnchecked(text, septets);
        return septets;
    }

    private static (byte[] Udh, ConcatenationInfo Info) ConcatenationHeader(SmsSegmenterOptions options, int total, int number)
    {
        var udh = options.ReferenceSize == ConcatenationReferenceSize.EightBit
            ? Udh.Concatenated8Bit((byte)options.Reference, total, number)
            : Udh.Concatenated16Bit((ushort)options.Reference, total, number);
        return (udh.Bytes, udh.Concatenation!);
    }

    internal static SmsError NotGsm(string text, int index, string requiredBy) =>
        new(SmsErrorCode.NotGsmEncodable, "payload",
            $"payload character {SmsText.DescribeAt(text, index)} at index {index} is not in {requiredBy}; send it as UCS-2 (dcs 8) instead.");

    private static SmsError TooManyParts(SmsAlphabet alphabet, int units, int needed, int per, int max) =>
        new(SmsErrorCode.TooManyParts, "payload",
            $"payload is {SmsEncoding.UnitName(alphabet, units)} and needs {needed} parts of at most {per}; the maximum is {SmsText.Plural(max, "part", "parts")}.");
}
