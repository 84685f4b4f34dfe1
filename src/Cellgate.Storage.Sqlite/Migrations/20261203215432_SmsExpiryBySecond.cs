using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SmsExpiryBySecond : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The expiry sweep's index by (the expiry's second, device, id): a backlog's drain deletes a device's run from a
            // few pages of it instead of one page per SMS (SmsQueue.ExpireSqlSqlite; EF has no expression indexes).
            migrationBuilder.Sql("""
                CREATE INDEX "ix_sms_pending_expiry_by_second" ON "sms" (substr("ExpiryDate", 1, 19), "DeviceId", "Id")
                WHERE "FinalDate" IS NULL AND "Type" = 1;
                """);
            migrationBuilder.DropIndex(
                name: "ix_sms_pending_expiry",
                table: "sms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"ix_sms_pending_expiry_by_second\";");
            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_expiry",
                table: "sms",
                column: "ExpiryDate",
                filter: "\"FinalDate\" IS NULL AND \"Type\" = 1");
        }
    }
}
