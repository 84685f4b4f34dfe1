using System.Collections.Concurrent;
using Cellgate.Delivery;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;

namespace Cellgate.Server.Features.Smpp.Upstream;

/// <summary>The transport errors of an upstream (not SMPP command_status values): transient rows of the retry table.</summary>
public static class UpstreamErrors
{
    /// <summary>No bind to the upstream is up (or all are throttled or full until the hand-over's deadline): nothing was sent.</summary>
    public const string Unavailable = "upstreamUnavailable";

    /// <summary>The connection ended while the submit_sm was unanswered: the SMSC may or may not have taken it.</summary>
    public const string ConnectionLost = "upstreamConnectionLost";

    /// <summary>No (readable) submit_sm_resp within <c>ResponseTimeoutSeconds</c>: the SMSC may or may not have taken it.</summary>
    public const string NoResponse = "upstreamNoResponse";
}

/// <summary>
/// One upstream SMSC as an SMS transport (<see cref="ISmsTransport"/>, registered under its configured name): submits
/// each claimed SMS over its binds within their windows, maps submit_sm_resp to an outcome, and answers the SMSC's
/// deliver_sm — receipts through <see cref="SmsReceipts"/>, MO through <see cref="Sms.MoIntake"/> — only after the
/// durable write.
/// </summary>
public sealed class SmppUpstream : ISmsTransport
{
    private readonly SmsReceipts _receipts;
    private readonly Sms.MoIntake _mo;
    private readonly ConcurrentDictionary<string, int> _unknownReceipts = new(StringComparer.Ordinal);
    // Message ids the SMSC gave us whose receipt has not come yet: a receipt naming one is ours even while unknown
    // to the database (it overtook the dispatcher's recording of the submission), so it is never dropped early.
    private readonly ConcurrentDictionary<string, long> _awaitingRecord = new(StringComparer.Ordinal);

    /// <summary>How long after its submit_sm_resp a message id counts as "ours, being recorded".</summary>
    private static readonly TimeSpan RecordingGrace = TimeSpan.FromMinutes(2);

    /// <summary>The first look again for an unknown receipt's submission; each next one waits twice as long.</summary>
    private static readonly TimeSpan FirstRecordPoll = TimeSpan.FromMilliseconds(2);

    /// <summary>The waits for an unknown receipt's submission add up to at most this (<see cref="SmppUpstreamOptions.ReceiptRecordWaitMilliseconds"/>).</summary>
    private readonly TimeSpan _recordWait;
    private int _next;

    internal SmppUpstream(SmppUpstreamOptions options, SmsReceipts receipts, Sms.MoIntake mo, TimeProvider time, UpstreamLog log, ILogger sessionLogger,
        SmppUpstreamMetrics metrics)
    {
        Options = options;
        _recordWait = TimeSpan.FromMilliseconds(options.ReceiptRecordWaitMilliseconds);
        _receipts = receipts;
        _mo = mo;
        Time = time;
        Log = log;
        SessionLogger = sessionLogger;
        Metrics = metrics;
        var binds = new List<UpstreamBind>();
        for (var i = 0; i < options.Binds; i++)
            binds.Add(new UpstreamBind(this, i, options.BindMode == SmppBindMode.Transceiver ? CommandId.BindTransceiver : CommandId.BindTransmitter));
        if (options.BindMode == SmppBindMode.TransmitterReceiver)
            for (var i = 0; i < options.Binds; i++) binds.Add(new UpstreamBind(this, i, CommandId.BindReceiver));
        Binds = binds;
    }

    public string Name => Options.Name;
    public SmppUpstreamOptions Options { get; }
    /// <summary>The clock of back-offs, throttle pauses and validity periods (injected: tests move it).</summary>
    internal TimeProvider Time { get; }

    /// <summary>
    /// The clock of the sessions' socket-level timers — response timeout, enquire_link — and of the hand-over's
    /// deadline: real time, since they bound waits on a real connection (a test's fake clock, moved to pass a back-off,
    /// must not time out a submit_sm whose answer is on its way).
    /// </summary>
    internal static TimeProvider SessionTime => TimeProvider.System;
    internal UpstreamLog Log { get; }
    internal ILogger SessionLogger { get; }
    internal SmppUpstreamMetrics Metrics { get; }
    internal IReadOnlyList<UpstreamBind> Binds { get; }

