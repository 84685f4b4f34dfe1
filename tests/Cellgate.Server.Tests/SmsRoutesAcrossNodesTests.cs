using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Smpp.Server;
using Cellgate.Server.Tests.Support;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12: each node caches the submit path's endpoint routes (<c>SmsRoutes</c>); on PostgreSQL an endpoint's new SIM
/// (and with it the MSISDN an SMPP submit names) or its deletion saved through node A is what node B's very next
/// submission sees (<c>LISTEN/NOTIFY</c>), not only once
/// B's cached route is older than its bound. Both clocks stand still: the bound cannot be what refreshes the route.
/// </summary>
public sealed class SmsRoutesAcrossNodesTests : IDisposable
{
    private readonly CellgateApp _a = new CellgateApp().With("Cellgate:Delivery:Enabled", "false");
    private CellgateApp? _b;

    public void Dispose()
    {
        _b?.Dispose();
        _a.Dispose();
    }

    /// <summary>Node B on node A's database, its clock at A's, its change feed listening; signed in as A's operator.</summary>
    private async Task<HttpClient> NodeBAsync()
    {
        _b = new CellgateApp(_a.Directory).With("Cellgate:Delivery:Enabled", "false")
            .With("Cellgate:Smpp:Port", "-1").With("Cellgate:Smpp:EnquireLinkSeconds", "0");
        _b.Clock.SetUtcNow(_a.Clock.GetUtcNow());
        var client = await _b.OperatorAsync();
        var feed = _b.Services.GetRequiredService<PrincipalChangeFeed>();
        await Eventually.HoldsAsync(() => feed.Listening, "node B's change feed does not listen");
        return client;
    }

    private static async Task<string> SubmittedToAsync(HttpClient node, long device)
    {
        var sms = await Resources.CreatedAsync(node.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = "route?" }));
        return (await node.GetJsonAsync($"/api/v1/endpoint/{device}/sms/{sms}")).GetProperty("msisdn").GetString()!;
    }

    [SkippableFact]
    public async Task An_endpoints_new_sim_saved_through_node_A_is_the_route_of_the_next_sms_submitted_on_node_B()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var w = await SmsWorld.CreateAsync(_a);
        var device = await w.DeviceAsync(attached: false);
        var b = await NodeBAsync();
        Assert.Equal(w.Msisdns[device], await SubmittedToAsync(b, device)); // node B caches the route

        var sim = (await w.Client.ImportSimsAsync(1, await w.Client.OrganisationIdAsync())).Single();
        var patch = await w.Client.PatchAsJsonAsync($"/api/v1/endpoint/{device}", new { sim = new { id = sim.Id } });
        Assert.True(patch.IsSuccessStatusCode, $"PATCH endpoint: {(int)patch.StatusCode}");
        var msisdn = (await w.Client.GetJsonAsync($"/api/v1/sim/{sim.Id}")).GetProperty("msisdn").GetString()!;

        Assert.Equal(msisdn, await SubmittedToAsync(b, device));
    }

    [SkippableFact]
    public async Task An_endpoint_deleted_through_node_A_is_unknown_to_the_next_sms_submitted_on_node_B()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var w = await SmsWorld.CreateAsync(_a);
        // Without a SIM (one with a SIM cannot be deleted): node B refuses the SMS for that, from the route it caches.
        var device = await w.Client.EndpointAsync(new
        {
            name = "simless", status = new { id = 0 }, service_profile = new { id = w.Setup.ServiceProfileId }, tariff_profile = new { id = w.Setup.TariffProfileId },
        });
        var b = await NodeBAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await b.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = "no sim" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await w.Client.DeleteAsync($"/api/v1/endpoint/{device}")).StatusCode);

        await HttpAssert.ErrorAsync(await b.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = "gone" }), 404, 1401, "InvalidReference");
    }

    [SkippableFact]
    public async Task An_endpoints_new_sim_saved_through_node_A_moves_its_msisdn_for_smpp_submits_on_node_B_at_once()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var w = await SmsWorld.CreateAsync(_a);
        var device = await w.DeviceAsync(attached: false);
        var oldMsisdn = w.Msisdns[device];
        await HttpAssert.JsonAsync(await w.Client.PostAsJsonAsync("/api/v1/smpp_account", new { system_id = "esme", password = "secret1" }), 201);
        var sim = (await w.Client.ImportSimsAsync(1, await w.Client.OrganisationIdAsync())).Single();
        var newMsisdn = (await w.Client.GetJsonAsync($"/api/v1/sim/{sim.Id}")).GetProperty("msisdn").GetString()!;
        await NodeBAsync();
        await using var esme = await SmppClient.ConnectAsync("127.0.0.1", _b!.Services.GetRequiredService<SmppListener>().Endpoint!.Port,
            new BindTransmitter { SystemId = "esme", Password = "secret1" });
        async Task<CommandStatus> SubmitAsync(string msisdn) => (await esme.SubmitAsync(new SubmitSm
        {
            SourceAddr = new SmppAddress(TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "Cellgate"),
            DestAddr = SmppAddress.International(msisdn),
            ShortMessage = new OctetString("route?"u8.ToArray()),
        })).CommandStatus;
        // Node B caches both numbers: the old one as the endpoint's, the new one as nobody's.
        Assert.Equal(CommandStatus.ESME_ROK, await SubmitAsync(oldMsisdn));
        Assert.Equal(CommandStatus.ESME_RINVDSTADR, await SubmitAsync(newMsisdn));

        var patch = await w.Client.PatchAsJsonAsync($"/api/v1/endpoint/{device}", new { sim = new { id = sim.Id } });
        Assert.True(patch.IsSuccessStatusCode, $"PATCH endpoint: {(int)patch.StatusCode}");

        Assert.Equal(CommandStatus.ESME_RINVDSTADR, await SubmitAsync(oldMsisdn));
        Assert.Equal(CommandStatus.ESME_ROK, await SubmitAsync(newMsisdn));
    }
}
