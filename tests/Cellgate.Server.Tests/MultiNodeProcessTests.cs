using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Cellgate.Server.Tests;

/// <summary>
/// Issue 12 with real processes: three server processes on one PostgreSQL database, SMS submitted round-robin over
/// the REST API to all three, one node killed with SIGKILL in the middle of the burst and started again.
/// <para>
/// What proves "exactly once at the handset": the simulator's inbox is a table of the shared database
/// (<c>simulator_inbox</c>, unique per SMS id), written by whichever node delivers; a redelivery after a crash only
/// raises that row's <c>Duplicates</c>. So <c>/api/simulator/devices/{id}/inbox</c> on any node shows what the handset
/// received from all nodes, oldest first.
/// </para>
/// <para>
/// Inline delivery is turned off on these nodes: with it (the default), a round claims, hands over to the simulator
/// and records in one transaction, so a killed node leaves no lease behind and there would be nothing to take over.
/// Off, the claim commits first (as for an SMPP upstream), so the killed node does hold leases. To be sure it holds
/// some at the moment of the kill, the node is first stopped (SIGSTOP) until the database shows leases of it, then
/// killed; those SMS must then be delivered by the two other nodes, after their lease ran out, before the dead node
/// is started again.
/// </para>
/// </summary>
public sealed class MultiNodeProcessTests(ITestOutputHelper output)
{
    private const string Token = "multi-node-token-0123456789abcdef";
    private const int LeaseSeconds = 2;
    private static readonly long[] Devices = [1, 2, 3]; // the demo endpoints; the third starts disabled and detached
    private const int Burst = 300; // acknowledged SMS in all
    private const int KillAfter = 120;

    private sealed record Attempt(long Device, int Seq, long? SmsId);

