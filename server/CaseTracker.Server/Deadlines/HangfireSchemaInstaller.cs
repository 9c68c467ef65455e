using CaseTracker.Server.Storage;
using Hangfire.PostgreSql;
using Npgsql;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// Installs (or upgrades) Hangfire's tables in the record's PostgreSQL database, schema <c>hangfire</c>, while the
/// node holds the setup lock with the migrations: nodes started together on an empty database no longer race to
/// create the schema. Nothing to do when Hangfire keeps its jobs elsewhere.
/// </summary>
public sealed class HangfireSchemaInstaller(string storageKind) : IPostgresSchemaInstaller
{
    public const string Schema = "hangfire";

    public void Install(NpgsqlConnection connection)
    {
        if (string.Equals(storageKind, nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase))
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
        }
    }
}
