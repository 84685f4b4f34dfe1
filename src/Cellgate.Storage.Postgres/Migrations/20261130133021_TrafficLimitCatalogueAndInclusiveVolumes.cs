using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrafficLimitCatalogueAndInclusiveVolumes : Migration
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
                name: "inclusive_volumes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    CatalogueId = table.Column<int>(type: "integer", nullable: false),
                    StartDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Pooled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inclusive_volumes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_inclusive_volumes_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "organisation_usage_rollups",
                columns: table => new
                {
                    Period = table.Column<int>(type: "integer", nullable: false),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    BytesUp = table.Column<long>(type: "bigint", nullable: false),
                    BytesDown = table.Column<long>(type: "bigint", nullable: false),
                    SmsMo = table.Column<long>(type: "bigint", nullable: false),
                    SmsMt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisation_usage_rollups", x => new { x.Period, x.OrganisationId, x.Start });
                });

            migrationBuilder.CreateTable(
                name: "service_traffic_limits",
                columns: table => new
                {
                    ServiceProfileId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceId = table.Column<int>(type: "integer", nullable: false),
                    TrafficLimitId = table.Column<int>(type: "integer", nullable: false),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_traffic_limits", x => new { x.ServiceProfileId, x.ServiceId });
                    table.ForeignKey(
                        name: "FK_service_traffic_limits_service_profiles_ServiceProfileId",
                        column: x => x.ServiceProfileId,
                        principalTable: "service_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sms_limit_counters",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<int>(type: "integer", nullable: false),
                    PeriodStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_limit_counters", x => new { x.DeviceId, x.ServiceId, x.Period, x.PeriodStart });
                    table.ForeignKey(
                        name: "FK_sms_limit_counters_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "traffic_limit_warnings",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    TrafficLimitId = table.Column<long>(type: "bigint", nullable: false),
                    PeriodStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traffic_limit_warnings", x => new { x.DeviceId, x.TrafficLimitId, x.PeriodStart });
                    table.ForeignKey(
                        name: "FK_traffic_limit_warnings_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_traffic_limit_warnings_traffic_limits_TrafficLimitId",
                        column: x => x.TrafficLimitId,
                        principalTable: "traffic_limits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tariff_profile_inclusive_volumes",
                columns: table => new
                {
                    TariffProfileId = table.Column<long>(type: "bigint", nullable: false),
                    InclusiveVolumeId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tariff_profile_inclusive_volumes", x => x.TariffProfileId);
                    table.ForeignKey(
                        name: "FK_tariff_profile_inclusive_volumes_inclusive_volumes_Inclusiv~",
                        column: x => x.InclusiveVolumeId,
                        principalTable: "inclusive_volumes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_tariff_profile_inclusive_volumes_tariff_profiles_TariffProf~",
                        column: x => x.TariffProfileId,
                        principalTable: "tariff_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inclusive_volumes_OrganisationId",
                table: "inclusive_volumes",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_tariff_profile_inclusive_volumes_InclusiveVolumeId",
                table: "tariff_profile_inclusive_volumes",
                column: "InclusiveVolumeId");

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limit_warnings_TrafficLimitId",
                table: "traffic_limit_warnings",
                column: "TrafficLimitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organisation_usage_rollups");

            migrationBuilder.DropTable(
                name: "service_traffic_limits");

            migrationBuilder.DropTable(
                name: "sms_limit_counters");

            migrationBuilder.DropTable(
                name: "tariff_profile_inclusive_volumes");

            migrationBuilder.DropTable(
                name: "traffic_limit_warnings");

            migrationBuilder.DropTable(
                name: "inclusive_volumes");

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