    [SkippableFact]
    public async Task Three_nodes_on_one_database_lose_nothing_deliver_once_in_order_and_take_over_a_killed_nodes_leases()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var dir = Directory.CreateTempSubdirectory("cellgate-nodes-").FullName;
        var nodes = new ServerProcess?[3];
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var phases = new List<string>();
            void Phase(string name) => phases.Add($"{name} {clock.Elapsed.TotalSeconds:0.0} s");
            nodes[0] = await ServerProcess.StartAsync(dir, Environment(dir, "node-1")); // the first start seeds; then the others
            var others = new[] { "node-2", "node-3" }.Select(n => ServerProcess.StartAsync(dir, Environment(dir, n))).ToList();
            try
            {
                await Task.WhenAll(others);
            }
            finally
            {
                for (var i = 0; i < others.Count; i++)
                    if (others[i].IsCompletedSuccessfully) nodes[i + 1] = others[i].Result;
            }
            Phase("started");
            var clients = new HttpClient?[3];
            for (var i = 0; i < 3; i++) clients[i] = await ClientAsync(nodes[i]!);
            var setup = clients[0]!;
            Assert.Equal(HttpStatusCode.NoContent, (await setup.PatchAsJsonAsync("/api/v1/endpoint/3", new { status = new { id = 0 } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await setup.PostAsync("/api/simulator/devices/3/attach", null)).StatusCode);

            // One submitter per device, each SMS after the previous one's answer: per device, submission order is exact.
            // Each goes to the next node in turn; an SMS whose node died without answering may or may not exist.
            var attempts = new ConcurrentQueue<Attempt>();
            var acknowledged = 0;
            var dead = new bool[3];
            var seqs = new int[Devices.Length];
            var workers = Devices.Select(async (device, d) =>
            {
                // Until node 1 is killed, whatever the count: the kill waits for node 1 to hold leases, which it does
                // only while SMS keep coming.
                for (var n = d; Volatile.Read(ref acknowledged) < Burst || !Volatile.Read(ref dead[0]); n++)
                {
                    var node = n % 3;
                    if (Volatile.Read(ref dead[node])) continue;
                    var seq = seqs[d]++;
                    long? id = null;
                    try
                    {
                        var response = await clients[node]!.PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = Payload(device, seq) });
                        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                        id = long.Parse(response.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
                        Interlocked.Increment(ref acknowledged);
                    }
                    catch (HttpRequestException) { } // the node was killed with the request open
                    attempts.Enqueue(new Attempt(device, seq, id));
                }
            }).ToList();

            await Eventually.HoldsAsync(() => Volatile.Read(ref acknowledged) >= KillAfter, $"{KillAfter} SMS were not acknowledged (only {acknowledged})");
            var victim = nodes[0]!;
            await using var db = (NpgsqlConnection)await TestDatabase.OpenAsync(dir);
            // Stop node 1 until it stands still holding leases (its open statements done, its claims committed): wait
            // until the database shows leases of it, stop it at once, and look again once its sessions are at rest (it
            // may have recorded them meanwhile; then it runs on and the next leases are awaited).
            var leases = await Eventually.ValueAsync(async () =>
            {
                await Eventually.HoldsAsync(async () => (await LeasesAsync(db, "node-1")).Count > 0, "node 1 never claimed an SMS");
                await victim.PauseAsync();
                // A session of node 1 may stay active for good: waiting for a row lock that another of its sessions,
                // stopped inside a transaction, holds. Then node 1 runs on for a moment and is stopped again.
                var restUntil = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                var active = await Eventually.ValueAsync(
                    () => ScalarAsync(db, """SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'node-1' AND state = 'active'"""),
                    n => n == 0 || DateTime.UtcNow >= restUntil, n => $"{n} sessions of node 1 stayed active after SIGSTOP");
                if (active > 0)
                {
                    await victim.ResumeAsync();
                    return new Dictionary<long, DateTime>();
                }
                // A session idle inside a transaction may have a COMMIT waiting unread in its socket, sent just before
                // the stop (CI once saw a lease read here recorded DELIVERED by node 1 afterwards). Only a node whose
                // sessions are all idle outside a transaction is at rest; otherwise it runs on and is stopped again.
                var inTransaction = await ScalarAsync(db, """SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'node-1' AND state <> 'idle'""");
                var held = inTransaction == 0 ? await LeasesAsync(db, "node-1") : new Dictionary<long, DateTime>();
                if (held.Count == 0) await victim.ResumeAsync();
                return held;
            }, l => l.Count > 0, _ => "node 1 was never seen holding a lease", timeout: TimeSpan.FromMinutes(3));
            Phase("stopped holding leases");
            Volatile.Write(ref dead[0], true);
            victim.Kill(); // SIGKILL, mid-burst
            await Eventually.HoldsAsync(async () => await ScalarAsync(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'node-1'") == 0,
                "the killed node's database sessions did not end");

            // The others take the dead node's SMS over once the lease ran out (claiming a lapsed lease counts a faulted
            // attempt), and deliver them while node 1 is still down.
            var takenOver = await Eventually.ValueAsync(() => TakeoverAsync(db, leases.Keys), t => t.All(x => x.Status == 4),
                t => $"{t.Count(x => x.Status != 4)} of the {t.Count} SMS node 1 held were not delivered by the other nodes");
            Assert.Equal(leases.Count, takenOver.Count);
            foreach (var sms in takenOver)
            {
                Assert.True(sms.FaultCount >= 1, $"SMS {sms.Id} was not delivered by a takeover of the lapsed lease (FaultCount {sms.FaultCount})");
                Assert.True(sms.DeliveryDate > leases[sms.Id], $"SMS {sms.Id} was delivered at {sms.DeliveryDate:O}, before node 1's lease ran out at {leases[sms.Id]:O}");
            }
            Phase("taken over");
            await Task.WhenAll(workers).WaitAsync(Eventually.DefaultTimeout);
            Phase("burst done");

            // Node 1 again (a new process, so a new node id), then a few more SMS to each device through it.
            await victim.DisposeAsync();
            nodes[0] = null;
            nodes[0] = await ServerProcess.StartAsync(dir, Environment(dir, "node-1-restarted"));
            clients[0] = await ClientAsync(nodes[0]!);
            Phase("restarted");
            for (var d = 0; d < Devices.Length; d++)
                for (var i = 0; i < 3; i++)
                {
                    var seq = seqs[d]++;
                    var response = await clients[0]!.PostAsJsonAsync($"/api/v1/endpoint/{Devices[d]}/sms", new { payload = Payload(Devices[d], seq) });
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    attempts.Enqueue(new Attempt(Devices[d], seq, long.Parse(response.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture)));
                }

            // device → sms id → (status, payload), once every stored SMS is final, read through node 2.
            var reader = clients[1]!;
            var stored = await Eventually.ValueAsync(async () =>
            {
                var now = new Dictionary<long, Dictionary<long, (int Status, string Payload)>>();
                foreach (var device in Devices)
                    now[device] = (await reader.GetFromJsonAsync<JsonElement>($"/api/v1/endpoint/{device}/sms")).EnumerateArray().ToDictionary(
                        sms => sms.GetProperty("id").GetInt64(), sms => (sms.GetProperty("status").GetProperty("id").GetInt32(), sms.GetProperty("payload").GetString()!));
                return now;
            }, s => s.Values.All(d => d.Values.All(x => x.Status >= 4)), s => $"{s.Values.Sum(d => d.Values.Count(x => x.Status < 4))} SMS are not final");

            Phase("all final");
            var all = attempts.ToList();
            foreach (var a in all.Where(a => a.SmsId is not null))
                Assert.True(stored[a.Device].TryGetValue(a.SmsId!.Value, out var s) && s.Status == 4 && s.Payload == Payload(a.Device, a.Seq),
                    $"acknowledged SMS {a.SmsId} ({Payload(a.Device, a.Seq)}) is {(stored[a.Device].TryGetValue(a.SmsId.Value, out var x) ? x.ToString() : "missing")}");
            Assert.All(stored.Values.SelectMany(d => d), kv => Assert.Equal(4, kv.Value.Status));
            var attempted = all.Select(a => Payload(a.Device, a.Seq)).ToHashSet();
            Assert.All(stored.Values.SelectMany(d => d.Values), s => Assert.Contains(s.Payload, attempted)); // nothing from nowhere

            long duplicates = 0;
            foreach (var device in Devices)
            {
                var inbox = (await reader.GetFromJsonAsync<JsonElement>($"/api/simulator/devices/{device}/inbox")).EnumerateArray()
                    .Select(e => (Id: e.GetProperty("sms_id").GetInt64(), Payload: e.GetProperty("payload").GetString()!, Duplicates: e.GetProperty("duplicates").GetInt64()))
                    .ToList();
                duplicates += inbox.Sum(e => e.Duplicates);
                // Exactly the stored SMS, each once (the inbox is unique per SMS id), in submission order.
                Assert.Equal(stored[device].Keys.Order(), inbox.Select(e => e.Id).Order());
                var seqOrder = inbox.Select(e => Seq(e.Payload)).ToList();
                Assert.True(seqOrder.SequenceEqual(seqOrder.Order()), $"device {device} received its SMS out of submission order: {string.Join(", ", seqOrder)}");
            }
            var stats = await reader.GetFromJsonAsync<JsonElement>("/api/simulator/stats");
            Assert.Equal(stored.Values.Sum(d => d.Count), stats.GetProperty("received").GetInt64());
            output.WriteLine($"{all.Count(a => a.SmsId is not null)} acknowledged, {all.Count(a => a.SmsId is null)} unanswered (of which " +
                $"{all.Count(a => a.SmsId is null && stored[a.Device].Values.Any(s => s.Payload == Payload(a.Device, a.Seq)))} stored), " +
                $"{leases.Count} leases of node 1 taken over, {duplicates} redeliveries suppressed by the handsets; {string.Join(", ", phases)}");
        }
        finally
        {
            foreach (var node in nodes)
                if (node is not null) await node.DisposeAsync();
            TestDatabase.Drop(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The writer holds a per-device lock for each SMS of its group until the group commits (per-device order across
    /// nodes). Taken one by one in the order the SMS came (as before issue 12's fix), two nodes' groups could each hold a
    /// device the other waits for: PostgreSQL broke the deadlock after <c>deadlock_timeout</c> (1 s) and the losing node
    /// ran its whole group again, logging "lost a race with another node (SQLSTATE 40P01)". Taken in device order, all
    /// of a group's in one statement before its writes (SmsOrderLocks), it cannot happen (docs/scaling.md, "Per-device
    /// order across nodes: the locks").
    /// </summary>
    [SkippableFact]
    public async Task Two_nodes_submitting_sms_to_the_same_devices_at_once_never_deadlock()
    {
        Skip.IfNot(TestDatabase.IsPostgres, TestDatabase.PostgresOnly);
        var dir = Directory.CreateTempSubdirectory("cellgate-nodes-").FullName;
        var nodes = new List<ServerProcess>();
        try
        {
            nodes.Add(await ServerProcess.StartAsync(dir, Environment(dir, "node-1")));
            nodes.Add(await ServerProcess.StartAsync(dir, Environment(dir, "node-2")));
            var clients = new List<HttpClient>();
            foreach (var node in nodes) clients.Add(await ClientAsync(node));
            Assert.Equal(HttpStatusCode.NoContent, (await clients[0].PatchAsJsonAsync("/api/v1/endpoint/3", new { status = new { id = 0 } })).StatusCode);

            // 32 submitters per node, each over the three devices from its own starting point: every group of either
            // node's writer holds SMS to several devices, in no particular order.
            var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
            {
                var statuses = new List<HttpStatusCode>();
                for (var k = 0; k < 9; k++)
                {
                    var device = Devices[(i + k) % Devices.Length];
                    statuses.Add((await clients[i % 2].PostAsJsonAsync($"/api/v1/endpoint/{device}/sms", new { payload = $"s{i}-{k}" })).StatusCode);
                }
                return statuses;
            }));
            Assert.All(answers.SelectMany(a => a), s => Assert.Equal(HttpStatusCode.Created, s));
            foreach (var node in nodes)
                Assert.False(node.Output.Contains("SQLSTATE 40P01", StringComparison.Ordinal),
                    $"a node's writer group deadlocked with the other node's and ran again:\n{string.Join('\n', node.Output.Split('\n').Where(l => l.Contains("40P01", StringComparison.Ordinal)).Take(3))}");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
            TestDatabase.Drop(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Payload(long device, int seq) => $"d{device}-{seq:D5}";

    private static int Seq(string payload) => int.Parse(payload[(payload.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Environment(string dir, string node) => new()
    {
        ["Cellgate__Bootstrap__ApplicationToken"] = Token,
        ["Cellgate__Delivery__LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cellgate__Delivery__InlineDelivery"] = "false",
        ["Cellgate__Delivery__NodeId"] = node,
        // The node's sessions carry its name, so the test can see them in pg_stat_activity.
        ["Cellgate__Storage__ConnectionString"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(dir)) { ApplicationName = node }.ConnectionString,
    };

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>SMS in progress under <paramref name="node"/>'s lease: id → lease end.</summary>
    private static async Task<Dictionary<long, DateTime>> LeasesAsync(NpgsqlConnection db, string node)
    {
        await using var command = new NpgsqlCommand("""SELECT "Id", "LeaseUntil" FROM sms WHERE "Status" = 2 AND "LeaseOwner" = @node""", db);
        command.Parameters.AddWithValue("node", node);
        var leases = new Dictionary<long, DateTime>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) leases[reader.GetInt64(0)] = reader.GetDateTime(1);
        return leases;
    }

    private sealed record Row(long Id, int Status, int FaultCount, DateTime? DeliveryDate);

    private static async Task<List<Row>> TakeoverAsync(NpgsqlConnection db, IEnumerable<long> ids)
    {
        await using var command = new NpgsqlCommand("""SELECT "Id", "Status", "FaultCount", "DeliveryDate" FROM sms WHERE "Id" = ANY(@ids)""", db);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3)));
        return rows;
    }

    private static Task<HttpClient> ClientAsync(ServerProcess server) => server.CreateClientAsync(Token);
}
