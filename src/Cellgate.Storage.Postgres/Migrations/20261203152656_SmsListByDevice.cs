using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
{
    /// <summary>
    /// <c>IX_sms_DeviceId_OrganisationId_Id</c>: an endpoint's SMS list (and its count, for a page) read on an index
    /// instead of every SMS. The model declared the listing index and the partial queue index on the same columns, and
    /// EF took them for one, so only the partial one was ever created. The handset inbox's own index by device goes: its
    /// reads go through this one, and each index keyed by device writes a page per device per group commit (issue 11).
    /// </summary>
    public partial class SmsListByDevice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_simulator_inbox_DeviceId_Id",
                table: "simulator_inbox");

            migrationBuilder.CreateIndex(
                name: "IX_sms_DeviceId_OrganisationId_Id",
                table: "sms",
                columns: new[] { "DeviceId", "OrganisationId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sms_DeviceId_OrganisationId_Id",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_DeviceId_Id",
                table: "simulator_inbox",
                columns: new[] { "DeviceId", "Id" });
        }
    }
}
