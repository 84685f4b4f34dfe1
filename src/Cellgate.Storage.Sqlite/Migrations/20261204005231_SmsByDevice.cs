using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SmsByDevice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An endpoint's SMS by (device, organisation, id), filled in bulk behind the submits (SmsDeviceIndexer) up to
            // sms_by_device_mark: an index by device took a page write per SMS in each group commit over many endpoints
            // (issue 11). The SMS above the mark are read from the table's tail (EndpointSmsReader). Outside EF's model
            // (raw SQL: a table without a rowid and without an entity); SmsQueuePlanTests reads both.
            migrationBuilder.Sql("""
                CREATE TABLE "sms_by_device" ("DeviceId" INTEGER NOT NULL, "OrganisationId" INTEGER NOT NULL, "Id" INTEGER NOT NULL,
                    PRIMARY KEY ("DeviceId", "OrganisationId", "Id")) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE "sms_by_device_mark" ("Key" INTEGER NOT NULL PRIMARY KEY CHECK ("Key" = 1), "Mark" INTEGER NOT NULL);
                """);
            migrationBuilder.Sql("""
                INSERT INTO "sms_by_device" ("DeviceId", "OrganisationId", "Id")
                SELECT "DeviceId", "OrganisationId", "Id" FROM "sms" ORDER BY "DeviceId", "OrganisationId", "Id";
                """);
            migrationBuilder.Sql("""INSERT INTO "sms_by_device_mark" ("Key", "Mark") VALUES (1, COALESCE((SELECT MAX("Id") FROM "sms"), 0));""");
            migrationBuilder.DropIndex(
                name: "IX_sms_DeviceId_OrganisationId_Id",
                table: "sms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_sms_DeviceId_OrganisationId_Id",
                table: "sms",
                columns: new[] { "DeviceId", "OrganisationId", "Id" });
            migrationBuilder.Sql("DROP TABLE \"sms_by_device_mark\";");
            migrationBuilder.Sql("DROP TABLE \"sms_by_device\";");
        }
    }
}
