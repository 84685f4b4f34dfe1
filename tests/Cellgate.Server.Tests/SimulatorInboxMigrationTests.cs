using Cellgate.Delivery;
using Cellgate.Server.Features.Simulator;
using Cellgate.Storage;
using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cellgate.Server.Tests;

/// <summary>
/// The handset inbox moved from its own table onto the SMS rows it received (issue 11), on a database written in the
/// old shape: every received SMS stays in its handset's inbox with its time of receipt and its duplicates, in the order
/// of receipt; an SMS not received is in no inbox; and receiving again counts a duplicate, once per redelivery.
/// </summary>
public sealed class SimulatorInboxMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cellgate-migration-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Received_sms_keep_their_receipt_time_duplicates_and_order_and_a_redelivery_is_counted()
    {
        var file = SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, "old.db"));
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite(file);
        await using var db = new CellgateDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261203152650_SmsListByDevice");
        // Four SMS to device 7 and one to device 8. Device 7 received SMS 3 (scheduled earlier, say) before SMS 2, SMS 1
        // twice (one duplicate), and not SMS 5 (still pending). The old inbox repeated each SMS's text.
        (long Id, long Device, string Text)[] sms = [(1, 7, "first"), (2, 7, "second ü"), (3, 7, "third"), (4, 8, "other handset"), (5, 7, "pending")];
        foreach (var (id, device, text) in sms)
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO sms ("Id", "OrganisationId", "DeviceId", "Type", "Status", "Iccid", "Msisdn", "Imsi", "SourceAddress", "SourceAddressType",
                    "Payload", "Dcs", "Pid", "Udh", "PartNumber", "PartCount", "RegisteredDelivery", "EsmeInterfaceType", "P2pExt",
                    "SubmitDate", "ExpiryDate", "RetryDate", "LastDeliveryAttempt", "FinalDate", "RetryCount", "Alerted")
                VALUES (@id, 1, @device, 1, 4, '', '', '', '4930', 161, @text, 8, 0, '', 1, 1, 0, 1, 0,
                    '2026-01-01 09:00:00', '2026-01-02 09:00:00', '2026-01-01 09:00:00', '2026-01-01 09:30:00', '2026-01-01 09:30:00', 0, 0)
                """, new SqliteParameter("@id", id), new SqliteParameter("@device", device), new SqliteParameter("@text", text));
        (long Sms, long Device, string Received, int Duplicates)[] inbox =
            [(1, 7, "2026-01-01 09:00:01", 1), (3, 7, "2026-01-01 09:00:02", 0), (2, 7, "2026-01-01 09:00:03.5000001", 0), (4, 8, "2026-01-01 09:00:02", 0)];
        foreach (var (id, device, received, duplicates) in inbox)
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO simulator_inbox ("DeviceId", "SmsId", "Payload", "Udh", "Dcs", "SourceAddress", "Received", "Duplicates")
                VALUES (@device, @id, 'copy', '', 8, '4930', @received, @duplicates)
                """, new SqliteParameter("@device", device), new SqliteParameter("@id", id), new SqliteParameter("@received", received),
                new SqliteParameter("@duplicates", duplicates));

        await migrator.MigrateAsync();

        var seven = await SimulatorApi.InboxOf(db, 7).ToListAsync();
        Assert.Equal([1L, 3L, 2L], seven.Select(e => e.SmsId));
        Assert.Equal(["first", "third", "second ü"], seven.Select(e => e.Payload));
        Assert.Equal([1, 0, 0], seven.Select(e => e.Duplicates));
        Assert.Equal(new DateTime(2026, 1, 1, 9, 0, 3, 500).AddTicks(1), seven[2].Received); // to the tick
        Assert.All(seven, e => Assert.Equal(("4930", 8), (e.SourceAddress, e.Dcs)));
        Assert.Equal([4L], (await SimulatorApi.InboxOf(db, 8).ToListAsync()).Select(e => e.SmsId));

        // The handset receives SMS 3 again and SMS 5 for the first time: 3 is a duplicate (counted, its time kept), 5 is
        // new and comes last (the latest receipt).
        await using var connection = new SqliteConnection(file);
        await connection.OpenAsync();
        await using (var transaction = connection.BeginTransaction())
        {
            var later = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
            ClaimedSms Claimed(long id) => new(id, 1, 7, null, "", "4930", 161, "", 8, 0, "", 1, 1, null, 0, true, true, null, null);
            var duplicates = await SimulatorStore.ReceiveManyAsync(connection, transaction, [Claimed(3), Claimed(5)], later, CancellationToken.None);
            Assert.Equal([3L], duplicates);
            duplicates = await SimulatorStore.ReceiveManyAsync(connection, transaction, [Claimed(3)], later.AddSeconds(1), CancellationToken.None);
            Assert.Equal([3L], duplicates);
            transaction.Commit();
        }
        SqlCommands.Forget(connection);
        seven = await SimulatorApi.InboxOf(db, 7).ToListAsync();
        Assert.Equal([1L, 3L, 2L, 5L], seven.Select(e => e.SmsId));
        Assert.Equal([1, 2, 0, 0], seven.Select(e => e.Duplicates));
        Assert.Equal(new DateTime(2026, 1, 1, 9, 0, 2), seven[1].Received);
        Assert.Equal(new DateTime(2026, 1, 1, 10, 0, 0), seven[3].Received);
    }
}
