using Cellgate.Storage.Entities;

namespace Cellgate.Storage;

/// <summary>
/// The lookup rows the migrations seed (once; later changes need a migration of their own). Ids recorded from EMnify
/// are kept (countries Afghanistan 3, Albania 4, Ukraine 206, NonTerrestrial 883 219; operators 24 and 942 with their
/// TAP code and MNC ids); every other id is Cellgate's own. Statuses and roles use the ids the API already speaks.
/// </summary>
public static class LookupSeed
{
    /// <summary>Germany: the country of organisations created without one, and of those that existed before countries.</summary>
    public const long DefaultCountryId = 38;

    /// <summary>Telekom Deutschland: the network a simulated handset is on until the simulator API moves it.</summary>
    public const long DefaultOperatorId = 550;

    public static readonly Country[] Countries =
    [
        new() { Id = 3, Name = "Afghanistan", CountryCode = "93", Mcc = "412", IsoCode = "af", Geographic = true },
        new() { Id = 4, Name = "Albania", CountryCode = "355", Mcc = "276", IsoCode = "al", Geographic = true },
        new() { Id = 5, Name = "Algeria", CountryCode = "213", Mcc = "603", IsoCode = "dz", Geographic = true },
        new() { Id = 6, Name = "Andorra", CountryCode = "376", Mcc = "213", IsoCode = "ad", Geographic = true },
        new() { Id = 7, Name = "Angola", CountryCode = "244", Mcc = "631", IsoCode = "ao", Geographic = true },
        new() { Id = 8, Name = "Argentina", CountryCode = "54", Mcc = "722", IsoCode = "ar", Geographic = true },
        new() { Id = 9, Name = "Armenia", CountryCode = "374", Mcc = "283", IsoCode = "am", Geographic = true },
        new() { Id = 10, Name = "Australia", CountryCode = "61", Mcc = "505", IsoCode = "au", Geographic = true },
        new() { Id = 11, Name = "Austria", CountryCode = "43", Mcc = "232", IsoCode = "at", Geographic = true },
        new() { Id = 12, Name = "Azerbaijan", CountryCode = "994", Mcc = "400", IsoCode = "az", Geographic = true },
        new() { Id = 13, Name = "Bahrain", CountryCode = "973", Mcc = "426", IsoCode = "bh", Geographic = true },
        new() { Id = 14, Name = "Bangladesh", CountryCode = "880", Mcc = "470", IsoCode = "bd", Geographic = true },
        new() { Id = 15, Name = "Belarus", CountryCode = "375", Mcc = "257", IsoCode = "by", Geographic = true },
        new() { Id = 16, Name = "Belgium", CountryCode = "32", Mcc = "206", IsoCode = "be", Geographic = true },
        new() { Id = 17, Name = "Bolivia", CountryCode = "591", Mcc = "736", IsoCode = "bo", Geographic = true },
        new() { Id = 18, Name = "Bosnia and Herzegovina", CountryCode = "387", Mcc = "218", IsoCode = "ba", Geographic = true },
        new() { Id = 19, Name = "Brazil", CountryCode = "55", Mcc = "724", IsoCode = "br", Geographic = true },
        new() { Id = 20, Name = "Bulgaria", CountryCode = "359", Mcc = "284", IsoCode = "bg", Geographic = true },
        new() { Id = 21, Name = "Cambodia", CountryCode = "855", Mcc = "456", IsoCode = "kh", Geographic = true },
        new() { Id = 22, Name = "Cameroon", CountryCode = "237", Mcc = "624", IsoCode = "cm", Geographic = true },
        new() { Id = 23, Name = "Canada", CountryCode = "1", Mcc = "302", IsoCode = "ca", Geographic = true },
        new() { Id = 24, Name = "Chile", CountryCode = "56", Mcc = "730", IsoCode = "cl", Geographic = true },
        new() { Id = 25, Name = "China", CountryCode = "86", Mcc = "460", IsoCode = "cn", Geographic = true },
        new() { Id = 26, Name = "Colombia", CountryCode = "57", Mcc = "732", IsoCode = "co", Geographic = true },
        new() { Id = 27, Name = "Costa Rica", CountryCode = "506", Mcc = "712", IsoCode = "cr", Geographic = true },
        new() { Id = 28, Name = "Croatia", CountryCode = "385", Mcc = "219", IsoCode = "hr", Geographic = true },
        new() { Id = 29, Name = "Cyprus", CountryCode = "357", Mcc = "280", IsoCode = "cy", Geographic = true },
        new() { Id = 30, Name = "Czech Republic", CountryCode = "420", Mcc = "230", IsoCode = "cz", Geographic = true },
        new() { Id = 31, Name = "Denmark", CountryCode = "45", Mcc = "238", IsoCode = "dk", Geographic = true },
        new() { Id = 32, Name = "Ecuador", CountryCode = "593", Mcc = "740", IsoCode = "ec", Geographic = true },
        new() { Id = 33, Name = "Egypt", CountryCode = "20", Mcc = "602", IsoCode = "eg", Geographic = true },
        new() { Id = 34, Name = "Estonia", CountryCode = "372", Mcc = "248", IsoCode = "ee", Geographic = true },
        new() { Id = 35, Name = "Finland", CountryCode = "358", Mcc = "244", IsoCode = "fi", Geographic = true },
        new() { Id = 36, Name = "France", CountryCode = "33", Mcc = "208", IsoCode = "fr", Geographic = true },
        new() { Id = 37, Name = "Georgia", CountryCode = "995", Mcc = "282", IsoCode = "ge", Geographic = true },
        new() { Id = 38, Name = "Germany", CountryCode = "49", Mcc = "262", IsoCode = "de", Geographic = true },
        new() { Id = 39, Name = "Ghana", CountryCode = "233", Mcc = "620", IsoCode = "gh", Geographic = true },
        new() { Id = 40, Name = "Greece", CountryCode = "30", Mcc = "202", IsoCode = "gr", Geographic = true },
        new() { Id = 41, Name = "Hong Kong", CountryCode = "852", Mcc = "454", IsoCode = "hk", Geographic = true },
        new() { Id = 42, Name = "Hungary", CountryCode = "36", Mcc = "216", IsoCode = "hu", Geographic = true },
        new() { Id = 43, Name = "Iceland", CountryCode = "354", Mcc = "274", IsoCode = "is", Geographic = true },
        new() { Id = 44, Name = "India", CountryCode = "91", Mcc = "404", IsoCode = "in", Geographic = true },
        new() { Id = 45, Name = "Indonesia", CountryCode = "62", Mcc = "510", IsoCode = "id", Geographic = true },
        new() { Id = 46, Name = "Ireland", CountryCode = "353", Mcc = "272", IsoCode = "ie", Geographic = true },
        new() { Id = 47, Name = "Israel", CountryCode = "972", Mcc = "425", IsoCode = "il", Geographic = true },
        new() { Id = 48, Name = "Italy", CountryCode = "39", Mcc = "222", IsoCode = "it", Geographic = true },
        new() { Id = 49, Name = "Japan", CountryCode = "81", Mcc = "440", IsoCode = "jp", Geographic = true },
        new() { Id = 50, Name = "Jordan", CountryCode = "962", Mcc = "416", IsoCode = "jo", Geographic = true },
        new() { Id = 51, Name = "Kazakhstan", CountryCode = "7", Mcc = "401", IsoCode = "kz", Geographic = true },
        new() { Id = 52, Name = "Kenya", CountryCode = "254", Mcc = "639", IsoCode = "ke", Geographic = true },
        new() { Id = 53, Name = "Kuwait", CountryCode = "965", Mcc = "419", IsoCode = "kw", Geographic = true },
        new() { Id = 54, Name = "Latvia", CountryCode = "371", Mcc = "247", IsoCode = "lv", Geographic = true },
        new() { Id = 55, Name = "Lebanon", CountryCode = "961", Mcc = "415", IsoCode = "lb", Geographic = true },
        new() { Id = 56, Name = "Liechtenstein", CountryCode = "423", Mcc = "295", IsoCode = "li", Geographic = true },
        new() { Id = 57, Name = "Lithuania", CountryCode = "370", Mcc = "246", IsoCode = "lt", Geographic = true },
        new() { Id = 58, Name = "Luxembourg", CountryCode = "352", Mcc = "270", IsoCode = "lu", Geographic = true },
        new() { Id = 59, Name = "Malaysia", CountryCode = "60", Mcc = "502", IsoCode = "my", Geographic = true },
        new() { Id = 60, Name = "Malta", CountryCode = "356", Mcc = "278", IsoCode = "mt", Geographic = true },
        new() { Id = 61, Name = "Mexico", CountryCode = "52", Mcc = "334", IsoCode = "mx", Geographic = true },
        new() { Id = 62, Name = "Moldova", CountryCode = "373", Mcc = "259", IsoCode = "md", Geographic = true },
        new() { Id = 63, Name = "Monaco", CountryCode = "377", Mcc = "212", IsoCode = "mc", Geographic = true },
        new() { Id = 64, Name = "Montenegro", CountryCode = "382", Mcc = "297", IsoCode = "me", Geographic = true },
        new() { Id = 65, Name = "Morocco", CountryCode = "212", Mcc = "604", IsoCode = "ma", Geographic = true },
        new() { Id = 66, Name = "Netherlands", CountryCode = "31", Mcc = "204", IsoCode = "nl", Geographic = true },
        new() { Id = 67, Name = "New Zealand", CountryCode = "64", Mcc = "530", IsoCode = "nz", Geographic = true },
        new() { Id = 68, Name = "Nigeria", CountryCode = "234", Mcc = "621", IsoCode = "ng", Geographic = true },
        new() { Id = 69, Name = "North Macedonia", CountryCode = "389", Mcc = "294", IsoCode = "mk", Geographic = true },
        new() { Id = 70, Name = "Norway", CountryCode = "47", Mcc = "242", IsoCode = "no", Geographic = true },
        new() { Id = 71, Name = "Oman", CountryCode = "968", Mcc = "422", IsoCode = "om", Geographic = true },
        new() { Id = 72, Name = "Pakistan", CountryCode = "92", Mcc = "410", IsoCode = "pk", Geographic = true },
        new() { Id = 73, Name = "Panama", CountryCode = "507", Mcc = "714", IsoCode = "pa", Geographic = true },
        new() { Id = 74, Name = "Peru", CountryCode = "51", Mcc = "716", IsoCode = "pe", Geographic = true },
        new() { Id = 75, Name = "Philippines", CountryCode = "63", Mcc = "515", IsoCode = "ph", Geographic = true },
        new() { Id = 76, Name = "Poland", CountryCode = "48", Mcc = "260", IsoCode = "pl", Geographic = true },
        new() { Id = 77, Name = "Portugal", CountryCode = "351", Mcc = "268", IsoCode = "pt", Geographic = true },
        new() { Id = 78, Name = "Qatar", CountryCode = "974", Mcc = "427", IsoCode = "qa", Geographic = true },
        new() { Id = 79, Name = "Romania", CountryCode = "40", Mcc = "226", IsoCode = "ro", Geographic = true },
        new() { Id = 80, Name = "Russian Federation", CountryCode = "7", Mcc = "250", IsoCode = "ru", Geographic = true },
        new() { Id = 81, Name = "Saudi Arabia", CountryCode = "966", Mcc = "420", IsoCode = "sa", Geographic = true },
        new() { Id = 82, Name = "Serbia", CountryCode = "381", Mcc = "220", IsoCode = "rs", Geographic = true },
        new() { Id = 83, Name = "Singapore", CountryCode = "65", Mcc = "525", IsoCode = "sg", Geographic = true },
        new() { Id = 84, Name = "Slovakia", CountryCode = "421", Mcc = "231", IsoCode = "sk", Geographic = true },
        new() { Id = 85, Name = "Slovenia", CountryCode = "386", Mcc = "293", IsoCode = "si", Geographic = true },
        new() { Id = 86, Name = "South Africa", CountryCode = "27", Mcc = "655", IsoCode = "za", Geographic = true },
        new() { Id = 87, Name = "South Korea", CountryCode = "82", Mcc = "450", IsoCode = "kr", Geographic = true },
        new() { Id = 88, Name = "Spain", CountryCode = "34", Mcc = "214", IsoCode = "es", Geographic = true },
        new() { Id = 89, Name = "Sri Lanka", CountryCode = "94", Mcc = "413", IsoCode = "lk", Geographic = true },
        new() { Id = 90, Name = "Sweden", CountryCode = "46", Mcc = "240", IsoCode = "se", Geographic = true },
        new() { Id = 91, Name = "Switzerland", CountryCode = "41", Mcc = "228", IsoCode = "ch", Geographic = true },
        new() { Id = 92, Name = "Taiwan", CountryCode = "886", Mcc = "466", IsoCode = "tw", Geographic = true },
        new() { Id = 93, Name = "Thailand", CountryCode = "66", Mcc = "520", IsoCode = "th", Geographic = true },
        new() { Id = 94, Name = "Tunisia", CountryCode = "216", Mcc = "605", IsoCode = "tn", Geographic = true },
        new() { Id = 95, Name = "Turkey", CountryCode = "90", Mcc = "286", IsoCode = "tr", Geographic = true },
        new() { Id = 206, Name = "Ukraine", CountryCode = "380", Mcc = "255", IsoCode = "ua", Geographic = true },
        new() { Id = 96, Name = "United Arab Emirates", CountryCode = "971", Mcc = "424", IsoCode = "ae", Geographic = true },
        new() { Id = 97, Name = "United Kingdom", CountryCode = "44", Mcc = "234", IsoCode = "gb", Geographic = true },
        new() { Id = 98, Name = "United States", CountryCode = "1", Mcc = "310", IsoCode = "us", Geographic = true },
        new() { Id = 99, Name = "Uruguay", CountryCode = "598", Mcc = "748", IsoCode = "uy", Geographic = true },
        new() { Id = 100, Name = "Uzbekistan", CountryCode = "998", Mcc = "434", IsoCode = "uz", Geographic = true },
        new() { Id = 101, Name = "Vietnam", CountryCode = "84", Mcc = "452", IsoCode = "vn", Geographic = true },
        new() { Id = 219, Name = "NonTerrestrial 883", CountryCode = "883", Mcc = "901", IsoCode = "xs", Geographic = false },
    ];

