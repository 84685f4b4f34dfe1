using System.CommandLine;
using Cellgate.Client;
using Spectre.Console;

namespace Cellgate.Cli;

/// <summary><c>cellgate login</c>: checks credentials against the server and saves them as a profile.</summary>
internal static class LoginCommand
{
    public static Command Create(CliApp app)
    {
        var url = new Option<string>("--url") { Description = "The server, e.g. http://127.0.0.1:5080", Required = true };
        var token = new Option<string?>("--application-token") { Description = "Log in with an application token (stored in the profile)" };
        var username = new Option<string?>("--username", "-u") { Description = "Log in as a user; the password is asked for (or read from standard input) and never stored" };
        var password = new Option<string?>("--password") { Description = "The user's password (prefer the prompt or standard input: command lines are visible to other users)" };
        var command = new Command("login", "Check credentials and save them as a profile of the config file") { url, token, username, password };
        app.Handle(command, async (c, ct) =>
        {
            var config = CliConfig.Load(c.Env.ConfigPath);
            var name = app.ProfileName(c.Parse, config);
            var baseAddress = Uri.TryCreate(c.Get(url), UriKind.Absolute, out var u) ? u : throw new CliConfigurationException($"'{c.Get(url)}' is not an absolute URL");
            var profile = new CliProfile { Url = baseAddress.ToString().TrimEnd('/') };
            var options = new CellgateClientOptions { BaseAddress = baseAddress, TimeProvider = c.Env.Time };
            string credentials;
            if (c.Get(token) is { } applicationToken)
            {
                options.ApplicationToken = profile.ApplicationToken = applicationToken;
                credentials = "application token";
            }
            else if (c.Get(username) is { } user)
            {
                var secret = c.Get(password) ?? ReadPassword(c, user)
                             ?? throw new CliConfigurationException("no password given (use the prompt, standard input or --password)");
                var probe = new CellgateClient(c.Env.CreateHttpClient(baseAddress), options);
                var login = await probe.Authentication.LoginAsync(user, secret, ct);
                profile.Username = options.Username = user;
                profile.RefreshToken = options.RefreshToken = login.RefreshToken
                    ?? throw new CliConfigurationException("the server answered the login without a refresh token");
                credentials = $"user {user}";
            }
            else throw new CliConfigurationException("give --application-token or --username");

            var client = new CellgateClient(c.Env.CreateHttpClient(baseAddress), options);
            var organisation = await client.Organisations.GetMineAsync(ct);
            config.Profiles[name] = profile;
            config.DefaultProfile = name;
            config.Save(c.Env.ConfigPath);
            var result = new LoginResult(name, profile.Url!, organisation.Name, credentials);
            if (c.Out.Json) c.Out.WriteJson(result, CliJsonContext.Default.LoginResult);
            else c.Out.Line($"Logged in to {result.Url} as {organisation.Name} ({credentials}); saved as profile '{name}' in {c.Env.ConfigPath}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? ReadPassword(CliContext c, string user) =>
        c.Out.Interactive
            ? c.Out.Console.Prompt(new TextPrompt<string>($"Password for {Markup.Escape(user)}:").Secret())
            : c.Env.ReadLine();
}
