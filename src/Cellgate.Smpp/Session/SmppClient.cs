using System.Net.Sockets;
using Cellgate.Smpp.Protocol;
using Microsoft.Extensions.Logging;

namespace Cellgate.Smpp.Session;

/// <summary>The ESME side's entry: connect over TCP, start a session, bind.</summary>
public static class SmppClient
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>, binds with <paramref name="bind"/> and returns the
    /// bound, running session. Throws <see cref="SmppBindException"/> when the peer refuses, <see cref="SocketException"/>
    /// when it cannot be reached; the connection is closed in both cases.
    /// </summary>
    public static async Task<SmppSession> ConnectAsync(string host, int port, BindRequest bind, SmppSessionOptions? options = null,
        SmppRequestHandler? handler = null, TimeProvider? timeProvider = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var session = SmppSession.ForStream(new NetworkStream(socket, ownsSocket: true), options, handler, timeProvider, logger);
        session.Start();
        try
        {
            await session.BindAsync(bind, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
