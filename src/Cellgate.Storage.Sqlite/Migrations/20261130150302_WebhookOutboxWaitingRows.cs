using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WebhookOutboxWaitingRows : Migration
    {
        /// <summary>
        /// A pending webhook behind an older pending one of its ordering key now waits (NextAttempt = WebhookOutbox.Waiting,
        /// '9999-12-31 00:00:00') until its predecessor ends; the rows already queued are brought into that form (docs/webhooks.md).
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE webhook_outbox SET "NextAttempt" = '9999-12-31 00:00:00'
                WHERE "State" IN (1, 2) AND "State" = 1 AND "OrderingKey" IS NOT NULL
                  AND EXISTS (SELECT 1 FROM webhook_outbox o WHERE o."OrderingKey" = webhook_outbox."OrderingKey"
                              AND o."State" IN (1, 2) AND o."Id" < webhook_outbox."Id")
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE webhook_outbox SET "NextAttempt" = "Created" WHERE "State" = 1 AND "NextAttempt" = '9999-12-31 00:00:00'
                """);
        }
    }
}
