using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Cellgate.Server.Hosting;
using Cellgate.Smpp.Session;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>
/// Accepts customer ESMEs on <c>Cellgate:Smpp:Port</c> (and with TLS on <c>TlsPort</c>), one <see cref="SmppSession"/>
/// per connection answered by <see cref="SmppServer"/>. It listens with its own sockets rather than through Kestrel so
/// that it runs the same under the test host. <see cref="Endpoint"/> and <see cref="TlsEndpoint"/> tell where it
/// listens (the port the system chose for -1). On shutdown it stops accepting, unbinds every session (bounded), then
/// closes what is left.
/// </summary>
public sealed partial class SmppListener(SmppServer server, SmppSessions sessions, IOptions<SmppServerOptions> options, TimeProvider time,
    ILoggerFactory loggers, ILogger<SmppListener> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<SmppSession, byte> _open = new();
    private readonly List<(Socket Socket, bool Tls)> _sockets = [];
    private readonly List<Task> _accepting = [];
    private readonly Lock _bindLock = new();
    private bool _bound;
    private Task? _stopped;
    private X509Certificate2? _certificate;
    private int _connections;
    private long _connectionIds;

    /// <summary>Where the plain listener listens, or null when it is off.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    /// <summary>Where the TLS listener listens, or null when it is off.</summary>
    public IPEndPoint? TlsEndpoint { get; private set; }

    /// <summary>Open connections (bound or not).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Takes the ports (and loads the certificate) without accepting yet: called before the database is touched, so
    /// that a busy port or a bad certificate stops a first start before its once-shown secrets are made.
    /// Throws <see cref="StartupException"/>.
    /// </summary>
    public void Bind()
    {
        lock (_bindLock)
        {
            if (_bound) return;
            var o = options.Value;
            var address = IPAddress.Parse(o.Address);
            if (o.TlsPort != 0) _certificate = LoadCertificate(o);
            if (o.Port != 0) Endpoint = Listen(address, o.Port, tls: false);
            if (o.TlsPort != 0) TlsEndpoint = Listen(address, o.TlsPort, tls: true);
            _bound = true;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Bind();
        foreach (var (socket, tls) in _sockets) _accepting.Add(Task.Run(() => AcceptAsync(socket, tls, _stopping.Token)));
        return Task.CompletedTask;
    }

    private IPEndPoint Listen(IPAddress address, int port, bool tls)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(new IPEndPoint(address, port < 0 ? 0 : port));
            socket.Listen(512);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new StartupException($"Cellgate:Smpp:{(tls ? "TlsPort" : "Port")} {port} on {address} cannot be used ({ex.SocketErrorCode}); choose another port, or 0 to turn it off.");
        }
        var endpoint = (IPEndPoint)socket.LocalEndPoint!;
        _sockets.Add((socket, tls));
        Log.Listening(logger, tls ? "SMPP over TLS" : "SMPP", endpoint.ToString());
        return endpoint;
    }

    private static X509Certificate2 LoadCertificate(SmppServerOptions o)
    {
        var path = o.TlsCertificatePath!;
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pfx" or ".p12") return X509CertificateLoader.LoadPkcs12FromFile(path, o.TlsCertificatePassword);
            var certificate = string.IsNullOrEmpty(o.TlsCertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, o.TlsKeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, o.TlsCertificatePassword, o.TlsKeyPath);
            // An ephemeral PEM key cannot serve TLS on every platform: carry it through PKCS#12 once.
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new StartupException($"Cellgate:Smpp:TlsCertificatePath '{path}' could not be loaded as a certificate with its private key: {ex.Message}");
        }
    }

    private async Task AcceptAsync(Socket listener, bool tls, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(logger, ex.SocketErrorCode.ToString());
                continue;
            }
            if (Interlocked.Increment(ref _connections) > options.Value.MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                Log.TooManyConnections(logger, options.Value.MaxConnections);
                socket.Dispose();
                continue;
            }
            _ = Task.Run(() => ServeAsync(socket, tls, ct), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, bool tls, CancellationToken ct)
    {
        var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address;
        SmppSession? session = null;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            socket.NoDelay = true;
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                handshake.CancelAfter(TimeSpan.FromSeconds(options.Value.BindTimeoutSeconds));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, handshake.Token);
            }
            var o = options.Value;
            session = SmppSession.ForStream(stream, new SmppSessionOptions
            {
                Name = $"smpp-{Interlocked.Increment(ref _connectionIds)}",
                WindowSize = o.OutgoingWindow,
                MaxIncomingInFlight = o.IncomingWindow,
                IncomingRateLimit = o.RateLimit,
                BindTimeout = TimeSpan.FromSeconds(o.BindTimeoutSeconds),
                EnquireLinkInterval = TimeSpan.FromSeconds(o.EnquireLinkSeconds),
                ResponseTimeout = TimeSpan.FromSeconds(o.ResponseTimeoutSeconds),
            }, server.HandlerFor(remote), time, loggers.CreateLogger("Cellgate.Smpp.Session"));
            _open[session] = 0;
            await session.RunAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException)
        {
            Log.ConnectionFailed(logger, ex.GetType().Name);
        }
        finally
        {
            if (session is not null)
            {
                _open.TryRemove(session, out _);
                sessions.Remove(session);
                await session.DisposeAsync();
            }
            else await stream.DisposeAsync();
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>
    /// Stops accepting, unbinds the bound sessions and closes the rest. Idempotent: the host may call it twice (the test
    /// host does, when its server and then its host are disposed), and a second call waits for the first rather than
    /// cutting off the sessions the first is unbinding.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_bindLock) return _stopped ??= StopOnceAsync();
    }

    private async Task StopOnceAsync()
    {
        await _stopping.CancelAsync();
        foreach (var (socket, _) in _sockets) socket.Dispose();
        await Task.WhenAll(_accepting);
        var open = _open.Keys.ToList();
        if (open.Count > 0) Log.Unbinding(logger, open.Count);
        // Bound sessions are unbound (their owed responses first); unbound connections are closed.
        await Task.WhenAll(open.Select(s => s.State switch
        {
            SmppSessionState.Bound => SmppSessions.UnbindAsync(s, TimeSpan.FromSeconds(5)),
            SmppSessionState.Unbinding => FinishUnbindingAsync(s, TimeSpan.FromSeconds(5)), // the ESME is unbinding: let it finish
            _ => s.DisposeAsync().AsTask(),
        }).ToList());
        _certificate?.Dispose();
    }

    private static async Task FinishUnbindingAsync(SmppSession session, TimeSpan timeout)
    {
        try
        {
            await session.Completion.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Cut off below.
        }
        await session.DisposeAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(3520, LogLevel.Information, "{What} server listening on {Endpoint}")]
        public static partial void Listening(ILogger logger, string what, string endpoint);

        [LoggerMessage(3521, LogLevel.Warning, "SMPP connection refused: {Max} connections are open (Cellgate:Smpp:MaxConnections)")]
        public static partial void TooManyConnections(ILogger logger, int max);

        [LoggerMessage(3522, LogLevel.Debug, "SMPP connection ended: {Reason}")]
        public static partial void ConnectionFailed(ILogger logger, string reason);

        [LoggerMessage(3523, LogLevel.Warning, "SMPP accept failed: {Error}")]
        public static partial void AcceptFailed(ILogger logger, string error);

        [LoggerMessage(3524, LogLevel.Information, "Shutting down: unbinding {Count} SMPP sessions")]
        public static partial void Unbinding(ILogger logger, int count);
    }
}
