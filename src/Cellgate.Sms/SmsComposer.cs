namespace Cellgate.Sms;

/// <summary>
/// Turns the fields of an MT SMS request (<c>payload</c>, optional <c>udh</c> hex and <c>dcs</c>) into SMS parts,
/// validating everything and returning a precise, field-tagged error instead of truncating.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>No <c>dcs</c>: GSM 7-bit when every character is in the GSM tables, otherwise UCS-2 (dcs 8).</item>
/// <item><c>dcs</c> given: validated (<see cref="DataCodingScheme.TryValidate"/>) and used as is on every part; its
/// alphabet is honoured (a non-GSM character with a 7-bit dcs is an error, a GSM text with dcs 8 is sent as UCS-2).</item>
/// <item>8-bit <c>dcs</c> (e.g. 4, or 0xF4): the payload is the data as hex, two digits per octet.</item>
/// <item><c>udh</c> given (non-empty): the client does its own concatenation ("one API call per part"), so the
/// payload is never split; it must fit in one SMS next to the header, e.g. 153 septets next to a 6-octet header.</item>
/// <item>Otherwise a payload that does not fit one SMS is split per <see cref="SmsSegmenterOptions"/>.</item>
/// </list>
/// </remarks>
public static class SmsComposer
{
    /// <summary>Validates and encodes an MT SMS request.</summary>
    /// <param name="payload">The <c>payload</c> field; text, or hex for an 8-bit dcs. The empty payload gives one empty part.</param>
    /// <param name="udh">The <c>udh</c> field as hex; null or empty means none.</param>
    /// <param name="dcs">The <c>dcs</c> field; null means choose from the text.</param>
    /// <param name="options">Split limits and reference; its alphabet is used only when <paramref name="dcs"/> is null.</param>
    public static SmsResult<SegmentedMessage> Compose(string payload, string? udh = null, int? dcs = null, SmsSegmenterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        options ??= SmsSegmenterOptions.Default;
        options.Validate();

        DataCodingScheme? scheme = null;
        if (dcs is { } dcsValue)
        {
            if (!DataCodingScheme.TryValidate(dcsValue, out var validated, out var dcsError))
            {
                return new SmsError(SmsErrorCode.InvalidDcs, "dcs", dcsError!);
            }
            scheme = validated;
        }

        Udh? header = null;
        if (!string.IsNullOrEmpty(udh))
        {
            if (!SmsText.TryParseHex(udh, "udh", out var udhBytes, out var hexError))
            {
                return new SmsError(SmsErrorCode.InvalidHex, "udh", hexError!);
            }
            if (!Udh.TryParse(udhBytes, out header, out var udhError))
            {
                return new SmsError(SmsErrorCode.InvalidUdh, "udh", udhError!);
            }
        }

        var alphabet = scheme?.Alphabet ?? options.Alphabet;

        if (alphabet == SmsAlphabet.EightBit)
        {
            if (!SmsText.TryParseHex(payload, "payload (8-bit data, given as hex)", out var data, out var hexError))
            {
                return new SmsError(SmsErrorCode.InvalidHex, "payload", hexError!);
            }
            var dataDcs = scheme ?? DataCodingScheme.EightBit;
            return header is null
                ? SmsSegmenter.SplitData(data, dataDcs, options with { Alphabet = null })
                : WithClientHeader(header, SmsAlphabet.EightBit, dataDcs, SmsText.Hex(data), data, data.Length);
        }

        var analysis = SmsEncoding.Analyze(payload);
        var textAlphabet = alphabet ?? analysis.Alphabet;
        if (textAlphabet == SmsAlphabet.Gsm7 && analysis.Alphabet != SmsAlphabet.Gsm7)
        {
            var requiredBy = scheme is { } s ? $"the GSM 7-bit alphabet that dcs {s.Value} selects" : "the forced GSM 7-bit alphabet";
            return SmsSegmenter.NotGsm(payload, analysis.FirstNonGsmIndex, requiredBy);
        }
        var units = textAlphabet == SmsAlphabet.Gsm7 ? analysis.Units : payload.Length;
        var textDcs = scheme ?? DataCodingScheme.For(textAlphabet);

        if (header is null) return SmsSegmenter.SplitText(payload, textAlphabet, units, textDcs, options);

        var encoded = textAlphabet == SmsAlphabet.Gsm7 ? Gsm7.Encode(payload) : Ucs2.Encode(payload);
        return WithClientHeader(header, textAlphabet, textDcs, payload, encoded, units);
    }

    private static SmsResult<SegmentedMessage> WithClientHeader(
        Udh header, SmsAlphabet alphabet, DataCodingScheme dcs, string text, byte[] encoded, int units)
    {
        var capacity = SmsEncoding.Capacity(alphabet, header.Length);
        if (units > capacity)
        {
            return new SmsError(SmsErrorCode.PayloadTooLong, "payload",
                $"payload is {SmsEncoding.UnitName(alphabet, units)}; next to the {header.Length}-octet udh one SMS holds at most {capacity}. " +
                "Split it into more parts, or omit udh to let the server split it.");
        }
        var info = header.Concatenation;
        var part = new SmsPart(info?.Number ?? 1, info?.Total ?? 1, alphabet, header.Bytes, info, text, encoded, units);
        return new SegmentedMessage(alphabet, dcs, units, [part]);
    }
}
