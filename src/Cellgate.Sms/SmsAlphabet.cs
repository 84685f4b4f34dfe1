namespace Cellgate.Sms;

/// <summary>The character set of an SMS user data, as selected by the data coding scheme (3GPP TS 23.038 §4).</summary>
public enum SmsAlphabet
{
    /// <summary>GSM 03.38 7-bit default alphabet with its extension table; lengths are counted in septets.</summary>
    Gsm7 = 0,

    /// <summary>8-bit data: opaque octets; lengths are counted in octets.</summary>
    EightBit = 1,

    /// <summary>UCS-2 (in practice UTF-16 big-endian); lengths are counted in 16-bit units.</summary>
    Ucs2 = 2,
}
