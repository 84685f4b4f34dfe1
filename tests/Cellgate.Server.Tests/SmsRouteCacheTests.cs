using System.Net;
using Cellgate.Delivery;
using Cellgate.Server.Features.Sms;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 11: the submit path reads the endpoint's route (device, SIM, service profile) from a cache. A change saved on
/// this node is seen at once; one written by another node on the same database (here: raw SQL, which moves no version)
/// at the latest after <see cref="SmsRoutes.MaxAge"/>.
/// </summary>
public sealed class SmsRouteCacheTests : IDisposable
{
    private readonly CellgateApp _app = new CellgateApp().With("Cellgate:Delivery:Enabled", "false");

    public void Dispose() => _app.Dispose();

    private void WriteAsAnotherNode(string sql)
    {
        using var connection = _app.Services.GetRequiredService<SmsDatabase>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_sim_removed_by_another_node_refuses_submissions_once_the_cached_route_is_older_than_its_bound()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await w.SendOkAsync(device, new { payload = "cached" }); // the route is read (and cached) here

        WriteAsAnotherNode($"""UPDATE devices SET "SimId" = NULL WHERE "Id" = {device}""");
        _app.Clock.Advance(SmsRoutes.MaxAge + TimeSpan.FromMilliseconds(1));

        var refused = await w.SendAsync(device, new { payload = "no sim" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task A_sim_removed_through_the_api_refuses_the_next_submission_at_once()
    {
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await w.SendOkAsync(device, new { payload = "cached" });

        var patch = await w.Client.PatchAsync($"/api/v1/endpoint/{device}",
            new StringContent("""{"sim": {"id": null}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(patch.IsSuccessStatusCode, $"PATCH endpoint: {(int)patch.StatusCode}");

        var refused = await w.SendAsync(device, new { payload = "no sim" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }
}
