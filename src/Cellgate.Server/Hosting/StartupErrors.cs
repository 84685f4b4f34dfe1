using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>A reason not to start, worded for the person starting the server: the problem and its fix, in one line.</summary>
public sealed class StartupException(string message) : Exception(message);

/// <summary>
/// Turns what stops a start (a busy port, an invalid setting, bootstrap settings that cannot be applied) into one line
/// on standard error and exit code 1, instead of a stack trace and an abort.
/// </summary>
public static partial class StartupErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> run, IConfiguration? configuration = null)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (Describe(e, configuration) is { } lines)
        {
            foreach (var line in lines) Console.Error.WriteLine(line);
            return 1;
        }
    }

    /// <summary>The lines to print for a start-up failure, or null for an exception that is a bug (it keeps its stack trace).</summary>
    public static IReadOnlyList<string>? Describe(Exception e, IConfiguration? configuration = null)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        return e switch
        {
            StartupException s => [$"Cellgate cannot start: {s.Message}"],
            OptionsValidationException o => o.Failures.Select(f => InvalidSetting(o.OptionsType, f, configuration)).ToList(),
            InvalidOperationException i when ConversionFailure().Match(i.Message) is { Success: true } m =>
                [$"Cellgate cannot start: invalid setting {m.Groups["key"].Value}{ValueOf(m.Groups["key"].Value, configuration)}: " +
                 $"not a valid {Friendly(m.Groups["type"].Value)}. {HowToSet(m.Groups["key"].Value)}"],
            IOException io when io.InnerException?.GetType().Name == "AddressInUseException" || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
                [$"Cellgate cannot start: {FirstLine(io.Message).TrimEnd('.')} (is Cellgate already running?). Stop the other process, or listen elsewhere " +
                 "with --urls, e.g. dotnet run --project src/Cellgate.Server -- --urls http://127.0.0.1:5081 (or ASPNETCORE_URLS)."],
            _ => null,
        };
    }

    /// <summary>
    /// Fails before anything is created when an address in <c>urls</c> is taken: a first start must not make the
    /// operator organisation and then lose its once-shown secrets to a busy port. (Kestrel's own bind error, should
    /// the port be taken in between, is reported the same way.)
    /// </summary>
    public static void EnsureAddressesAreFree(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Port <= 0) continue;
            var address = uri.Host switch
            {
                "localhost" => System.Net.IPAddress.Loopback,
                var h when System.Net.IPAddress.TryParse(h.Trim('[', ']'), out var ip) => ip,
                _ => null,
            };
            if (address is null) continue;
            using var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new System.Net.IPEndPoint(address, uri.Port));
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
                throw new IOException($"Failed to bind to address {url}: address already in use.", e);
            }
        }
    }

    [GeneratedRegex(@"^Failed to convert configuration value( '[^']*')? at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"members: '(?<members>[^']+)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    /// <summary><c>Cellgate:Auth:AuthTokenMinutes = '0': must be between 1 and 43200.</c>, from the options type's Section.</summary>
    private static string InvalidSetting(Type optionsType, string failure, IConfiguration? configuration)
    {
        var section = optionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
        var m = DataAnnotationFailure().Match(failure);
        if (section is null || !m.Success) return $"Cellgate cannot start: invalid settings ({optionsType.Name}): {FirstLine(failure)}";
        var member = m.Groups["members"].Value.Split(',')[0].Trim();
        var key = $"{section}:{member}";
        var error = m.Groups["error"].Value;
        // "The field AuthTokenMinutes must be between 1 and 43200." → "must be between 1 and 43200."
        error = Regex.Replace(error, $@"^(The field |The )?{Regex.Escape(member)}( field)? ", "");
        error = error.Replace(member, key, StringComparison.Ordinal);
        return $"Cellgate cannot start: invalid setting {key}{ValueOf(key, configuration)}: {error.TrimEnd('.')}. {HowToSet(key)}";
    }

    private static readonly string[] Secret = ["Password", "ApplicationToken", "SigningKey", "ConnectionString"];

    private static string ValueOf(string key, IConfiguration? configuration) =>
        configuration?[key] is { } v && !Secret.Any(k => key.EndsWith(k, StringComparison.OrdinalIgnoreCase)) ? $" = '{v}'" : "";

    private static string HowToSet(string key) =>
        $"Fix it in appsettings.json, the environment ({key.Replace(":", "__", StringComparison.Ordinal)}) or the command line (--{key}=...).";

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "whole number",
        "System.Boolean" => "true/false value",
        "System.Double" => "number",
        _ => type,
    };

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
