using System.CommandLine;
using Cellgate.Client;

namespace Cellgate.Cli;

/// <summary><c>cellgate tokens create|list|revoke</c>: application tokens.</summary>
internal static class TokensCommands
{
    public static Command Create(CliApp app)
    {
        var tokens = new Command("tokens", "Application tokens");

        var description = new Option<string?>("--description", "-d") { Description = "What the token is for" };
        var expires = new Option<string?>("--expires") { Description = "Expiry date (2027-05-29 or an ISO date-time)" };
        var ip = new Option<string?>("--ip") { Description = "Only accept logins from this CIDR range" };
        var create = new Command("create", "Create an application token; its secret is printed once") { description, expires, ip };
        app.Handle(create, async (c, ct) =>
        {
            DateTimeOffset? expiry = c.Get(expires) is { } e
                ? CellgateDateJsonConverter.TryParse(e) ?? throw new CliConfigurationException($"--expires: '{e}' is not a date")
                : null;
            var created = await c.Client.ApplicationTokens.CreateAsync(new NewApplicationToken { Description = c.Get(description), ExpiryDate = expiry, Ip = c.Get(ip) }, ct);
            if (c.Out.Json) c.Out.WriteJson(created, CliJsonContext.Default.CreatedApplicationToken);
            else
            {
                c.Out.Line("Application token (shown only now; keep it):");
                c.Out.Line(created.ApplicationToken);
            }
            return ExitCodes.Ok;
        });
        tokens.Subcommands.Add(create);

        var list = new Command("list", "List the organisation's application tokens (never their secrets)");
        app.Handle(list, async (c, ct) =>
        {
            var items = (await c.Client.ApplicationTokens.ListAsync(ct)).ToList();
            if (c.Out.Json) c.Out.WriteJson(items, CliJsonContext.Default.ListApplicationToken);
            else c.Out.Table(["ID", "DESCRIPTION", "STATUS", "CREATED", "EXPIRES", "CREATOR", "IP"], items.Select(t => new[]
            {
                t.Id.ToString(), t.Description, t.Status?.Description, Output.Date(t.Created), Output.Date(t.ExpiryDate), t.Creator?.Username, t.Ip,
            }));
            return ExitCodes.Ok;
        });
        tokens.Subcommands.Add(list);

        var id = new Argument<long>("ID") { Description = "The token's id (from tokens list)" };
        var revoke = new Command("revoke", "Revoke an application token for good") { id };
        app.Handle(revoke, async (c, ct) =>
        {
            await c.Client.ApplicationTokens.RevokeAsync(new ApplicationTokenId(c.Get(id)), ct);
            if (c.Out.Json) c.Out.WriteJson(new ActionResult(c.Get(id), "revoked"), CliJsonContext.Default.ActionResult);
            else c.Out.Line($"Application token {c.Get(id)} revoked.");
            return ExitCodes.Ok;
        });
        tokens.Subcommands.Add(revoke);
        return tokens;
    }
}
