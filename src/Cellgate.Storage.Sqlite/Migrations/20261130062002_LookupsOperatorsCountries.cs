using System;
using Cellgate.Storage;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LookupsOperatorsCountries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "OperatorId",
                table: "simulated_devices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CountryId",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: LookupSeed.DefaultCountryId); // organisations from before countries: Germany

            migrationBuilder.CreateTable(
                name: "breakout_regions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breakout_regions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "countries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Mcc = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    IsoCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Geographic = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_countries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "currencies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Symbol = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_currencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lookup_values",
                columns: table => new
                {
                    List = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookup_values", x => new { x.List, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "operators",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CountryId = table.Column<long>(type: "INTEGER", nullable: false),
                    TapcodeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Tapcode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    MncId = table.Column<long>(type: "INTEGER", nullable: false),
                    Mnc = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_operators_countries_CountryId",
                        column: x => x.CountryId,
                        principalTable: "countries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "operator_blacklist",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operator_blacklist", x => new { x.DeviceId, x.OperatorId });
                    table.ForeignKey(
                        name: "FK_operator_blacklist_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_operator_blacklist_operators_OperatorId",
                        column: x => x.OperatorId,
                        principalTable: "operators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "breakout_regions",
                columns: new[] { "Id", "IpAddress", "Name" },
                values: new object[,]
                {
                    { 1L, "192.0.2.10", "eu-west-1" },
                    { 2L, "192.0.2.20", "eu-central-1" },
                    { 3L, "198.51.100.10", "us-east-1" },
                    { 4L, "203.0.113.10", "ap-southeast-1" }
                });

            migrationBuilder.InsertData(
                table: "countries",
                columns: new[] { "Id", "CountryCode", "Geographic", "IsoCode", "Mcc", "Name" },
                values: new object[,]
                {
                    { 3L, "93", true, "af", "412", "Afghanistan" },
                    { 4L, "355", true, "al", "276", "Albania" },
                    { 5L, "213", true, "dz", "603", "Algeria" },
                    { 6L, "376", true, "ad", "213", "Andorra" },
                    { 7L, "244", true, "ao", "631", "Angola" },
                    { 8L, "54", true, "ar", "722", "Argentina" },
                    { 9L, "374", true, "am", "283", "Armenia" },
                    { 10L, "61", true, "au", "505", "Australia" },
                    { 11L, "43", true, "at", "232", "Austria" },
                    { 12L, "994", true, "az", "400", "Azerbaijan" },
                    { 13L, "973", true, "bh", "426", "Bahrain" },
                    { 14L, "880", true, "bd", "470", "Bangladesh" },
                    { 15L, "375", true, "by", "257", "Belarus" },
                    { 16L, "32", true, "be", "206", "Belgium" },
                    { 17L, "591", true, "bo", "736", "Bolivia" },
                    { 18L, "387", true, "ba", "218", "Bosnia and Herzegovina" },
                    { 19L, "55", true, "br", "724", "Brazil" },
                    { 20L, "359", true, "bg", "284", "Bulgaria" },
                    { 21L, "855", true, "kh", "456", "Cambodia" },
                    { 22L, "237", true, "cm", "624", "Cameroon" },
                    { 23L, "1", true, "ca", "302", "Canada" },
                    { 24L, "56", true, "cl", "730", "Chile" },
                    { 25L, "86", true, "cn", "460", "China" },
                    { 26L, "57", true, "co", "732", "Colombia" },
                    { 27L, "506", true, "cr", "712", "Costa Rica" },
                    { 28L, "385", true, "hr", "219", "Croatia" },
                    { 29L, "357", true, "cy", "280", "Cyprus" },
                    { 30L, "420", true, "cz", "230", "Czech Republic" },
                    { 31L, "45", true, "dk", "238", "Denmark" },
                    { 32L, "593", true, "ec", "740", "Ecuador" },
                    { 33L, "20", true, "eg", "602", "Egypt" },
                    { 34L, "372", true, "ee", "248", "Estonia" },
                    { 35L, "358", true, "fi", "244", "Finland" },
                    { 36L, "33", true, "fr", "208", "France" },
                    { 37L, "995", true, "ge", "282", "Georgia" },
                    { 38L, "49", true, "de", "262", "Germany" },
                    { 39L, "233", true, "gh", "620", "Ghana" },
                    { 40L, "30", true, "gr", "202", "Greece" },
                    { 41L, "852", true, "hk", "454", "Hong Kong" },
                    { 42L, "36", true, "hu", "216", "Hungary" },
                    { 43L, "354", true, "is", "274", "Iceland" },
                    { 44L, "91", true, "in", "404", "India" },
                    { 45L, "62", true, "id", "510", "Indonesia" },
                    { 46L, "353", true, "ie", "272", "Ireland" },
                    { 47L, "972", true, "il", "425", "Israel" },
                    { 48L, "39", true, "it", "222", "Italy" },
                    { 49L, "81", true, "jp", "440", "Japan" },
                    { 50L, "962", true, "jo", "416", "Jordan" },
                    { 51L, "7", true, "kz", "401", "Kazakhstan" },
                    { 52L, "254", true, "ke", "639", "Kenya" },
                    { 53L, "965", true, "kw", "419", "Kuwait" },
                    { 54L, "371", true, "lv", "247", "Latvia" },
                    { 55L, "961", true, "lb", "415", "Lebanon" },
                    { 56L, "423", true, "li", "295", "Liechtenstein" },
                    { 57L, "370", true, "lt", "246", "Lithuania" },
                    { 58L, "352", true, "lu", "270", "Luxembourg" },
                    { 59L, "60", true, "my", "502", "Malaysia" },
                    { 60L, "356", true, "mt", "278", "Malta" },
                    { 61L, "52", true, "mx", "334", "Mexico" },
                    { 62L, "373", true, "md", "259", "Moldova" },
                    { 63L, "377", true, "mc", "212", "Monaco" },
                    { 64L, "382", true, "me", "297", "Montenegro" },
                    { 65L, "212", true, "ma", "604", "Morocco" },
                    { 66L, "31", true, "nl", "204", "Netherlands" },
                    { 67L, "64", true, "nz", "530", "New Zealand" },
                    { 68L, "234", true, "ng", "621", "Nigeria" },
                    { 69L, "389", true, "mk", "294", "North Macedonia" },
                    { 70L, "47", true, "no", "242", "Norway" },
                    { 71L, "968", true, "om", "422", "Oman" },
                    { 72L, "92", true, "pk", "410", "Pakistan" },
                    { 73L, "507", true, "pa", "714", "Panama" },
                    { 74L, "51", true, "pe", "716", "Peru" },
                    { 75L, "63", true, "ph", "515", "Philippines" },
                    { 76L, "48", true, "pl", "260", "Poland" },
                    { 77L, "351", true, "pt", "268", "Portugal" },
                    { 78L, "974", true, "qa", "427", "Qatar" },
                    { 79L, "40", true, "ro", "226", "Romania" },
                    { 80L, "7", true, "ru", "250", "Russian Federation" },
                    { 81L, "966", true, "sa", "420", "Saudi Arabia" },
                    { 82L, "381", true, "rs", "220", "Serbia" },
                    { 83L, "65", true, "sg", "525", "Singapore" },
                    { 84L, "421", true, "sk", "231", "Slovakia" },
                    { 85L, "386", true, "si", "293", "Slovenia" },
                    { 86L, "27", true, "za", "655", "South Africa" },
                    { 87L, "82", true, "kr", "450", "South Korea" },
                    { 88L, "34", true, "es", "214", "Spain" },
                    { 89L, "94", true, "lk", "413", "Sri Lanka" },
                    { 90L, "46", true, "se", "240", "Sweden" },
                    { 91L, "41", true, "ch", "228", "Switzerland" },
                    { 92L, "886", true, "tw", "466", "Taiwan" },
                    { 93L, "66", true, "th", "520", "Thailand" },
                    { 94L, "216", true, "tn", "605", "Tunisia" },
                    { 95L, "90", true, "tr", "286", "Turkey" },
                    { 96L, "971", true, "ae", "424", "United Arab Emirates" },
                    { 97L, "44", true, "gb", "234", "United Kingdom" },
                    { 98L, "1", true, "us", "310", "United States" },
                    { 99L, "598", true, "uy", "748", "Uruguay" },
                    { 100L, "998", true, "uz", "434", "Uzbekistan" },
                    { 101L, "84", true, "vn", "452", "Vietnam" },
                    { 206L, "380", true, "ua", "255", "Ukraine" },
                    { 219L, "883", false, "xs", "901", "NonTerrestrial 883" }
                });

            migrationBuilder.InsertData(
                table: "currencies",
                columns: new[] { "Id", "Code", "Symbol" },
                values: new object[,]
                {
                    { 1L, "EUR", "€" },
                    { 2L, "USD", "$" },
                    { 3L, "GBP", "£" }
                });

            migrationBuilder.InsertData(
                table: "lookup_values",
                columns: new[] { "Id", "List", "Description", "Name" },
                values: new object[,]
                {
                    { 1, "data_blocksize", null, "1024" },
                    { 2, "data_blocksize", null, "10240" },
                    { 3, "data_blocksize", null, "102400" },
                    { 4, "data_blocksize", null, "1048576" },
                    { 1, "data_throttle", null, "8000" },
                    { 2, "data_throttle", null, "16000" },
                    { 3, "data_throttle", null, "32000" },
                    { 4, "data_throttle", null, "64000" },
                    { 5, "data_throttle", null, "128000" },
                    { 0, "endpoint_status", null, "Enabled" },
                    { 1, "endpoint_status", null, "Disabled" },
                    { 2, "endpoint_status", null, "Deleted" },
                    { 1, "organisation_status", null, "Active" },
                    { 2, "organisation_status", null, "Suspended" },
                    { 1, "rat_type", null, "3G" },
                    { 2, "rat_type", null, "2G" },
                    { 6, "rat_type", null, "4G" },
                    { 8, "rat_type", null, "NB-IoT" },
                    { 9, "rat_type", null, "LTE-M" },
                    { 10, "rat_type", null, "5G" },
                    { 1, "service_level", null, "Standard" },
                    { 2, "service_level", null, "Premium" },
                    { 0, "sim_status", null, "Issued" },
                    { 1, "sim_status", null, "Activated" },
                    { 2, "sim_status", null, "Suspended" },
                    { 3, "sim_status", null, "Deleted" },
                    { 4, "sim_status", null, "Factory Test" },
                    { 1, "user_role", "Reads and changes everything of the organisation", "Administrator" },
                    { 2, "user_role", "Reads everything of the organisation, changes nothing", "Observer" },
                    { 0, "user_status", null, "Activation Pending" },
                    { 1, "user_status", null, "Active" },
                    { 2, "user_status", null, "Suspended" }
                });

            migrationBuilder.InsertData(
                table: "operators",
                columns: new[] { "Id", "CountryId", "Mnc", "MncId", "Name", "Tapcode", "TapcodeId" },
                values: new object[,]
                {
                    { 24L, 4L, "02", 17L, "Vodafone", "ALBVF", 16L },
                    { 550L, 38L, "01", 20550L, "Telekom Deutschland", "DEUD1", 10550L },
                    { 551L, 38L, "02", 20551L, "Vodafone", "DEUD2", 10551L },
                    { 552L, 38L, "07", 20552L, "Telefonica O2", "DEUE2", 10552L },
                    { 553L, 97L, "30", 20553L, "EE", "GBRME", 10553L },
                    { 554L, 97L, "15", 20554L, "Vodafone", "GBRVF", 10554L },
                    { 555L, 97L, "10", 20555L, "O2", "GBRCN", 10555L },
                    { 556L, 97L, "20", 20556L, "Three", "GBRHU", 10556L },
                    { 557L, 36L, "01", 20557L, "Orange", "FRAF1", 10557L },
                    { 558L, 36L, "10", 20558L, "SFR", "FRAF2", 10558L },
                    { 559L, 36L, "20", 20559L, "Bouygues Telecom", "FRAF3", 10559L },
                    { 560L, 48L, "01", 20560L, "TIM", "ITASI", 10560L },
                    { 561L, 48L, "10", 20561L, "Vodafone", "ITAOM", 10561L },
                    { 562L, 88L, "07", 20562L, "Movistar", "ESPTE", 10562L },
                    { 563L, 88L, "01", 20563L, "Vodafone", "ESPAT", 10563L },
                    { 564L, 66L, "08", 20564L, "KPN", "NLDPT", 10564L },
                    { 565L, 91L, "01", 20565L, "Swisscom", "CHEC1", 10565L },
                    { 566L, 90L, "01", 20566L, "Telia", "SWETR", 10566L },
                    { 567L, 11L, "01", 20567L, "A1", "AUTPT", 10567L },
                    { 568L, 98L, "410", 20568L, "AT&T", "USACG", 10568L },
                    { 569L, 98L, "260", 20569L, "T-Mobile", "USAW6", 10569L },
                    { 570L, 206L, "03", 20570L, "Kyivstar", "UKRKS", 10570L },
                    { 942L, 3L, "40", 628L, "MTN", "AFGAR", 605L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_SimId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "SimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_UserId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_operator_blacklist_OperatorId",
                table: "operator_blacklist",
                column: "OperatorId");

            migrationBuilder.CreateIndex(
                name: "IX_operators_CountryId",
                table: "operators",
                column: "CountryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "breakout_regions");

            migrationBuilder.DropTable(
                name: "currencies");

            migrationBuilder.DropTable(
                name: "lookup_values");

            migrationBuilder.DropTable(
                name: "operator_blacklist");

            migrationBuilder.DropTable(
                name: "operators");

            migrationBuilder.DropTable(
                name: "countries");

            migrationBuilder.DropIndex(
                name: "IX_events_OrganisationId_SimId_Id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_OrganisationId_UserId_Id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "OperatorId",
                table: "simulated_devices");

            migrationBuilder.DropColumn(
                name: "CountryId",
                table: "organisations");
        }
    }
}
