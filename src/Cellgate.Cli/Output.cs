using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cellgate.Cli;

/// <summary>Tables (Spectre.Console) or JSON, on the environment's output.</summary>
internal sealed class Output
{
    private readonly CliEnvironment _env;

    public Output(CliEnvironment env, bool json)
    {
        _env = env;
        Json = json;
        var colours = !env.OutputRedirected && string.IsNullOrEmpty(env.GetVariable("NO_COLOR"));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Out),
            Ansi = colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = env.OutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (env.Width is { } width) Console.Profile.Width = width;
        else if (env.OutputRedirected) Console.Profile.Width = 200;
        Interactive = !env.OutputRedirected && env.Width is null && !System.Console.IsOutputRedirected;
    }

    public bool Json { get; }

    public IAnsiConsole Console { get; }

    /// <summary>A real terminal: progress bars and spinners.</summary>
    public bool Interactive { get; }

    public void WriteJson<T>(T value, JsonTypeInfo<T> info) => _env.Out.WriteLine(JsonSerializer.Serialize(value, info));

    public void WriteJsonLine<T>(T value, JsonTypeInfo<T> info)
    {
        _env.Out.WriteLine(JsonSerializer.Serialize(value, info));
        _env.Out.Flush();
    }

    public void Line(string text) => _env.Out.WriteLine(text);

    public void Table(string[] headers, IEnumerable<string?[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in headers) table.AddColumn(new TableColumn(new Text(h, new Style(decoration: Decoration.Bold))));
        foreach (var row in rows) table.AddRow(row.Select(c => (IRenderable)new Text(c ?? "")));
        Console.Write(table);
    }

    /// <summary>One object as FIELD / VALUE rows.</summary>
    public void Grid(IEnumerable<(string Field, string? Value)> fields) =>
        Table(["FIELD", "VALUE"], fields.Select(f => new[] { f.Field, f.Value }));

    public static string? Date(DateTimeOffset? d) => d?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
