using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Cellgate.Server.Api;

/// <summary>
/// Checks a JSON request body before any handler reads it: JSON travels as UTF-8 (RFC 8259 §8.1), so a <c>charset</c>
/// other than UTF-8 is 415; bytes that are not UTF-8 anywhere in the body (also in fields the handler ignores) are 400;
/// and a body that is just <c>null</c> is 400 (no operation takes a null body). One log line each, no stack trace.
/// Runs after authentication and rate limiting, so only callers that may reach the operation have their body read.
/// </summary>
public static partial class JsonBodyChecks
{
    private const int ChunkBytes = 16 * 1024;

    public static IApplicationBuilder UseJsonBodyChecks(this IApplicationBuilder app)
    {
        // Created once: every JSON request passes here, and LoggerFactory.CreateLogger takes a lock.
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JsonBodyChecks).FullName!);
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (context.GetEndpoint() is null || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true
                || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !IsJson(type))
            {
                await next(context);
                return;
            }
            var charset = type.Charset.Value?.Trim('"', ' ');
            if (!string.IsNullOrEmpty(charset) && !IsUtf8(charset))
            {
                Log.UnsupportedCharset(logger, request.Method, request.Path, charset.Length > 40 ? charset[..40] : charset);
                await ApiErrors.Result(StatusCodes.Status415UnsupportedMediaType,
                    new(1000, "BadRequest", "Content-Type charset is not supported: send JSON as UTF-8 (application/json; charset=utf-8).")).ExecuteAsync(context);
                return;
            }
            if (!string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                type.Charset = "utf-8"; // "utf8" is a common spelling the framework's reader does not know
                request.ContentType = type.ToString();
            }

            string? problem;
            if (request.ContentLength is > 0 and <= PeekBytes)
            {
                problem = await PeekAsync(request.BodyReader, request.ContentLength.Value, context.RequestAborted);
            }
            else
            {
                request.EnableBuffering();
                problem = await CheckAsync(request.Body, context.RequestAborted);
                request.Body.Position = 0;
            }
            if (problem is not null)
            {
                Log.RejectedBody(logger, request.Method, request.Path, problem);
                await ApiErrors.BadRequest(problem).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
    }

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
        (type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false);

    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Bodies up to this size with a Content-Length are checked in the request's own pipe (<see cref="PeekAsync"/>).</summary>
    private const int PeekBytes = 64 * 1024;

    /// <summary>
    /// A small body (every SMS, every resource write) read into the request's pipe and checked there without consuming it:
    /// the handler then reads the same bytes from the pipe, with no buffering stream, no second copy and no stream-to-pipe
    /// adapter in between (those were 2 % of an SMS's CPU). A handler reads such a body from <c>Request.BodyReader</c>, as
    /// the framework's JSON binding does: <c>Request.Body</c> reads the same pipe on Kestrel, not on every server (the test
    /// server's is a stream the pipe has already read). Null when it is acceptable, else the reason.
    /// </summary>
    private static async Task<string?> PeekAsync(System.IO.Pipelines.PipeReader reader, long length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var body = result.Buffer;
            if (result.IsCompleted || result.IsCanceled || body.Length >= length)
            {
                var problem = Check(body);
                reader.AdvanceTo(body.Start); // nothing consumed, all examined: the handler reads the body from its start
                return problem;
            }
            reader.AdvanceTo(body.Start, body.End);
        }
    }

    /// <summary>The checks of <see cref="CheckAsync"/> on a body read whole.</summary>
    private static string? Check(ReadOnlySequence<byte> body)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> bytes;
            if (body.IsSingleSegment)
            {
                bytes = body.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(rented);
                bytes = rented.AsSpan(0, (int)body.Length);
            }
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) return "The request body is not valid UTF-8.";
            return bytes.Trim(" \t\r\n"u8).SequenceEqual("null"u8) ? "The request body must not be null." : null;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads the whole body once: null when it is acceptable, else the reason.</summary>
    private static async Task<string?> CheckAsync(Stream body, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes); // every JSON request passes here: no 16 KiB allocation each
        var significant = new byte[4];
        var significantCount = 0;
        int read;
        try
        {
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                decoder.GetCharCount(buffer, 0, read, flush: false);
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
                    if (significantCount < significant.Length) significant[significantCount] = b;
                    significantCount++;
                }
            }
            decoder.GetCharCount([], 0, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return "The request body is not valid UTF-8.";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return significantCount == 4 && "null"u8.SequenceEqual(significant) ? "The request body must not be null." : null;
    }

    private static partial class Log
    {
        [LoggerMessage(1010, LogLevel.Information, "Rejected {Method} {Path}: unsupported request charset '{Charset}'")]
        public static partial void UnsupportedCharset(ILogger logger, string method, PathString path, string charset);

        [LoggerMessage(1011, LogLevel.Information, "Rejected {Method} {Path}: {Problem}")]
        public static partial void RejectedBody(ILogger logger, string method, PathString path, string problem);
    }
}
