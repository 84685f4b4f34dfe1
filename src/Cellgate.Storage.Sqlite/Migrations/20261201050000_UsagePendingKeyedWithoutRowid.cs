using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cellgate.Storage.Sqlite.Migrations
{
    /// <summary>
    /// usage_pending keyed (DeviceId, SimId, Hour) as a WITHOUT ROWID table, with Day and Month virtual columns computed
    /// from Hour (UsagePendingConfiguration). Written by hand: EF has no switch for WITHOUT ROWID, and its table rebuild
    /// would copy rows that may hold several per key (before usage4, a row per batch) — they are summed per key here.
    /// </summary>
    public partial class UsagePendingKeyedWithoutRowid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_usage_pending" (
                    "DeviceId" INTEGER NOT NULL,
                    "SimId" INTEGER NOT NULL,
                    "Hour" TEXT NOT NULL,
                    "OrganisationId" INTEGER NOT NULL,
                    "BytesUp" INTEGER NOT NULL,
                    "BytesDown" INTEGER NOT NULL,
                    "SmsMo" INTEGER NOT NULL,
                    "SmsMt" INTEGER NOT NULL,
                    "Day" TEXT AS (substr("Hour", 1, 10) || ' 00:00:00') VIRTUAL,
                    "Month" TEXT AS (substr("Hour", 1, 8) || '01 00:00:00') VIRTUAL,
                    CONSTRAINT "PK_usage_pending" PRIMARY KEY ("DeviceId", "SimId", "Hour")
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_usage_pending" ("DeviceId", "SimId", "Hour", "OrganisationId", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
                SELECT "DeviceId", "SimId", "Hour", MIN("OrganisationId"), SUM("BytesUp"), SUM("BytesDown"), SUM("SmsMo"), SUM("SmsMt")
                FROM "usage_pending" GROUP BY "DeviceId", "SimId", "Hour";
                """);
            migrationBuilder.Sql("""DROP TABLE "usage_pending";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_usage_pending" RENAME TO "usage_pending";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_usage_pending" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_usage_pending" PRIMARY KEY AUTOINCREMENT,
                    "OrganisationId" INTEGER NOT NULL,
                    "DeviceId" INTEGER NOT NULL,
                    "SimId" INTEGER NOT NULL,
                    "Hour" TEXT NOT NULL,
                    "Day" TEXT NOT NULL,
                    "Month" TEXT NOT NULL,
                    "BytesUp" INTEGER NOT NULL,
                    "BytesDown" INTEGER NOT NULL,
                    "SmsMo" INTEGER NOT NULL,
                    "SmsMt" INTEGER NOT NULL
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_usage_pending" ("OrganisationId", "DeviceId", "SimId", "Hour", "Day", "Month", "BytesUp", "BytesDown", "SmsMo", "SmsMt")
                SELECT "OrganisationId", "DeviceId", "SimId", "Hour", "Day", "Month", "BytesUp", "BytesDown", "SmsMo", "SmsMt" FROM "usage_pending";
                """);
            migrationBuilder.Sql("""DROP TABLE "usage_pending";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_usage_pending" RENAME TO "usage_pending";""");
            migrationBuilder.CreateIndex(name: "IX_usage_pending_DeviceId", table: "usage_pending", column: "DeviceId");
        }
    }
}
