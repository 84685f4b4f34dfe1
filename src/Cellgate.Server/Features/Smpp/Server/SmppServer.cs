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
/// </summary>
public sealed partial class SmppServer(
    IServiceScopeFactory scopes, SmppSessions sessions, PasswordHasher hasher, LoginThrottle throttle, SmsRoutes routes, MtSubmission submission,
    SmsWriter writer, DeliveryMetrics deliveryMetrics, SmppMetrics metrics, IOptions<SmppServerOptions> options, TimeProvider time, ILogger<SmppServer> logger)
{
    /// <summary>The session's request handler for a connection from <paramref name="remote"/>.</summary>
    public SmppRequestHandler HandlerFor(IPAddress? remote) => (session, request, ct) => HandleAsync(session, request, remote, ct);

    private async ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, IPAddress? remote, CancellationToken ct)
    {
        if (request is BindRequest bind) return await BindAsync(session, bind, remote, ct);
        if (sessions.Get(session) is not { } binding) return request.CreateResponse(CommandStatus.ESME_RINVBNDSTS);
        SmppResponse response = request switch
        {
            SubmitSm submit => await SubmitAsync(binding, submit, ct),
            QuerySm query => await QueryAsync(binding, query, ct),
            CancelSm cancel => await CancelAsync(binding, cancel, ct),
            _ => request.CreateResponse(CommandStatus.ESME_RINVCMDID),
        };
        metrics.Request(CommandName(request.CommandId), response.CommandStatus == CommandStatus.ESME_ROK ? "ok" : response.CommandStatus.ToString());
        return response;
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

    // ---------------------------------------------------------------------------------------------------- submit_sm

    private async Task<SmppResponse> SubmitAsync(SmppBinding binding, SubmitSm submit, CancellationToken ct)
    {
        var destination = submit.DestAddr.Address.Trim().TrimStart('+');
        if (destination.Length == 0 || destination.Length > 15 || !destination.All(char.IsAsciiDigit)
            || routes.FindByMsisdn(destination, binding.OrganisationId) is not { } route)
            return submit.CreateResponse(CommandStatus.ESME_RINVDSTADR);

        var status = SmppContent.TryRead(submit, out var content);
        if (status != CommandStatus.ESME_ROK) return submit.CreateResponse(status);

        var now = time.GetUtcNow();
        DateTime? validUntil = null, deliverAt = null;
        if (submit.ValidityPeriod.Length > 0)
        {
            if (!SmppTime.TryParse(submit.ValidityPeriod, out var validity)) return submit.CreateResponse(CommandStatus.ESME_RINVEXPIRY);
            validUntil = validity.Resolve(now).UtcDateTime;
        }
        if (submit.ScheduleDeliveryTime.Length > 0)
        {
            if (!SmppTime.TryParse(submit.ScheduleDeliveryTime, out var schedule)) return submit.CreateResponse(CommandStatus.ESME_RINVSCHED);
            deliverAt = schedule.Resolve(now).UtcDateTime;
        }

        var receipt = (submit.RegisteredDelivery & RegisteredDelivery.ReceiptMask) != 0;
        var source = submit.SourceAddr;
        var result = await submission.SubmitAsync(new MtRequest(binding.OrganisationId, route, MtChannel.Smpp)
        {
            SourceAddress = source.Address,
            SourceAddressType = source.Ton switch { TypeOfNumber.International => 145, TypeOfNumber.Alphanumeric => 208, _ => null },
            ValidUntil = validUntil, DeliverAt = deliverAt, Pid = submit.ProtocolId,
            Payload = content.Payload, Udh = content.Udh, Dcs = content.Dcs, RegisteredDelivery = submit.RegisteredDelivery,
            AlsoInWrite = receipt ? (c, t, ids) => SmppOutbox.Owe(c, t, ids[0]) : null,
        }, ct);
        if (result.Ids is { } ids) return new SubmitSmResp { SequenceNumber = submit.SequenceNumber, MessageId = ids[0].ToString(CultureInfo.InvariantCulture) };
        return submit.CreateResponse(result.Problem switch
        {
            MtProblem.Source => CommandStatus.ESME_RINVSRCADR,
            MtProblem.Expiry => CommandStatus.ESME_RINVEXPIRY,
            MtProblem.Schedule => CommandStatus.ESME_RINVSCHED,
            MtProblem.Payload => CommandStatus.ESME_RINVMSGLEN,
            _ => CommandStatus.ESME_RSUBMITFAIL, // no SIM, MT not allowed, quota
        });
    }

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
        if (!long.TryParse(cancel.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        var org = binding.OrganisationId;
        var result = await writer.WriteAsync((c, t) =>
        {
            using var find = SqlCommands.Create(c, t, """
                SELECT "DeviceId" FROM sms WHERE "Id" = @id AND "OrganisationId" = @org AND "Type" = 1 AND "MessageId" IS NULL
                """, ("@id", id), ("@org", org));
            return find.ExecuteScalar() is { } device and not DBNull
                ? SmsQueue.Cancel(c, t, Convert.ToInt64(device, CultureInfo.InvariantCulture), id)
                : SmsQueue.CancelResult.NotFound;
        }, ct);
        if (result != SmsQueue.CancelResult.Canceled) return cancel.CreateResponse(CommandStatus.ESME_RCANCELFAIL);
        deliveryMetrics.Cancelled("smpp");
        return cancel.CreateResponse();
    }

    private static partial class Log
    {
        [LoggerMessage(3500, LogLevel.Information, "SMPP bind as {BindType} by system_id {SystemId} for organisation {OrganisationId}")]
        public static partial void Bound(ILogger logger, string systemId, string bindType, long organisationId);

        [LoggerMessage(3501, LogLevel.Warning, "SMPP bind as {BindType} by system_id {SystemId} refused: {Reason}")]
        public static partial void BindRefused(ILogger logger, string systemId, string bindType, string reason);

        [LoggerMessage(3502, LogLevel.Debug, "SMPP bind as {BindType} by system_id {SystemId} refused unchecked: too many failed or concurrent binds")]
        public static partial void BindThrottled(ILogger logger, string systemId, string bindType);
    }
}
