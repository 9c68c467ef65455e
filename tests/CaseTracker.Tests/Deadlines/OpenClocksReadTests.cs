using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Deadlines;

/// <summary>
/// Every change of a case reads its open clocks. A case keeps every clock it ever ran, so that read must find the
/// open ones without visiting the met and cancelled ones.
/// </summary>
public sealed class OpenClocksReadTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _investigator;

    public OpenClocksReadTests() => _investigator = _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    [Fact]
    public async Task ACaseAskedAndAnsweredManyTimes_HasOnlyItsStageClockAndTheAwaitedResponseOpen()
    {
        var c = await _investigator.CreateAsync();
        var caseId = CaseNames.TryParse(c.Name)!;
        for (var i = 0; i < 5; i++)
        {
            await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = $"File {i}" });
            await _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = c.Name, Summary = "Received" });
        }
        await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "File 5" });

        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var open = await CaseClocks.OpenOf(db.Deadlines, [caseId]).ToListAsync();
        var all = await db.Deadlines.Where(d => d.CaseId == caseId).ToListAsync();

        Assert.Equal(7, all.Count);
        Assert.Equal([(ClockKind.Stage, DeadlineState.Paused), (ClockKind.Response, DeadlineState.Running)],
            open.OrderBy(d => d.Number).Select(d => (d.Kind, d.State)));
    }

    [SqliteOnlyFact("the query plan is SQLite's")]
    public async Task TheOpenClocksOfOneCaseOrOfABatchOfCases_AreReadThroughTheIndexOfOpenClocks()
    {
        await _investigator.CreateAsync();
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();

        foreach (var cases in new[] { 1, 50 })
        {
            var ids = Enumerable.Range(0, cases).Select(i => $"case{i}").ToList();
            await using var command = CaseClocks.OpenOf(db.Deadlines, ids).CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(reader.GetOrdinal("detail")));
                }
            }

            Assert.Contains(plan, step => step.Contains("USING INDEX IX_Deadlines_CaseId_Open", StringComparison.Ordinal));
        }
    }

    public void Dispose() => _host.Dispose();
}
