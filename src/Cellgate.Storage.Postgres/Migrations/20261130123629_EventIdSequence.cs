using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EventIdSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Event ids unique across nodes: each node reserves blocks of 64 ids (Features/Events/EventIdSequence.cs).
            migrationBuilder.Sql("CREATE SEQUENCE cellgate_event_ids AS bigint INCREMENT BY 64 MINVALUE 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP SEQUENCE cellgate_event_ids;");
        }
    }
}
