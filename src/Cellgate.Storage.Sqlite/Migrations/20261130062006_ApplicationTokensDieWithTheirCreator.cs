using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ApplicationTokensDieWithTheirCreator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_application_tokens_users_CreatorId",
                table: "application_tokens");

            migrationBuilder.AddForeignKey(
                name: "FK_application_tokens_users_CreatorId",
                table: "application_tokens",
                column: "CreatorId",
                principalTable: "users",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_application_tokens_users_CreatorId",
                table: "application_tokens");

            migrationBuilder.AddForeignKey(
                name: "FK_application_tokens_users_CreatorId",
                table: "application_tokens",
                column: "CreatorId",
                principalTable: "users",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }
    }
}
