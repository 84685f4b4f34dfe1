using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Resources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EventType = table.Column<int>(type: "INTEGER", nullable: false),
                    EventSource = table.Column<int>(type: "INTEGER", nullable: false),
                    EventSeverity = table.Column<int>(type: "INTEGER", nullable: false),
                    Alert = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EndpointId = table.Column<long>(type: "INTEGER", nullable: true),
                    EndpointName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EndpointIpAddress = table.Column<string>(type: "TEXT", nullable: true),
                    EndpointImei = table.Column<string>(type: "TEXT", nullable: true),
                    EndpointTags = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SimId = table.Column<long>(type: "INTEGER", nullable: true),
                    SimIccid = table.Column<string>(type: "TEXT", nullable: true),
                    SimProductionDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Imsi = table.Column<string>(type: "TEXT", nullable: true),
                    ImsiImportDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UserId = table.Column<long>(type: "INTEGER", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", nullable: true),
                    UserUsername = table.Column<string>(type: "TEXT", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_events_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ip_address_spaces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Cidr = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PrefixLength = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstAddress = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAddress = table.Column<long>(type: "INTEGER", nullable: false),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ip_address_spaces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ip_address_spaces_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Allowed3g = table.Column<bool>(type: "INTEGER", nullable: false),
                    Allowed4g = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowedNbIot = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowedNbIotGeo = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApplyDataQuota = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApplySmsQuota = table.Column<bool>(type: "INTEGER", nullable: false),
                    Retail = table.Column<bool>(type: "INTEGER", nullable: false),
                    SmsP2pInt = table.Column<bool>(type: "INTEGER", nullable: false),
                    SmsP2pExt = table.Column<bool>(type: "INTEGER", nullable: false),
                    Prepaid = table.Column<bool>(type: "INTEGER", nullable: false),
                    Nipdp = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowData = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowSmsMt = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowSmsMo = table.Column<bool>(type: "INTEGER", nullable: false),
                    EsmeInterfaceType = table.Column<int>(type: "INTEGER", nullable: true),
                    ApiCallbackId = table.Column<long>(type: "INTEGER", nullable: true),
                    ApiSecretId = table.Column<long>(type: "INTEGER", nullable: true),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_profiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_service_profiles_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sim_batches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Bic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuerOrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerOrganisationId = table.Column<long>(type: "INTEGER", nullable: true),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Registered = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sim_batches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sim_batches_organisations_CustomerOrganisationId",
                        column: x => x.CustomerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sim_batches_organisations_IssuerOrganisationId",
                        column: x => x.IssuerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tariff_profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    TariffId = table.Column<long>(type: "INTEGER", nullable: true),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tariff_profiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tariff_profiles_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Iccid = table.Column<string>(type: "TEXT", maxLength: 19, nullable: false),
                    IccidWithLuhn = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Imsi = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Msisdn = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductionDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActivationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IssuerOrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerOrganisationId = table.Column<long>(type: "INTEGER", nullable: true),
                    SimBatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    ModelId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sims_organisations_CustomerOrganisationId",
                        column: x => x.CustomerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sims_organisations_IssuerOrganisationId",
                        column: x => x.IssuerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sims_sim_batches_SimBatchId",
                        column: x => x.SimBatchId,
                        principalTable: "sim_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "devices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ServiceProfileId = table.Column<long>(type: "INTEGER", nullable: false),
                    TariffProfileId = table.Column<long>(type: "INTEGER", nullable: false),
                    SimId = table.Column<long>(type: "INTEGER", nullable: true),
                    Imei = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ImeiLock = table.Column<bool>(type: "INTEGER", nullable: false),
                    IpAddressSpaceId = table.Column<long>(type: "INTEGER", nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    IpAddressValue = table.Column<long>(type: "INTEGER", nullable: true),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_devices_ip_address_spaces_IpAddressSpaceId",
                        column: x => x.IpAddressSpaceId,
                        principalTable: "ip_address_spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_service_profiles_ServiceProfileId",
                        column: x => x.ServiceProfileId,
                        principalTable: "service_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_sims_SimId",
                        column: x => x.SimId,
                        principalTable: "sims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_tariff_profiles_TariffProfileId",
                        column: x => x.TariffProfileId,
                        principalTable: "tariff_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_devices_IpAddressSpaceId_IpAddressValue",
                table: "devices",
                columns: new[] { "IpAddressSpaceId", "IpAddressValue" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Created",
                table: "devices",
                columns: new[] { "OrganisationId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Id",
                table: "devices",
                columns: new[] { "OrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Imei",
                table: "devices",
                columns: new[] { "OrganisationId", "Imei" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_IpAddress",
                table: "devices",
                columns: new[] { "OrganisationId", "IpAddress" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_LastUpdated",
                table: "devices",
                columns: new[] { "OrganisationId", "LastUpdated" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Name",
                table: "devices",
                columns: new[] { "OrganisationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_ServiceProfileId",
                table: "devices",
                column: "ServiceProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_SimId",
                table: "devices",
                column: "SimId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_TariffProfileId",
                table: "devices",
                column: "TariffProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_EndpointId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_Timestamp",
                table: "events",
                columns: new[] { "OrganisationId", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_ip_address_spaces_FirstAddress_LastAddress",
                table: "ip_address_spaces",
                columns: new[] { "FirstAddress", "LastAddress" });

            migrationBuilder.CreateIndex(
                name: "IX_ip_address_spaces_OrganisationId",
                table: "ip_address_spaces",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_service_profiles_OrganisationId",
                table: "service_profiles",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sim_batches_Bic",
                table: "sim_batches",
                column: "Bic",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sim_batches_CustomerOrganisationId",
                table: "sim_batches",
                column: "CustomerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sim_batches_IssuerOrganisationId",
                table: "sim_batches",
                column: "IssuerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sims_CustomerOrganisationId_Id",
                table: "sims",
                columns: new[] { "CustomerOrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sims_CustomerOrganisationId_Status",
                table: "sims",
                columns: new[] { "CustomerOrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_sims_Iccid",
                table: "sims",
                column: "Iccid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_IccidWithLuhn",
                table: "sims",
                column: "IccidWithLuhn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_Imsi",
                table: "sims",
                column: "Imsi",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_IssuerOrganisationId",
                table: "sims",
                column: "IssuerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sims_Msisdn",
                table: "sims",
                column: "Msisdn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_SimBatchId",
                table: "sims",
                column: "SimBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_tariff_profiles_OrganisationId",
                table: "tariff_profiles",
                column: "OrganisationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "ip_address_spaces");

            migrationBuilder.DropTable(
                name: "service_profiles");

            migrationBuilder.DropTable(
                name: "sims");

            migrationBuilder.DropTable(
                name: "tariff_profiles");

            migrationBuilder.DropTable(
                name: "sim_batches");
        }
    }
}
