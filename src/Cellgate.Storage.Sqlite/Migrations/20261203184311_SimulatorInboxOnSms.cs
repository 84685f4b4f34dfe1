using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SimulatorInboxOnSms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HandsetDuplicates",
                table: "sms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "HandsetReceived",
                table: "sms",
                type: "INTEGER",
                nullable: true);

            // What each handset received moves onto its SMS: the time of receipt as .NET ticks, exactly (whole seconds
            // from strftime, the text's fraction of up to 7 digits as ticks: "yyyy-MM-dd HH:mm:ss.FFFFFFF").
            migrationBuilder.Sql("""
                UPDATE sms SET "HandsetReceived" = i."Ticks", "HandsetDuplicates" = i."Duplicates"
                FROM (SELECT "SmsId", "Duplicates",
                             621355968000000000 + CAST(strftime('%s', "Received") AS INTEGER) * 10000000
                             + CASE WHEN length("Received") > 20 THEN CAST(substr(substr("Received", 21) || '000000', 1, 7) AS INTEGER) ELSE 0 END AS "Ticks"
                      FROM simulator_inbox) AS i
                WHERE sms."Id" = i."SmsId"
                """);

            migrationBuilder.DropTable(
                name: "simulator_inbox");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HandsetDuplicates",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "HandsetReceived",
                table: "sms");

            migrationBuilder.CreateTable(
                name: "simulator_inbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Dcs = table.Column<int>(type: "INTEGER", nullable: false),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Received = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SmsId = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceAddress = table.Column<string>(type: "TEXT", nullable: false),
                    Udh = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulator_inbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_SmsId",
                table: "simulator_inbox",
                column: "SmsId",
                unique: true);
        }
    }
}
