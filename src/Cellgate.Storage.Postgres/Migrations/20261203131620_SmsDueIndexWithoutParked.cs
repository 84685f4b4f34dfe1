using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
{
    /// <summary>
    /// <c>ix_sms_due</c> without the parked SMS (<c>"RetryDate" &lt; '8999-12-31'</c>: a parked one's is the year 9000),
    /// which no claim window reads: releasing a device's backlog no longer deletes an entry from the parked part of the
    /// index, where the device's SMS lie a page apart, for every SMS drained (issue 11).
    /// </summary>
    public partial class SmsDueIndexWithoutParked : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sms_due",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "ix_sms_due",
                table: "sms",
                columns: new[] { "RetryDate", "Id" },
                filter: "\"FinalDate\" IS NULL AND \"Type\" = 1 AND \"RetryDate\" < '8999-12-31'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sms_due",
                table: "sms");

            migrationBuilder.CreateIndex(
                name: "ix_sms_due",
                table: "sms",
                columns: new[] { "RetryDate", "Id" },
                filter: "\"FinalDate\" IS NULL AND \"Type\" = 1");
        }
    }
}
