using Cellgate.Server.Tests.Support;
using System.Net;

namespace Cellgate.Client.Tests;

/// <summary>SMS, the SMS quota and the simulator through the SDK.</summary>
public sealed class SmsTests : IDisposable
{
    private readonly SdkServer _server = new();
    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Send_returns_the_id_from_location_and_wait_returns_the_delivered_sms()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker");

        var id = await w.Client.Sms.SendAsync(device.Id, new NewSms("hello device") { SourceAddress = "Cellgate" });
        var seen = new List<SmsStatus>();
        var sms = await w.Client.Sms.WaitForFinalStatusAsync(device.Id, id, TimeSpan.FromSeconds(60), new SyncProgress<Sms>(s => seen.Add(s.State)));

        Assert.Equal(id, sms.Id);
        Assert.Equal(SmsStatus.Delivered, sms.State);
        Assert.Equal("DELIVERED", sms.Status?.Description);
        Assert.Equal(SmsStatus.Delivered, seen[^1]);
        Assert.Equal("hello device", sms.Payload);
        Assert.Equal("Cellgate", sms.SourceAddress);
        Assert.Equal(device.Id, sms.DeviceId);
        Assert.Equal(0, sms.RetryCount); // "0" on the wire
        Assert.False(sms.IsMobileOriginated);

        var inbox = await w.Client.Simulator.InboxAsync(device.Id);
        Assert.Equal((id, "hello device"), (Assert.Single(inbox).SmsId, inbox[0].Payload));
    }

    [Fact]
    public async Task An_sms_to_a_detached_device_waits_buffered_and_is_cancelled()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker", attach: false);
        var id = await w.Client.Sms.SendAsync(device.Id, "are you there?");

        var buffered = await Eventually.ValueAsync(() => w.Client.Sms.GetAsync(device.Id, id), s => s.State == SmsStatus.Buffered, s => $"SMS is {s.State}");
        Assert.False(buffered.IsFinal);
        await Assert.ThrowsAsync<TimeoutException>(() => w.Client.Sms.WaitForFinalStatusAsync(device.Id, id, TimeSpan.FromMilliseconds(100)));

        await w.Client.Sms.CancelAsync(device.Id, id);
        var canceled = await w.Client.Sms.WaitForFinalStatusAsync(device.Id, id);
        Assert.Equal(SmsStatus.Canceled, canceled.State);

        var again = await Assert.ThrowsAsync<CellgateApiException>(() => w.Client.Sms.CancelAsync(device.Id, id));
        Assert.Equal((HttpStatusCode.Conflict, 1406), (again.StatusCode, again.ErrorCode));
    }

    [Fact]
    public async Task The_list_has_every_sms_newest_first_across_pages_and_the_watcher_reports_new_ones()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker");
        var ids = new List<SmsId>();
        for (var i = 0; i < 3; i++) ids.Add(await w.Client.Sms.SendAsync(device.Id, $"message {i}"));
        await w.Client.Sms.WaitForFinalStatusAsync(device.Id, ids[^1]);

        var listed = await w.Client.Sms.ListAsync(device.Id, new ListOptions { PageSize = 2 }).ToListAsync();
        Assert.Equal(ids.AsEnumerable().Reverse(), listed.Select(s => s.Id));
        Assert.Equal(2, _server.Recorder.Count("GET", $"/api/v1/endpoint/{device.Id}/sms?page="));
        Assert.Equal(ids[0], (await w.Client.Sms.GetAsync(device.Id, ids[0])).Id);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watched = new List<Sms>();
        await foreach (var s in w.Client.Sms.WatchAsync(device.Id, backlog: 2, cts.Token))
        {
            watched.Add(s);
            if (watched.Count == 2) await w.Client.Simulator.SendMoAsync(device.Id, "12345", "reply from device");
            if (s.IsMobileOriginated) break;
        }
        Assert.Equal([ids[1], ids[2]], watched.Take(2).Select(s => s.Id));
        Assert.Equal("reply from device", watched[^1].Payload);
        Assert.Equal("12345", watched[^1].DestAddress);
    }

    [Fact]
    public async Task The_sms_quota_is_set_read_and_removed()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker");
        var expiry = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

        await w.Client.SmsQuota.SetAsync(device.Id, new SmsQuotaSettings(10, expiry, 50));
        var quota = await w.Client.SmsQuota.GetAsync(device.Id);
        Assert.Equal((10L, expiry, 50, "ACTIVE"), (quota.Volume, quota.ExpiryDate!.Value, quota.ThresholdPercentage!.Value, quota.Status?.Description));

        await w.Client.SmsQuota.DeleteAsync(device.Id);
        var none = await Assert.ThrowsAsync<CellgateApiException>(() => w.Client.SmsQuota.GetAsync(device.Id));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task The_simulator_attaches_detaches_changes_sends_mo_and_counts()
    {
        var w = await SdkWorld.CreateAsync(_server.Operator());
        var device = await w.DeviceAsync(0, "Tracker", attach: false);
        Assert.False((await w.Client.Simulator.GetAsync(device.Id)).Attached);
        Assert.True((await w.Client.Simulator.AttachAsync(device.Id)).Attached);

        var changed = await w.Client.Simulator.UpdateAsync(device.Id, new SimulatedDeviceUpdate { Fault = "reject", Echo = true });
        Assert.Equal(("reject", true), (changed.Fault, changed.Echo));
        var failed = await w.Client.Sms.WaitForFinalStatusAsync(device.Id, await w.Client.Sms.SendAsync(device.Id, "refused"));
        Assert.Equal(SmsStatus.Failed, failed.State);
        await w.Client.Simulator.UpdateAsync(device.Id, new SimulatedDeviceUpdate { Fault = "none", Echo = false });

        var mo = await w.Client.Simulator.SendMoAsync(device.Id, "4321", "from the device");
        var sms = await w.Client.Sms.GetAsync(device.Id, mo);
        Assert.True(sms.IsMobileOriginated);
        Assert.Equal("from the device", sms.Payload);

        var stats = await w.Client.Simulator.StatsAsync();
        Assert.Equal(1, stats.Attached);
        Assert.Equal(1, stats.SmsByStatus!["FAILED"]);

        Assert.False((await w.Client.Simulator.DetachAsync(device.Id)).Attached);
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (Progress&lt;T&gt; posts to the pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
