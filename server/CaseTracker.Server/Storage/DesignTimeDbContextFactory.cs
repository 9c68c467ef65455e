using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseTracker.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CaseTrackerDbContext>
{
    public CaseTrackerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CaseTrackerDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
