using Npgsql;

namespace Cellgate.Server.Api;

/// <summary>Which database failures mean "the database cannot be reached now" (answered 503, retried by the client).</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// True when <paramref name="exception"/> or an inner one says the connection could not be made or broke: Npgsql's own
    /// errors (connect refused or timed out, connection lost, a command timeout, the pool exhausted) and PostgreSQL's
    /// connection exceptions (class 08), operator intervention (57P01–57P05: shutdown, crash recovery, cannot connect
    /// now) and too many connections (53300). A constraint violation, a syntax error and the like are not.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg)
                return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == "53300";
            if (e is NpgsqlException) return true;
        }
        return false;
    }

    /// <summary>A short description for <c>/readyz</c> and logs: exception types and SQLSTATE, never host names or credentials.</summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>(3);
        for (var e = exception; e is not null && parts.Count < 3; e = e.InnerException)
        {
            var part = e.GetType().Name;
            if (e is System.Data.Common.DbException { SqlState: { Length: > 0 } state }) part += $" {state}";
            else if (e is System.Net.Sockets.SocketException socket) part += $" {socket.SocketErrorCode}";
            parts.Add(part);
        }
        return string.Join(": ", parts);
    }
}
