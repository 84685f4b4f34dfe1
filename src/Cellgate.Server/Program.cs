using Cellgate.Server.Hosting;

if (AdminBackup.IsCommand(args))
{
    Environment.ExitCode = await AdminBackup.RunAsync(args);
    return;
}

// Settings are read once at start. Reloading them on change would watch the content root with its subfolders, where
// data/ takes a write to the SQLite WAL for every committed group: each one an inotify event to read and discard.
// A later --hostBuilder:reloadConfigOnChange=true on the command line turns it back on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddCellgate();

var app = builder.Build();
app.UseCellgate();
await app.InitializeCellgateAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
