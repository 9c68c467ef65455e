using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseTracker.Server.Storage;

/// <summary>
/// Makes a writing SQLite connection durable: WAL (readers never block the writer; it persists in the file),
/// <c>synchronous=FULL</c> (an acknowledged commit survives power loss), foreign keys enforced, and a busy
/// timeout. <c>synchronous</c> is per connection, so it is set on every open rather than once.
/// </summary>
public sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
