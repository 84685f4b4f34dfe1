namespace Cellgate.Delivery;

/// <summary>One row of the retry table: whether an SMS that got this error is retried, and after how long.</summary>
public sealed class SmsErrorRule
{
    /// <summary>True: BUFFERED and retried (until its expiry); false: FAILED at once.</summary>
    public bool Retry { get; set; } = true;

    /// <summary>A fixed delay before the retry (e.g. 1 s after a throttle); null: <c>RetryScheduleSeconds</c>.</summary>
    public int? DelaySeconds { get; set; }

    public static SmsErrorRule Temporary(int? delaySeconds = null) => new() { Retry = true, DelaySeconds = delaySeconds };
    public static SmsErrorRule Permanent() => new() { Retry = false };
}

/// <summary>
/// Retry or fail, and when: the retry table (<see cref="DeliveryOptions.Errors"/>, keyed by network error or SMPP
/// <c>command_status</c> name, <c>*</c> for any other), the back-off schedule and the fault limit, in one place.
/// </summary>
public sealed class RetryPolicy(DeliveryOptions options)
{
    public const string AnyOtherError = "*";

    private readonly Dictionary<string, SmsErrorRule> _rules = new(options.Errors, StringComparer.OrdinalIgnoreCase);
    private readonly SmsErrorRule _default = options.Errors.TryGetValue(AnyOtherError, out var d) ? d : SmsErrorRule.Temporary();

    public int MaxFaultedAttempts => options.MaxFaultedAttempts;

    public TimeSpan ReceiptTimeout => TimeSpan.FromSeconds(options.ReceiptTimeoutSeconds);

    public SmsErrorRule Rule(string? error) => error is not null && _rules.TryGetValue(error, out var rule) ? rule : _default;

    /// <summary>Whether the SMS is retried after this error.</summary>
    public bool Retries(string? error) => Rule(error).Retry;

    /// <summary>How long until the next attempt: the network's retry-after, else the rule's delay, else the schedule.</summary>
    public TimeSpan Delay(string? error, TimeSpan? retryAfter, int retryCount) =>
        retryAfter ?? (Rule(error).DelaySeconds is { } s ? TimeSpan.FromSeconds(s) : options.RetryDelay(retryCount));

    /// <summary>The back-off schedule alone (for faults).</summary>
    public TimeSpan ScheduleDelay(int retryCount) => options.RetryDelay(retryCount);

    /// <summary>Whether this outcome leaves the SMS pending, so that its device's later SMS must wait behind it.</summary>
    public bool Blocks(DeliveryOutcome outcome, ClaimedSms sms) => outcome.Result switch
    {
        DeliveryResult.Submitted or DeliveryResult.Deferred => true,
        DeliveryResult.Undelivered => Retries(outcome.Error),
        DeliveryResult.Faulted => sms.FaultCount + 1 < options.MaxFaultedAttempts,
        _ => false,
    };

    /// <summary>The default table: the GSM MAP errors (3GPP TS 29.002) and SMPP 3.4 <c>command_status</c> values.</summary>
    public static Dictionary<string, SmsErrorRule> DefaultTable() => new(StringComparer.OrdinalIgnoreCase)
    {
        // GSM MAP errors of MT-ForwardSM / SendRoutingInfoForSM.
        [NetworkErrors.AbsentSubscriber] = SmsErrorRule.Temporary(),
        ["absentSubscriber"] = SmsErrorRule.Temporary(),
        [NetworkErrors.MemoryCapacityExceeded] = SmsErrorRule.Temporary(),
        ["subscriberBusyForMT-SMS"] = SmsErrorRule.Temporary(),
        [NetworkErrors.SystemFailure] = SmsErrorRule.Temporary(),
        [NetworkErrors.DeliveryFailure] = SmsErrorRule.Permanent(),
        [NetworkErrors.UnknownSubscriber] = SmsErrorRule.Permanent(),
        ["unidentifiedSubscriber"] = SmsErrorRule.Permanent(),
        ["illegalSubscriber"] = SmsErrorRule.Permanent(),
        ["illegalEquipment"] = SmsErrorRule.Permanent(),
        [NetworkErrors.CallBarred] = SmsErrorRule.Permanent(),
        ["teleserviceNotProvisioned"] = SmsErrorRule.Permanent(),
        ["facilityNotSupported"] = SmsErrorRule.Permanent(),
        ["dataMissing"] = SmsErrorRule.Permanent(),
        ["unexpectedDataValue"] = SmsErrorRule.Permanent(),
        // SMPP 3.4 command_status of submit_sm_resp (§5.1.3).
        ["ESME_RTHROTTLED"] = SmsErrorRule.Temporary(1),
        ["ESME_RMSGQFUL"] = SmsErrorRule.Temporary(),
        ["ESME_RSYSERR"] = SmsErrorRule.Temporary(),
        ["ESME_RX_T_APPN"] = SmsErrorRule.Temporary(),
        ["ESME_RSUBMITFAIL"] = SmsErrorRule.Temporary(),
        ["ESME_RINVBNDSTS"] = SmsErrorRule.Temporary(),
        ["ESME_RDELIVERYFAILURE"] = SmsErrorRule.Temporary(),
        ["ESME_RUNKNOWNERR"] = SmsErrorRule.Temporary(),
        ["ESME_RINVDSTADR"] = SmsErrorRule.Permanent(),
        ["ESME_RINVSRCADR"] = SmsErrorRule.Permanent(),
        ["ESME_RINVMSGLEN"] = SmsErrorRule.Permanent(),
        ["ESME_RINVESMCLASS"] = SmsErrorRule.Permanent(),
        ["ESME_RX_P_APPN"] = SmsErrorRule.Permanent(),
        ["ESME_RX_R_APPN"] = SmsErrorRule.Permanent(),
        // Any other error: retried until the SMS expires (nothing is lost on an error we do not know).
        [AnyOtherError] = SmsErrorRule.Temporary(),
    };

    /// <summary>Start-up check of the table; returns the first problem as one line, or null.</summary>
    public static string? Validate(DeliveryOptions o)
    {
        foreach (var (key, rule) in o.Errors)
        {
            if (string.IsNullOrWhiteSpace(key)) return "Cellgate:Delivery:Errors has an empty error name.";
            if (rule is null) return $"Cellgate:Delivery:Errors:{key} is empty.";
            if (rule.DelaySeconds is < 1 or > 86_400) return $"Cellgate:Delivery:Errors:{key}:DelaySeconds must be between 1 and 86400.";
            if (!rule.Retry && rule.DelaySeconds is not null) return $"Cellgate:Delivery:Errors:{key}:DelaySeconds is set but Retry is false.";
        }
        return null;
    }
}
