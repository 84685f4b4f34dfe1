using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Hosting;

/// <summary>What the first start created; secrets are set only when they were generated (and so must be shown once).</summary>
public sealed class BootstrapResult
{
    public bool Created { get; set; }
    public string? Organisation { get; set; }
    public string? Username { get; set; }
    public string? GeneratedPassword { get; set; }
    public string? GeneratedApplicationToken { get; set; }
    public bool ApplicationTokenGiven { get; set; }

    /// <summary>On a later start: the configured password was set on this user (it differed).</summary>
    public string? PasswordSetFor { get; set; }

    /// <summary>On a later start: the configured application token was added to the operator organisation.</summary>
    public bool ApplicationTokenAdded { get; set; }

    /// <summary>On a later start: Cellgate:Bootstrap:Organisation is set but names another organisation than the operator's.</summary>
    public string? OrganisationNotRenamed { get; set; }

    /// <summary>The operator organisation's SMPP account: its system_id, and its password when generated.</summary>
    public string? SmppSystemId { get; set; }
    public string? GeneratedSmppPassword { get; set; }

    /// <summary>On a later start: the configured SMPP password was set on (or an account made for) this system_id.</summary>
    public string? SmppPasswordSetFor { get; set; }
}

public static class Bootstrap
{
    public static IServiceCollection AddCellgateBootstrap(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BootstrapResult>();
        services.AddHostedService<StartupBanner>();
        services.AddHostedService<RuntimeTuning>();
        services.AddOptions<StartupOptions>().BindConfiguration(StartupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StartupWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupWarmUp>());
        return services;
    }

