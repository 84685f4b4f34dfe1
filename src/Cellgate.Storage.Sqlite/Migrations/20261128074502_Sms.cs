using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Sms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "simulated_devices",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Attached = table.Column<bool>(type: "INTEGER", nullable: false),
                    Fault = table.Column<int>(type: "INTEGER", nullable: false),
                    Echo = table.Column<bool>(type: "INTEGER", nullable: false),
                    ToggleSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    NextToggle = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastChange = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulated_devices", x => x.DeviceId);
                });

            migrationBuilder.CreateTable(
                name: "simulator_inbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    SmsId = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Udh = table.Column<string>(type: "TEXT", nullable: false),
                    Dcs = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceAddress = table.Column<string>(type: "TEXT", nullable: false),
                    Received = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulator_inbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    SimId = table.Column<long>(type: "INTEGER", nullable: true),
                    Iccid = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Msisdn = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Imsi = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SourceAddress = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SourceAddressType = table.Column<int>(type: "INTEGER", nullable: false),
                    DestAddress = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Payload = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Dcs = table.Column<int>(type: "INTEGER", nullable: false),
                    Pid = table.Column<int>(type: "INTEGER", nullable: false),
                    Udh = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    PartNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    PartCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RegisteredDelivery = table.Column<int>(type: "INTEGER", nullable: false),
                    EsmeInterfaceType = table.Column<int>(type: "INTEGER", nullable: false),
                    P2pExt = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmitDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RetryDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveryDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinalDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastDeliveryAttempt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RetryCount = table.Column<int>(type: "INTEGER", nullable: false),
                    GsmMapError = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Alerted = table.Column<bool>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sms_quotas",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Volume = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ThresholdPercentage = table.Column<int>(type: "INTEGER", nullable: false),
                    ThresholdVolume = table.Column<long>(type: "INTEGER", nullable: false),
                    LastVolumeAdded = table.Column<long>(type: "INTEGER", nullable: false),
                    LastStatusChangeDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AutoRefill = table.Column<int>(type: "INTEGER", nullable: false),
                    ActionOnExhaustion = table.Column<int>(type: "INTEGER", nullable: false),
                    ThresholdReported = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_quotas", x => x.DeviceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_simulated_devices_NextToggle",
                table: "simulated_devices",
                column: "NextToggle",
                filter: "\"NextToggle\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_DeviceId_Id",
                table: "simulator_inbox",
                columns: new[] { "DeviceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_SmsId",
                table: "simulator_inbox",
                column: "SmsId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sms_MessageId",
                table: "sms",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "ix_sms_due",
                table: "sms",
                columns: new[] { "RetryDate", "Id" },
                filter: "\"Status\" IN (1, 2, 3) AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_by_device",
                table: "sms",
                columns: new[] { "DeviceId", "Id" },
                filter: "\"Status\" IN (1, 2, 3) AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_expiry",
                table: "sms",
                column: "ExpiryDate",
                filter: "\"Status\" IN (1, 2, 3) AND \"Type\" = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "simulated_devices");

            migrationBuilder.DropTable(
                name: "simulator_inbox");

            migrationBuilder.DropTable(
                name: "sms");

            migrationBuilder.DropTable(
                name: "sms_quotas");
        }
    }
}
