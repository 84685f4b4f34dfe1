namespace Cellgate.Storage.Entities;

/// <summary>
/// A data stream of an organisation (EMnify's <c>/api/v2/data_stream</c>): its events, filtered, pushed to a RestAPI
/// destination. Cellgate keeps only the RestAPI destination; the other connection types of EMnify are refused.
/// </summary>
public sealed class DataStream
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string? Name { get; set; }

    /// <summary>EMnify's status ids: 1 Running, 2 Paused, 3 Error, 4 Pending.</summary>
    public int Status { get; set; } = 1;

    /// <summary>EMnify's data stream types: 1 Usage, 2 Event (the only one Cellgate streams).</summary>
    public int DataStreamType { get; set; } = 2;

    public bool RelationResolution { get; set; }

    public required string Url { get; set; }

    /// <summary>POST, PUT or PATCH.</summary>
    public required string Method { get; set; }

    /// <summary>Extra headers as a JSON array of <c>"name:value"</c> strings, as the API takes them.</summary>
    public required string Headers { get; set; }

    /// <summary>1: one event per request (a JSON object); more: a JSON array of up to this many events.</summary>
    public int Size { get; set; }

    /// <summary>The <c>event_type_id</c> filter as a JSON array of ids; null when the stream takes every type.</summary>
    public string? EventTypeIds { get; set; }

    /// <summary>The <c>alert</c> filter; null when the stream takes alerts and non-alerts alike.</summary>
    public bool? Alert { get; set; }

    /// <summary>Why the stream is in Error (the last delivery failure), for the operator; null otherwise.</summary>
    public string? StatusReason { get; set; }

    /// <summary>The webhook outbox row carrying the stream's current batch; null when none is in flight.</summary>
    public long? OutboxWebhookId { get; set; }

    public DateTime Created { get; set; }
    public DateTime LastUpdated { get; set; }
}

/// <summary>
/// An event waiting in a data stream's queue: written in the same transaction as the event, moved into the webhook
/// outbox in batches of the stream's size (one batch in flight per stream), held while the stream is paused or failed.
/// </summary>
public sealed class DataStreamQueueEntry
{
    public long Id { get; set; }
    public long StreamId { get; set; }
    public long EventId { get; set; }

    /// <summary>The event as EMnify's event API renders it (JSON text), taken when it happened.</summary>
    public required string Body { get; set; }
    public DateTime Created { get; set; }
}