    public static readonly Operator[] Operators =
    [
        new() { Id = 24, Name = "Vodafone", CountryId = 4, TapcodeId = 16, Tapcode = "ALBVF", MncId = 17, Mnc = "02" },
        new() { Id = 942, Name = "MTN", CountryId = 3, TapcodeId = 605, Tapcode = "AFGAR", MncId = 628, Mnc = "40" },
        new() { Id = 550, Name = "Telekom Deutschland", CountryId = 38, TapcodeId = 10550, Tapcode = "DEUD1", MncId = 20550, Mnc = "01" },
        new() { Id = 551, Name = "Vodafone", CountryId = 38, TapcodeId = 10551, Tapcode = "DEUD2", MncId = 20551, Mnc = "02" },
        new() { Id = 552, Name = "Telefonica O2", CountryId = 38, TapcodeId = 10552, Tapcode = "DEUE2", MncId = 20552, Mnc = "07" },
        new() { Id = 553, Name = "EE", CountryId = 97, TapcodeId = 10553, Tapcode = "GBRME", MncId = 20553, Mnc = "30" },
        new() { Id = 554, Name = "Vodafone", CountryId = 97, TapcodeId = 10554, Tapcode = "GBRVF", MncId = 20554, Mnc = "15" },
        new() { Id = 555, Name = "O2", CountryId = 97, TapcodeId = 10555, Tapcode = "GBRCN", MncId = 20555, Mnc = "10" },
        new() { Id = 556, Name = "Three", CountryId = 97, TapcodeId = 10556, Tapcode = "GBRHU", MncId = 20556, Mnc = "20" },
        new() { Id = 557, Name = "Orange", CountryId = 36, TapcodeId = 10557, Tapcode = "FRAF1", MncId = 20557, Mnc = "01" },
        new() { Id = 558, Name = "SFR", CountryId = 36, TapcodeId = 10558, Tapcode = "FRAF2", MncId = 20558, Mnc = "10" },
        new() { Id = 559, Name = "Bouygues Telecom", CountryId = 36, TapcodeId = 10559, Tapcode = "FRAF3", MncId = 20559, Mnc = "20" },
        new() { Id = 560, Name = "TIM", CountryId = 48, TapcodeId = 10560, Tapcode = "ITASI", MncId = 20560, Mnc = "01" },
        new() { Id = 561, Name = "Vodafone", CountryId = 48, TapcodeId = 10561, Tapcode = "ITAOM", MncId = 20561, Mnc = "10" },
        new() { Id = 562, Name = "Movistar", CountryId = 88, TapcodeId = 10562, Tapcode = "ESPTE", MncId = 20562, Mnc = "07" },
        new() { Id = 563, Name = "Vodafone", CountryId = 88, TapcodeId = 10563, Tapcode = "ESPAT", MncId = 20563, Mnc = "01" },
        new() { Id = 564, Name = "KPN", CountryId = 66, TapcodeId = 10564, Tapcode = "NLDPT", MncId = 20564, Mnc = "08" },
        new() { Id = 565, Name = "Swisscom", CountryId = 91, TapcodeId = 10565, Tapcode = "CHEC1", MncId = 20565, Mnc = "01" },
        new() { Id = 566, Name = "Telia", CountryId = 90, TapcodeId = 10566, Tapcode = "SWETR", MncId = 20566, Mnc = "01" },
        new() { Id = 567, Name = "A1", CountryId = 11, TapcodeId = 10567, Tapcode = "AUTPT", MncId = 20567, Mnc = "01" },
        new() { Id = 568, Name = "AT&T", CountryId = 98, TapcodeId = 10568, Tapcode = "USACG", MncId = 20568, Mnc = "410" },
        new() { Id = 569, Name = "T-Mobile", CountryId = 98, TapcodeId = 10569, Tapcode = "USAW6", MncId = 20569, Mnc = "260" },
        new() { Id = 570, Name = "Kyivstar", CountryId = 206, TapcodeId = 10570, Tapcode = "UKRKS", MncId = 20570, Mnc = "03" },
    ];

