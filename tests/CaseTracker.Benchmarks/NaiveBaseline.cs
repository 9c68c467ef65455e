using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Benchmarks;

/// <summary>
/// The yardstick for durable writes: what a straightforward implementation does — one EF Core insert per
/// call, each in its own context and its own commit, on SQLite with the same WAL and synchronous=FULL
/// settings as the server.
/// </summary>
public sealed class NaiveBaseline(string databasePath)
{
    private readonly DbContextOptions<NaiveDbContext> _options = new DbContextOptionsBuilder<NaiveDbContext>()
        .UseSqlite($"Data Source={databasePath}")
        .AddInterceptors(new SqliteDurabilityInterceptor())
        .Options;

    public async Task PrepareAsync()
    {
        await using var db = new NaiveDbContext(_options);
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS Rows (Id INTEGER PRIMARY KEY AUTOINCREMENT, Reference TEXT NOT NULL, Payload TEXT NOT NULL, CreateTime TEXT NOT NULL)");
    }

    public async Task InsertOneAsync(int worker, long i)
    {
        await using var db = new NaiveDbContext(_options);
        db.Rows.Add(new NaiveRow { Reference = $"W{worker}-{i}", Payload = "{\"stage\":\"INTAKE\"}", CreateTime = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    public sealed class NaiveDbContext(DbContextOptions<NaiveDbContext> options) : DbContext(options)
    {
        public DbSet<NaiveRow> Rows => Set<NaiveRow>();
    }

    public sealed class NaiveRow
    {
        public long Id { get; set; }

        public string Reference { get; set; } = string.Empty;

        public string Payload { get; set; } = string.Empty;

        public DateTime CreateTime { get; set; }
    }
}
