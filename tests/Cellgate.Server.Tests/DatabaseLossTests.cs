using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Features.Smpp.Server;
using Cellgate.Server.Tests.Support;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12: <c>/readyz</c> reports the database from a check cached in the background; a node that loses its database
/// answers writes 503 (EMnify-shaped, with Retry-After) instead of hanging or failing with 500, keeps what was stored
/// intact, and takes writes again by itself once the database is back. The SMPP server stands behind the same gate.
/// </summary>
public sealed class DatabaseLossTests : IAsyncDisposable
{
    private CellgateApp? _app;
    private TcpProxy? _proxy;
    private string? _directory;

    public async ValueTask DisposeAsync()
    {
        _app?.Dispose();
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_directory is not null) TestDatabase.Drop(_directory);
    }

    [Fact]
    public async Task Readyz_reports_the_database_provider_its_reachability_latency_and_the_age_of_the_cached_check()
    {
        _app = new CellgateApp();
        var client = _app.CreateClient();
        var ready = await HttpAssert.JsonAsync(await client.GetAsync("/readyz"));
        var database = ready.GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Equal(TestDatabase.IsPostgres ? "postgresql" : "sqlite", database.GetProperty("provider").GetString());
        Assert.True(database.GetProperty("reachable").GetBoolean());
        Assert.True(database.GetProperty("latency_ms").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, database.GetProperty("last_error").ValueKind);
        Assert.True(database.GetProperty("accepting_writes").GetBoolean());

        // The age is that of the cached check: it grows with the clock until the background loop checks again.
        _app.Clock.Advance(TimeSpan.FromMilliseconds(700)); // less than one check interval (1 s): no new check yet
        var later = (await HttpAssert.JsonAsync(await client.GetAsync("/readyz"))).GetProperty("database");
        Assert.Equal(database.GetProperty("checked_at").GetString(), later.GetProperty("checked_at").GetString());
        Assert.True(later.GetProperty("age_ms").GetInt64() >= 700, $"age {later.GetProperty("age_ms")} after 700 ms");
    }

    [SkippableFact]
    public async Task A_node_that_loses_its_database_answers_writes_503_and_takes_them_again_by_itself_when_it_is_back()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        _app = BehindProxy();
        var op = await _app.OperatorAsync();
        var world = await SmsWorld.CreateAsync(_app, op);
        var device = await world.DeviceAsync(attached: false);
        await CreateTokenAsync(op, "before", HttpStatusCode.OK);
        var anonymous = _app.CreateClient();
        void Tick() => _app.Clock.Advance(TimeSpan.FromSeconds(1)); // the background check runs every second of the clock

        _proxy!.Cut();
        var down = await Eventually.ValueAsync(async () => await anonymous.GetAsync("/readyz"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            r => $"/readyz still answers {(int)r.StatusCode} with the database cut away", between: Tick);
        var database = (await HttpAssert.JsonAsync(down, 503)).GetProperty("database");
        Assert.False(database.GetProperty("reachable").GetBoolean());
        Assert.False(database.GetProperty("accepting_writes").GetBoolean());
        Assert.False(string.IsNullOrEmpty(database.GetProperty("last_error").GetString()));

        // Writes are refused at once, in EMnify's error shape, with Retry-After; reads that need the database fail with 503 too.
        var refused = await CreateTokenAsync(op, "during", HttpStatusCode.ServiceUnavailable);
        await HttpAssert.ErrorAsync(refused, 503, 1503, "ServiceUnavailable");
        Assert.NotNull(refused.Headers.RetryAfter);
        await HttpAssert.ErrorAsync(await world.SendAsync(device, new { payload = "while down" }), 503, 1503, "ServiceUnavailable");
        await HttpAssert.ErrorAsync(await op.GetAsync("/api/v1/application_token"), 503, 1503, "ServiceUnavailable");

        _proxy.Restore();
        await Eventually.HoldsAsync(async () => (await anonymous.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK,
            "/readyz did not report the database back without a restart", between: Tick);
        var back = (await HttpAssert.JsonAsync(await anonymous.GetAsync("/readyz"))).GetProperty("database");
        Assert.True(back.GetProperty("reachable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(back.GetProperty("last_error").GetString())); // the outage stays on record

        // Writes are taken again, the SMS writer's included. A connection that broke during the outage may fail the first
        // write it carries (503, nothing stored); the writer then opens a new one. Never a 500.
        var answers = new List<HttpStatusCode>();
        await Eventually.HoldsAsync(async () =>
        {
            var r = await world.SendAsync(device, new { payload = "after" });
            answers.Add(r.StatusCode);
            return r.StatusCode == HttpStatusCode.Created;
        }, "no SMS was accepted after the database came back");
        Assert.All(answers.SkipLast(1), s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.True(answers.Count <= 2, $"answers after recovery: {string.Join(", ", answers)}");
        await CreateTokenAsync(op, "after", HttpStatusCode.OK);

        // Nothing was half-written: what was refused is absent, what was accepted is there.
        var descriptions = (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/application_token"))).EnumerateArray()
            .Select(t => t.GetProperty("description").GetString()).ToList();
        Assert.Contains("before", descriptions);
        Assert.Contains("after", descriptions);
        Assert.DoesNotContain("during", descriptions);
        var payloads = (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/endpoint/{device}/sms"))).EnumerateArray()
            .Select(s => s.GetProperty("payload").GetString()).ToList();
        Assert.Equal<string?>(["after"], payloads);
    }

    [SkippableFact]
    public async Task An_smpp_node_that_loses_its_database_answers_submit_sm_throttled_refuses_binds_and_takes_both_again_by_itself()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        _app = BehindProxy().With("Cellgate:Smpp:Port", "-1").With("Cellgate:Smpp:EnquireLinkSeconds", "0");
        var op = await _app.OperatorAsync();
        var world = await SmsWorld.CreateAsync(_app, op);
        var device = await world.DeviceAsync(attached: false);
        var msisdn = world.Msisdns[device];
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/smpp_account", new { system_id = "esme", password = "secret1" }), 201);
        var port = _app.Services.GetRequiredService<SmppListener>().Endpoint!.Port;
        Task<SmppSession> BindAsync() => SmppClient.ConnectAsync("127.0.0.1", port, new BindTransceiver { SystemId = "esme", Password = "secret1" });
        SubmitSm Submit(string text) => new()
        {
            SourceAddr = new SmppAddress(TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "Cellgate"),
            DestAddr = SmppAddress.International(msisdn),
            ShortMessage = new OctetString(System.Text.Encoding.ASCII.GetBytes(text)),
        };
        await using var esme = await BindAsync();
        Assert.Equal(CommandStatus.ESME_ROK, (await esme.SubmitAsync(Submit("before"))).CommandStatus);
        var anonymous = _app.CreateClient();
        void Tick() => _app.Clock.Advance(TimeSpan.FromSeconds(1));

        _proxy!.Cut();
        await Eventually.HoldsAsync(async () => (await anonymous.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "/readyz does not report the database cut away", between: Tick);

        // Answered without waiting for the database: throttled (the sender sends it again later), nothing stored.
        Assert.Equal(SmppServer.DatabaseUnavailableStatus, (await esme.SubmitAsync(Submit("while down"))).CommandStatus);
        Assert.Equal(CommandStatus.ESME_RTHROTTLED, SmppServer.DatabaseUnavailableStatus);
        Assert.Equal(SmppSessionState.Bound, esme.State); // the link lives on
        var refused = await Assert.ThrowsAsync<SmppBindException>(BindAsync);
        Assert.Equal(CommandStatus.ESME_RSYSERR, refused.Status);

        _proxy.Restore();
        await Eventually.HoldsAsync(async () => (await anonymous.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK,
            "/readyz did not report the database back without a restart", between: Tick);
        // As over REST, a connection that broke during the outage may fail the first write it carries; never RSYSERR.
        var answers = new List<CommandStatus>();
        await Eventually.HoldsAsync(async () =>
        {
            var status = (await esme.SubmitAsync(Submit("after"))).CommandStatus;
            answers.Add(status);
            return status == CommandStatus.ESME_ROK;
        }, "no submit_sm was accepted after the database came back");
        Assert.All(answers.SkipLast(1), s => Assert.Equal(CommandStatus.ESME_RTHROTTLED, s));
        Assert.True(answers.Count <= 2, $"answers after recovery: {string.Join(", ", answers)}");
        await using (var again = await BindAsync()) Assert.Equal(SmppSessionState.Bound, again.State);

        var payloads = (await HttpAssert.JsonAsync(await op.GetAsync($"/api/v1/endpoint/{device}/sms"))).EnumerateArray()
            .Select(s => s.GetProperty("payload").GetString()).Order().ToList();
        Assert.Equal<string?>(["after", "before"], payloads);
    }

    /// <summary>An app on a fresh database whose every connection goes through <see cref="_proxy"/> (cut at will).</summary>
    private CellgateApp BehindProxy()
    {
        var directory = _directory = Path.Combine(Path.GetTempPath(), "cellgate-tests", Guid.NewGuid().ToString("N"));
        var direct = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(directory));
        _proxy = new TcpProxy(direct.Host!, direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port }.ConnectionString;
        return new CellgateApp(directory).With("Cellgate:Storage:ConnectionString", proxied);
    }

    private static async Task<HttpResponseMessage> CreateTokenAsync(HttpClient client, string description, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync("/api/v1/application_token", new { description });
        Assert.True(response.StatusCode == expected, $"creating token '{description}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
