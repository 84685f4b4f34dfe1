using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <summary>
    /// <c>IX_sms_MessageId</c> only over the SMS that have a <c>MessageId</c> (the later parts of a multi-part SMS): each
    /// single-part SMS added a NULL entry that no lookup reads (they all compare the column to a value), a page written
    /// by nearly every group commit of the submit path (issue 11).
    /// </summary>
    public partial class SmsMessageIdIndexPartial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sms_MessageId",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "IX_sms_MessageId",
                table: "sms",
                column: "MessageId",
                filter: "\"MessageId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sms_MessageId",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "IX_sms_MessageId",
                table: "sms",
                column: "MessageId");
        }
    }
}
