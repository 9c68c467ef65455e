using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace CaseTracker.Tests.Support;

/// <summary>
/// The provider the suite runs on. By default every host has its own SQLite file. With
/// <c>CASETRACKER_TEST_POSTGRES</c> set to a PostgreSQL connection string (without a database; the role needs
/// CREATEDB), the same suite runs on PostgreSQL: every host gets a database of its own, named after its data
/// folder so that a host restarted on the same folder finds the same database, and dropped with it.
/// </summary>
public static class TestDatabase
{
    /// <summary>The PostgreSQL server's connection string, or null when the suite runs on SQLite.</summary>
    public static string? Postgres { get; } = Environment.GetEnvironmentVariable("CASETRACKER_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static bool IsPostgres => Postgres is not null;

    /// <summary>The connection string of the database that belongs to <paramref name="dataDirectory"/>, created if missing.</summary>
    public static string ForDataDirectory(string dataDirectory)
    {
        var name = NameOf(dataDirectory);
        using (var connection = new NpgsqlConnection(Server()))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    public static void Drop(string dataDirectory)
    {
        if (Postgres is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server());
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{NameOf(dataDirectory)}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                drop.ExecuteNonQuery();
                return;
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // FORCE may not end a session the test's role does not own — an autovacuum worker busy on a
                // database many rows were just written to; it finishes shortly.
                Thread.Sleep(250);
            }
        }
    }

    private static string Server() => new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres", Pooling = false }.ConnectionString;

    private static string NameOf(string dataDirectory) =>
        "ct_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
}
