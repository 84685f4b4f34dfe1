using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataPlane : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_quotas",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Volume = table.Column<double>(type: "REAL", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ThresholdPercentage = table.Column<double>(type: "REAL", nullable: false),
                    ThresholdVolume = table.Column<double>(type: "REAL", nullable: false),
                    ThresholdReported = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastVolumeAdded = table.Column<double>(type: "REAL", nullable: false),
                    LastStatusChangeDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AutoRefill = table.Column<int>(type: "INTEGER", nullable: false),
                    ActionOnExhaustion = table.Column<int>(type: "INTEGER", nullable: false),
                    PeakThroughput = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRefill = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_quotas", x => x.DeviceId);
                    table.ForeignKey(
                        name: "FK_data_quotas_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    SimId = table.Column<long>(type: "INTEGER", nullable: true),
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    RatTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Apn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    Started = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Ended = table.Column<DateTime>(type: "TEXT", nullable: true),
                    BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesDown = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "simulated_radio",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    RatTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Lac = table.Column<int>(type: "INTEGER", nullable: false),
                    CellId = table.Column<int>(type: "INTEGER", nullable: false),
                    UpBytesPerMinute = table.Column<long>(type: "INTEGER", nullable: false),
                    DownBytesPerMinute = table.Column<long>(type: "INTEGER", nullable: false),
                    MeteredUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulated_radio", x => x.DeviceId);
                    table.ForeignKey(
                        name: "FK_simulated_radio_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "usage_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    SimId = table.Column<long>(type: "INTEGER", nullable: true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: true),
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: true),
                    RatTypeId = table.Column<int>(type: "INTEGER", nullable: true),
                    Time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                    SmsMo = table.Column<int>(type: "INTEGER", nullable: false),
                    SmsMt = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_rollups",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    SimId = table.Column<long>(type: "INTEGER", nullable: false),
                    Start = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesUp = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesDown = table.Column<long>(type: "INTEGER", nullable: false),
                    SmsMo = table.Column<long>(type: "INTEGER", nullable: false),
                    SmsMt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_rollups", x => new { x.Period, x.DeviceId, x.SimId, x.Start });
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_sessions_DeviceId_Id",
                table: "data_sessions",
                columns: new[] { "DeviceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_data_sessions_open",
                table: "data_sessions",
                column: "DeviceId",
                unique: true,
                filter: "\"Ended\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_simulated_radio_MeteredUntil",
                table: "simulated_radio",
                column: "MeteredUntil",
                filter: "\"MeteredUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_DeviceId_Time",
                table: "usage_records",
                columns: new[] { "DeviceId", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_Period_OrganisationId_Start",
                table: "usage_rollups",
                columns: new[] { "Period", "OrganisationId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_Period_SimId_Start",
                table: "usage_rollups",
                columns: new[] { "Period", "SimId", "Start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_quotas");

            migrationBuilder.DropTable(
                name: "data_sessions");

            migrationBuilder.DropTable(
                name: "simulated_radio");

            migrationBuilder.DropTable(
                name: "usage_records");

            migrationBuilder.DropTable(
                name: "usage_rollups");
        }
    }
}
