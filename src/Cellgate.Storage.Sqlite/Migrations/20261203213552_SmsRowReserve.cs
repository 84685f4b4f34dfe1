using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SmsRowReserve : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Reserve",
                table: "sms",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Reserve",
                table: "sms");
        }
    }
}