    /// <summary>Migrates the schema, creates the operator organisation on an empty database, loads the signing keys.</summary>
    public static async Task InitializeCellgateAsync(this WebApplication app, CancellationToken ct = default)
    {
        // Every ValidateOnStart setting is checked before the database is touched: an invalid setting must not leave
        // behind a first start's database whose once-shown secrets were never printed.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        // The SMPP ports are taken (and the TLS certificate loaded) before the database, as the HTTP ports are checked.
        app.Services.GetService<Features.Smpp.Server.SmppListener>()?.Bind();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
            await db.MigrateOrCheckAsync(scope.ServiceProvider, ct);
            await scope.ServiceProvider.GetRequiredService<EventLog>().InitializeAsync(db, ct);
            if (!await db.Organisations.AnyAsync(ct))
            {
                await CreateOperatorAsync(db, scope.ServiceProvider, ct);
                await DemoData.SeedAsync(db, scope.ServiceProvider, ct);
            }
            else
            {
                await ApplyConfiguredCredentialsAsync(db, scope.ServiceProvider, ct);
            }
        }
        await app.Services.GetRequiredService<SigningKeys>().InitializeAsync(ct);
        if (app.Services.GetRequiredService<BootstrapResult>() is { Created: true, GeneratedApplicationToken: null, ApplicationTokenGiven: false } pending)
            await CreateApplicationTokenAsync(app.Services, pending, ct);
    }

    private static async Task CreateOperatorAsync(CellgateDbContext db, IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var passwords = services.GetRequiredService<PasswordHasher>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var result = services.GetRequiredService<BootstrapResult>();

        var password = options.Password ?? Secrets.NewPassword();
        var org = new Organisation { Name = options.Organisation, Type = OrganisationType.Master, Created = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Organisations.Add(org);
        await db.SaveChangesAsync(ct);
        var user = new User
        {
            OrganisationId = org.Id, Username = options.Username.Trim().ToLowerInvariant(), Name = "Administrator",
            Role = UserRole.Admin, PasswordHash = passwords.Hash(Secrets.Sha1Hex(password)), Created = now,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        if (options.ApplicationToken is { Length: > 0 } given)
        {
            db.ApplicationTokens.Add(new ApplicationToken
            {
                OrganisationId = org.Id, Description = "Bootstrap token (from configuration)", Created = now,
                CreatorId = user.Id, SecretHash = Secrets.Hash(given),
            });
            await db.SaveChangesAsync(ct);
        }
        // The SMPP server's account of the operator (demo) organisation, so that an ESME can bind right away.
        var smppPassword = options.SmppPassword ?? Features.Smpp.Server.SmppAccountsApi.NewPassword();
        db.SmppAccounts.Add(new SmppAccount
        {
            OrganisationId = org.Id, SystemId = options.SmppSystemId, Description = "Bootstrap SMPP account",
            PasswordHash = passwords.Hash(Secrets.Sha1Hex(smppPassword)), Created = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        result.SmppSystemId = options.SmppSystemId;
        result.GeneratedSmppPassword = options.SmppPassword is null ? smppPassword : null;
        result.Created = true;
        result.Organisation = org.Name;
        result.Username = user.Username;
        result.GeneratedPassword = options.Password is null ? password : null;
        result.ApplicationTokenGiven = options.ApplicationToken is { Length: > 0 };
    }

    /// <summary>
    /// On an existing database the bootstrap settings still take effect: the configured application token is made to
    /// exist for the operator organisation, the configured password is set on the configured user. What cannot be
    /// applied stops the start with a <see cref="StartupException"/> naming the setting; nothing is silently ignored.
    /// </summary>
    private static async Task ApplyConfiguredCredentialsAsync(CellgateDbContext db, IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var result = services.GetRequiredService<BootstrapResult>();
        var usernameGiven = !string.IsNullOrWhiteSpace(configuration[$"{BootstrapOptions.Section}:{nameof(BootstrapOptions.Username)}"]);
        var organisationGiven = !string.IsNullOrWhiteSpace(configuration[$"{BootstrapOptions.Section}:{nameof(BootstrapOptions.Organisation)}"]);
        if (options.Password is null && options.ApplicationToken is not { Length: > 0 } && !usernameGiven && !organisationGiven && options.SmppPassword is null) return;

        var org = await db.Organisations.Where(o => o.Type == OrganisationType.Master).OrderBy(o => o.Id).FirstOrDefaultAsync(ct)
            ?? throw new StartupException("the database has no operator (master) organisation to apply Cellgate:Bootstrap settings to; remove them, or delete the database to start afresh.");
        // The name is the organisation's own data (PATCH /api/v1/organisation/{id} renames it): said, not overwritten.
        if (organisationGiven && options.Organisation != org.Name) result.OrganisationNotRenamed = org.Name;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var username = options.Username.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username && u.OrganisationId == org.Id, ct);
        if (user is null && (options.Password is not null || usernameGiven))
            throw new StartupException($"Cellgate:Bootstrap:Username is '{username}', but organisation '{org.Name}' has no such user (the database already exists); " +
                "set it to an existing user of that organisation, remove Cellgate:Bootstrap:Username/Password, or delete the database to start afresh.");

        if (options.Password is { } password && user is not null)
        {
            var passwords = services.GetRequiredService<PasswordHasher>();
            var sha1 = Secrets.Sha1Hex(password);
            if (!PasswordHasher.Verify(sha1, user.PasswordHash))
            {
                user.PasswordHash = passwords.Hash(sha1);
                result.PasswordSetFor = user.Username;
            }
        }

        if (options.ApplicationToken is { Length: > 0 } given)
        {
            var hash = Secrets.Hash(given);
            var token = await db.ApplicationTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, ct);
            if (token is null)
            {
                db.ApplicationTokens.Add(new ApplicationToken
                {
                    OrganisationId = org.Id, Description = "Bootstrap token (from configuration)", Created = now,
                    CreatorId = user?.Id, SecretHash = hash,
                });
                result.ApplicationTokenAdded = true;
            }
            else if (token.OrganisationId != org.Id)
                throw new StartupException("Cellgate:Bootstrap:ApplicationToken is already the secret of another organisation's token; choose another secret.");
            else if (token.Status != ApplicationTokenStatus.Activated || token.ExpiryDate is { } e && e <= now)
                throw new StartupException("Cellgate:Bootstrap:ApplicationToken names a token that was revoked or has expired; it stays so. Choose a new secret, or remove the setting.");
        }

        if (options.SmppPassword is { } smppPassword)
        {
            var passwords = services.GetRequiredService<PasswordHasher>();
            var sha1 = Secrets.Sha1Hex(smppPassword);
            var account = await db.SmppAccounts.FirstOrDefaultAsync(a => a.SystemId == options.SmppSystemId, ct);
            if (account is null)
            {
                db.SmppAccounts.Add(new SmppAccount
                {
                    OrganisationId = org.Id, SystemId = options.SmppSystemId, Description = "Bootstrap SMPP account",
                    PasswordHash = passwords.Hash(sha1), Created = now,
                });
                result.SmppPasswordSetFor = options.SmppSystemId;
            }
            else if (account.OrganisationId != org.Id)
                throw new StartupException($"Cellgate:Bootstrap:SmppSystemId '{options.SmppSystemId}' is the SMPP account of another organisation; choose another system_id.");
            else if (!PasswordHasher.Verify(sha1, account.PasswordHash))
            {
                account.PasswordHash = passwords.Hash(sha1);
                result.SmppPasswordSetFor = options.SmppSystemId;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The generated bootstrap token is a JWT signed with the signing key, so it is made once the keys exist.</summary>
    private static async Task CreateApplicationTokenAsync(IServiceProvider services, BootstrapResult result, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CellgateDbContext>();
        var org = await db.Organisations.OrderBy(o => o.Id).FirstAsync(ct);
        var user = await db.Users.FirstAsync(u => u.Username == result.Username, ct);
        var secret = services.GetRequiredService<TokenIssuer>().ApplicationToken(org.Id, org.Name, user.Username);
        db.ApplicationTokens.Add(new ApplicationToken
        {
            OrganisationId = org.Id, Description = "Bootstrap token", Created = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            CreatorId = user.Id, SecretHash = Secrets.Hash(secret),
        });
        await db.SaveChangesAsync(ct);
        result.GeneratedApplicationToken = secret;
    }
}
