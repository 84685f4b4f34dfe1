using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cellgate.Server.Hosting;

/// <summary>
/// Prints where Cellgate listens and, on the first start only, the generated credentials. This goes to the console
/// directly, never through the logging pipeline, so that no secret reaches a log sink.
/// </summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, BootstrapResult bootstrap, Features.Smpp.Server.SmppListener smpp) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var w = Console.Out;
        w.WriteLine();
        w.WriteLine($"Cellgate is listening on {string.Join(", ", addresses)}");
        w.WriteLine($"  Portal (sign in):           {first}/");
        w.WriteLine($"  API reference (try it out): {first}/api/doc");
        w.WriteLine($"  OpenAPI document:           {first}/api/openapi.json");
        if (smpp.Endpoint is { } plain) w.WriteLine($"  SMPP server (ESMEs bind):   {plain}");
        if (smpp.TlsEndpoint is { } tls) w.WriteLine($"  SMPP server over TLS:       {tls}");
        if (bootstrap.Created)
        {
            w.WriteLine();
            w.WriteLine("First start: created the operator organisation. These secrets are shown ONCE; keep them.");
            w.WriteLine($"  organisation:       {bootstrap.Organisation}");
            w.WriteLine($"  username:           {bootstrap.Username}");
            w.WriteLine($"  password:           {bootstrap.GeneratedPassword ?? "(as configured in Cellgate:Bootstrap:Password)"}");
            w.WriteLine($"  application token:  {bootstrap.GeneratedApplicationToken ?? "(as configured in Cellgate:Bootstrap:ApplicationToken)"}");
            w.WriteLine($"  SMPP system_id:     {bootstrap.SmppSystemId}");
            w.WriteLine($"  SMPP password:      {bootstrap.GeneratedSmppPassword ?? "(as configured in Cellgate:Bootstrap:SmppPassword)"}");
            w.WriteLine();
            w.WriteLine("Log in:");
            w.WriteLine($"  curl -s -X POST {first}/api/v1/authenticate -H 'Content-Type: application/json' \\");
            w.WriteLine("       -d '{\"application_token\": \"<application token>\"}'");
        }
        else
        {
            if (bootstrap.PasswordSetFor is { } user)
                w.WriteLine($"  Cellgate:Bootstrap:Password set as the password of {user}.");
            if (bootstrap.OrganisationNotRenamed is { } name)
                w.WriteLine($"  Cellgate:Bootstrap:Organisation names the operator organisation on the first start only; it is '{name}' (rename it with PATCH /api/v1/organisation/{{id}}).");
            if (bootstrap.SmppPasswordSetFor is { } systemId)
                w.WriteLine($"  Cellgate:Bootstrap:SmppPassword set as the password of SMPP account {systemId}.");
            if (bootstrap.ApplicationTokenAdded)
                w.WriteLine("  Cellgate:Bootstrap:ApplicationToken added as an application token of the operator organisation.");
            w.WriteLine("  Lost the admin password or the application token? Run (also while the server runs)");
            w.WriteLine("    dotnet run --project src/Cellgate.Server -- admin reset-password [username]");
            w.WriteLine("    dotnet run --project src/Cellgate.Server -- admin create-token");
            w.WriteLine("  (or Cellgate.Server admin ... for a published build); each prints a new secret once.");
        }
        w.WriteLine();
        w.Flush();
    }
}
