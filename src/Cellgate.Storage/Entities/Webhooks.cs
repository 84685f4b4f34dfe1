namespace Cellgate.Storage.Entities;

/// <summary>An organisation's API callback URL (EMnify's <c>/api/v1/api_callback</c>): where its SMS webhooks go.</summary>
public sealed class ApiCallback
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public required string Url { get; set; }
    public string? Purpose { get; set; }
    public DateTime Created { get; set; }
}

/// <summary>
/// An organisation's API secret (EMnify's <c>/api/v1/api_secret</c>): the key webhooks are signed with. A signing key
/// cannot be hashed (it must be usable), so it is stored encrypted (AES-256-GCM, <see cref="WebhookKey"/>): the nonce,
/// the ciphertext and the tag in <see cref="Protected"/>. Never returned by the API.
/// </summary>
public sealed class ApiSecret
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string? Purpose { get; set; }
    public int KeyId { get; set; }
    public required byte[] Protected { get; set; }
    public DateTime Created { get; set; }
}

/// <summary>The AES key API secrets are encrypted with (generated on first start, beside the token signing keys).</summary>
public sealed class WebhookKey
{
    public int Id { get; set; }
    public required byte[] Key { get; set; }
    public DateTime Created { get; set; }
}

/// <summary>Where an outbox webhook goes: an API callback (SMS webhooks) or a data stream (events).</summary>
public enum WebhookDestinationKind
{
    ApiCallback = 1,
    DataStream = 2,
}

/// <summary>The state of an outbox webhook. 1 and 2 are pending (the queue's partial indexes filter on them).</summary>
public enum WebhookState
{
    Pending = 1,
    InFlight = 2,
    Delivered = 3,
    Failed = 4,
    Expired = 5,
}

/// <summary>
/// One webhook to send (the outbox row), written in the same transaction as the state change that causes it. The
/// dispatcher claims it with a lease (<see cref="LeaseOwner"/>/<see cref="LeaseUntil"/>), sends it and records the
/// outcome; <see cref="NextAttempt"/> is the retry time while pending. Its id is the stable <c>webhook-id</c>.
/// SMS webhooks store <see cref="SmsId"/> and no body: the body is rendered from the SMS on the first attempt and
/// stored then (so the SMS hot path writes one small row).
/// </summary>
public sealed class OutboxWebhook
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public WebhookDestinationKind DestinationKind { get; set; }
    public long DestinationId { get; set; }

    /// <summary>What it reports: <c>sms.mo</c>, <c>sms.report</c>, or the data stream's event kind.</summary>
    public required string Kind { get; set; }
    public required string Url { get; set; }
    public required string Method { get; set; }

    /// <summary>Extra request headers as a JSON object of strings, or null.</summary>
    public string? Headers { get; set; }
    public byte[]? Body { get; set; }
    public long? SmsId { get; set; }

    /// <summary>Webhooks with the same key are delivered one after the other, in id order (<c>device:{id}</c> for SMS).</summary>
    public string? OrderingKey { get; set; }
    public long? SecretId { get; set; }

    public WebhookState State { get; set; } = WebhookState.Pending;
    public int Attempts { get; set; }
    public DateTime Created { get; set; }
    public DateTime NextAttempt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastAttempt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? FinalDate { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
}

/// <summary>One attempt to send an outbox webhook (the delivery log).</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long WebhookId { get; set; }
    public DateTime At { get; set; }

    /// <summary>The receiver's HTTP status, or null when there was no answer (timeout, connection refused, forbidden target).</summary>
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}

/// <summary>A request the built-in demo receiver (<c>/api/v1/demo/webhook_receiver</c>) got; the newest few are kept.</summary>
public sealed class DemoWebhookReceipt
{
    public long Id { get; set; }
    public DateTime Received { get; set; }
    public required string Method { get; set; }
    public string? WebhookId { get; set; }
    public bool Signed { get; set; }
    public required string Body { get; set; }
}
