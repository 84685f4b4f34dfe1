// bench/WebhookSink --port PORT: a fast webhook receiver on 127.0.0.1 for bench/scenarios/webhooks.sh.
//   POST|PATCH /hook       200 and records the webhook-id's arrival (503 without recording while down)
//   POST /control/down|up  the receiver refuses (503) / accepts again
//   GET /stats             {"received","unique","duplicates","refused","first_ms","last_ms"} (Unix ms of the first and
//                          last first-arrival of a webhook-id)
//   POST /control/reset    forgets everything
using System.Collections.Concurrent;

var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1]) : 0;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();

var seen = new ConcurrentDictionary<string, int>();
long received = 0, duplicates = 0, refused = 0, first = long.MaxValue, last = 0;
var down = false;

async Task<IResult> Hook(HttpRequest request)
{
    // Read the body, as a real receiver would.
    await request.Body.CopyToAsync(Stream.Null);
    if (Volatile.Read(ref down)) { Interlocked.Increment(ref refused); return Results.StatusCode(503); }
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    Interlocked.Increment(ref received);
    var id = request.Headers["webhook-id"].ToString();
    if (seen.AddOrUpdate(id, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref duplicates);
    else
    {
        long f;
        while (now < (f = Interlocked.Read(ref first)) && Interlocked.CompareExchange(ref first, now, f) != f) { }
        long l;
        while (now > (l = Interlocked.Read(ref last)) && Interlocked.CompareExchange(ref last, now, l) != l) { }
    }
    return Results.Ok();
}

app.MapPost("/hook", Hook);
app.MapPatch("/hook", Hook);
app.MapPost("/control/down", () => { Volatile.Write(ref down, true); return Results.NoContent(); });
app.MapPost("/control/up", () => { Volatile.Write(ref down, false); return Results.NoContent(); });
app.MapPost("/control/reset", () =>
{
    seen.Clear();
    Interlocked.Exchange(ref received, 0); Interlocked.Exchange(ref duplicates, 0); Interlocked.Exchange(ref refused, 0);
    Interlocked.Exchange(ref first, long.MaxValue); Interlocked.Exchange(ref last, 0);
    return Results.NoContent();
});
app.MapGet("/stats", () => Results.Text(
    $"{{\"received\":{Interlocked.Read(ref received)},\"unique\":{seen.Count},\"duplicates\":{Interlocked.Read(ref duplicates)}," +
    $"\"refused\":{Interlocked.Read(ref refused)},\"first_ms\":{(seen.IsEmpty ? 0 : Interlocked.Read(ref first))}," +
    $"\"last_ms\":{Interlocked.Read(ref last)}}}", "application/json"));
app.Run();
