using System.Globalization;
using System.Net;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Sms;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;
using Cellgate.Smpp.Text;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// What the SMPP server answers a customer ESME: binds checked against the organisation's SMPP accounts (hashed
/// passwords, failed binds throttled per system_id and client address, hashing bounded server-wide), then submit_sm,
/// query_sm and cancel_sm on the SMS engine, scoped to the bound organisation. Other requests are answered
/// ESME_RINVCMDID; the session library answers enquire_link and unbind itself.
/// <para>
/// Behind the database write gate (issue 12, as REST's 503): while the node's last database check failed
/// (<see cref="Hosting.OperationsMonitor.AcceptingWrites"/>), every request that needs the database is answered at once
/// without touching it — a bind ESME_RSYSERR (credentials unchecked, nothing counted against the account), submit_sm
/// and the other commands ESME_RTHROTTLED, which senders take as "back off and send it again" — and a request under
/// which the database breaks is answered the same way and makes the monitor check at once. Requests are taken again
/// after the first check that succeeds. docs/smpp.md "Losing the database".
/// </para>
/// </summary>
public sealed partial class SmppServer(
    IServiceScopeFactory scopes, SmppSessions sessions, PasswordHasher hasher, LoginThrottle throttle, SmsRoutes routes, MtSubmission submission,
    SmsWriter writer, DispatcherSignal dispatcherSignal, DeliveryMetrics deliveryMetrics, SmppMetrics metrics, IOptions<SmppServerOptions> options,
    IOptions<DeliveryOptions> delivery, Hosting.OperationsMonitor monitor, TimeProvider time, ILogger<SmppServer> logger)
{
    private readonly MtBatch _batch = new(submission, writer, MtChannel.Smpp);

    /// <summary>The session's request handler for a connection from <paramref name="remote"/>.</summary>
    public SmppRequestHandler HandlerFor(IPAddress? remote) => (session, request, ct) => HandleAsync(session, request, remote, ct);

    private async ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, IPAddress? remote, CancellationToken ct)
    {
        if (request is BindRequest bind)
        {
            if (!monitor.AcceptingWrites) return BindUnavailable(bind, "the database is unreachable");
            try
            {
                return await BindAsync(session, bind, remote, ct);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                monitor.CheckSoon();
                return BindUnavailable(bind, DatabaseErrors.Describe(ex));
            }
        }
        if (sessions.Get(session) is not { } binding) return request.CreateResponse(CommandStatus.ESME_RINVBNDSTS);
        SmppResponse response;
        if (!monitor.AcceptingWrites && NeedsDatabase(request))
        {
            response = request.CreateResponse(DatabaseUnavailableStatus);
        }
        else
        {
            try
            {
                response = request switch
                {
                    SubmitSm submit => await SubmitAsync(binding, submit),
                    DataSm data => await DataAsync(binding, data),
                    SubmitMulti multi => await SubmitMultiAsync(binding, multi),
                    QuerySm query => await QueryAsync(binding, query, ct),
                    CancelSm cancel => await CancelAsync(binding, cancel, ct),
                    ReplaceSm replace => await ReplaceAsync(binding, replace, ct),
                    _ => request.CreateResponse(CommandStatus.ESME_RINVCMDID),
                };
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                // The database went away under this request: nothing of it is stored (a failed group stores nothing).
                monitor.CheckSoon();
                Log.DatabaseUnavailable(logger, CommandName(request.CommandId), DatabaseErrors.Describe(ex));
                response = request.CreateResponse(DatabaseUnavailableStatus);
            }
        }
        metrics.Request(CommandName(request.CommandId), response.CommandStatus == CommandStatus.ESME_ROK ? "ok" : response.CommandStatus.ToString());
        return response;
    }

    /// <summary>
    /// What a request that needs the database is answered while the node cannot reach it: "throttled", which ESMEs
    /// (Kannel, Jasmin, our own upstream client) treat as transient and answer by slowing down and sending the same
    /// message again later — SMPP's nearest thing to REST's 503 with Retry-After. docs/smpp.md "Losing the database".
    /// </summary>
    public const CommandStatus DatabaseUnavailableStatus = CommandStatus.ESME_RTHROTTLED;

    private static bool NeedsDatabase(SmppRequest request) => request is SubmitSm or DataSm or SubmitMulti or QuerySm or CancelSm or ReplaceSm;

    private SmppResponse BindUnavailable(BindRequest bind, string reason)
    {
        metrics.Bind(new SmppBinding(0, 0, bind.SystemId, bind.CommandId).Kind, "unavailable");
        Log.BindUnavailable(logger, bind.SystemId, reason);
        return bind.CreateResponse(CommandStatus.ESME_RSYSERR);
    }

    private static string CommandName(CommandId id) => id switch
    {
        CommandId.SubmitSm => "submit_sm",
        CommandId.QuerySm => "query_sm",
        CommandId.CancelSm => "cancel_sm",
        CommandId.DataSm => "data_sm",
        CommandId.SubmitMulti => "submit_multi",
        CommandId.ReplaceSm => "replace_sm",
        _ => "other",
    };

    // ---------------------------------------------------------------------------------------------------- bind

    private async Task<SmppResponse> BindAsync(SmppSession session, BindRequest bind, IPAddress? remote, CancellationToken ct)
    {
        var binding = new SmppBinding(0, 0, bind.SystemId, bind.CommandId);
        var throttleKey = "smpp:" + bind.SystemId;
        if (throttle.LockedUntil(throttleKey, remote) is not null)
        {
            metrics.Bind(binding.Kind, "throttled");
            Log.BindThrottled(logger, bind.SystemId, binding.Kind);
            return bind.CreateResponse(CommandStatus.ESME_RBINDFAIL);
        }

        Account? account;
        bool valid;
        try
        {
            account = await FindAccountAsync(bind.SystemId, ct);
            if (account is null)
            {
                await hasher.VerifyDummyAsync(Secrets.Sha1Hex(bind.Password), ct);
                valid = false;
            }
            else valid = await hasher.VerifyAsync(Secrets.Sha1Hex(bind.Password), account.PasswordHash, ct);
        }
        catch (CapacityExceededException)
        {
            // Too many password checks at once (a flood of binds): refused without checking, nothing counted against the account.
            metrics.Bind(binding.Kind, "throttled");
            Log.BindThrottled(logger, bind.SystemId, binding.Kind);
            return bind.CreateResponse(CommandStatus.ESME_RBINDFAIL);
        }

        if (!valid || account is null)
        {
            throttle.Fail(throttleKey, remote);
            metrics.Bind(binding.Kind, "failure");
            Log.BindRefused(logger, bind.SystemId, binding.Kind, "wrong system_id or password");
            return bind.CreateResponse(CommandStatus.ESME_RBINDFAIL);
        }
        throttle.Succeed(throttleKey, remote);
        string? refusal = account.Disabled ? "account disabled" : !account.OrganisationActive ? "organisation suspended"
            : sessions.BindsOf(account.Id) >= options.Value.MaxBindsPerAccount ? "too many binds" : null;
        if (refusal is not null)
        {
            metrics.Bind(binding.Kind, "failure");
            Log.BindRefused(logger, bind.SystemId, binding.Kind, refusal);
            return bind.CreateResponse(CommandStatus.ESME_RBINDFAIL);
        }

        binding = binding with { AccountId = account.Id, OrganisationId = account.OrganisationId };
        sessions.Add(session, binding);
        _ = session.Completion.ContinueWith(_ => sessions.Remove(session), TaskScheduler.Default);
        metrics.Bind(binding.Kind, "success");
        Log.Bound(logger, bind.SystemId, binding.Kind, account.OrganisationId);
        var response = (BindResponse)bind.CreateResponse();
        return response with { SystemId = options.Value.SystemId, Tlvs = TlvList.Empty.With(Tlv.UInt8(TlvTag.ScInterfaceVersion, InterfaceVersion.V34)) };
    }

    private sealed record Account(long Id, long OrganisationId, string PasswordHash, bool Disabled, bool OrganisationActive);

    private async Task<Account?> FindAccountAsync(string systemId, CancellationToken ct)
    {
        if (systemId.Length == 0) return null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        return await (from a in db.SmppAccounts.AsNoTracking()
                      join o in db.Organisations on a.OrganisationId equals o.Id
                      where a.SystemId == systemId
                      select new Account(a.Id, a.OrganisationId, a.PasswordHash, a.Status == SmppAccountStatus.Disabled, o.Status == OrganisationStatus.Active))
            .FirstOrDefaultAsync(ct);
    }

    // ---------------------------------------------------------------------------------------------------- submit_sm, data_sm, submit_multi

    /// <summary>The MT of one message to one destination, or the command_status that refuses it.</summary>
    private readonly record struct Prepared(PreparedMt? Mt, CommandStatus Status);

    /// <summary>What submit_sm, submit_multi and data_sm share: sender, content, times, receipt request.</summary>
    private readonly record struct Message(SmppAddress Source, int? Pid, byte RegisteredDelivery, SmppContent.Content Content, DateTime? ValidUntil, DateTime? DeliverAt);

    private async Task<SmppResponse> SubmitAsync(SmppBinding binding, SubmitSm submit)
    {
        var status = ReadMessage(submit.SourceAddr, submit.ProtocolId, submit.RegisteredDelivery, submit.ScheduleDeliveryTime, submit.ValidityPeriod,
            SmppContent.TryRead(submit, out var content), content, out var message);
        if (status != CommandStatus.ESME_ROK) return submit.CreateResponse(status);
        var prepared = await PrepareAsync(binding, submit.DestAddr, message);
        if (prepared.Mt is null) return submit.CreateResponse(prepared.Status);
        return await StoreAsync(submit, prepared.Mt, static (request, id) => new SubmitSmResp { SequenceNumber = request.SequenceNumber, MessageId = id });
    }

    /// <summary>
    /// data_sm (§4.7) from an ESME: an MT like submit_sm, its content in message_payload (or short_message-less empty),
    /// its validity from qos_time_to_live (seconds) when given; no schedule (data_sm has none).
    /// </summary>
    private async Task<SmppResponse> DataAsync(SmppBinding binding, DataSm data)
    {
        var status = ReadMessage(data.SourceAddr, null, data.RegisteredDelivery, "", "",
            SmppContent.TryRead(data.EsmClass, data.DataCoding, default, data.Tlvs, out var content), content, out var message);
        if (status != CommandStatus.ESME_ROK) return data.CreateResponse(status);
        if (data.Tlvs.Contains(TlvTag.QosTimeToLive))
        {
            var seconds = data.Tlvs.GetUInt32(TlvTag.QosTimeToLive) ?? 0;
            if (seconds == 0) return data.CreateResponse(CommandStatus.ESME_RINVOPTPARAMVAL);
            message = message with { ValidUntil = time.GetUtcNow().UtcDateTime.AddSeconds(seconds) };
        }
        var prepared = await PrepareAsync(binding, data.DestAddr, message);
        if (prepared.Mt is null) return data.CreateResponse(prepared.Status);
        return await StoreAsync(data, prepared.Mt, static (request, id) => new DataSmResp { SequenceNumber = request.SequenceNumber, MessageId = id });
    }

    /// <summary>
    /// submit_multi (§4.5): one MT of its own per SME destination, all stored in one write. The response's message_id
    /// is the first stored MT's; the destinations refused are listed with their command_status (distribution lists:
    /// ESME_RINVDLNAME, Cellgate has none). A problem of the message itself (content, times, sender) refuses the whole
    /// PDU with its status; when no destination was taken the status is ESME_RSUBMITFAIL, the list still given.
    /// </summary>
    private async Task<SmppResponse> SubmitMultiAsync(SmppBinding binding, SubmitMulti multi)
    {
        if (multi.Destinations.Count == 0) return multi.CreateResponse(CommandStatus.ESME_RINVNUMDESTS);
        var status = ReadMessage(multi.SourceAddr, multi.ProtocolId, multi.RegisteredDelivery, multi.ScheduleDeliveryTime, multi.ValidityPeriod,
            SmppContent.TryRead(multi.EsmClass, multi.DataCoding, multi.ShortMessage, multi.Tlvs, out var content), content, out var message);
        if (status != CommandStatus.ESME_ROK) return multi.CreateResponse(status);

        // Every destination is checked before any is stored: a problem of the message itself refuses the whole PDU.
        var failed = new List<UnsuccessfulSme>();
        var accepted = new List<(SmppAddress Address, PreparedMt Mt)>();
        foreach (var destination in multi.Destinations)
        {
            if (destination.Sme is not { } address)
            {
                failed.Add(new UnsuccessfulSme(new SmppAddress(TypeOfNumber.Unknown, NumberingPlan.Unknown, destination.DistributionList ?? ""), CommandStatus.ESME_RINVDLNAME));
                continue;
            }
            var prepared = await PrepareAsync(binding, address, message);
            if (prepared.Mt is not null) accepted.Add((address, prepared.Mt));
            else if (prepared.Status is CommandStatus.ESME_RINVDSTADR or CommandStatus.ESME_RSUBMITFAIL) failed.Add(new UnsuccessfulSme(address, prepared.Status));
            else return multi.CreateResponse(prepared.Status);
        }
        var stored = accepted.Select(a => (a.Address, Result: _batch.SubmitAsync(a.Mt))).ToList();
        string? first = null;
        foreach (var (address, task) in stored)
        {
            var result = await task;
            if (result.Ids is { } ids) first ??= ids[0].ToString(CultureInfo.InvariantCulture);
            else failed.Add(new UnsuccessfulSme(address, StatusOf(result.Problem)));
        }
        return new SubmitMultiResp
        {
            SequenceNumber = multi.SequenceNumber, CommandStatus = first is null ? CommandStatus.ESME_RSUBMITFAIL : CommandStatus.ESME_ROK,
            MessageId = first ?? "", UnsuccessSmes = failed,
        };
    }

    /// <summary>Reads the times of a message; <paramref name="contentStatus"/> is what reading its content answered.</summary>
    private CommandStatus ReadMessage(SmppAddress source, int? pid, byte registeredDelivery, string schedule, string validity,
        CommandStatus contentStatus, SmppContent.Content content, out Message message)
    {
        message = default;
        if (contentStatus != CommandStatus.ESME_ROK) return contentStatus;
        var now = time.GetUtcNow();
        DateTime? validUntil = null, deliverAt = null;
        if (validity.Length > 0)
        {
            if (!SmppTime.TryParse(validity, out var v)) return CommandStatus.ESME_RINVEXPIRY;
            validUntil = v.Resolve(now).UtcDateTime;
        }
        if (schedule.Length > 0)
        {
            if (!SmppTime.TryParse(schedule, out var at)) return CommandStatus.ESME_RINVSCHED;
            deliverAt = at.Resolve(now).UtcDateTime;
        }
        message = new Message(source, pid, registeredDelivery, content, validUntil, deliverAt);
        return CommandStatus.ESME_ROK;
    }

    /// <summary>The MT of <paramref name="message"/> to the organisation's device with the MSISDN <paramref name="destination"/>.</summary>
    private ValueTask<Prepared> PrepareAsync(SmppBinding binding, SmppAddress destination, Message message)
    {
        var number = destination.Address.AsSpan().Trim().TrimStart('+');
        if (number.Length is 0 or > 15 || number.ContainsAnyExcept(Digits)) return new(new Prepared(null, CommandStatus.ESME_RINVDSTADR));
        var lookup = routes.FindByMsisdnAsync(number.Length == destination.Address.Length ? destination.Address : number.ToString(), binding.OrganisationId, CancellationToken.None);
        return lookup.IsCompletedSuccessfully ? new(Prepare(binding, lookup.Result, message)) : AwaitAsync(binding, lookup, message);

        async ValueTask<Prepared> AwaitAsync(SmppBinding binding, ValueTask<SmsRoute?> lookup, Message message) => Prepare(binding, await lookup, message);
    }

    /// <summary>The MT of <paramref name="message"/> to the device of <paramref name="route"/> (null: no such device).</summary>
    private Prepared Prepare(SmppBinding binding, SmsRoute? route, Message message)
    {
        if (route is null) return new(null, CommandStatus.ESME_RINVDSTADR);
        var receipt = (message.RegisteredDelivery & RegisteredDelivery.ReceiptMask) != 0;
        var source = message.Source;
        var mt = submission.Prepare(new MtRequest(binding.OrganisationId, route, MtChannel.Smpp)
        {
            SourceAddress = source.Address,
            SourceAddressType = source.Ton switch { TypeOfNumber.International => 145, TypeOfNumber.Alphanumeric => 208, _ => null },
            ValidUntil = message.ValidUntil, DeliverAt = message.DeliverAt, Pid = message.Pid,
            Payload = message.Content.Payload, Udh = message.Content.Udh, Dcs = message.Content.Dcs, RegisteredDelivery = message.RegisteredDelivery,
            AlsoInWrite = receipt ? OweReceipt : null,
        }, out var refused);
        return mt is null ? new(null, StatusOf(refused!.Problem)) : new(mt, CommandStatus.ESME_ROK);
    }

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    private static readonly Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, long[]> OweReceipt = (c, t, ids) => SmppOutbox.Owe(c, t, ids[0]);

    /// <summary>Stores the MT with those submitted beside it (one write) and answers with its message id.</summary>
    private async Task<SmppResponse> StoreAsync<TRequest>(TRequest request, PreparedMt mt, Func<TRequest, string, SmppResponse> accepted)
        where TRequest : SmppRequest
    {
        var result = await _batch.SubmitAsync(mt);
        return result.Ids is { } ids ? accepted(request, ids[0].ToString(CultureInfo.InvariantCulture)) : request.CreateResponse(StatusOf(result.Problem));
    }

    private static CommandStatus StatusOf(MtProblem? problem) => problem switch
    {
        MtProblem.Source => CommandStatus.ESME_RINVSRCADR,
        MtProblem.Expiry => CommandStatus.ESME_RINVEXPIRY,
        MtProblem.Schedule => CommandStatus.ESME_RINVSCHED,
        MtProblem.Payload => CommandStatus.ESME_RINVMSGLEN,
        _ => CommandStatus.ESME_RSUBMITFAIL, // no SIM, MT not allowed, quota
    };

    // ---------------------------------------------------------------------------------------------------- query_sm, cancel_sm

    private async Task<SmppResponse> QueryAsync(SmppBinding binding, QuerySm query, CancellationToken ct)
    {
        if (!long.TryParse(query.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return query.CreateResponse(CommandStatus.ESME_RINVMSGID);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var org = binding.OrganisationId;
        var parts = await db.Sms.AsNoTracking()
            .Where(s => s.OrganisationId == org && s.Type == SmsType.Mt && (s.Id == id || s.MessageId == id))
            .Select(s => new { s.Id, s.MessageId, s.Status, s.FinalDate, s.GsmMapError }).ToListAsync(ct);
        if (!parts.Any(p => p.Id == id && p.MessageId is null)) return query.CreateResponse(CommandStatus.ESME_RQUERYFAIL);
        var state = SmppMessageState.Of([.. parts.Select(p => new PartState(p.Status, p.FinalDate, p.GsmMapError))]);
        return new QuerySmResp
        {
            SequenceNumber = query.SequenceNumber, MessageId = query.MessageId, MessageState = state.State,
            FinalDate = state.Final ? SmppMessageState.Time(state.FinalDate) : "",
            ErrorCode = state.State is MessageState.Delivered or MessageState.Enroute ? (byte)0
                : byte.Parse(SmppMessageState.ErrorCode(state.State, state.Error)[1..], CultureInfo.InvariantCulture),
        };
    }

    private async Task<SmppResponse> CancelAsync(SmppBinding binding, CancelSm cancel, CancellationToken ct)
    {
        if (cancel.MessageId.Length == 0) return await CancelAllAsync(binding, cancel, ct);
        if (!long.TryParse(cancel.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        var org = binding.OrganisationId;
        var result = await writer.WriteAsync((c, t) =>
        {
            using var find = SqlCommands.Create(c, t, """
                SELECT "DeviceId" FROM sms WHERE "Id" = @id AND "OrganisationId" = @org AND "Type" = 1 AND "MessageId" IS NULL
                """, ("@id", id), ("@org", org));
            return find.ExecuteScalar() is { } device and not DBNull
                ? SmsQueue.Cancel(c, t, Convert.ToInt64(device, CultureInfo.InvariantCulture), id, time.GetUtcNow().UtcDateTime)
                : SmsQueue.CancelResult.NotFound;
        }, ct);
        if (result != SmsQueue.CancelResult.Canceled) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        deliveryMetrics.Cancelled("smpp");
        return cancel.CreateResponse();
    }

    /// <summary>
    /// cancel_sm without message_id (§4.9.1): every SMS the organisation submitted over SMPP from source_addr to the
    /// device with the MSISDN destination_addr that is still pending (not claimed for delivery, not final). OK when at
    /// least one was cancelled; ESME_RCANCELFAIL when none was, when the destination is not one of the organisation's
    /// devices, and when service_type is given (Cellgate does not store it, so it cannot match on it; cancelling more
    /// than asked would be worse).
    /// </summary>
    private async Task<SmppResponse> CancelAllAsync(SmppBinding binding, CancelSm cancel, CancellationToken ct)
    {
        if (cancel.ServiceType.Length > 0) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        var number = cancel.DestAddr.Address.Trim().TrimStart('+');
        if (number.Length is 0 or > 15 || number.AsSpan().ContainsAnyExcept(Digits)) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        if (await routes.FindByMsisdnAsync(number, binding.OrganisationId, ct) is not { } route) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        var source = Normalise(cancel.SourceAddr.Address);
        var org = binding.OrganisationId;
        var cancelled = await writer.WriteAsync((c, t) =>
        {
            var candidates = new List<long>();
            using (var find = SqlCommands.Create(c, t, """
                SELECT "Id", "SourceAddress" FROM sms
                WHERE "DeviceId" = @device AND "OrganisationId" = @org AND "Type" = 1 AND "MessageId" IS NULL
                  AND "EsmeInterfaceType" = 2 AND "Status" IN (1, 3)
                ORDER BY "Id"
                """, ("@device", route.Id), ("@org", org)))
            using (var reader = find.ExecuteReader())
            {
                while (reader.Read())
                    if (Normalise(reader.GetString(1)) == source) candidates.Add(reader.GetInt64(0));
            }
            return candidates.Count(id => SmsQueue.Cancel(c, t, route.Id, id, time.GetUtcNow().UtcDateTime) == SmsQueue.CancelResult.Canceled);
        }, ct);
        if (cancelled == 0) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        for (var i = 0; i < cancelled; i++) deliveryMetrics.Cancelled("smpp");
        return cancel.CreateResponse();

        static string Normalise(string address) => address.Trim().TrimStart('+');
    }

    // ---------------------------------------------------------------------------------------------------- replace_sm

    /// <summary>
    /// replace_sm (§4.10): new text (short_message, or message_payload; read in the data coding of the message it
    /// replaces, and it must split into as many parts), validity, schedule and registered_delivery of an MT of the
    /// organisation that is still pending. Empty short_message, schedule or validity keep what was there. Refused with
    /// ESME_RREPLACEFAIL when the message is unknown, not pending any more (claimed for delivery, submitted upstream,
    /// final) or would change its number of parts; ESME_RINVMSGID when message_id is not one of ours.
    /// </summary>
    private async Task<SmppResponse> ReplaceAsync(SmppBinding binding, ReplaceSm replace, CancellationToken ct)
    {
        if (!long.TryParse(replace.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return replace.CreateResponse(CommandStatus.ESME_RINVMSGID);
        if (replace.SmDefaultMsgId != 0) return replace.CreateResponse(CommandStatus.ESME_RINVDFTMSGID); // no canned messages here
        var org = binding.OrganisationId;
        List<ReplacedPart> parts;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
            parts = await db.Sms.AsNoTracking()
                .Where(s => s.OrganisationId == org && s.Type == SmsType.Mt && (s.Id == id || s.MessageId == id))
                .OrderBy(s => s.PartNumber)
                .Select(s => new ReplacedPart(s.Id, s.MessageId, s.DeviceId, s.Status, s.Dcs, s.SourceAddress, s.ExpiryDate)).ToListAsync(ct);
        }
        if (parts.Count == 0 || parts[0].Id != id || parts[0].MessageId is not null) return replace.CreateResponse(CommandStatus.ESME_RREPLACEFAIL);
        if (parts.Any(p => p.Status is not (SmsStatus.DeliveryAttemptPending or SmsStatus.Buffered))) return replace.CreateResponse(CommandStatus.ESME_RREPLACEFAIL);
        var given = replace.SourceAddr.Address.Trim().TrimStart('+');
        if (given.Length > 0 && given != parts[0].SourceAddress.Trim().TrimStart('+')) return replace.CreateResponse(CommandStatus.ESME_RREPLACEFAIL);

        IReadOnlyList<(string, string)>? texts = null;
        if (!replace.ShortMessage.IsEmpty || replace.Tlvs.Contains(TlvTag.MessagePayload))
        {
            var status = SmppContent.TryRead(0, (byte)parts[0].Dcs, replace.ShortMessage, replace.Tlvs, out var content);
            if (status != CommandStatus.ESME_ROK) return replace.CreateResponse(status);
            if (content.Payload.Length == 0) return replace.CreateResponse(CommandStatus.ESME_RINVMSGLEN);
            var composed = submission.Compose(content.Payload, null, content.Dcs ?? parts[0].Dcs);
            if (!composed.IsSuccess) return replace.CreateResponse(CommandStatus.ESME_RINVMSGLEN);
            if (composed.Value!.Dcs.Value != parts[0].Dcs || composed.Value.Parts.Count != parts.Count) return replace.CreateResponse(CommandStatus.ESME_RREPLACEFAIL);
            texts = [.. composed.Value.Parts.Select(p => (p.Text, p.UdhHex))];
        }

        var now = time.GetUtcNow();
        DateTime? expiry = null, deliverAt = null;
        if (replace.ValidityPeriod.Length > 0)
        {
            if (!SmppTime.TryParse(replace.ValidityPeriod, out var validity)) return replace.CreateResponse(CommandStatus.ESME_RINVEXPIRY);
            expiry = validity.Resolve(now).UtcDateTime;
            if (expiry <= now.UtcDateTime || expiry > now.UtcDateTime.AddHours(delivery.Value.MaxValidityHours)) return replace.CreateResponse(CommandStatus.ESME_RINVEXPIRY);
        }
        if (replace.ScheduleDeliveryTime.Length > 0)
        {
            if (!SmppTime.TryParse(replace.ScheduleDeliveryTime, out var schedule)) return replace.CreateResponse(CommandStatus.ESME_RINVSCHED);
            deliverAt = schedule.Resolve(now).UtcDateTime;
            if (deliverAt >= (expiry ?? parts[0].ExpiryDate)) return replace.CreateResponse(CommandStatus.ESME_RINVSCHED);
        }

        var change = new SmppReplace.Change(id, org, parts[0].DeviceId, [.. parts.Select(p => p.Id)], texts, expiry, deliverAt,
            replace.RegisteredDelivery, (replace.RegisteredDelivery & RegisteredDelivery.ReceiptMask) != 0);
        if (!await writer.WriteAsync((c, t, wct) => SmppReplace.ApplyAsync(c, t, change, time.GetUtcNow().UtcDateTime, wct), null, ct))
            return replace.CreateResponse(CommandStatus.ESME_RREPLACEFAIL);
        dispatcherSignal.Wake(); // an earlier first attempt may be due now
        return replace.CreateResponse();
    }

    private sealed record ReplacedPart(long Id, long? MessageId, long DeviceId, SmsStatus Status, int Dcs, string SourceAddress, DateTime ExpiryDate);

    private static partial class Log
    {
        [LoggerMessage(3500, LogLevel.Information, "SMPP bind as {BindType} by system_id {SystemId} for organisation {OrganisationId}")]
        public static partial void Bound(ILogger logger, string systemId, string bindType, long organisationId);

        [LoggerMessage(3501, LogLevel.Warning, "SMPP bind as {BindType} by system_id {SystemId} refused: {Reason}")]
        public static partial void BindRefused(ILogger logger, string systemId, string bindType, string reason);

        [LoggerMessage(3502, LogLevel.Debug, "SMPP bind as {BindType} by system_id {SystemId} refused unchecked: too many failed or concurrent binds")]
        public static partial void BindThrottled(ILogger logger, string systemId, string bindType);

        [LoggerMessage(3503, LogLevel.Warning, "SMPP bind by system_id {SystemId} answered ESME_RSYSERR unchecked: {Reason}")]
        public static partial void BindUnavailable(ILogger logger, string systemId, string reason);

        [LoggerMessage(3504, LogLevel.Warning, "SMPP {Command} answered ESME_RTHROTTLED: the database became unreachable under it ({Error})")]
        public static partial void DatabaseUnavailable(ILogger logger, string command, string error);
    }
}
