using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "HandsetReceived",
                table: "sms",
                type: "bigint",
                nullable: true);

            // What each handset received moves onto its SMS (time of receipt as .NET ticks).
            migrationBuilder.Sql("""
                UPDATE sms SET "HandsetReceived" = (EXTRACT(EPOCH FROM i."Received") * 10000000)::bigint + 621355968000000000,
                    "HandsetDuplicates" = i."Duplicates"
                FROM simulator_inbox AS i
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Dcs = table.Column<int>(type: "integer", nullable: false),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    Duplicates = table.Column<int>(type: "integer", nullable: false),
                    Payload = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Received = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SmsId = table.Column<long>(type: "bigint", nullable: false),
                    SourceAddress = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Udh = table.Column<string>(type: "text", nullable: false, collation: "C")
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
