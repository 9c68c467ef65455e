using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseTracker.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CaseTrackerDbContext>
{
    public CaseTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CaseTrackerDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresMigrationContext</c> build PostgreSQL's migrations.</summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresMigrationContext>
{
    public PostgresMigrationContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMigrationContext>().UseNpgsql("Host=localhost;Database=casetracker_design").Options);
}
