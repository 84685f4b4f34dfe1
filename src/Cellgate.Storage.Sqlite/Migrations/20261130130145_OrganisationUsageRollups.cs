using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrganisationUsageRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_usage_rollups_Period_OrganisationId_Start",
                table: "usage_rollups");

            migrationBuilder.DropIndex(
                name: "IX_usage_records_DeviceId_Time",
                table: "usage_records");

            migrationBuilder.CreateTable(
                name: "organisation_usage_rollups",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Start = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                    SmsMo = table.Column<long>(type: "INTEGER", nullable: false),
                    SmsMt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisation_usage_rollups", x => new { x.Period, x.OrganisationId, x.Start });
                });

            // The organisation rollups of the usage recorded so far.
            migrationBuilder.Sql("""
                INSERT INTO organisation_usage_rollups ("Period", "OrganisationId", "Start", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
                SELECT "Period", "OrganisationId", "Start", SUM("BytesUp"), SUM("BytesDown"), SUM("SmsMo"), SUM("SmsMt")
                FROM usage_rollups GROUP BY "Period", "OrganisationId", "Start"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organisation_usage_rollups");

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_Period_OrganisationId_Start",
                table: "usage_rollups",
                columns: new[] { "Period", "OrganisationId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_DeviceId_Time",
                table: "usage_records",
                columns: new[] { "DeviceId", "Time" });
        }
    }
}
