using System.Net;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellgate.Smpp.Tests;

/// <summary>
/// The session hosted the way the northbound server will host it: Kestrel's <c>UseConnectionHandler</c> on a TCP
/// port, the session running over the connection's transport pipe (SE.Redis' KestrelRedisServer pattern).
/// </summary>
public class KestrelHostingTests
{
    private sealed class SmppConnectionHandler(ILogger<SmppConnectionHandler> logger) : ConnectionHandler
    {
        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            var session = new SmppSession(connection.Transport, new SmppSessionOptions { Name = connection.ConnectionId, BindTimeout = TimeSpan.FromSeconds(30) },
                (s, request, ct) => ValueTask.FromResult<SmppResponse?>(request switch
                {
                    BindRequest { SystemId: "esme", Password: "secret" } bind => bind.CreateResponse(),
                    BindRequest bind => bind.CreateResponse(CommandStatus.ESME_RINVPASWD),
                    SubmitSm => new SubmitSmResp { MessageId = "kestrel-1" },
                    _ => request.CreateResponse(CommandStatus.ESME_RINVCMDID),
                }), logger: logger);
            await session.RunAsync(connection.ConnectionClosed);
        }
    }

    [Fact]
    public async Task A_session_hosted_by_kestrels_connection_handler_binds_answers_and_unbinds()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseConnectionHandler<SmppConnectionHandler>()));
        await using var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address).Port;

        await using var client = await SmppClient.ConnectAsync("127.0.0.1", port, new BindTransceiver { SystemId = "esme", Password = "secret" });
        Assert.Equal("kestrel-1", (await client.SubmitAsync(new SubmitSm { DestAddr = SmppAddress.International("1") })).MessageId);
        Assert.Equal(CommandStatus.ESME_ROK, (await client.EnquireLinkAsync()).CommandStatus);
        await Eventually.Within(client.UnbindAsync(), "unbind completes");
        Assert.Equal(SmppCloseReason.Unbound, await client.Completion);

        await Assert.ThrowsAsync<SmppBindException>(() =>
            SmppClient.ConnectAsync("127.0.0.1", port, new BindTransceiver { SystemId = "esme", Password = "wrong" }));
        await app.StopAsync();
    }
}
