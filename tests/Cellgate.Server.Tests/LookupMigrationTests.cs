using Cellgate.Storage;
using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cellgate.Server.Tests;

/// <summary>The lookup migration on a database that already has organisations (an upgrade, not a fresh start).</summary>
public sealed class LookupMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cellgate-migration-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Organisations_from_before_countries_get_germany_and_the_lookups_are_seeded()
    {
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite(SqliteStorage.ConnectionStringForFile(Path.Combine(_directory, "old.db")));
        await using var db = new CellgateDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261128080748_DeviceCounters");
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO organisations ("Name", "Type", "Status", "Created") VALUES ('Old Org', 1, 1, '2026-01-01 00:00:00')""");

        await migrator.MigrateAsync();

        var org = await db.Organisations.AsNoTracking().SingleAsync();
        Assert.Equal(LookupSeed.DefaultCountryId, org.CountryId);
        Assert.Equal("Germany", (await db.Countries.SingleAsync(c => c.Id == org.CountryId)).Name);
        Assert.Equal(LookupSeed.Operators.Length, await db.Operators.CountAsync());
        Assert.Equal(LookupSeed.Values.Length, await db.LookupValues.CountAsync());
    }
}
