using Cellgate.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCellgate();

var app = builder.Build();
app.UseCellgate();
await app.InitializeCellgateAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
