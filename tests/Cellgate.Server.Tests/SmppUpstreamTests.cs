using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Delivery;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cellgate.Server.Tests;

/// <summary>
/// The southbound SMPP transport (issue 9): Cellgate binds to an upstream SMSC — the npm <c>smpp</c> package scripted
/// by tests/Cellgate.Smpp.Tests/interop/upstream-smsc.js, an implementation we did not write — submits MT SMS routed
/// to it, records its receipts, takes its MO, backs off when throttled and reconnects when the connection drops.
/// The clock is fake: back-offs and retry delays pass when a test advances it.
/// </summary>
public sealed class SmppUpstreamTests : IDisposable
{
    private const string Up = "up";
    private const string Prefix = "49171";

    private readonly CellgateApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Whether an SMS submitted upstream under <paramref name="upstreamId"/> has its submission recorded (read in the writer's queue).</summary>
    private Task<bool> RecordedAsync(string upstreamId) => _app.Services.GetRequiredService<SmsWriter>().WriteAsync((c, t) =>
    {
        using var command = SqlCommands.Create(c, t, """SELECT COUNT(*) FROM sms WHERE "UpstreamId" = @id""", ("@id", upstreamId));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    });

    /// <summary>One upstream "up" on <paramref name="port"/>; the default route unless a prefix is given.</summary>
    private CellgateApp Upstream(int port, string? prefix = null, int binds = 1, int window = 10, string bindMode = "Transceiver")
    {
        var u = $"Cellgate:Smpp:Upstreams:0:";
        _app.With(u + "Name", Up).With(u + "Host", "127.0.0.1").With(u + "Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With(u + "SystemId", "cellgate").With(u + "Password", "secret").With(u + "BindMode", bindMode)
            .With(u + "Binds", binds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With(u + "WindowSize", window.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With(u + "ReconnectMinSeconds", "1").With(u + "ReconnectMaxSeconds", "2").With(u + "UnknownReceiptRetries", "3")
            .With(u + "SourceAddress", "Cellgate");
        if (prefix is null) _app.With("Cellgate:Delivery:Routing:Default", Up);
        else _app.With("Cellgate:Delivery:Routing:Rules:0:MsisdnPrefix", prefix).With("Cellgate:Delivery:Routing:Rules:0:Transport", Up);
        return _app;
    }

    private async Task<JsonElement> UpstreamStatusAsync(HttpClient op) =>
        (await HttpAssert.JsonAsync(await op.GetAsync("/api/v1/admin/smpp_upstream"))).EnumerateArray().Single(u => u.GetProperty("name").GetString() == Up);

    /// <summary>Waits until the admin API shows <paramref name="count"/> binds up (advancing the clock past back-offs).</summary>
    private async Task WaitBoundAsync(HttpClient op, int count = 1) =>
        await Eventually.ValueAsync(() => UpstreamStatusAsync(op), u => u.GetProperty("binds_up").GetInt32() == count,
            u => $"the upstream binds are not up: {u}", between: () => _app.Clock.Advance(TimeSpan.FromSeconds(1)));

    /// <summary>Advances the clock a little and wakes the dispatcher: back-offs, throttle pauses and retry delays pass.</summary>
    private void Tick(TimeSpan by)
    {
        _app.Clock.Advance(by);
        _app.Services.GetRequiredService<DispatcherSignal>().Wake();
    }

    private static int Status(JsonElement sms) => SmsWorld.Status(sms);

    private Task<JsonElement> WaitForStatusAsync(SmsWorld w, long device, long sms, int status, TimeSpan tick) =>
        Eventually.ValueAsync(() => w.SmsAsync(device, sms), json => Status(json) == status,
            json => $"SMS {sms} did not reach status {status}; it is {json}", between: () => Tick(tick));

    /// <summary>An attached device whose SIM has <paramref name="msisdn"/>.</summary>
    private static async Task<long> DeviceWithMsisdnAsync(SmsWorld w, string msisdn)
    {
        var (iccid, imsi, _) = Resources.NewNumbers();
        var org = await w.Client.OrganisationIdAsync();
        var response = await w.Client.PostAsJsonAsync("/api/v1/admin/sim_batch", new { customer_org = new { id = org }, sims = new[] { new { iccid, imsi, msisdn } } });
        var sim = (await HttpAssert.JsonAsync(response, 201)).GetProperty("sim")[0].GetProperty("id").GetInt64();
        var id = await w.Client.EndpointAsync(new
        {
            name = msisdn, status = new { id = 0 }, service_profile = new { id = w.Setup.ServiceProfileId }, tariff_profile = new { id = w.Setup.TariffProfileId }, sim = new { id = sim },
        });
        w.Msisdns[id] = msisdn;
        await w.AttachAsync(id);
        return id;
    }

    [SkippableFact]
    public async Task An_mt_sms_routed_upstream_is_submitted_with_its_addresses_and_coding_and_its_receipt_ends_it_delivered()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        var sms = await w.SendOkAsync(device, new { payload = "Hello upstream", source_address = "4930123", source_address_type = new { id = 145 } });
        var delivered = await w.WaitForStatusAsync(device, sms, 4);

        var submit = Assert.Single(smsc.Submits);
        Assert.Equal(w.Msisdns[device], submit.GetProperty("destination_addr").GetString());
        Assert.Equal(1, submit.GetProperty("dest_addr_ton").GetInt32());
        Assert.Equal("4930123", submit.GetProperty("source_addr").GetString());
        Assert.Equal(1, submit.GetProperty("source_addr_ton").GetInt32());
        Assert.Equal(1, submit.GetProperty("registered_delivery").GetInt32());
        Assert.Equal(0, submit.GetProperty("data_coding").GetInt32());
        Assert.Equal("Hello upstream", submit.GetProperty("text").GetString());
        Assert.NotEqual("null", submit.GetProperty("validity_period").ToString()); // up to the SMS's expiry
        // Answered OK after the durable record (a receipt that overtook the recording of the submission was answered
        // ESME_RX_T_APPN first, and repeated).
        await smsc.WaitForAsync("receipt_resp", r => r.GetProperty("command_status").GetInt32() == 0);
        Assert.All(smsc.Named("receipt_resp"), r => Assert.Contains(r.GetProperty("command_status").GetInt32(), new[] { 0, 0x64 }));
        Assert.Null(delivered.GetProperty("gsm_map_error").GetString());
    }

    [SkippableFact]
    public async Task A_long_unicode_sms_goes_upstream_as_parts_with_their_udh_and_ucs2_coding()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        var text = string.Concat(Enumerable.Repeat("Grüße aus Köln ☀ ", 6)); // UCS-2, more than 70 units: two parts
        await w.SendOkAsync(device, new { payload = text });
        await Eventually.HoldsAsync(() => smsc.Submits.Count(s => s.GetProperty("result").GetString() == "accepted") == 2,
            $"two parts were not submitted: {smsc.Output}");
        var parts = smsc.Submits.ToList();
        Assert.All(parts, p => Assert.Equal(8, p.GetProperty("data_coding").GetInt32()));
        Assert.All(parts, p => Assert.Equal(0x40, p.GetProperty("esm_class").GetInt32() & 0x40));
        // npm smpp shows the header's information elements without the UDHL octet: concatenation (00), 3 octets, ref, 2 parts.
        Assert.Equal(["02", "01", "02", "02"], parts.SelectMany(p => new[] { p.GetProperty("udh").GetString()![6..8], p.GetProperty("udh").GetString()![8..] }));
        Assert.All(parts, p => Assert.StartsWith("0003", p.GetProperty("udh").GetString()));
        Assert.Equal(text, string.Concat(parts.Select(p => p.GetProperty("text").GetString())));
    }

    [SkippableFact]
    public async Task A_failed_receipt_ends_the_sms_failed_with_the_receipts_state_and_error()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        var failed = await w.SendOkAsync(device, new { payload = "fail: no such handset" });
        var sms = await w.WaitForStatusAsync(device, failed, 5);
        Assert.Equal("UNDELIV:005", sms.GetProperty("gsm_map_error").GetString());
        var expired = await w.SendOkAsync(device, new { payload = "expire before delivery" });
        Assert.Equal(6, Status(await w.WaitForStatusAsync(device, expired, 6)));
    }

    [SkippableFact]
    public async Task A_refused_submit_fails_or_is_retried_as_the_retry_table_says_for_its_command_status()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        await smsc.CommandAsync(new { cmd = "status", count = 1, status = 0x0B }); // ESME_RINVDSTADR: permanent
        var refused = await w.SendOkAsync(device, new { payload = "to a bad number" });
        var sms = await w.WaitForStatusAsync(device, refused, 5);
        Assert.Equal("ESME_RINVDSTADR", sms.GetProperty("gsm_map_error").GetString());

        await smsc.CommandAsync(new { cmd = "status", count = 1, status = 0x14 }); // ESME_RMSGQFUL: transient
        var queued = await w.SendOkAsync(device, new { payload = "queue full once" });
        var buffered = await w.WaitForSmsAsync(device, queued, s => Status(s) == 3, "buffered after ESME_RMSGQFUL");
        Assert.Equal("ESME_RMSGQFUL", buffered.GetProperty("gsm_map_error").GetString());
        await WaitForStatusAsync(w, device, queued, 4, TimeSpan.FromSeconds(10));
    }

