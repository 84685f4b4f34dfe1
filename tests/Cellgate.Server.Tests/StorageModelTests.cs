using Cellgate.Storage;
using Cellgate.Storage.Postgres;
using Cellgate.Storage.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Tests;

/// <summary>
/// A change to the model without its migration fails here, for both providers, on every run (SQLite or PostgreSQL):
/// the server's start no longer asks EF's migrator, which made this check on every start (StorageSetup.MigrateAsync).
/// Neither check opens a connection: it compares the model with the last migration's snapshot.
/// </summary>
public class StorageModelTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgateSqlite("Data Source=unused.db");
        using var db = new CellgateDbContext(options.Options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes without a SQLite migration: add one (docs/postgresql.md, Schema and migrations)");
    }

    [Fact]
    public void The_postgresql_migrations_match_the_model()
    {
        using var dataSource = PostgresStorage.CreateDataSource("Host=localhost;Database=unused");
        var options = new DbContextOptionsBuilder<CellgateDbContext>();
        options.UseCellgatePostgres(dataSource);
        using var db = new CellgateDbContext(options.Options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes without a PostgreSQL migration: add one (docs/postgresql.md, Schema and migrations)");
    }
}
