using Cellgate.Storage;
using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cellgate.Server.Tests;

/// <summary>
/// The queue's partial indexes moved from the status to <c>FinalDate</c> (SmsQueueFilter) on a database with SMS in
/// every state: what left the queue without a final date (cancelled) gets one, what is still queued has none.
/// </summary>
public sealed class SmsQueueFilterMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cellgate-migration-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Cancelled_sms_get_a_final_date_and_the_queue_indexes_hold_exactly_the_queued_ones()
    {
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite(SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, "old.db")));
        await using var db = new CellgateDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261201050000_UsagePendingKeyedWithoutRowid");
        // Type, Status, FinalDate: pending, in progress, buffered, delivered, failed, expired, cancelled (no final date, as
        // Cellgate stored them before), a pending one with a stray final date, and an MO SMS.
        (int Type, int Status, string? Final)[] rows =
        [
            (1, 1, null), (1, 2, null), (1, 3, null), (1, 4, "2026-01-01 10:00:00"), (1, 5, "2026-01-01 10:00:00"),
            (1, 6, "2026-01-01 10:00:00"), (1, 7, null), (1, 1, "2026-01-01 10:00:00"), (2, 4, "2026-01-01 10:00:00"),
        ];
        foreach (var (type, status, final) in rows)
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO sms ("OrganisationId", "DeviceId", "Type", "Status", "Iccid", "Msisdn", "Imsi", "SourceAddress", "SourceAddressType",
                    "Payload", "Dcs", "Pid", "Udh", "PartNumber", "PartCount", "RegisteredDelivery", "EsmeInterfaceType", "P2pExt",
                    "SubmitDate", "ExpiryDate", "RetryDate", "LastDeliveryAttempt", "FinalDate", "RetryCount", "Alerted")
                VALUES (1, 1, @type, @status, '', '', '', '', 161, 'text', 0, 0, '', 1, 1, 0, 1, 0,
                    '2026-01-01 09:00:00', '2026-01-02 09:00:00', '2026-01-01 09:00:00', '2026-01-01 09:30:00', @final, 0, 0)
                """, new SqliteParameter("@type", type), new SqliteParameter("@status", status), new SqliteParameter("@final", (object?)final ?? DBNull.Value));

        await migrator.MigrateAsync();

        var stored = await db.Sms.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Type, s.Status, s.FinalDate }).ToListAsync();
        Assert.Equal(rows.Length, stored.Count);
        Assert.Equal(new DateTime(2026, 1, 1, 9, 30, 0), stored[6].FinalDate); // cancelled: its last attempt's time
        Assert.Null(stored[7].FinalDate); // still queued
        for (var i = 0; i < stored.Count; i++)
            Assert.Equal(stored[i].Type == Storage.Entities.SmsType.Mt && (int)stored[i].Status is 1 or 2 or 3, stored[i].FinalDate is null);

        // The queue's indexes hold the four queued SMS, and a query with the filter verbatim reads them from it.
        await using var connection = new SqliteConnection(SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, "old.db")));
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = $"""SELECT COUNT(*) FROM sms INDEXED BY ix_sms_pending_by_device WHERE {Storage.Entities.SmsQueueFilter.Pending} AND "DeviceId" = 1""";
        Assert.Equal(4L, await count.ExecuteScalarAsync());
    }
}
