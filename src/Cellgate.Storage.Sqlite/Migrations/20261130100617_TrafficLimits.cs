using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrafficLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "traffic_limits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceProfileId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Volume = table.Column<long>(type: "INTEGER", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    WarningPercent = table.Column<int>(type: "INTEGER", nullable: true),
                    SatelliteOnly = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traffic_limits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_traffic_limits_service_profiles_ServiceProfileId",
                        column: x => x.ServiceProfileId,
                        principalTable: "service_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "traffic_limit_extensions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    TrafficLimitId = table.Column<long>(type: "INTEGER", nullable: false),
                    Volume = table.Column<double>(type: "REAL", nullable: false),
                    ExpirationDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traffic_limit_extensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_traffic_limit_extensions_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_traffic_limit_extensions_traffic_limits_TrafficLimitId",
                        column: x => x.TrafficLimitId,
                        principalTable: "traffic_limits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limit_extensions_DeviceId_TrafficLimitId",
                table: "traffic_limit_extensions",
                columns: new[] { "DeviceId", "TrafficLimitId" });

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limit_extensions_TrafficLimitId",
                table: "traffic_limit_extensions",
                column: "TrafficLimitId");

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limits_ServiceProfileId_ServiceId_Period",
                table: "traffic_limits",
                columns: new[] { "ServiceProfileId", "ServiceId", "Period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "traffic_limit_extensions");

            migrationBuilder.DropTable(
                name: "traffic_limits");
        }
    }
}
