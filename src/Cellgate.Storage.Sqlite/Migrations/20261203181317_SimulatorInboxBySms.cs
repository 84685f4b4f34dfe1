using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SimulatorInboxBySms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_simulator_inbox",
                table: "simulator_inbox");

            migrationBuilder.DropIndex(
                name: "IX_simulator_inbox_SmsId",
                table: "simulator_inbox");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "simulator_inbox");

            migrationBuilder.DropColumn(
                name: "Dcs",
                table: "simulator_inbox");

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "simulator_inbox");

            migrationBuilder.DropColumn(
                name: "SourceAddress",
                table: "simulator_inbox");

            migrationBuilder.DropColumn(
                name: "Udh",
                table: "simulator_inbox");

            migrationBuilder.AddPrimaryKey(
                name: "PK_simulator_inbox",
                table: "simulator_inbox",
                column: "SmsId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_simulator_inbox",
                table: "simulator_inbox");

            migrationBuilder.AddColumn<long>(
                name: "Id",
                table: "simulator_inbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Sqlite:Autoincrement", true);

            migrationBuilder.AddColumn<int>(
                name: "Dcs",
                table: "simulator_inbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "simulator_inbox",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SourceAddress",
                table: "simulator_inbox",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Udh",
                table: "simulator_inbox",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_simulator_inbox",
                table: "simulator_inbox",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_SmsId",
                table: "simulator_inbox",
                column: "SmsId",
                unique: true);
        }
    }
}