    // ---- MT: submit_sm ----------------------------------------------------------------------------------------------

    public async ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken)
    {
        if (!Binds.Any(b => b.Usable is not null)) await FirstBindAsync(cancellationToken);
        if (!Binds.Any(b => b.Usable is not null))
        {
            Log.Unavailable(Name, batch.Count, Binds.Any(b => b.ThrottledUntil is not null) ? "throttled" : "not bound");
            return batch.Select(Unavailable).ToList();
        }
        // Waiting for a window slot ends at this deadline (then: upstreamUnavailable, nothing sent), so a slow SMSC
        // cannot hold the dispatcher's round, and its leases, for long. A submit that has left is never cancelled.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(Options.ResponseTimeoutSeconds), SessionTime);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        return await Task.WhenAll(batch.Select(sms => SubmitAsync(sms, linked.Token)));
    }

    /// <summary>
    /// Just after the start no bind has had its first attempt yet: a round that finds the upstream not bound waits for
    /// the first attempts (at most <see cref="SmppUpstreamOptions.ResponseTimeoutSeconds"/>), so that SMS queued across
    /// a restart leave at once instead of all waiting the 10 s of <c>upstreamUnavailable</c>. Later, nothing waits.
    /// </summary>
    private async Task FirstBindAsync(CancellationToken cancellationToken)
    {
        var pending = Binds.Where(b => b.CanTransmit && !b.FirstAttempt.IsCompleted).Select(b => b.FirstAttempt).ToList();
        if (pending.Count == 0) return;
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(Options.ResponseTimeoutSeconds), SessionTime, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private DeliveryOutcome Unavailable(ClaimedSms sms)
    {
        Metrics.Submit(Name, UpstreamErrors.Unavailable);
        var throttled = Binds.Select(b => b.ThrottledUntil).Where(t => t is not null).Min();
        return DeliveryOutcome.Undelivered(sms, UpstreamErrors.Unavailable, throttled is { } until ? Positive(until - Time.GetUtcNow()) : null);
    }

    private static TimeSpan Positive(TimeSpan t) => t > TimeSpan.FromSeconds(1) ? t : TimeSpan.FromSeconds(1);

    /// <summary>Round-robin over the binds that can submit now, waiting for a window slot.</summary>
    private async Task<(UpstreamBind Bind, SmppSession Session)?> AcquireAsync(CancellationToken ct)
    {
        while (true)
        {
            var usable = Binds.Where(b => b.Usable is not null).ToList();
            if (usable.Count == 0) return null;
            var start = Interlocked.Increment(ref _next) & int.MaxValue;
            UpstreamBind? chosen = null;
            for (var i = 0; i < usable.Count && chosen is null; i++)
            {
                var b = usable[(start + i) % usable.Count];
                if (b.Window.Wait(0)) chosen = b;
            }
            if (chosen is null)
            {
                chosen = usable[start % usable.Count];
                try
                {
                    // A short wait, then look again: another bind may have come up or freed a slot meanwhile.
                    if (!await chosen.Window.WaitAsync(TimeSpan.FromMilliseconds(200), ct)) continue;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
            if (chosen.Usable is { } session) return (chosen, session);
            chosen.Window.Release(); // went down or got throttled meanwhile
        }
    }

    private async Task<DeliveryOutcome> SubmitAsync(ClaimedSms sms, CancellationToken deadline)
    {
        SubmitSm submit;
        try
        {
            submit = UpstreamSubmit.Build(sms, Options, Time.GetUtcNow());
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // A stored payload that cannot be encoded for its data coding: retrying cannot help.
            Log.NotAccepted(Name, sms.Id, NetworkErrors.DeliveryFailure);
            return DeliveryOutcome.Undelivered(sms, NetworkErrors.DeliveryFailure);
        }
        if (await AcquireAsync(deadline) is not var (bind, session)) return Unavailable(sms);
        try
        {
            SubmitSmResp response;
            try
            {
                // The message id is declared on the reader, before an SMSC's receipt right behind the answer is handled.
                response = Options.RequestReceipts ? await session.SubmitWithCallbackAsync(submit, Declare, CancellationToken.None) : await session.SubmitAsync(submit, CancellationToken.None);
            }
            catch (SmppSessionClosedException)
            {
                Metrics.Submit(Name, UpstreamErrors.ConnectionLost);
                return DeliveryOutcome.Undelivered(sms, UpstreamErrors.ConnectionLost);
            }
            catch (Exception e) when (e is SmppResponseTimeoutException or SmppMalformedResponseException or SmppException)
            {
                Metrics.Submit(Name, UpstreamErrors.NoResponse);
                return DeliveryOutcome.Undelivered(sms, UpstreamErrors.NoResponse);
            }
            var status = response.CommandStatus;
            if (status == CommandStatus.ESME_ROK && response.MessageId.Length > 0)
            {
                bind.Accepted();
                if (Options.RequestReceipts)
                {
                    if (_awaitingRecord.Count > 100_000) _awaitingRecord.Clear(); // bounded; at worst early drops become possible
                    _awaitingRecord[response.MessageId] = SessionTime.GetTimestamp();
                }
                Metrics.Submit(Name, "ok");
                Log.Submitted(Name, sms.Id, response.MessageId);
                return Options.RequestReceipts ? DeliveryOutcome.Submitted(sms, response.MessageId) : DeliveryOutcome.Delivered(sms);
            }
            var error = status == CommandStatus.ESME_ROK ? UpstreamErrors.NoResponse : StatusName(status);
            Metrics.Submit(Name, error);
            if (status == CommandStatus.ESME_RTHROTTLED)
            {
                var pause = bind.Throttle();
                Metrics.Throttle(Name);
                Log.Throttled(Name, bind.Index, pause.TotalSeconds);
                return DeliveryOutcome.Undelivered(sms, error, Positive(pause));
            }
            Log.NotAccepted(Name, sms.Id, error);
            return DeliveryOutcome.Undelivered(sms, error);
        }
        finally
        {
            bind.Window.Release();
        }
    }

    /// <summary>
    /// Runs on the session's reader as the submit_sm_resp is read: an accepted submission's message id goes to
    /// <see cref="SmsReceipts.Submitting"/>, so that a receipt the SMSC sends right behind this answer waits for the
    /// record of the submission and is written with it.
    /// </summary>
    private void Declare(SmppResponse response)
    {
        if (response is SubmitSmResp { CommandStatus: CommandStatus.ESME_ROK, MessageId.Length: > 0 } accepted) _receipts.Submitting(Name, accepted.MessageId);
    }

    /// <summary>The specification's mnemonic (<c>ESME_RTHROTTLED</c>), or <c>0x00000400</c> for a vendor status: the retry table's key.</summary>
    public static string StatusName(CommandStatus status) => Enum.IsDefined(status) ? status.ToString() : $"0x{(uint)status:X8}";

    // ---- inbound: deliver_sm (receipts and MO) ----------------------------------------------------------------------

    /// <summary>The sessions' request handler: deliver_sm only (everything else an SMSC may send is not for us).</summary>
    internal async ValueTask<SmppResponse?> HandleAsync(SmppSession session, SmppRequest request, CancellationToken ct) => request switch
    {
        DeliverSm deliver => request.CreateResponse(await DeliverSmAsync(deliver, ct)),
        _ when request.ExpectsResponse => request.CreateResponse(CommandStatus.ESME_RINVCMDID),
        _ => null,
    };

    private async Task<CommandStatus> DeliverSmAsync(DeliverSm deliver, CancellationToken ct)
    {
        if (UpstreamInbound.Receipt(deliver) is { } receipt) return await ReceiptAsync(receipt, ct);
        if (EsmClass.IsDeliveryReceipt(deliver.EsmClass) || deliver.Tlvs.ReceiptedMessageId is not null)
        {
            // A receipt we cannot read: accepting it would lose it silently, refusing it permanently tells the SMSC.
            Log.Unreadable(Name, nameof(CommandStatus.ESME_RX_P_APPN));
            Metrics.Receipt(Name, "unreadable");
            return CommandStatus.ESME_RX_P_APPN;
        }
        return await MoAsync(deliver, ct);
    }

    private async Task<CommandStatus> ReceiptAsync(UpstreamReceipt receipt, CancellationToken ct)
    {
        if (receipt.State is not { } state)
        {
            Log.Intermediate(Name, receipt.MessageId, receipt.Stat);
            Metrics.Receipt(Name, "intermediate");
            return CommandStatus.ESME_ROK;
        }
        // Durable before the answer: RecordAsync returns after the group commit.
        var result = await _receipts.RecordAsync(Name, receipt.MessageId, state, receipt.Error, ct);
        // Unknown: usually a receipt that overtook the dispatcher's recording of its submission — an SMSC that delivers
        // at once sends it right behind the submit_sm_resp, before the outcome's group commit. Rather than ask for a
        // repeat (which an SMSC may send only minutes later, or never, holding the device's next SMS all that while),
        // look again a few times within ReceiptRecordWaitMilliseconds, on the real clock: the recording is real work.
        var waited = TimeSpan.Zero;
        for (var wait = FirstRecordPoll; result == SmsQueue.ReceiptResult.Unknown && waited + wait <= _recordWait; waited += wait, wait *= 2)
        {
            await Task.Delay(wait, SessionTime, ct);
            result = await _receipts.RecordAsync(Name, receipt.MessageId, state, receipt.Error, ct);
        }
        Log.Receipt(Name, receipt.MessageId, receipt.Stat, result.ToString());
        switch (result)
        {
            case SmsQueue.ReceiptResult.Recorded:
            case SmsQueue.ReceiptResult.AlreadyFinal: // a repeat: acknowledged, nothing changes
                _unknownReceipts.TryRemove(receipt.MessageId, out _);
                _awaitingRecord.TryRemove(receipt.MessageId, out _);
                Metrics.Receipt(Name, result == SmsQueue.ReceiptResult.Recorded ? "recorded" : "already_final");
                return CommandStatus.ESME_ROK;
            default:
                // Unknown: the receipt may have overtaken the recording of its submit_sm_resp; the SMSC repeats it.
                // An id we were given moments ago is such a one, however often it is repeated. Any other is repeated
                // UnknownReceiptRetries times, then taken to name nothing we submitted (e.g. a submit whose response
                // was lost with its connection, and which was submitted again): accepted and dropped.
                if (_awaitingRecord.TryGetValue(receipt.MessageId, out var given) && SessionTime.GetElapsedTime(given) < RecordingGrace)
                {
                    Metrics.Receipt(Name, "unknown");
                    return CommandStatus.ESME_RX_T_APPN;
                }
                var seen = _unknownReceipts.AddOrUpdate(receipt.MessageId, 1, (_, n) => n + 1);
                if (_unknownReceipts.Count > 100_000) _unknownReceipts.Clear(); // bounded memory; at worst a few more repeats
                if (seen > Options.UnknownReceiptRetries)
                {
                    _unknownReceipts.TryRemove(receipt.MessageId, out _);
                    Log.ReceiptDropped(Name, receipt.MessageId, seen - 1);
                    Metrics.Receipt(Name, "dropped");
                    return CommandStatus.ESME_ROK;
                }
                Metrics.Receipt(Name, "unknown");
                return CommandStatus.ESME_RX_T_APPN;
        }
    }

    private async Task<CommandStatus> MoAsync(DeliverSm deliver, CancellationToken ct)
    {
        if (UpstreamInbound.Mo(deliver) is not { } mo)
        {
            Log.Unreadable(Name, nameof(CommandStatus.ESME_RX_P_APPN));
            Metrics.Mo(Name, nameof(CommandStatus.ESME_RX_P_APPN));
            return CommandStatus.ESME_RX_P_APPN;
        }
        try
        {
            // Durable before the answer: SubmitAsync returns after the group commit.
            var ids = await _mo.SubmitAsync(mo, ct);
            Log.Mo(Name, mo.SourceMsisdn ?? "", ids.FirstOrDefault());
            Metrics.Mo(Name, "stored");
            return CommandStatus.ESME_ROK;
        }
        catch (Sms.MoIntake.MoRefusedException refused)
        {
            // 404: no endpoint has that MSISDN; anything else (no activated SIM, MO not allowed, quota): permanent.
            var status = refused.Status == 404 ? CommandStatus.ESME_RINVSRCADR : CommandStatus.ESME_RX_P_APPN;
            Log.MoRefused(Name, status.ToString(), refused.Message);
            Metrics.Mo(Name, status.ToString());
            return status;
        }
    }
}
