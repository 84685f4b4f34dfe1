using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cellgate.Cli;

/// <summary>The config file: named profiles, each a server and its credentials (never a password).</summary>
internal sealed class CliConfig
{
    public string? DefaultProfile { get; set; }
    public Dictionary<string, CliProfile> Profiles { get; set; } = [];

    public static CliConfig Load(string path)
    {
        if (!File.Exists(path)) return new CliConfig();
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.CliConfig) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliConfigurationException($"The config file {path} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Writes the file readable by its owner only (it holds tokens).</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, CliJsonContext.Default.CliConfig));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>A server and how to authenticate there: an application token, or a user's refresh token.</summary>
internal sealed class CliProfile
{
    public string? Url { get; set; }
    public string? ApplicationToken { get; set; }
    public string? Username { get; set; }
    public string? RefreshToken { get; set; }
}
