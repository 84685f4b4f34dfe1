using System.Runtime.CompilerServices;
using Cellgate.Storage;
using Cellgate.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Tests.Support;

/// <summary>
/// Where the tests' databases live, and the migrated schema every <see cref="CellgateApp"/> starts from — the two
/// things that made the suite slow (docs/testing.md): every commit of a test's SQLite file is fsync'd
/// (<c>synchronous=FULL</c>), and every test used to apply all migrations to an empty file.
/// </summary>
public static class TestStorage
{
    /// <summary>Set it to a folder to choose where the tests' temporary files go (the default: /dev/shm when it has room).</summary>
    public const string TempVariable = "CELLGATE_TEST_TMPDIR";

    private const long MemoryTempMinimumFree = 2L << 30;

    /// <summary>
    /// Points TMPDIR (read by <see cref="Path.GetTempPath"/>, <see cref="Directory.CreateTempSubdirectory"/> and the server
    /// processes the tests start) at a memory-backed folder when /dev/shm has room: there an fsync costs nothing, on the
    /// shared disk it costs milliseconds. Process kills (the crash tests) keep what was written either way; only a power
    /// cut would tell the two apart, and no test makes one. A small /dev/shm (a container's 64 MB) is left alone.
    /// </summary>
#pragma warning disable CA2255 // a module initializer in a test library: it must run before any test class picks a folder
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PutTemporaryFilesInMemory()
    {
        try
        {
            var chosen = Environment.GetEnvironmentVariable(TempVariable);
            if (string.IsNullOrEmpty(chosen))
            {
                if (!OperatingSystem.IsLinux() || !Directory.Exists("/dev/shm")) return;
                if (new DriveInfo("/dev/shm").AvailableFreeSpace < MemoryTempMinimumFree) return;
                chosen = "/dev/shm/cellgate-tests-tmp";
            }
            Directory.CreateDirectory(chosen);
            Environment.SetEnvironmentVariable("TMPDIR", chosen);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The system's temporary folder then: slower, not wrong.
        }
    }

    private static readonly Lazy<byte[]> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Writes a SQLite database with every migration applied (and nothing else: no organisation, no bootstrap) to
    /// <paramref name="path"/>. The migrations run once per test run; each test copies the result, and the server's own
    /// start-up migration then finds nothing to apply. Its bootstrap (operator, tokens, demo data) runs as on a fresh file.
    /// </summary>
    public static void WriteMigratedDatabase(string path) => File.WriteAllBytes(path, Template.Value);

    private static byte[] CreateTemplate()
    {
        var folder = Directory.CreateTempSubdirectory("cellgate-template-").FullName;
        try
        {
            var file = Path.Combine(folder, "template.db");
            var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
            var options = new DbContextOptionsBuilder<CellgateDbContext>();
            options.UseCellgateSqlite(connectionString);
            using (var db = new CellgateDbContext(options.Options))
            {
                db.Database.Migrate();
                // Everything into the main file (WAL mode stays set in its header), so that the file alone is the database.
                db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            return File.ReadAllBytes(file);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