    [SkippableFact]
    public async Task An_mo_sms_from_upstream_becomes_an_mo_sms_of_the_endpoint_with_that_msisdn_and_an_unknown_msisdn_is_refused()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        await smsc.CommandAsync(new { cmd = "mo", source = w.Msisdns[device], dest = "7890", text = "Hello from the network" });
        Assert.Equal(0, (await smsc.WaitForAsync("mo_resp")).GetProperty("command_status").GetInt32());
        // deliver_sm_resp came after the durable insert: the MO SMS is there at once.
        var list = (await HttpAssert.JsonAsync(await w.Client.GetAsync($"/api/v1/endpoint/{device}/sms"))).EnumerateArray().ToList();
        var mo = Assert.Single(list, s => s.GetProperty("sms_type").GetProperty("id").GetInt32() == 2);
        Assert.Equal("Hello from the network", mo.GetProperty("payload").GetString());
        Assert.Equal("7890", mo.GetProperty("dest_address").GetString());

        await smsc.CommandAsync(new { cmd = "mo", source = "999000111222", dest = "7890", text = "Nobody has this number" });
        await Eventually.HoldsAsync(() => smsc.Named("mo_resp").Count() == 2, "the second MO was not answered");
        Assert.Equal(0x0A, smsc.Named("mo_resp").Last().GetProperty("command_status").GetInt32()); // ESME_RINVSRCADR
    }

    [SkippableFact]
    public async Task An_upstream_that_answers_throttled_pauses_the_bind_and_the_sms_is_delivered_after_the_back_off()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port).With("Cellgate:Metrics:Enabled", "true"); // read below
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        await smsc.CommandAsync(new { cmd = "throttle", count = 2 });
        var sms = await w.SendOkAsync(device, new { payload = "slow down" });
        var buffered = await w.WaitForSmsAsync(device, sms, s => Status(s) == 3, "buffered after ESME_RTHROTTLED");
        Assert.Equal("ESME_RTHROTTLED", buffered.GetProperty("gsm_map_error").GetString());
        var bind = (await UpstreamStatusAsync(w.Client)).GetProperty("binds")[0];
        Assert.Equal("throttled", bind.GetProperty("state").GetString());
        Assert.NotNull(bind.GetProperty("throttled_until").GetString());

        await WaitForStatusAsync(w, device, sms, 4, TimeSpan.FromSeconds(1));
        // Throttled twice (the pause doubling), then accepted: nothing sent while the bind was paused.
        Assert.Equal(["throttled", "throttled", "accepted"], smsc.Submits.Select(s => s.GetProperty("result").GetString()));

        // Counted (bounded labels: the upstream's name and a result).
        var metrics = await Eventually.ValueAsync(() => w.Client.GetStringAsync("/metrics"), t => t.Contains("cellgate_smpp_upstream_throttles_total"),
            t => $"no upstream metrics (the scrape is cached briefly):\n{t}");
        var lines = metrics.Split('\n').Where(l => l.StartsWith("cellgate_smpp_upstream", StringComparison.Ordinal)).ToList();
        static bool Has(string line, params string[] parts) => parts.All(line.Contains);
        Assert.True(lines.Any(l => Has(l, "cellgate_smpp_upstream_throttles_total{", "cellgate_smpp_upstream=\"up\"") && l.EndsWith(" 2")), string.Join("\n", lines));
        Assert.True(lines.Any(l => Has(l, "cellgate_smpp_upstream_submits_total{", "cellgate_smpp_result=\"ESME_RTHROTTLED\"") && l.EndsWith(" 2")), string.Join("\n", lines));
        Assert.True(lines.Any(l => Has(l, "cellgate_smpp_upstream_submits_total{", "cellgate_smpp_result=\"ok\"") && l.EndsWith(" 1")), string.Join("\n", lines));
        Assert.True(lines.Any(l => Has(l, "cellgate_smpp_upstream_binds{", "cellgate_smpp_bind_state=\"bound\"") && l.EndsWith(" 1")), string.Join("\n", lines));
    }

    [SkippableFact]
    public async Task A_connection_dropped_with_a_full_window_in_flight_loses_no_sms_and_duplicates_are_at_most_that_window()
    {
        UpstreamSmsc.RequireInstalled();
        const int window = 4;
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port, window: window).With("Cellgate:Delivery:Enabled", "false");
        var w = await SmsWorld.CreateAsync(_app);
        var devices = new List<long>();
        for (var i = 0; i < 8; i++) devices.Add(await w.DeviceAsync(name: $"d{i}"));
        await WaitBoundAsync(w.Client);

        // The SMSC takes the next `window` submit_sm without answering, then drops the connection. The dispatcher is
        // driven by hand so that one round hands over every device's head at once (a round waits for its outcomes).
        await smsc.CommandAsync(new { cmd = "hold", count = window });
        var sent = new List<(long Device, long Sms, string Text)>();
        foreach (var d in devices)
            for (var n = 0; n < 2; n++)
            {
                var text = $"drop test {d} #{n}";
                sent.Add((d, await w.SendOkAsync(d, new { payload = text }), text));
            }
        Assert.Equal(16, await _app.Services.GetRequiredService<SmsDispatcher>().RunRoundAsync());
        await smsc.WaitForAsync("dropping");

        Task round = Task.CompletedTask;
        foreach (var (d, id, _) in sent)
            await Eventually.ValueAsync(() => w.SmsAsync(d, id), json => Status(json) == 4, json => $"SMS {id} was not delivered; it is {json}", between: () =>
            {
                _app.Clock.Advance(TimeSpan.FromSeconds(5));
                if (round.IsCompleted) round = w.RunDispatcherRoundAsync();
            });

        // Every SMS delivered once or twice: twice only for those the SMSC held when it dropped the connection (it had
        // taken them, so it delivers them, and Cellgate, never told, submitted them again).
        var accepted = smsc.Submits.Where(s => s.GetProperty("result").GetString() is "accepted" or "held")
            .GroupBy(s => s.GetProperty("text").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(sent, s => Assert.InRange(accepted.GetValueOrDefault(s.Text), 1, 2));
        var held = smsc.Submits.Where(s => s.GetProperty("result").GetString() == "held").Select(s => s.GetProperty("text").GetString()).ToList();
        Assert.Equal(window, held.Count);
        Assert.Equal(held.Order(), accepted.Where(a => a.Value == 2).Select(a => a.Key).Order());
        // The receipts of the held submits name ids Cellgate never learnt: refused (ESME_RX_T_APPN, 0x64) a few times,
        // then accepted and dropped — they change nothing.
        var heldIds = smsc.Submits.Where(s => s.GetProperty("result").GetString() == "held").Select(s => s.GetProperty("id").GetString()).ToHashSet();
        await Eventually.HoldsAsync(() => heldIds.All(id => smsc.Named("receipt_resp").Any(r => r.GetProperty("id").GetString() == id
            && r.GetProperty("command_status").GetInt32() == 0)), $"the held submits' receipts were not finally acknowledged: {smsc.Output}");
        Assert.Contains(smsc.Named("receipt_resp"), r => heldIds.Contains(r.GetProperty("id").GetString()) && r.GetProperty("command_status").GetInt32() == 0x64);
    }

    [SkippableFact]
    public async Task An_upstream_that_is_down_at_start_is_reconnected_to_when_it_comes_up_and_the_waiting_sms_go_out()
    {
        UpstreamSmsc.RequireInstalled();
        var port = UpstreamSmsc.FreePort();
        Upstream(port);
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        var status = await Eventually.ValueAsync(() => UpstreamStatusAsync(w.Client), u => !u.GetProperty("binds")[0].GetProperty("last_error").ValueKind.Equals(JsonValueKind.Null),
            u => $"no connection error shown: {u}");
        Assert.Equal(0, status.GetProperty("binds_up").GetInt32());

        var sms = await w.SendOkAsync(device, new { payload = "waiting for the link" });
        var buffered = await w.WaitForSmsAsync(device, sms, s => Status(s) == 3, "buffered while the upstream is down");
        Assert.Equal("upstreamUnavailable", buffered.GetProperty("gsm_map_error").GetString());

        await using var smsc = await UpstreamSmsc.StartAsync(port);
        await WaitBoundAsync(w.Client);
        await WaitForStatusAsync(w, device, sms, 4, TimeSpan.FromSeconds(5));
        Assert.Single(smsc.Submits);
    }

    [SkippableFact]
    public async Task A_prefix_rule_sends_some_sms_upstream_and_the_rest_to_the_simulator_in_one_run()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port, prefix: Prefix, binds: 2, bindMode: "TransmitterReceiver");
        var w = await SmsWorld.CreateAsync(_app);
        var upstream = await DeviceWithMsisdnAsync(w, Prefix + Random.Shared.Next(10_000_000, 99_999_999));
        var simulated = await w.DeviceAsync();
        await WaitBoundAsync(w.Client, 4); // two transmitters, two receivers

        var viaUpstream = await w.SendOkAsync(upstream, new { payload = "via the SMSC" });
        var viaSimulator = await w.SendOkAsync(simulated, new { payload = "via the simulator" });
        await w.WaitForStatusAsync(upstream, viaUpstream, 4);
        await w.WaitForStatusAsync(simulated, viaSimulator, 4);

        var submit = Assert.Single(smsc.Submits);
        Assert.Equal(w.Msisdns[upstream], submit.GetProperty("destination_addr").GetString());
        Assert.Equal("Cellgate", submit.GetProperty("source_addr").GetString()); // the upstream's default source address
        Assert.Equal(5, submit.GetProperty("source_addr_ton").GetInt32());
        Assert.Contains((await w.InboxAsync(simulated)).EnumerateArray(), m => m.ToString().Contains("via the simulator"));
    }

    [SkippableFact]
    public async Task The_upstream_health_route_is_for_the_operator_and_never_shows_the_password()
    {
        UpstreamSmsc.RequireInstalled();
        await using var smsc = await UpstreamSmsc.StartAsync();
        Upstream(smsc.Port, binds: 2);
        var op = await _app.OperatorAsync();
        await WaitBoundAsync(op, 2);
        var text = await (await op.GetAsync("/api/v1/admin/smpp_upstream")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", text);
        var u = await UpstreamStatusAsync(op);
        Assert.Equal("cellgate", u.GetProperty("system_id").GetString());
        Assert.All(u.GetProperty("binds").EnumerateArray(), b => Assert.Equal("transceiver", b.GetProperty("type").GetString()));
        var (customer, _) = await _app.CustomerAsync();
        await HttpAssert.ErrorAsync(await customer.GetAsync("/api/v1/admin/smpp_upstream"), 403, 1104, "Forbidden");
    }

    /// <summary>
    /// An SMSC built on our own library's server side (Cellgate.Smpp's session), behind TLS with a self-signed
    /// certificate: binds are accepted, submit_sm answered "own-N", and each receipt carries only the TLVs
    /// (receipted_message_id, message_state, network_error_code) with no receipt text. The receipt leaves at once, beside
    /// the answer.
    /// </summary>
    private sealed class TlsSmsc : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Cellgate.Smpp.Session.SmppSession> _sessions = [];
        private readonly Task _accept;
        private int _ids;

        /// <summary>Whether Cellgate has recorded the submission an upstream message id names (a refused receipt is repeated once it has).</summary>
        private readonly Func<string, Task<bool>>? _recorded;

        /// <summary>When set, bind requests are answered only once it completes (<see cref="ReleaseBinds"/>).</summary>
        private readonly TaskCompletionSource? _bindGate;

        /// <param name="recorded">
        /// Whether Cellgate has recorded the submission of an upstream message id: a receipt it refused (ESME_RX_T_APPN:
        /// the receipt overtook that record) is sent again once it has. Null: a receipt is sent once, whatever Cellgate answers.
        /// </param>
        /// <param name="holdBinds">true: binds wait for their answer until <see cref="ReleaseBinds"/>.</param>
        public TlsSmsc(Func<string, Task<bool>>? recorded, bool holdBinds = false)
        {
            _recorded = recorded;
            if (holdBinds) _bindGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            _certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
            _listener.Start();
            _accept = Task.Run(AcceptAsync);
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Bind requests held so far (<c>holdBinds</c>).</summary>
        public int BindsHeld => Volatile.Read(ref _bindsHeld);
        private int _bindsHeld;

        public void ReleaseBinds() => _bindGate?.TrySetResult();
        public System.Collections.Concurrent.ConcurrentQueue<Cellgate.Smpp.Protocol.SubmitSm> Submits { get; } = new();
        public System.Collections.Concurrent.ConcurrentQueue<Cellgate.Smpp.Protocol.CommandStatus> ReceiptAnswers { get; } = new();

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                System.Net.Sockets.TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                var ssl = new System.Net.Security.SslStream(client.GetStream());
                await ssl.AuthenticateAsServerAsync(_certificate);
                var session = Cellgate.Smpp.Session.SmppSession.ForStream(ssl, new() { Name = "own-smsc" }, HandleAsync);
                lock (_sessions) _sessions.Add(session);
                session.Start();
            }
        }

        private async ValueTask<Cellgate.Smpp.Protocol.SmppResponse?> HandleAsync(Cellgate.Smpp.Session.SmppSession session,
            Cellgate.Smpp.Protocol.SmppRequest request, CancellationToken ct)
        {
            if (request is Cellgate.Smpp.Protocol.BindRequest && _bindGate is { } gate)
            {
                Interlocked.Increment(ref _bindsHeld);
                await gate.Task.WaitAsync(_stop.Token);
            }
            return Answer(session, request);
        }

        private Cellgate.Smpp.Protocol.SmppResponse? Answer(Cellgate.Smpp.Session.SmppSession session, Cellgate.Smpp.Protocol.SmppRequest request)
        {
            switch (request)
            {
                case Cellgate.Smpp.Protocol.BindRequest bind:
                    return bind.CreateResponse(
                        bind.SystemId == "cellgate" && bind.Password == "secret" ? Cellgate.Smpp.Protocol.CommandStatus.ESME_ROK : Cellgate.Smpp.Protocol.CommandStatus.ESME_RINVPASWD);
                case Cellgate.Smpp.Protocol.SubmitSm submit:
                    Submits.Enqueue(submit);
                    var id = $"own-{Interlocked.Increment(ref _ids)}";
                    _ = Task.Run(() => ReceiptAsync(session, submit, id));
                    return new Cellgate.Smpp.Protocol.SubmitSmResp { MessageId = id };
                default:
                    return request.CreateResponse(Cellgate.Smpp.Protocol.CommandStatus.ESME_RINVCMDID);
            }
        }

        /// <summary>
        /// Sends the receipt until it is acknowledged, or once. A real SMSC repeats a refused receipt (ESME_RX_T_APPN) after
        /// an interval; this one repeats it as soon as Cellgate has recorded the submission it names (a condition, with
        /// <see cref="Eventually"/>'s deadline), a few times at most.
        /// </summary>
        private async Task ReceiptAsync(Cellgate.Smpp.Session.SmppSession session, Cellgate.Smpp.Protocol.SubmitSm submit, string id)
        {
            var failed = System.Text.Encoding.ASCII.GetString(submit.ShortMessage.Span).StartsWith("fail", StringComparison.Ordinal);
            var receipt = new Cellgate.Smpp.Protocol.DeliverSm
            {
                SourceAddr = submit.DestAddr, DestAddr = submit.SourceAddr, EsmClass = Cellgate.Smpp.Protocol.EsmClass.DeliveryReceipt,
                Tlvs = new Cellgate.Smpp.Protocol.TlvList([
                    Cellgate.Smpp.Protocol.Tlv.CString(Cellgate.Smpp.Protocol.TlvTag.ReceiptedMessageId, id),
                    Cellgate.Smpp.Protocol.Tlv.UInt8(Cellgate.Smpp.Protocol.TlvTag.MessageState,
                        (byte)(failed ? Cellgate.Smpp.Protocol.MessageState.Undeliverable : Cellgate.Smpp.Protocol.MessageState.Delivered)),
                    .. failed ? [Cellgate.Smpp.Protocol.TlvList.NetworkError(new(3, 27))] : Array.Empty<Cellgate.Smpp.Protocol.Tlv>(),
                ]),
            };
            for (var attempt = 0; attempt < 5 && !_stop.IsCancellationRequested; attempt++)
            {
                var answer = await session.DeliverAsync(receipt, _stop.Token);
                ReceiptAnswers.Enqueue(answer.CommandStatus);
                if (answer.CommandStatus == Cellgate.Smpp.Protocol.CommandStatus.ESME_ROK || _recorded is not { } recorded) return;
                await Eventually.HoldsAsync(async () => _stop.IsCancellationRequested || await recorded(id), $"Cellgate never recorded the submission {id}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            List<Cellgate.Smpp.Session.SmppSession> sessions;
            lock (_sessions) sessions = [.. _sessions];
            foreach (var s in sessions) await s.DisposeAsync();
            await _accept.ContinueWith(_ => { });
            _certificate.Dispose();
        }
    }

    [Fact]
    public async Task An_upstream_over_tls_built_on_our_own_library_gets_the_sms_and_its_tlv_only_receipts_are_recorded()
    {
        await using var smsc = new TlsSmsc(RecordedAsync);
        Upstream(smsc.Port).With("Cellgate:Smpp:Upstreams:0:Tls", "true").With("Cellgate:Smpp:Upstreams:0:TlsAllowUntrustedCertificate", "true");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        var ok = await w.SendOkAsync(device, new { payload = "over TLS" });
        await w.WaitForStatusAsync(device, ok, 4);
        var failed = await w.SendOkAsync(device, new { payload = "fail over TLS" });
        var sms = await w.WaitForStatusAsync(device, failed, 5);
        Assert.Equal("UNDELIV:027", sms.GetProperty("gsm_map_error").GetString()); // from network_error_code
        Assert.Equal(["over TLS", "fail over TLS"], smsc.Submits.Select(s => System.Text.Encoding.ASCII.GetString(s.ShortMessage.Span)));
        Assert.All(smsc.Submits, s => Assert.Equal(w.Msisdns[device], s.DestAddr.Address));
    }

    [Fact]
    public async Task Sms_that_a_round_finds_before_the_first_bind_is_up_wait_for_it_instead_of_the_retry_delay()
    {
        // Just after a start (SMS queued across a restart, say) the first round may come before the first bind is up:
        // it waits for the first attempt instead of recording upstreamUnavailable, which would hold the SMS (and every
        // SMS of their devices behind them) for 10 s. The clock is never moved here, so a retry would never come.
        await using var smsc = new TlsSmsc(RecordedAsync, holdBinds: true);
        Upstream(smsc.Port).With("Cellgate:Smpp:Upstreams:0:Tls", "true").With("Cellgate:Smpp:Upstreams:0:TlsAllowUntrustedCertificate", "true")
            .With("Cellgate:Smpp:Upstreams:0:ResponseTimeoutSeconds", "120");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await Eventually.HoldsAsync(() => smsc.BindsHeld > 0, "the bind request never reached the SMSC");

        var sms = await w.SendOkAsync(device, new { payload = "before the bind" });
        await w.WaitForSmsAsync(device, sms, s => Status(s) != 1, "the dispatcher never claimed it");
        smsc.ReleaseBinds();
        var delivered = await w.WaitForStatusAsync(device, sms, 4);
        Assert.Null(delivered.GetProperty("gsm_map_error").GetString()); // never upstreamUnavailable
        Assert.Equal(["before the bind"], smsc.Submits.Select(s => System.Text.Encoding.ASCII.GetString(s.ShortMessage.Span)));
    }

    [Fact]
    public async Task A_receipt_sent_once_beside_its_submit_answer_is_recorded_although_it_overtakes_the_submissions_record()
    {
        // The SMSC sends each receipt at once, beside its submit_sm_resp, and never repeats it: Cellgate looks the
        // message id up again until the dispatcher has recorded the submission, instead of answering ESME_RX_T_APPN.
        await using var smsc = new TlsSmsc(recorded: null);
        Upstream(smsc.Port).With("Cellgate:Smpp:Upstreams:0:Tls", "true").With("Cellgate:Smpp:Upstreams:0:TlsAllowUntrustedCertificate", "true");
        var w = await SmsWorld.CreateAsync(_app);
        var device = await w.DeviceAsync();
        await WaitBoundAsync(w.Client);

        var first = await w.SendOkAsync(device, new { payload = "once" });
        var second = await w.SendOkAsync(device, new { payload = "once more" });
        await w.WaitForStatusAsync(device, first, 4);
        await w.WaitForStatusAsync(device, second, 4); // the device's next SMS went out once the first was DELIVERED
        // The status is recorded before deliver_sm_resp goes out, so the SMSC may read the second answer a moment later.
        await Eventually.HoldsAsync(() => smsc.ReceiptAnswers.Count >= 2, "the SMSC never read the second receipt's answer");
        Assert.Equal([Cellgate.Smpp.Protocol.CommandStatus.ESME_ROK, Cellgate.Smpp.Protocol.CommandStatus.ESME_ROK], smsc.ReceiptAnswers);
    }

    [Theory]
    [InlineData("Port", "0", "Cellgate:Smpp:Upstreams:0:Port must be 1..65535.")]
    [InlineData("Name", "simulator", "Cellgate:Smpp:Upstreams:0:Name 'simulator' is the built-in simulator's name.")]
    [InlineData("WindowSize", "0", "Cellgate:Smpp:Upstreams:0:WindowSize must be 1..1000.")]
    [InlineData("SystemId", "a-system-id-that-is-too-long", "Cellgate:Smpp:Upstreams:0:SystemId must be 1 to 15 characters.")]
    public async Task An_invalid_upstream_setting_stops_the_start_with_one_line(string key, string value, string message)
    {
        var settings = new Dictionary<string, string>
        {
            ["Cellgate:Smpp:Upstreams:0:Name"] = "up", ["Cellgate:Smpp:Upstreams:0:Host"] = "127.0.0.1", ["Cellgate:Smpp:Upstreams:0:SystemId"] = "cellgate",
        };
        settings["Cellgate:Smpp:Upstreams:0:" + key] = value;
        var dir = Directory.CreateTempSubdirectory("cellgate-upstream-").FullName;
        try
        {
            var (code, output) = await ServerProcess.RunAsync(dir, ["--urls", "http://127.0.0.1:0"],
                settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value));
            Assert.True(code == 1, output);
            Assert.EndsWith(message, Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
