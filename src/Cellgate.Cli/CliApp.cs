using System.CommandLine;
using System.Net;
using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary>What a command's action gets: its parse result, the output, the client for the chosen profile.</summary>
internal sealed class CliContext(CliApp app, ParseResult parse, Output output)
{
    private CellgateClient? _client;

    public ParseResult Parse { get; } = parse;
    public Output Out { get; } = output;
    public CliEnvironment Env => app.Env;

    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The client of the profile, with <c>CELLGATE_URL</c> / <c>CELLGATE_APPLICATION_TOKEN</c> taking precedence.</summary>
    public CellgateClient Client => _client ??= app.CreateClient(Parse);
}

/// <summary>The <c>cellgate</c> command tree (System.CommandLine) and how its actions end (exit codes).</summary>
internal sealed class CliApp
{
    public CliApp(CliEnvironment env)
    {
        Env = env;
        Root = new RootCommand("cellgate: devices, SIMs, SMS, tokens, events and the network simulator of a Cellgate (or EMnify) server.");
        Root.Options.Add(ProfileOption);
        Root.Options.Add(FormatOption);
        Root.Subcommands.Add(LoginCommand.Create(this));
        Root.Subcommands.Add(DevicesCommands.Create(this));
        Root.Subcommands.Add(SimsCommands.Create(this));
        Root.Subcommands.Add(SmsCommands.Create(this));
        Root.Subcommands.Add(TokensCommands.Create(this));
        Root.Subcommands.Add(EventsCommands.Create(this));
        Root.Subcommands.Add(SimulatorCommands.Create(this));
    }

    public CliEnvironment Env { get; }
    public RootCommand Root { get; }

    public readonly Option<string?> ProfileOption = new("--profile", "-p")
    {
        Description = "The profile of the config file to use (default: $CELLGATE_PROFILE, else the one `cellgate login` saved last)",
        Recursive = true,
    };

    public readonly Option<string?> FormatOption = CreateFormatOption();

    private static Option<string?> CreateFormatOption()
    {
        var option = new Option<string?>("--format", "-o")
        {
            Description = "table or json (default: table on a terminal, json when the output is piped)",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var app = new CliApp(env);
        var parse = app.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await env.Error.WriteLineAsync($"error: {error.Message}");
            await env.Error.WriteLineAsync("Run 'cellgate --help' for usage.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    /// <summary>Sets a command's action, mapping failures to the documented exit codes.</summary>
    public void Handle(Command command, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(FormatOption) ?? (Env.OutputRedirected ? "json" : "table");
            var context = new CliContext(this, parse, new Output(Env, format == "json"));
            try
            {
                return await action(context, ct);
            }
            catch (CliConfigurationException e)
            {
                await Env.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.NotConfigured;
            }
            catch (CellgateApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                await Env.Error.WriteLineAsync($"error: not authenticated: {e.Describe()} (run 'cellgate login' again, or check CELLGATE_APPLICATION_TOKEN)");
                return ExitCodes.Unauthorized;
            }
            catch (CellgateApiException e)
            {
                var code = e.ErrorCode is { } c ? $" {c} {e.ErrorToken}" : "";
                await Env.Error.WriteLineAsync($"error: {(int)e.StatusCode}{code}: {e.Message}");
                foreach (var sub in e.Errors) await Env.Error.WriteLineAsync($"  - {sub.Message}");
                return ExitCodes.ApiError;
            }
            catch (HttpRequestException e)
            {
                await Env.Error.WriteLineAsync($"error: cannot reach the server: {e.Message}");
                return ExitCodes.Unreachable;
            }
            catch (TimeoutException e)
            {
                await Env.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.TimedOut;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
            {
                await Env.Error.WriteLineAsync($"error: the server did not answer in time: {e.InnerException.Message}");
                return ExitCodes.Unreachable;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else (an unreadable file, an answer that is not the API's JSON): one line, no stack trace.
                await Env.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Failure;
            }
        });

    public string ProfileName(ParseResult parse, CliConfig config) =>
        parse.GetValue(ProfileOption) ?? Env.GetVariable("CELLGATE_PROFILE") ?? config.DefaultProfile ?? "default";

    public CellgateClient CreateClient(ParseResult parse)
    {
        var config = CliConfig.Load(Env.ConfigPath);
        var name = ProfileName(parse, config);
        config.Profiles.TryGetValue(name, out var profile);
        var url = NonEmpty(Env.GetVariable("CELLGATE_URL")) ?? profile?.Url
                  ?? throw new CliConfigurationException($"no server: run 'cellgate login --url <url> …' or set CELLGATE_URL (profile '{name}' not found in {Env.ConfigPath})");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress))
            throw new CliConfigurationException($"'{url}' is not an absolute URL");
        var options = new CellgateClientOptions { BaseAddress = baseAddress, TimeProvider = Env.Time, PollInterval = Env.PollInterval };
        if (NonEmpty(Env.GetVariable("CELLGATE_APPLICATION_TOKEN")) is { } envToken) options.ApplicationToken = envToken;
        else if (profile?.ApplicationToken is { } token) options.ApplicationToken = token;
        else if (profile?.RefreshToken is { } refresh)
        {
            options.Username = profile.Username;
            options.RefreshToken = refresh;
        }
        else throw new CliConfigurationException($"no credentials: run 'cellgate login' or set CELLGATE_APPLICATION_TOKEN");
        return new CellgateClient(Env.CreateHttpClient(baseAddress), options);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
