using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12: each node caches which data streams an organisation has; on PostgreSQL a stream created through one node
/// captures the events written through every other node from then on (the change is published with
/// <c>LISTEN/NOTIFY</c>), not only those of the node that created it.
/// </summary>
public sealed class DataStreamsAcrossNodesTests : IDisposable
{
    private readonly CellgateApp _a = new();
    private CellgateApp? _b;

    public void Dispose()
    {
        _b?.Dispose();
        _a.Dispose();
    }

    [SkippableFact]
    public async Task A_stream_created_through_node_A_captures_the_events_written_through_node_B()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var opA = await _a.OperatorAsync();
        _b = new CellgateApp(_a.Directory);
        _b.Clock.SetUtcNow(_a.Clock.GetUtcNow());
        var opB = await _b.OperatorAsync();
        var feed = _b.Services.GetRequiredService<PrincipalChangeFeed>();
        await Eventually.HoldsAsync(() => feed.Listening, "node B's change feed does not listen");
        await opB.ServiceProfileAsync("before the stream"); // node B now knows the organisation has no stream

        // Paused: it captures without sending anything anywhere.
        var stream = await DataStreamTests.CreateAsync(opA, DataStreamTests.RestApi("http://127.0.0.1:9/events", paused: true));
        await opB.ServiceProfileAsync("after the stream");

        await using var connection = await TestDatabase.OpenAsync(_a.Directory);
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT count(*) FROM data_stream_queue WHERE "StreamId" = @stream""";
        var parameter = count.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("stream", stream);
        count.Parameters.Add(parameter);
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
