using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AddColumn<int>(
                name: "Dcs",
                table: "simulator_inbox",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "simulator_inbox",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "SourceAddress",
                table: "simulator_inbox",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "Udh",
                table: "simulator_inbox",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");

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
