using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseTracker.Server.Storage;

/// <summary>
/// Makes a writing SQLite connection durable: WAL (readers never block the writer; it persists in the file),
/// <c>synchronous=FULL</c> (an acknowledged commit survives power loss), foreign keys enforced, and a busy
/// timeout, and the automatic checkpoint only as a backstop (<see cref="WalCheckpointer"/> does it off the writer's
/// commits). These are settings of the native connection: the pool hands the same native connection out again
/// with them still set, so they are set once for each native connection rather than on every open.
/// </summary>
public sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    /// <summary>
    /// The log's size in pages (4 KiB each) at which a writer's commit checkpoints it itself: ten times SQLite's default,
    /// reached only when <see cref="WalCheckpointer"/> falls behind.
    /// </summary>
    public const int WriterAutoCheckpointPages = 10_000;

    private static readonly string Pragmas =
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint={WriterAutoCheckpointPages};";

    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured(connection);
        }
    }

    /// <summary>
    /// Whether this native connection still needs the settings. A read-only one (EF Core opens one to ask whether the
    /// file exists) cannot take them: switching a file that is not yet in WAL — a restored copy — would fail there.
    /// </summary>
    private bool IsNew(DbConnection connection) =>
        !IsReadOnly(connection) && (NativeOf(connection) is not { } native || !_configured.TryGetValue(native, out _));

    private static bool IsReadOnly(DbConnection connection) =>
        connection is SqliteConnection && new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly;

    private void Configured(DbConnection connection)
    {
        if (NativeOf(connection) is { } native)
        {
            _configured.AddOrUpdate(native, native);
        }
    }

    private static object? NativeOf(DbConnection connection) => (connection as SqliteConnection)?.Handle;
}
