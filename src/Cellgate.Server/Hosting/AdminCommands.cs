using Cellgate.Server.Features.Auth;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>
/// Recovery commands for lost secrets, run instead of the server on the same database and settings:
/// <c>admin reset-password [username]</c> and <c>admin create-token</c>. Each prints the new secret once.
/// </summary>
public sealed class AdminCommands
{
    public const string Usage = "usage: Cellgate.Server admin reset-password [username] | admin create-token | admin backup FILE | admin migrate   (with dotnet run: dotnet run --project src/Cellgate.Server -- admin ...)";

    private readonly string _command;
    private readonly string? _argument;

    private AdminCommands(string command, string? argument) => (_command, _argument) = (command, argument);

    /// <summary>Splits <c>admin &lt;command&gt; [argument]</c> off the arguments; the rest (settings such as <c>--urls</c>) go to the host.</summary>
    public static (AdminCommands? Command, string[] HostArgs) Parse(string[] args)
    {
        if (args is not ["admin", ..]) return (null, args);
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith('-')).ToList();
        var rest = args.Skip(1 + positional.Count).ToArray();
        return (new AdminCommands(positional.ElementAtOrDefault(0) ?? "", positional.ElementAtOrDefault(1)), rest);
    }

    public async Task<int> RunAsync(WebApplication app, CancellationToken ct = default)
    {
        try
        {
            return await RunCoreAsync(app, ct);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"admin {_command}: {e.Message}");
            return 1;
        }
    }

    /// <summary><c>admin migrate</c>: applies pending migrations and exits (for operators who start nodes with
    /// <c>Cellgate:Storage:MigrateOnStart=false</c>).</summary>
    private static async Task<int> MigrateAsync(WebApplication app, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.MigrateAsync(ct);
        Console.Out.WriteLine(pending.Count == 0 ? "The database schema is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
        return 0;
    }

    private async Task<int> RunCoreAsync(WebApplication app, CancellationToken ct)
    {
        if (_command == "migrate") return await MigrateAsync(app, ct);
        if (_command is not ("reset-password" or "create-token"))
        {
            Console.Error.WriteLine(_command.Length == 0 ? Usage : $"unknown admin command '{_command}'; {Usage}");
            return 1;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CellgateDbContext>();
        await db.MigrateAsync(ct);
        var org = await db.Organisations.Where(o => o.Type == OrganisationType.Master).OrderBy(o => o.Id).FirstOrDefaultAsync(ct)
            ?? throw new StartupException("the database is empty: start the server once first; it creates the operator organisation and prints its credentials.");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var configured = services.GetRequiredService<IOptions<BootstrapOptions>>().Value.Username.Trim().ToLowerInvariant();

        if (_command == "reset-password")
        {
            var username = _argument?.Trim().ToLowerInvariant();
            var user = username is not null
                ? await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct)
                : await db.Users.Where(u => u.OrganisationId == org.Id && u.Username == configured).FirstOrDefaultAsync(ct)
                  ?? await db.Users.Where(u => u.OrganisationId == org.Id && u.Role == UserRole.Admin).OrderBy(u => u.Id).FirstOrDefaultAsync(ct);
            if (user is null)
                throw new StartupException(username is null
                    ? $"organisation '{org.Name}' has no admin user; name one: admin reset-password <username>."
                    : $"no user '{username}'; give an existing username: admin reset-password <username>.");
            var password = Secrets.NewPassword();
            user.PasswordHash = services.GetRequiredService<PasswordHasher>().Hash(Secrets.Sha1Hex(password));
            await db.SaveChangesAsync(ct);
            Console.Out.WriteLine($"New password for {user.Username} (shown once; clients send its SHA-1 hex):");
            Console.Out.WriteLine($"  password:           {password}");
            return 0;
        }

        await app.Services.GetRequiredService<SigningKeys>().InitializeAsync(ct);
        var creator = await db.Users.Where(u => u.OrganisationId == org.Id && u.Role == UserRole.Admin)
            .OrderBy(u => u.Username == configured ? 0 : 1).ThenBy(u => u.Id).FirstOrDefaultAsync(ct);
        var secret = services.GetRequiredService<TokenIssuer>().ApplicationToken(org.Id, org.Name, creator?.Username ?? "admin-command");
        db.ApplicationTokens.Add(new ApplicationToken
        {
            OrganisationId = org.Id, Description = $"Created with 'admin create-token' on {now:yyyy-MM-dd}", Created = now,
            CreatorId = creator?.Id, SecretHash = Secrets.Hash(secret),
        });
        await db.SaveChangesAsync(ct);
        Console.Out.WriteLine($"New application token for organisation '{org.Name}' (shown once; revoke old ones with DELETE /api/v1/application_token/{{id}}):");
        Console.Out.WriteLine($"  application token:  {secret}");
        return 0;
    }
}
