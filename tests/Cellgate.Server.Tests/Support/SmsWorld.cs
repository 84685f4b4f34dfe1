using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests.Support;

/// <summary>An organisation with devices (each with an activated SIM) ready to send and receive SMS, built through the API.</summary>
public sealed class SmsWorld
{
    private SmsWorld(CellgateApp app, HttpClient client, OrgSetup setup)
    {
        App = app;
        Client = client;
        Setup = setup;
    }

    public CellgateApp App { get; }
    public HttpClient Client { get; }
    public OrgSetup Setup { get; }
    public Dictionary<long, string> Msisdns { get; } = [];

    public static async Task<SmsWorld> CreateAsync(CellgateApp app, HttpClient? client = null)
    {
        client ??= await app.OperatorAsync();
        return new SmsWorld(app, client, await client.SetupAsync());
    }

    /// <summary>An enabled endpoint with an activated SIM; attached in the simulator unless told otherwise.</summary>
    public async Task<long> DeviceAsync(bool attached = true, string name = "device", HttpClient? operatorClient = null)
    {
        var op = operatorClient ?? Client;
        var sim = (await op.ImportSimsAsync(1, await Client.OrganisationIdAsync())).Single();
        var id = await Client.EndpointAsync(new
        {
            name, status = new { id = 0 }, service_profile = new { id = Setup.ServiceProfileId }, tariff_profile = new { id = Setup.TariffProfileId }, sim = new { id = sim.Id },
        });
        var simJson = await Client.GetJsonAsync($"/api/v1/sim/{sim.Id}");
        Msisdns[id] = simJson.GetProperty("msisdn").GetString()!;
        if (attached) await AttachAsync(id);
        return id;
    }

    public async Task AttachAsync(long device) =>
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/simulator/devices/{device}/attach", null)).StatusCode);

    public async Task DetachAsync(long device) =>
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/simulator/devices/{device}/detach", null)).StatusCode);

    public Task<HttpResponseMessage> SendAsync(long device, object body) => Client.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", body);

    /// <summary>Sends and returns the new SMS id (asserting 201).</summary>
    public async Task<long> SendOkAsync(long device, object body)
    {
        var response = await SendAsync(device, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {text}");
        return Resources.IdFromLocation(response);
    }

    public Task<JsonElement> SmsAsync(long device, long sms) => Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms/{sms}");

    public Task<JsonElement> InboxAsync(long device) => Client.GetJsonAsync($"/api/simulator/devices/{device}/inbox");

    /// <summary>Wakes the dispatcher (after the fake clock moved) and polls until the SMS has <paramref name="status"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(long device, long sms, int status) =>
        Eventually.ValueAsync(() => SmsAsync(device, sms), json => Status(json) == status,
            json => $"SMS {sms} did not reach status {status}; it is {json.GetProperty("status")}",
            between: () => App.Services.GetRequiredService<DispatcherSignal>().Wake());

    /// <summary>Polls until the SMS satisfies <paramref name="done"/> (waking the dispatcher in between).</summary>
    public Task<JsonElement> WaitForSmsAsync(long device, long sms, Func<JsonElement, bool> done, string what) =>
        Eventually.ValueAsync(() => SmsAsync(device, sms), done, json => $"SMS {sms}: {what}; it is {json}",
            between: () => App.Services.GetRequiredService<DispatcherSignal>().Wake());

    public static int Status(JsonElement sms) => sms.GetProperty("status").GetProperty("id").GetInt32();

    /// <summary>
    /// Runs one dispatcher round and awaits it (after any round in progress): a test runs this before asserting that
    /// something did not happen, instead of sleeping and hoping the dispatcher had its turn.
    /// </summary>
    public Task RunDispatcherRoundAsync() => App.Services.GetRequiredService<SmsDispatcher>().RunRoundAsync();

    /// <summary>Moves the fake clock and lets the dispatcher run a round at the new time.</summary>
    public void Advance(TimeSpan by)
    {
        App.Clock.Advance(by);
        App.Services.GetRequiredService<DispatcherSignal>().Wake();
    }
}
