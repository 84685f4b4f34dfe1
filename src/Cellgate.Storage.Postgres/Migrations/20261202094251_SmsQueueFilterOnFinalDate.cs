using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
{
    /// <summary>
    /// The SMS queue's partial indexes filtered on <c>"FinalDate" IS NULL</c> instead of the status (SmsQueueFilter): a
    /// claim changes the status but no column of these indexes, so it no longer rewrites three index entries per SMS.
    /// First the invariant the new filter needs: every MT SMS that left the queue has a <c>FinalDate</c> (cancelled ones
    /// had none: they get their last known time, which the API does not show) and none still in it has one.
    /// </summary>
    public partial class SmsQueueFilterOnFinalDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE sms SET "FinalDate" = COALESCE("DeliveryDate", "LastDeliveryAttempt", "SubmitDate")
                WHERE "Type" = 1 AND "FinalDate" IS NULL AND "Status" NOT IN (1, 2, 3);
                """);
            migrationBuilder.Sql("""
                UPDATE sms SET "FinalDate" = NULL WHERE "Type" = 1 AND "FinalDate" IS NOT NULL AND "Status" IN (1, 2, 3);
                """);

            migrationBuilder.DropIndex(
                name: "ix_sms_due",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "ix_sms_pending_by_device",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "ix_sms_pending_expiry",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "ix_sms_due",
                table: "sms",
                columns: new[] { "RetryDate", "Id" },
                filter: "\"FinalDate\" IS NULL AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_by_device",
                table: "sms",
                columns: new[] { "DeviceId", "Id" },
                filter: "\"FinalDate\" IS NULL AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_expiry",
                table: "sms",
                column: "ExpiryDate",
                filter: "\"FinalDate\" IS NULL AND \"Type\" = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sms_due",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "ix_sms_pending_by_device",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "ix_sms_pending_expiry",
                table: "sms");

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
    }
}
