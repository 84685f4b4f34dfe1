using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataStreams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_stream_queue",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StreamId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_stream_queue", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_streams",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DataStreamType = table.Column<int>(type: "INTEGER", nullable: false),
                    RelationResolution = table.Column<bool>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Headers = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    EventTypeIds = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    Alert = table.Column<bool>(type: "INTEGER", nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OutboxWebhookId = table.Column<long>(type: "INTEGER", nullable: true),
                    Created = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_streams", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_streams_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_stream_queue_Created",
                table: "data_stream_queue",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_data_stream_queue_StreamId_Id",
                table: "data_stream_queue",
                columns: new[] { "StreamId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_data_streams_OrganisationId_Status",
                table: "data_streams",
                columns: new[] { "OrganisationId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_stream_queue");

            migrationBuilder.DropTable(
                name: "data_streams");
        }
    }
}
