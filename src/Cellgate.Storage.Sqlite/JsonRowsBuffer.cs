using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cellgate.Storage.Sqlite;

/// <summary>
/// A UTF-8 JSON text built for one statement parameter that <c>json_each</c> takes apart (the multi-row statements of
/// the SMS path), in a buffer that is reused: rent it, write with <see cref="Writer"/>, bind <see cref="Written"/>
/// (<see cref="SqliteStatement.BindUtf8"/>, which copies it), dispose it. Each group transaction wrote a few such
/// parameters, and a new 64 KiB buffer, its text as a .NET string and that string's UTF-8 copy for the binding were
/// a measurable part of what an SMS allocated (docs/benchmarks.md, 2026-12-03 session 16). Strings are written as UTF-8
/// with only what JSON requires escaped (SQLite's JSON functions read any valid JSON text).
/// </summary>
public sealed class JsonRowsBuffer : IDisposable
{
    private const int KeptBuffers = 16;
    private const int KeptCapacity = 1024 * 1024;

    private static readonly ConcurrentQueue<JsonRowsBuffer> Pool = new();
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private bool _rented;

    private JsonRowsBuffer() => Writer = new Utf8JsonWriter(_buffer, Options);

    public Utf8JsonWriter Writer { get; }

    /// <summary>A cleared buffer, from the pool when one is there.</summary>
    public static JsonRowsBuffer Rent()
    {
        var buffer = Pool.TryDequeue(out var kept) ? kept : new JsonRowsBuffer();
        buffer._rented = true;
        return buffer;
    }

    /// <summary>The JSON written so far (the writer flushed first).</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            Writer.Flush();
            return _buffer.WrittenSpan;
        }
    }

    /// <summary>Empties the buffer for the next text (also after a write that threw half-way).</summary>
    public void Clear()
    {
        Writer.Reset();
        _buffer.ResetWrittenCount();
    }

    /// <summary>Back to the pool (cleared), unless it grew large or the pool is full.</summary>
    public void Dispose()
    {
        if (!_rented) return;
        _rented = false;
        Clear();
        if (_buffer.Capacity <= KeptCapacity && Pool.Count < KeptBuffers) Pool.Enqueue(this);
    }
}
