using System.Text.Json;
using Cellgate.Server.Api;

namespace Cellgate.Server.Features.DataStreams;

/// <summary>A data stream as EMnify's <c>/api/v2/data_stream</c> answers it; header values are masked.</summary>
public sealed record DataStreamDto(
    long Id, string? Name, IdDescription Status, IdDescription DataStreamType, DataStreamDestinationDto Destination,
    List<DataStreamFilterDto> Filters, bool RelationResolution, string Created, string LastUpdated);

public sealed record DataStreamDestinationDto(string ConnectionType, string Format, RestApiCredentialsDto Credentials);

/// <summary>EMnify's "Credential fields for Webhook": <c>headers</c> as <c>"name:value"</c> strings, values masked.</summary>
public sealed record RestApiCredentialsDto(string Url, string Method, List<string> Headers, int Size);

/// <summary>A filter: <c>{"field":"event_type_id","value":["1","2"]}</c> or <c>{"field":"alert","value":["true"]}</c>.</summary>
public sealed record DataStreamFilterDto(string Field, List<string> Value);

/// <summary>
/// Create and PATCH bodies. <c>data_stream_type</c>, <c>status</c>, <c>relation_resolution</c> and the filter values
/// are "any type" in EMnify's document, so they are read leniently (an id or <c>{"id": n}</c>; a boolean or 0/1).
/// </summary>
public sealed record DataStreamRequest(
    string? Name, DataStreamDestinationRequest? Destination, JsonElement? Filters, JsonElement? DataStreamType,
    JsonElement? RelationResolution, JsonElement? Status);

public sealed record DataStreamDestinationRequest(string? ConnectionType, string? Format, JsonElement? Credentials);
