using System.Data.Common;
using System.Globalization;
using Cellgate.Delivery;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Text;
using Cellgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// The durable queue of deliver_sm owed to an organisation's ESMEs, kept on the SMS rows themselves
/// (<see cref="SmsMessage.SmppForward"/> = 1, partial index <c>ix_sms_smpp_forward</c>): an MO SMS of an organisation
/// with an SMPP account is marked in the transaction that stores it (<see cref="Sms.MoIntake"/>); an MT submitted over
/// SMPP with registered_delivery is marked on its first part in the transaction that stores it, and its receipt becomes
/// due once every part is final. While the organisation has a bound receiver (or transceiver) this loop sends what is
/// due, spread over its receivers, and marks a row sent only after the ESME's deliver_sm_resp OK: at least once, never
/// lost while none is bound, in id order per organisation. Rows older than <see cref="SmppServerOptions.QueueRetentionHours"/>
/// are dropped (counted and logged).
/// </summary>
public sealed partial class SmppOutbox(Hosting.DatabaseConnections connections, SmsWriter writer, SmppSessions sessions, SmppMetrics metrics,
    IOptions<SmppServerOptions> options, TimeProvider time, ILogger<SmppOutbox> logger) : BackgroundService
{
    private const int Batch = 200;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private DateTime _lastPrune;

    /// <summary>Marks the row <paramref name="smsId"/> as owed to the ESMEs, inside the caller's write.</summary>
    public static void Owe(DbConnection c, DbTransaction t, long smsId)
    {
        var command = SqlCommands.Get(c, t, """UPDATE sms SET "SmppForward" = 1 WHERE "Id" = @id""", "@id");
        command.Set(0, smsId);
        command.ExecuteNonQuery();
    }

    /// <summary>Sends what is due now rather than at the next poll (an MO was stored, a receiver bound).</summary>
    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        sessions.ReceiverBound += Wake;
        await Task.Yield();
        try
        {
            // Nobody can be bound before the host has started; the first round waits for a bind, an MO or the poll.
            await _signal.WaitAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await BackgroundLoop.RunAsync(async ct =>
        {
            var busy = await RoundAsync(ct);
            // A full round goes on at once; otherwise wait for a signal or the poll interval (wall clock: receipts
            // become due when the dispatcher finishes an SMS, which tells nobody; a test's fake clock stands still).
            if (!busy) await _signal.WaitAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), ct);
        }, (ex, backoff) => Log.RoundFailed(logger, ex, backoff), time, stoppingToken);
    }

    private sealed record Due(long Id, long OrganisationId, SmsType Type, SmsStatus Status, string SourceAddress, int SourceAddressType,
        string DestAddress, string Msisdn, string Payload, int Dcs, string Udh, int RegisteredDelivery, DateTime SubmitDate, DateTime? FinalDate,
        string? Error, int PartCount)
    {
        public (MessageState State, bool Final, DateTime? FinalDate, string? Error) State { get; init; }
    }

    /// <summary>One round: prune, then per organisation with a receiver, send what is due; true when there may be more right away.</summary>
    internal async Task<bool> RoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _lastPrune > TimeSpan.FromMinutes(1) || now < _lastPrune)
        {
            _lastPrune = now;
            var cutoff = now.AddHours(-options.Value.QueueRetentionHours);
            // Read first: the write (through the group-commit writer) only when something is to be dropped.
            bool stale;
            await using (var connection = await connections.OpenAsync(ct))
            await using (var probe = SqlCommands.Create(connection, null, """
                SELECT 1 FROM sms WHERE "SmppForward" = 1 AND "SubmitDate" < @cutoff LIMIT 1
                """, ("@cutoff", cutoff)))
                stale = await probe.ExecuteScalarAsync(ct) is not null;
            var dropped = !stale ? 0 : await writer.WriteAsync((c, t) =>
            {
                using var command = SqlCommands.Create(c, t, """
                    UPDATE sms SET "SmppForward" = 3 WHERE "SmppForward" = 1 AND "SubmitDate" < @cutoff
                    """, ("@cutoff", cutoff));
                return command.ExecuteNonQuery();
            }, ct);
            if (dropped > 0)
            {
                metrics.Deliver("any", "dropped", dropped);
                Log.Dropped(logger, dropped, options.Value.QueueRetentionHours);
            }
        }

        var busy = false;
        foreach (var org in sessions.ReceivingOrganisations())
        {
            var due = await ReadAsync(org, ct);
            if (due.Count == 0) continue;
            busy |= due.Count == Batch;
            var done = new List<long>();
            var nothingToSend = new List<long>();
            var sends = new List<Task<(long Id, bool Ok)>>();
            var receivers = sessions.Receivers(org);
            if (receivers.Count == 0) continue;
            var i = 0;
            foreach (var d in due)
            {
                if (ToDeliverSm(d) is not { } pdu)
                {
                    nothingToSend.Add(d.Id);
                    continue;
                }
                sends.Add(SendAsync(receivers[i++ % receivers.Count], d, pdu, ct));
            }
            foreach (var (id, ok) in await Task.WhenAll(sends))
                if (ok) done.Add(id);
            if (done.Count + nothingToSend.Count > 0)
                await writer.WriteAsync((c, t) =>
                {
                    Mark(c, t, done, SmppForwardState.Sent);
                    Mark(c, t, nothingToSend, SmppForwardState.Sent);
                    return 0;
                }, ct);
            if (done.Count < sends.Count) busy = false; // a receiver refused or failed: wait for the next poll
        }
        return busy;
    }

    private static void Mark(DbConnection c, DbTransaction t, List<long> ids, SmppForwardState state)
    {
        if (ids.Count == 0) return;
        using var command = SqlCommands.Create(c, t, $"""
            UPDATE sms SET "SmppForward" = {(int)state} WHERE "SmppForward" = 1 AND "Id" IN ({string.Join(',', ids)})
            """);
        command.ExecuteNonQuery();
    }

    private async Task<(long, bool)> SendAsync(SmppSession session, Due due, DeliverSm pdu, CancellationToken ct)
    {
        var kind = due.Type == SmsType.Mo ? "mo" : "receipt";
        try
        {
            var response = await session.DeliverAsync(pdu, ct);
            if (response.CommandStatus == CommandStatus.ESME_ROK)
            {
                metrics.Deliver(kind, "ok");
                return (due.Id, true);
            }
            metrics.Deliver(kind, "error");
            Log.DeliverRefused(logger, due.Id, response.CommandStatus);
            return (due.Id, false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            metrics.Deliver(kind, "timeout");
            Log.DeliverFailed(logger, due.Id, ex.GetType().Name);
            return (due.Id, false);
        }
    }

    /// <summary>The deliver_sm for a due row, or null when nothing is to be sent (a receipt asked only for failures, a cancelled SMS).</summary>
    private static DeliverSm? ToDeliverSm(Due d)
    {
        if (d.Type == SmsType.Mo)
        {
            var (dataCoding, esm, octets) = SmppContent.Write(d.Dcs, d.Payload, d.Udh);
            var tlvs = TlvList.Empty;
            if (octets.Length > SmppLimits.ShortMessage)
            {
                tlvs = tlvs.With(new Tlv(TlvTag.MessagePayload, new OctetString(octets)));
                octets = [];
            }
            return new DeliverSm
            {
                SourceAddr = SmppAddress.International(d.SourceAddress),
                DestAddr = new SmppAddress(TypeOfNumber.Unknown, NumberingPlan.Isdn, d.DestAddress),
                EsmClass = esm, DataCoding = dataCoding, ShortMessage = new OctetString(octets), Tlvs = tlvs,
            };
        }
        var state = d.State;
        if (state.State == MessageState.Deleted) return null; // cancelled by the client: it knows
        if (state.State == MessageState.Delivered && (d.RegisteredDelivery & RegisteredDelivery.ReceiptMask) == RegisteredDelivery.OnFailure) return null;
        var id = d.Id.ToString(CultureInfo.InvariantCulture);
        var text = new DeliveryReceipt(id, 1, state.State == MessageState.Delivered ? 1 : 0, d.SubmitDate, state.FinalDate ?? d.FinalDate,
            DeliveryReceipt.StatFor(state.State), SmppMessageState.ErrorCode(state.State, state.Error), ReceiptText(d)).Format();
        return new DeliverSm
        {
            // From the handset the SMS went to, back to the address the ESME submitted from.
            SourceAddr = SmppAddress.International(d.Msisdn),
            DestAddr = new SmppAddress(d.SourceAddressType switch { 145 => TypeOfNumber.International, 208 => TypeOfNumber.Alphanumeric, _ => TypeOfNumber.Unknown },
                d.SourceAddressType == 208 ? NumberingPlan.Unknown : NumberingPlan.Isdn, d.SourceAddress),
            EsmClass = EsmClass.DeliveryReceipt,
            ShortMessage = new OctetString(System.Text.Encoding.ASCII.GetBytes(text)),
            Tlvs = TlvList.Empty.With(Tlv.CString(TlvTag.ReceiptedMessageId, id)).With(Tlv.UInt8(TlvTag.MessageState, (byte)state.State)),
        };
    }

    private static string ReceiptText(Due d)
    {
        // The customary first 20 characters, printable ASCII only (the receipt travels as plain text).
        var text = new Cellgate.Sms.DataCodingScheme((byte)d.Dcs).Alphabet == Cellgate.Sms.SmsAlphabet.EightBit ? "" : d.Payload;
        return new string([.. text.Take(20).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
    }

    private async Task<List<Due>> ReadAsync(long organisation, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = SqlCommands.Create(connection, null, $"""
            SELECT s."Id", s."OrganisationId", s."Type", s."Status", s."SourceAddress", s."SourceAddressType", COALESCE(s."DestAddress", ''),
                   s."Msisdn", s."Payload", s."Dcs", s."Udh", s."RegisteredDelivery", s."SubmitDate", s."FinalDate", s."GsmMapError", s."PartCount"
            FROM sms s
            WHERE s."SmppForward" = 1 AND s."OrganisationId" = @org AND (s."Type" = 2 OR s."Status" IN (4, 5, 6, 7))
            ORDER BY s."Id" LIMIT {Batch}
            """, ("@org", organisation));
        var due = new List<Due>();
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
                due.Add(new Due(r.GetInt64(0), r.GetInt64(1), (SmsType)r.GetInt32(2), (SmsStatus)r.GetInt32(3), r.GetString(4), r.GetInt32(5),
                    r.GetString(6), r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetString(10), r.GetInt32(11),
                    DateTime.SpecifyKind(r.GetDateTime(12), DateTimeKind.Utc), r.IsDBNull(13) ? null : DateTime.SpecifyKind(r.GetDateTime(13), DateTimeKind.Utc),
                    r.IsDBNull(14) ? null : r.GetString(14), r.GetInt32(15)));
        }
        // A receipt of a message in several parts waits for all of them.
        var result = new List<Due>(due.Count);
        foreach (var d in due)
        {
            if (d.Type == SmsType.Mo || d.PartCount == 1)
            {
                result.Add(d with { State = SmppMessageState.Of([new PartState(d.Status, d.FinalDate, d.Error)]) });
                continue;
            }
            await using var parts = SqlCommands.Create(connection, null, """
                SELECT "Status", "FinalDate", "GsmMapError" FROM sms WHERE "Id" = @id OR "MessageId" = @id
                """, ("@id", d.Id));
            var states = new List<PartState>();
            await using (var r = await parts.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    states.Add(new PartState((SmsStatus)r.GetInt32(0), r.IsDBNull(1) ? null : DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc), r.IsDBNull(2) ? null : r.GetString(2)));
            var state = SmppMessageState.Of(states);
            if (state.Final) result.Add(d with { State = state });
        }
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(3510, LogLevel.Error, "SMPP deliver_sm queue round failed; retrying in {Backoff}")]
        public static partial void RoundFailed(ILogger logger, Exception exception, TimeSpan backoff);

        [LoggerMessage(3511, LogLevel.Information, "deliver_sm for SMS {SmsId} answered {Status}; it stays queued")]
        public static partial void DeliverRefused(ILogger logger, long smsId, CommandStatus status);

        [LoggerMessage(3512, LogLevel.Information, "deliver_sm for SMS {SmsId} got no answer ({Reason}); it stays queued")]
        public static partial void DeliverFailed(ILogger logger, long smsId, string reason);

        [LoggerMessage(3513, LogLevel.Warning, "Dropped {Count} deliver_sm (receipts or MO) that no ESME took within {Hours} hours")]
        public static partial void Dropped(ILogger logger, int count, int hours);
    }
}
