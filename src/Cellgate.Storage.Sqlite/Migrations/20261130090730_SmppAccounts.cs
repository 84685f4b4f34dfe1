using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SmppAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SmppForward",
                table: "sms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "smpp_accounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_smpp_accounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_smpp_accounts_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sms_smpp_forward",
                table: "sms",
                columns: new[] { "OrganisationId", "Id" },
                filter: "\"SmppForward\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_smpp_accounts_OrganisationId",
                table: "smpp_accounts",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_smpp_accounts_SystemId",
                table: "smpp_accounts",
                column: "SystemId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "smpp_accounts");

            migrationBuilder.DropIndex(
                name: "ix_sms_smpp_forward",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "SmppForward",
                table: "sms");
        }
    }
}
