using System.Text;
using Cellgate.Server.Tests.Support;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Text;

namespace Cellgate.Server.Tests;

/// <summary>
/// submit_multi, data_sm and replace_sm on the northbound SMPP server (issue 9), through real TCP with our own client;
/// and the same from npm <c>smpp</c> (an ESME we did not write).
/// </summary>
public sealed partial class SmppServerTests
{
    private static SubmitMulti Multi(string text, params MultiDestination[] destinations) => new()
    {
        SourceAddr = new SmppAddress(TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "Cellgate"),
        Destinations = destinations,
        ShortMessage = new OctetString(Encoding.ASCII.GetBytes(text)),
    };

    [Fact]
    public async Task Submit_multi_stores_one_mt_per_destination_and_lists_an_unknown_number_and_a_distribution_list_as_unsuccessful()
    {
        var (world, first, firstMsisdn) = await WorldAsync();
        var second = await world.DeviceAsync(name: "second");
        await using var esme = await Esme.BindAsync(Port, new BindTransceiver { SystemId = SystemId, Password = Password });

        var response = await esme.Session.SendAsync<SubmitMultiResp>(Multi("to both",
            MultiDestination.Address(SmppAddress.International(firstMsisdn)), MultiDestination.Address(SmppAddress.International(world.Msisdns[second])),
            MultiDestination.Address(SmppAddress.International("4900000000001")), MultiDestination.List("friends")) with { RegisteredDelivery = RegisteredDelivery.OnSuccessOrFailure });

        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        Assert.Equal([("4900000000001", CommandStatus.ESME_RINVDSTADR), ("friends", CommandStatus.ESME_RINVDLNAME)],
            response.UnsuccessSmes.Select(u => (u.Address.Address, u.ErrorStatusCode)).ToArray());
        // Each destination is an MT of its own (durable before the answer); message_id is the first destination's.
        var mine = (await world.Client.GetJsonAsync($"/api/v1/endpoint/{first}/sms")).EnumerateArray().Single();
        var theirs = (await world.Client.GetJsonAsync($"/api/v1/endpoint/{second}/sms")).EnumerateArray().Single();
        Assert.Equal(response.MessageId, mine.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(mine.GetProperty("id").GetInt64(), theirs.GetProperty("id").GetInt64());
        Assert.All(new[] { mine, theirs }, s => Assert.Equal(2, s.GetProperty("esme_interface_type").GetProperty("id").GetInt32()));
        foreach (var device in new[] { first, second })
            Assert.Equal("to both", (await Eventually.ValueAsync(() => world.InboxAsync(device), i => i.GetArrayLength() == 1, _ => $"device {device} has no SMS"))[0].GetProperty("payload").GetString());
        // One receipt per destination, each with its own message id.
        var receipts = new[] { await esme.NextAsync("the first receipt"), await esme.NextAsync("the second receipt") };
        Assert.Equal(new[] { mine, theirs }.Select(s => s.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            receipts.Select(r => r.Tlvs.ReceiptedMessageId!).Order());
    }

    [Fact]
    public async Task Submit_multi_refuses_the_whole_pdu_for_a_problem_of_the_message_and_answers_submit_fail_when_no_destination_was_taken()
    {
        var (world, device, msisdn) = await WorldAsync();
        await using var esme = await Esme.BindAsync(Port, new BindTransmitter { SystemId = SystemId, Password = Password });

        var tooLong = await esme.Session.SendAsync<SubmitMultiResp>(Multi("never", MultiDestination.Address(SmppAddress.International(msisdn)),
            MultiDestination.Address(SmppAddress.International("4900000000001"))) with { ValidityPeriod = SmppTime.RelativeTo(TimeSpan.FromDays(30)).Format() });
        Assert.Equal(CommandStatus.ESME_RINVEXPIRY, tooLong.CommandStatus);

        var none = await esme.Session.SendAsync<SubmitMultiResp>(Multi("nobody", MultiDestination.Address(SmppAddress.International("4900000000001")), MultiDestination.List("all")));
        Assert.Equal(CommandStatus.ESME_RSUBMITFAIL, none.CommandStatus);
        Assert.Equal([CommandStatus.ESME_RINVDSTADR, CommandStatus.ESME_RINVDLNAME], none.UnsuccessSmes.Select(u => u.ErrorStatusCode).ToArray());

        Assert.Equal(CommandStatus.ESME_RINVNUMDESTS, (await esme.Session.SendAsync<SubmitMultiResp>(Multi("no one"))).CommandStatus);
        Assert.Equal(0, (await world.Client.GetJsonAsync($"/api/v1/endpoint/{device}/sms")).GetArrayLength());
    }

    [Fact]
    public async Task Data_sm_with_message_payload_is_an_mt_answered_with_its_id_valid_for_its_qos_time_to_live_and_its_receipt_comes_back()
    {
        var (world, device, msisdn) = await WorldAsync();
        await using var esme = await Esme.BindAsync(Port, new BindTransceiver { SystemId = SystemId, Password = Password });
        var text = string.Concat(Enumerable.Repeat("data sm ", 30)); // 240 characters: two parts

        var response = await esme.Session.SendAsync<DataSmResp>(new DataSm
        {
            SourceAddr = SmppAddress.International("4917000001"), DestAddr = SmppAddress.International(msisdn),
            RegisteredDelivery = RegisteredDelivery.OnSuccessOrFailure,
            Tlvs = TlvList.Empty.With(new Tlv(TlvTag.MessagePayload, new OctetString(Encoding.ASCII.GetBytes(text))))
                .With(new Tlv(TlvTag.QosTimeToLive, new OctetString([0, 0, 0x0E, 0x10]))), // 3600 s
        });
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        var id = long.Parse(response.MessageId, System.Globalization.CultureInfo.InvariantCulture);
        var sms = await world.SmsAsync(device, id);
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'"), sms.GetProperty("expiry_date").GetString());
        Assert.Equal(2, sms.GetProperty("esme_interface_type").GetProperty("id").GetInt32());

        await world.WaitForStatusAsync(device, id, 4);
        var parts = (await world.InboxAsync(device)).EnumerateArray().Select(p => p.GetProperty("payload").GetString()).ToList();
        Assert.Equal(text, string.Concat(parts));
        var receipt = await esme.NextAsync("the data_sm's receipt");
        Assert.Equal((response.MessageId, MessageState.Delivered), (receipt.Tlvs.ReceiptedMessageId, receipt.Tlvs.MessageState));

        Assert.Equal(CommandStatus.ESME_RINVDSTADR, (await esme.Session.SendAsync<DataSmResp>(new DataSm
        {
            DestAddr = SmppAddress.International("4900000000001"),
            Tlvs = TlvList.Empty.With(new Tlv(TlvTag.MessagePayload, new OctetString("x"u8.ToArray()))),
        })).CommandStatus);
    }

    [Fact]
    public async Task Replace_sm_changes_the_text_validity_and_schedule_of_a_pending_sms_keeps_the_device_order_and_is_refused_once_delivered()
    {
        var (world, device, msisdn) = await WorldAsync();
        await using var esme = await Esme.BindAsync(Port, new BindTransceiver { SystemId = SystemId, Password = Password });
        var first = (await esme.Session.SubmitAsync(Submit(msisdn, "first, before replace") with { ScheduleDeliveryTime = SmppTime.RelativeTo(TimeSpan.FromHours(1)).Format() })).MessageId;
        var second = (await esme.Session.SubmitAsync(Submit(msisdn, "second"))).MessageId;

        var replaced = await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm
        {
            MessageId = first, SourceAddr = new SmppAddress(TypeOfNumber.Alphanumeric, NumberingPlan.Unknown, "Cellgate"),
            ValidityPeriod = SmppTime.RelativeTo(TimeSpan.FromHours(3)).Format(), ScheduleDeliveryTime = SmppTime.RelativeTo(TimeSpan.FromHours(2)).Format(),
            ShortMessage = new OctetString(Encoding.ASCII.GetBytes("first, replaced")),
        });
        Assert.Equal(CommandStatus.ESME_ROK, replaced.CommandStatus);
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        var stored = await world.SmsAsync(device, long.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("first, replaced", now.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'")),
            (stored.GetProperty("payload").GetString(), stored.GetProperty("expiry_date").GetString()));

        // The first attempt moved from one hour to two, and the SMS behind it waits with it.
        world.Advance(TimeSpan.FromMinutes(61));
        await world.RunDispatcherRoundAsync();
        Assert.Equal(0, (await world.InboxAsync(device)).GetArrayLength());
        world.Advance(TimeSpan.FromMinutes(60));
        await world.WaitForStatusAsync(device, long.Parse(second, System.Globalization.CultureInfo.InvariantCulture), 4);
        Assert.Equal(["first, replaced", "second"], (await world.InboxAsync(device)).EnumerateArray().Select(p => p.GetProperty("payload").GetString()!).ToArray());

        Assert.Equal(CommandStatus.ESME_RREPLACEFAIL, (await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm
        {
            MessageId = first, ShortMessage = new OctetString("too late"u8.ToArray()),
        })).CommandStatus);
        Assert.Equal(CommandStatus.ESME_RREPLACEFAIL, (await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm { MessageId = "999999" })).CommandStatus);
        Assert.Equal(CommandStatus.ESME_RINVMSGID, (await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm { MessageId = "abc" })).CommandStatus);
    }

    [Fact]
    public async Task Replace_sm_is_refused_for_a_text_that_needs_another_number_of_parts_and_for_another_sender_and_changes_nothing()
    {
        var (world, device, msisdn) = await WorldAsync();
        await world.DetachAsync(device);
        await using var esme = await Esme.BindAsync(Port, new BindTransmitter { SystemId = SystemId, Password = Password });
        var id = (await esme.Session.SubmitAsync(Submit(msisdn, "short", RegisteredDelivery.OnSuccessOrFailure))).MessageId;
        Assert.Equal(1, QueueLength()); // its receipt is owed (no receiver bound to take it)

        Assert.Equal(CommandStatus.ESME_RREPLACEFAIL, (await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm
        {
            MessageId = id, Tlvs = TlvList.Empty.With(new Tlv(TlvTag.MessagePayload, new OctetString(Encoding.ASCII.GetBytes(new string('x', 200))))),
        })).CommandStatus);
        Assert.Equal(CommandStatus.ESME_RREPLACEFAIL, (await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm
        {
            MessageId = id, SourceAddr = SmppAddress.International("4917000099"), ShortMessage = new OctetString("other"u8.ToArray()),
        })).CommandStatus);
        var sms = await world.SmsAsync(device, long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("short", sms.GetProperty("payload").GetString());

        // registered_delivery 0 withdraws the receipt: the cancel that follows owes none.
        Assert.Equal(CommandStatus.ESME_ROK, (await esme.Session.SendAsync<ReplaceSmResp>(new ReplaceSm { MessageId = id })).CommandStatus);
        Assert.Equal(CommandStatus.ESME_ROK, (await esme.Session.SendAsync<CancelSmResp>(new CancelSm { MessageId = id })).CommandStatus);
        Assert.Equal(0, QueueLength());
    }

    [SkippableFact]
    public async Task An_npm_smpp_esme_sends_submit_multi_data_sm_replace_sm_and_cancel_sm()
    {
        var (world, first, firstMsisdn) = await WorldAsync();
        var second = await world.DeviceAsync(name: "second");
        var held = await world.DeviceAsync(attached: false, name: "held");
        await using var npm = NodeEsme.Run("cellgate-esme-ops.js", Port, SystemId, Password, firstMsisdn, world.Msisdns[second], world.Msisdns[held]);
        Assert.Equal(0, (await npm.WaitForAsync("bind_transceiver_resp")).GetProperty("command_status").GetInt32());

        var multi = await npm.WaitForAsync("submit_multi_resp");
        Assert.Equal(0, multi.GetProperty("command_status").GetInt32());
        Assert.Equal([("4900000000001", (int)CommandStatus.ESME_RINVDSTADR), ("friends", (int)CommandStatus.ESME_RINVDLNAME)],
            multi.GetProperty("unsuccess").EnumerateArray().Select(u => (u.GetProperty("address").GetString()!, u.GetProperty("status").GetInt32())).ToArray());
        var data = await npm.WaitForAsync("data_sm_resp");
        Assert.Equal(0, data.GetProperty("command_status").GetInt32());
        var replace = await npm.WaitForAsync("replace_sm_resp");
        Assert.Equal(0, replace.GetProperty("command_status").GetInt32());
        var cancel = await npm.WaitForAsync("cancel_sm_resp");
        Assert.Equal(0, cancel.GetProperty("command_status").GetInt32());
        Assert.Equal(0, (await npm.WaitForAsync("unbind_resp")).GetProperty("command_status").GetInt32());

        long Id(System.Text.Json.JsonElement e) => long.Parse(e.GetProperty("message_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        await world.WaitForStatusAsync(first, Id(multi), 4);
        await world.WaitForStatusAsync(first, Id(data), 4);
        Assert.Equal(["multi from npm", "data from npm"], (await world.InboxAsync(first)).EnumerateArray().Select(p => p.GetProperty("payload").GetString()!).ToArray());
        Assert.Equal("multi from npm", (await Eventually.ValueAsync(() => world.InboxAsync(second), i => i.GetArrayLength() == 1, _ => "the second device has no SMS"))[0].GetProperty("payload").GetString());
        Assert.Equal(7, SmsWorld.Status(await world.SmsAsync(held, Id(cancel))));
        await world.AttachAsync(held);
        await world.WaitForStatusAsync(held, Id(replace), 4);
        Assert.Equal(["after replace"], (await world.InboxAsync(held)).EnumerateArray().Select(p => p.GetProperty("payload").GetString()!).ToArray());
    }

    [Fact]
    public async Task Submit_sm_sees_a_sim_released_from_its_device_and_given_to_another_at_once_although_routes_by_msisdn_are_cached()
    {
        var (world, device, msisdn) = await WorldAsync();
        await using var esme = await Esme.BindAsync(Port, new BindTransmitter { SystemId = SystemId, Password = Password });
        Assert.Equal(CommandStatus.ESME_ROK, (await esme.Session.SubmitAsync(Submit(msisdn, "to the first device"))).CommandStatus);

        var sim = (await world.Client.GetJsonAsync($"/api/v1/endpoint/{device}")).GetProperty("sim").GetProperty("id").GetInt64();
        Assert.True((await world.Client.PatchJsonAsync($"/api/v1/endpoint/{device}", """{"sim":{"id":null}}""")).IsSuccessStatusCode);
        Assert.Equal(CommandStatus.ESME_RINVDSTADR, (await esme.Session.SubmitAsync(Submit(msisdn, "to nobody"))).CommandStatus);

        var other = await world.Client.EndpointAsync(new
        {
            name = "other", status = new { id = 0 }, service_profile = new { id = world.Setup.ServiceProfileId },
            tariff_profile = new { id = world.Setup.TariffProfileId }, sim = new { id = sim },
        });
        var response = await esme.Session.SubmitAsync(Submit(msisdn, "to the other device"));
        Assert.Equal(CommandStatus.ESME_ROK, response.CommandStatus);
        Assert.Equal("to the other device", (await world.SmsAsync(other, long.Parse(response.MessageId, System.Globalization.CultureInfo.InvariantCulture))).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Submit_sm_burst_behind_an_sms_waiting_for_a_retry_is_stored_buffered_at_once_and_delivered_in_id_order()
    {
        var (world, device, msisdn) = await WorldAsync();
        await world.DetachAsync(device);
        await using var esme = await Esme.BindAsync(Port, new BindTransmitter { SystemId = SystemId, Password = Password });
        var head = long.Parse((await esme.Session.SubmitAsync(Submit(msisdn, "head"))).MessageId, System.Globalization.CultureInfo.InvariantCulture);
        await world.WaitForStatusAsync(device, head, 3);

        // A window's worth at once: they reach the writer together and are stored in multi-row inserts.
        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => esme.Session.SubmitAsync(Submit(msisdn, $"burst {i}"))));
        Assert.All(burst, r => Assert.Equal(CommandStatus.ESME_ROK, r.CommandStatus));
        var ids = burst.Select(r => long.Parse(r.MessageId, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(20, ids.Distinct().Count());
        foreach (var id in ids) Assert.Equal(3, SmsWorld.Status(await world.SmsAsync(device, id))); // behind the head's retry, at once

        await world.AttachAsync(device);
        await world.WaitForStatusAsync(device, ids.Max(), 4);
        string[] expected = ["head", .. ids.Zip(burst.Select((_, i) => $"burst {i}")).OrderBy(p => p.First).Select(p => p.Second)];
        var inbox = (await world.InboxAsync(device)).EnumerateArray().Select(p => p.GetProperty("payload").GetString()!).ToArray();
        Assert.Equal(expected, inbox);
    }
}
