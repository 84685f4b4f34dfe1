using System.Net;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12: several nodes on one database. Each node's write gates are per process, so between nodes the database's
/// constraints decide; the loser of a race hears 409, never a 500.
/// </summary>
public sealed class MultiNodeTests : IDisposable
{
    private readonly CellgateApp _a = new();
    public void Dispose() => _a.Dispose();

    [Fact]
    public async Task Two_nodes_creating_endpoints_with_the_same_sim_at_once_answer_one_201_and_409_for_the_rest()
    {
        var opA = await _a.OperatorAsync();
        await opA.SetupAsync();
        var sims = await opA.ImportSimsAsync(4, await opA.OrganisationIdAsync());
        using var b = new CellgateApp(_a.Directory); // a second node on the same database
        b.Clock.SetUtcNow(_a.Clock.GetUtcNow());
        var opB = await b.OperatorAsync();

        foreach (var sim in sims)
        {
            var body = new { name = $"racer {sim.Id}", sim = new { id = sim.Id } };
            var jsonA = await opA.WithEndpointDefaultsAsync(body);
            var jsonB = await opB.WithEndpointDefaultsAsync(body);
            var answers = await Task.WhenAll(
                Enumerable.Range(0, 3).SelectMany(_ => new[]
                {
                    opA.PostAsync("/api/v1/endpoint", Resources.Json(jsonA)),
                    opB.PostAsync("/api/v1/endpoint", Resources.Json(jsonB)),
                }));
            var statuses = answers.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 201) == 1 && statuses.Count(s => s == 409) == statuses.Count - 1,
                $"SIM {sim.Id}: expected one 201 and 409 for the rest, got {string.Join(", ", statuses)}");
            foreach (var refused in answers.Where(r => r.StatusCode == HttpStatusCode.Conflict))
                await HttpAssert.ErrorAsync(refused, 409, 1405, "Duplicated");
        }
    }

    [SkippableFact]
    public async Task Two_nodes_writing_at_the_same_moment_give_their_events_distinct_ids()
    {
        // Both nodes' clocks stand still at the same instant: per-process time-ordered ids would collide at once.
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var opA = await _a.OperatorAsync();
        var setup = await opA.SetupAsync("10.77.0.0/24");
        var sims = await opA.ImportSimsAsync(8, await opA.OrganisationIdAsync());
        using var b = new CellgateApp(_a.Directory);
        b.Clock.SetUtcNow(_a.Clock.GetUtcNow());
        var opB = await b.OperatorAsync();

        var creates = sims.Select(async (sim, i) =>
        {
            var client = i % 2 == 0 ? opA : opB;
            return await client.PostAsync("/api/v1/endpoint", Resources.Json(await client.WithEndpointDefaultsAsync(new
            {
                // Addresses given: the two nodes' automatic allocations would race for the same next free address (409).
                name = $"n{i}", sim = new { id = sim.Id }, ip_address_space = new { id = setup.IpAddressSpaceId }, ip_address = $"10.77.0.{10 + i}",
            })));
        });
        var answers = await Task.WhenAll(creates);
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = (await opA.GetJsonAsync("/api/v1/event?per_page=1000")).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.True(ids.Count >= 2 * sims.Count, $"only {ids.Count} events");
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
