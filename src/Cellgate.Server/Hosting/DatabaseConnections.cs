using System.Data.Common;
using Cellgate.Delivery;
using Npgsql;

namespace Cellgate.Server.Hosting;

/// <summary>
/// Opens a connection for raw SQL on a request or background path without blocking a thread on the network
/// (issue 12: every database call on a request or dispatcher path is asynchronous). PostgreSQL: the shared data source's
/// <c>OpenConnectionAsync</c>. SQLite: <see cref="SmsDatabase.Open"/> — a local file, whose I/O Microsoft.Data.Sqlite does
/// synchronously whatever the method is called. Commands on the connection use the <c>…Async</c> methods all the same.
/// </summary>
public sealed class DatabaseConnections(SmsDatabase database, IServiceProvider services)
{
    private readonly NpgsqlDataSource? _postgres = database.Dialect == SqlDialect.PostgreSql ? services.GetRequiredService<NpgsqlDataSource>() : null;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is null) return database.Open();
        return await _postgres.OpenConnectionAsync(cancellationToken);
    }
}
