using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cellgate.Server.Features.Events;

/// <summary>
/// PostgreSQL (several nodes): event ids come from the database sequence <c>cellgate_event_ids</c>, in blocks of
/// <see cref="BlockSize"/> reserved by one <c>nextval</c>, so two nodes never hand out the same id. On SQLite (one
/// process per database) it is off and <see cref="EventLog"/> counts in the process as before.
/// </summary>
public sealed class EventIdSequence(IOptions<StorageOptions> storage, IServiceProvider services)
{
    public const int BlockSize = 64; // the sequence's INCREMENT BY (migration EventIdSequence)

    public bool Enabled { get; } = storage.Value.IsPostgreSql;

    /// <summary>Reserves the next block; returns its first id (the block is [first, first + <see cref="BlockSize"/>)).</summary>
    public long NextBlock()
    {
        using var connection = services.GetRequiredService<NpgsqlDataSource>().OpenConnection();
        using var command = new NpgsqlCommand("SELECT nextval('cellgate_event_ids')", connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Reserves the next block without blocking a thread; null when the database did not answer (the caller
    /// then reserves one when it needs it).</summary>
    public async Task<long?> NextBlockAheadAsync()
    {
        try
        {
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT nextval('cellgate_event_ids')", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>
    /// Moves the sequence past <paramref name="floor"/> (the time-ordered id of now, or the largest stored id), so ids
    /// keep EMnify's magnitude and never fall below ids already stored. Never moves it back.
    /// </summary>
    public async Task AdvanceAsync(long floor, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT setval('cellgate_event_ids', GREATEST((SELECT last_value FROM cellgate_event_ids), @floor))", connection);
        command.Parameters.AddWithValue("floor", floor);
        await command.ExecuteScalarAsync(ct);
    }
}
