namespace CaseTracker.Tests.Support;

/// <summary>A fact about SQLite itself (its file, its pragmas): skipped, with the reason, when the suite runs on PostgreSQL.</summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string about)
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = $"SQLite only: {about}";
        }
    }
}

/// <summary>A fact that needs PostgreSQL (several nodes on one database): skipped, saying how to run it, without one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
        {
            Skip = "Needs PostgreSQL: eval \"$(bash .ci/postgres.sh)\" sets CASETRACKER_TEST_POSTGRES (see README, Scale-out).";
        }
    }
}

/// <summary>A fact that mounts a small tmpfs (a full disk made on purpose): skipped, with the reason, where the tests are not root on Linux.</summary>
public sealed class MountingFactAttribute : FactAttribute
{
    public MountingFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "Needs root on Linux to mount a small tmpfs as a full disk.";
        }
    }
}
