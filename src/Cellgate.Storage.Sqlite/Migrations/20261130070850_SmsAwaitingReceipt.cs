using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SmsAwaitingReceipt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReceiptDue",
                table: "sms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Transport",
                table: "sms",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpstreamId",
                table: "sms",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_sms_receipt_due",
                table: "sms",
                column: "ReceiptDue",
                filter: "\"ReceiptDue\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sms_upstream",
                table: "sms",
                columns: new[] { "UpstreamId", "Transport" },
                filter: "\"UpstreamId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sms_receipt_due",
                table: "sms");

            migrationBuilder.DropIndex(
                name: "ix_sms_upstream",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "ReceiptDue",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "Transport",
                table: "sms");

            migrationBuilder.DropColumn(
                name: "UpstreamId",
                table: "sms");
        }
    }
}
