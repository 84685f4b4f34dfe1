using System.Collections.Concurrent;
using System.Data.Common;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Sms;

/// <summary>
/// Reads what the submit path needs about the receiving endpoint (<see cref="SmsRoute"/>) on a few connections kept
/// open with the statement prepared: the same answer as an EF query, without preparing the statement, opening a
/// connection and materialising through EF on each of thousands of requests a second. Lookups by endpoint id (the REST
/// submit's, once per request; issue 11) and by MSISDN (the SMPP server's, once per submit_sm) are cached, answers "no
/// such endpoint" included, for as long as <see cref="SmsRouteVersion"/> has not moved since they were read — any save
/// of a device, SIM or service profile (or any deletion) on this node empties the cache in effect, and an answer read
/// while such a save was under way is not kept — and for at most <see cref="MaxAge"/>: the bound for a change saved by
/// another node on the same database, which does not move this node's version (on PostgreSQL the change feed moves
/// every node's version at once, <see cref="SmsRouteVersion"/>). A hit answers synchronously; a miss opens its
/// connection and reads asynchronously (issue 12: no thread blocked on the database on a request path).
/// </summary>
public sealed class SmsRoutes(Hosting.DatabaseConnections connections, SmsRouteVersion version, TimeProvider time) : IDisposable
{
    /// <summary>How long a cached route is used at most (a change made by another node is seen after this).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>Most cached MSISDN lookups; the cache starts over when full.</summary>
    private const int MaxCached = 100_000;
    private const string Sql = """
        SELECT d."Id", d."Name", d."SimId", s."Iccid", s."Msisdn", s."Imsi", p."AllowSmsMt", p."ApplySmsQuota"
        FROM devices d
        JOIN service_profiles p ON p."Id" = d."ServiceProfileId"
        LEFT JOIN sims s ON s."Id" = d."SimId"
        WHERE d."Id" = @id AND d."OrganisationId" = @org
        LIMIT 1
        """;

    // The same by the SIM's MSISDN (an SMPP submit names the device by number), within the organisation.
    private const string ByMsisdnSql = """
        SELECT d."Id", d."Name", d."SimId", s."Iccid", s."Msisdn", s."Imsi", p."AllowSmsMt", p."ApplySmsQuota"
        FROM sims s
        JOIN devices d ON d."SimId" = s."Id"
        JOIN service_profiles p ON p."Id" = d."ServiceProfileId"
        WHERE s."Msisdn" = @msisdn AND d."OrganisationId" = @org
        LIMIT 1
        """;

    private const int MaxIdle = 16;
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly ConcurrentDictionary<(long Organisation, string Msisdn), Cached> _byMsisdn = new();
    private readonly ConcurrentDictionary<(long Organisation, long Device), Cached> _byId = new();
    private bool _disposed;

    private sealed record Cached(long Version, long ReadAt, SmsRoute? Route);

    /// <summary>The endpoint <paramref name="deviceId"/> of <paramref name="organisationId"/>, or null.</summary>
    internal ValueTask<SmsRoute?> FindAsync(long deviceId, long organisationId, CancellationToken cancellationToken) =>
        CacheAsync(_byId, (organisationId, deviceId), static (r, k, ct) => r.FindAsync(k.Item2, k.Item1, ct), cancellationToken);

    /// <summary>The endpoint of <paramref name="organisationId"/> whose SIM has <paramref name="msisdn"/>, or null.</summary>
    internal ValueTask<SmsRoute?> FindByMsisdnAsync(string msisdn, long organisationId, CancellationToken cancellationToken) =>
        CacheAsync(_byMsisdn, (organisationId, msisdn), static (r, k, ct) => r.FindByMsisdnAsync(k.Item2, k.Item1, ct), cancellationToken);

    private ValueTask<SmsRoute?> CacheAsync<TKey>(ConcurrentDictionary<TKey, Cached> cache, TKey key, Func<Reader, TKey, CancellationToken, Task<SmsRoute?>> read,
        CancellationToken cancellationToken) where TKey : notnull
    {
        var before = version.Value;
        var now = time.GetTimestamp();
        if (cache.TryGetValue(key, out var cached) && cached.Version == before && time.GetElapsedTime(cached.ReadAt, now) < MaxAge) return new(cached.Route);
        return new(MissAsync(cache, key, read, before, now, cancellationToken));
    }

    private async Task<SmsRoute?> MissAsync<TKey>(ConcurrentDictionary<TKey, Cached> cache, TKey key, Func<Reader, TKey, CancellationToken, Task<SmsRoute?>> read,
        long before, long now, CancellationToken cancellationToken) where TKey : notnull
    {
        var route = await UseAsync(read, key, cancellationToken);
        if (version.Value == before)
        {
            if (cache.Count >= MaxCached) cache.Clear();
            cache[key] = new Cached(before, now, route);
        }
        return route;
    }

    private async Task<SmsRoute?> UseAsync<TKey>(Func<Reader, TKey, CancellationToken, Task<SmsRoute?>> find, TKey key, CancellationToken cancellationToken)
    {
        if (!_idle.TryTake(out var reader)) reader = new Reader(await connections.OpenAsync(cancellationToken));
        SmsRoute? route;
        try
        {
            route = await find(reader, key, cancellationToken);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        if (_disposed || _idle.Count >= MaxIdle) reader.Dispose();
        else _idle.Add(reader);
        return route;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader)) reader.Dispose();
    }

    private sealed class Reader : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbCommand _command;
        private DbCommand? _byMsisdn;

        public Reader(DbConnection connection)
        {
            _connection = connection;
            _command = SqlCommands.Get(connection, null, Sql, "@id", "@org");
        }

        public Task<SmsRoute?> FindAsync(long deviceId, long organisationId, CancellationToken cancellationToken)
        {
            _command.Set(0, deviceId);
            _command.Set(1, organisationId);
            return ReadAsync(_command, cancellationToken);
        }

        public Task<SmsRoute?> FindByMsisdnAsync(string msisdn, long organisationId, CancellationToken cancellationToken)
        {
            _byMsisdn ??= SqlCommands.Get(_connection, null, ByMsisdnSql, "@msisdn", "@org");
            _byMsisdn.Set(0, msisdn);
            _byMsisdn.Set(1, organisationId);
            return ReadAsync(_byMsisdn, cancellationToken);
        }

        private static async Task<SmsRoute?> ReadAsync(DbCommand command, CancellationToken cancellationToken)
        {
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            if (!await r.ReadAsync(cancellationToken)) return null;
            return new SmsRoute(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
                r.GetBoolean(6), r.GetBoolean(7));
        }

        public void Dispose()
        {
            SqlCommands.Forget(_connection);
            _connection.Dispose();
        }
    }
}
