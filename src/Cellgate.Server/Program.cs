using Cellgate.Server.Hosting;

// `healthcheck [url]` probes a running server (the container's HEALTHCHECK); `admin reset-password [username]` /
// `admin create-token` run a recovery command instead of the server.
if (args is ["healthcheck", ..]) return await HealthSetup.ProbeAsync(args.ElementAtOrDefault(1));
var (admin, hostArgs) = AdminCommands.Parse(args);

// Settings are read once at start. Reloading them on change would watch the content root with its subfolders, where
// data/ takes a write to the SQLite WAL for every committed group: each one an inotify event to read and discard.
// A later --hostBuilder:reloadConfigOnChange=true on the command line turns it back on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. hostArgs]);

// A busy port, an invalid setting or bootstrap settings that cannot be applied end the start with one line and exit code 1.
return await StartupErrors.RunAsync(async () =>
{
    builder.AddCellgate();
    var app = builder.Build();
    if (admin is not null) return await admin.RunAsync(app);
    StartupErrors.EnsureAddressesAreFree(app.Configuration);
    app.UseCellgate();
    await app.InitializeCellgateAsync();
    await app.RunAsync();
    return 0;
}, builder.Configuration);

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