    public static readonly Currency[] Currencies =
    [
        new() { Id = 1, Code = "EUR", Symbol = "€" },
        new() { Id = 2, Code = "USD", Symbol = "$" },
        new() { Id = 3, Code = "GBP", Symbol = "£" },
    ];

    /// <summary>Addresses from the documentation ranges (RFC 5737): Cellgate has no breakout of its own.</summary>
    public static readonly BreakoutRegion[] BreakoutRegions =
    [
        new() { Id = 1, Name = "eu-west-1", IpAddress = "192.0.2.10" },
        new() { Id = 2, Name = "eu-central-1", IpAddress = "192.0.2.20" },
        new() { Id = 3, Name = "us-east-1", IpAddress = "198.51.100.10" },
        new() { Id = 4, Name = "ap-southeast-1", IpAddress = "203.0.113.10" },
    ];

    public static readonly LookupValue[] Values =
    [
        // 3GPP RAT-Type values (TS 29.274 §8.17) for the access technologies EMnify reports.
        new() { List = LookupLists.RatType, Id = 1, Name = "3G" },
        new() { List = LookupLists.RatType, Id = 2, Name = "2G" },
        new() { List = LookupLists.RatType, Id = 6, Name = "4G" },
        new() { List = LookupLists.RatType, Id = 8, Name = "NB-IoT" },
        new() { List = LookupLists.RatType, Id = 9, Name = "LTE-M" },
        new() { List = LookupLists.RatType, Id = 10, Name = "5G" },
        new() { List = LookupLists.ServiceLevel, Id = 1, Name = "Standard" },
        new() { List = LookupLists.ServiceLevel, Id = 2, Name = "Premium" },
        // Octets as text, as the spec types them: the billing increments and the throttle rates (octets per second).
        new() { List = LookupLists.DataBlocksize, Id = 1, Name = "1024" },
        new() { List = LookupLists.DataBlocksize, Id = 2, Name = "10240" },
        new() { List = LookupLists.DataBlocksize, Id = 3, Name = "102400" },
        new() { List = LookupLists.DataBlocksize, Id = 4, Name = "1048576" },
        new() { List = LookupLists.DataThrottle, Id = 1, Name = "8000" },
        new() { List = LookupLists.DataThrottle, Id = 2, Name = "16000" },
        new() { List = LookupLists.DataThrottle, Id = 3, Name = "32000" },
        new() { List = LookupLists.DataThrottle, Id = 4, Name = "64000" },
        new() { List = LookupLists.DataThrottle, Id = 5, Name = "128000" },
        new() { List = LookupLists.UserStatus, Id = (int)UserStatus.ActivationPending, Name = "Activation Pending" },
        new() { List = LookupLists.UserStatus, Id = (int)UserStatus.Active, Name = "Active" },
        new() { List = LookupLists.UserStatus, Id = (int)UserStatus.Suspended, Name = "Suspended" },
        new() { List = LookupLists.UserRole, Id = (int)UserRole.Admin, Name = "Administrator", Description = "Reads and changes everything of the organisation" },
        new() { List = LookupLists.UserRole, Id = (int)UserRole.Observer, Name = "Observer", Description = "Reads everything of the organisation, changes nothing" },
        new() { List = LookupLists.OrganisationStatus, Id = (int)OrganisationStatus.Active, Name = "Active" },
        new() { List = LookupLists.OrganisationStatus, Id = (int)OrganisationStatus.Suspended, Name = "Suspended" },
        new() { List = LookupLists.EndpointStatus, Id = (int)DeviceStatus.Enabled, Name = "Enabled" },
        new() { List = LookupLists.EndpointStatus, Id = (int)DeviceStatus.Disabled, Name = "Disabled" },
        new() { List = LookupLists.EndpointStatus, Id = 2, Name = "Deleted" },
        new() { List = LookupLists.SimStatus, Id = (int)SimStatus.Issued, Name = "Issued" },
        new() { List = LookupLists.SimStatus, Id = (int)SimStatus.Activated, Name = "Activated" },
        new() { List = LookupLists.SimStatus, Id = (int)SimStatus.Suspended, Name = "Suspended" },
        new() { List = LookupLists.SimStatus, Id = (int)SimStatus.Deleted, Name = "Deleted" },
        new() { List = LookupLists.SimStatus, Id = (int)SimStatus.FactoryTest, Name = "Factory Test" },
    ];
}
