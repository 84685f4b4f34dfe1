using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <summary>
    /// Events use EMnify's three sources only (0 Network, 1 Policy Control, 2 API). Earlier versions stored Cellgate's
    /// own 3 (Portal) and 4 (System, the demo data); EMnify records both kinds of action as 2 API.
    /// </summary>
    public partial class EventSourcesAsEmnify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE events SET "EventSource" = 2 WHERE "EventSource" IN (3, 4);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The mapping loses which events were 3 or 4; API (2) stays a valid source for older versions.
        }
    }
}
