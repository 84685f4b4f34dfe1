using System.Net;
using System.Net.Sockets;
using Cellgate.Delivery;
using Cellgate.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Webhooks;

/// <summary>A webhook's target resolved only to addresses the SSRF guard refuses.</summary>
public sealed class WebhookTargetForbiddenException(string host)
    : Exception($"The webhook target '{host}' resolves only to addresses refused by the SSRF guard (Cellgate:Webhooks:AllowedTargets).")
{
    public string Host { get; } = host;
}

/// <summary>
/// The SSRF guard. Webhook URLs are the customer's, so by default they may not reach loopback, private (RFC 1918, ULA),
/// link-local, CGNAT, multicast, reserved or cloud metadata addresses (169.254.169.254, fd00:ec2::254). The check runs
/// at connect time on the addresses DNS resolved to (<see cref="ConnectAsync"/> is the handler's
/// <c>ConnectCallback</c>), so a name that resolves differently later (DNS rebinding) is checked again; the socket
/// connects only to an address that passed. Redirects are not followed at all. <see cref="WebhookOptions.AllowedTargets"/>
/// (host, host:port or CIDR) opens exceptions: tests allow 127.0.0.1. The demo's callback to the built-in receiver at
/// the server's own address (<see cref="DemoOptions.DefaultReceiverUrl"/>, used while <c>Cellgate:Demo:WebhookReceiverUrl</c>
/// is unset and the demo is on) is admitted for exactly that host and port, nothing else.
/// </summary>
public sealed class WebhookTargets
{
    private static readonly IPNetwork[] Forbidden =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("100::/64"),
    ];

    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _hostPorts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public WebhookTargets(IOptions<WebhookOptions> options, IOptions<DemoOptions> demo, IConfiguration configuration)
    {
        if (demo.Value is { Enabled: true, WebhookReceiverUrl: null } && DemoOptions.DefaultReceiverUrl(configuration, out _) is { } own
            && Uri.TryCreate(own, UriKind.Absolute, out var ownUri))
            _hostPorts.Add($"{ownUri.Host.Trim('[', ']')}:{ownUri.Port}");

        foreach (var raw in options.Value.AllowedTargets)
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            if (entry.Contains('/')) _networks.Add(IPNetwork.Parse(entry));
            else if (IPAddress.TryParse(entry, out var single)) _networks.Add(new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else if (TrySplitHostPort(entry, out var host, out var port)) _hostPorts.Add($"{host}:{port}");
            else _hosts.Add(entry.Trim('[', ']'));
        }
    }

    /// <summary>The start-up check of one allow-list entry; null when valid.</summary>
    public static string? Invalid(string entry)
    {
        entry = entry.Trim();
        if (entry.Length == 0) return null;
        if (entry.Contains('/')) return IPNetwork.TryParse(entry, out _) ? null : $"'{entry}' is not a CIDR network";
        if (IPAddress.TryParse(entry, out _) || TrySplitHostPort(entry, out _, out _)) return null;
        return Uri.CheckHostName(entry.Trim('[', ']')) == UriHostNameType.Unknown ? $"'{entry}' is not a host, host:port or CIDR" : null;
    }

    private static bool TrySplitHostPort(string entry, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = entry.LastIndexOf(':');
        if (colon <= 0 || entry.IndexOf(':') != colon && !entry.StartsWith('[')) return false; // a bare IPv6 address
        if (!int.TryParse(entry.AsSpan(colon + 1), out port) || port is < 1 or > 65535) return false;
        host = entry[..colon].Trim('[', ']');
        return true;
    }

    /// <summary>Whether the guard refuses <paramref name="address"/> unless allow-listed.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in Forbidden)
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return true;
        return false;
    }

    public bool Allowed(string host, int port, IPAddress address)
    {
        if (!IsForbidden(address)) return true;
        if (_hosts.Contains(host) || _hostPorts.Contains($"{host}:{port}")) return true;
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in _networks)
            if (network.BaseAddress.AddressFamily == mapped.AddressFamily && network.Contains(mapped)) return true;
        return false;
    }

    /// <summary>The <c>SocketsHttpHandler.ConnectCallback</c>: resolves, keeps the allowed addresses, connects to one of them.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => Allowed(host, port, a)).ToArray();
        if (allowed.Length == 0) throw new WebhookTargetForbiddenException(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
