using System.Security.Claims;
using System.Text;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Cellgate.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

public sealed record DemoWebhookDto(long Id, string Received, string Method, string? WebhookId, bool Signed, string Body);

/// <summary>
/// A small webhook receiver built into the server for the demo (README, "First SMS"): the demo service profile's API
/// callback points here, so an MO SMS of a demo device shows up as a webhook. <c>POST</c>/<c>PATCH</c> need no token
/// (the dispatcher has none) and keep the newest <see cref="Keep"/> requests of at most <see cref="MaxBody"/> bytes;
/// <c>GET</c> lists them to the operator organisation only. Answers 404 unless <c>Cellgate:Demo:Enabled</c> is on.
/// </summary>
public static class DemoWebhookReceiver
{
    public const string Path = "/api/v1/demo/webhook_receiver";
    public const int Keep = 50, MaxBody = 16 * 1024;

    public static void MapDemoWebhookReceiver(this IEndpointRouteBuilder root)
    {
        var group = root.MapGroup(Path).WithTags("Demo").WithApiErrorResponses();
        group.MapPost("/", ReceiveAsync).AllowAnonymous().WithSummary("Cellgate demo: receive a webhook (no token; newest 50 kept)");
        group.MapPatch("/", ReceiveAsync).AllowAnonymous().WithSummary("Cellgate demo: receive a webhook (delivery reports come as PATCH)");
        group.MapGet("/", ListAsync).RequireAuthorization(AuthSetup.ApiPolicy).WithSummary("Cellgate demo: the webhooks the demo receiver got, newest first (operator only)");
    }

    internal static async Task<Results<Ok, JsonHttpResult<ApiError>>> ReceiveAsync(
        HttpContext http, CellgateDbContext db, IOptions<DemoOptions> demo, TimeProvider time, CancellationToken ct)
    {
        if (!demo.Value.Enabled) return ApiErrors.RouteNotFound(http.Request.Method, Path);
        // From the request's pipe, where JsonBodyChecks left a JSON body it checked (Request.Body is that pipe on Kestrel,
        // not on every server).
        var reader = http.Request.BodyReader;
        System.IO.Pipelines.ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync(ct);
            if (result.IsCompleted || result.IsCanceled || result.Buffer.Length > MaxBody) break;
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        var received = result.Buffer;
        var tooLarge = received.Length > MaxBody;
        var body = tooLarge ? "" : Encoding.UTF8.GetString(received);
        reader.AdvanceTo(received.End);
        if (tooLarge) return ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, new ApiError(1413, "PayloadTooLarge", $"The demo receiver keeps bodies of up to {MaxBody} bytes."));
        db.DemoWebhookReceipts.Add(new DemoWebhookReceipt
        {
            Received = time.GetUtcNow().UtcDateTime, Method = http.Request.Method,
            WebhookId = http.Request.Headers["webhook-id"].ToString() is { Length: > 0 and <= 64 } id ? id : null,
            Signed = http.Request.Headers.Authorization.Count > 0, Body = body,
        });
        await db.SaveChangesAsync(ct);
        var cutoff = await db.DemoWebhookReceipts.OrderByDescending(r => r.Id).Skip(Keep).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (cutoff is { } c) await db.DemoWebhookReceipts.Where(r => r.Id <= c).ExecuteDeleteAsync(ct);
        return TypedResults.Ok();
    }

    internal static async Task<Results<Ok<List<DemoWebhookDto>>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, IOptions<DemoOptions> demo, CancellationToken ct)
    {
        if (!demo.Value.Enabled) return ApiErrors.RouteNotFound(http.Request.Method, Path);
        var org = caller.OrganisationId();
        if (!await db.Organisations.AnyAsync(o => o.Id == org && o.Type == OrganisationType.Master, ct)) return ApiErrors.Forbidden();
        var rows = await db.DemoWebhookReceipts.AsNoTracking().OrderByDescending(r => r.Id).Take(Keep).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(r => new DemoWebhookDto(r.Id, ApiDates.Iso(r.Received), r.Method, r.WebhookId, r.Signed, r.Body)));
    }
}
