using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseTracker.Tests.Storage;

/// <summary>
/// GetCase keeps the cases it read until a commit changes them: a change that was answered is never followed by a
/// read of the case as it was, whatever the timing of reads around it.
/// </summary>
public sealed class CaseReadCacheTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _investigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _otherParty = host.ClientFor(Party.RU, Role.Investigator, "ru.petrov");

    [Fact]
    public async Task ACaseReadThenChanged_IsReadAsChanged_ByEveryoneRightAfterTheAnswer()
    {
        var c = await _investigator.InInvestigationAsync();
        var before = await _investigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        await _otherParty.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });

        var changed = await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "The decision file." });
        var mine = await _investigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        var theirs = await _otherParty.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });

        Assert.NotEqual(before.Etag, changed.Etag);
        Assert.Equal(changed.Etag, mine.Etag);
        Assert.Equal(changed.Etag, theirs.Etag);
        Assert.Equal("The decision file.", theirs.AwaitingResponse.Awaited);
    }

    [Fact]
    public async Task WhileReadersReadWithoutPause_EveryAnsweredChangeIsWhatTheNextReadShows()
    {
        var c = await _investigator.InInvestigationAsync();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _otherParty.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
            }
        })).ToList();

        var stale = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var changed = i % 2 == 0
                ? await _investigator.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = $"File {i}." })
                : await _investigator.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = c.Name, Summary = $"Answer {i}." });
            var read = await _otherParty.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
            if (read.Etag != changed.Etag)
            {
                stale.Add($"change {i}: answered {changed.Etag}, read {read.Etag}");
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(stale);
    }

    [Fact]
    public async Task ACaseReadBeforeACommitAndOfferedAfterIt_IsNotKept()
    {
        var c = await _investigator.CreateAsync();
        var read = await ReadAsync(c.Name);
        // A cache of its own, on SQLite's terms, whatever database this test run uses.
        var cache = new CaseReadCache(Options.Create(new StorageOptions { Provider = StorageProvider.Sqlite }));

        var generation = cache.Generation;
        cache.Committed([]);
        cache.Offer(read, generation);
        var keptAfterRace = cache.Find(read.Id);
        cache.Offer(read, cache.Generation);
        var keptWithoutRace = cache.Find(read.Id);
        cache.Committed([read]);

        Assert.Null(keptAfterRace);
        Assert.Same(read, keptWithoutRace);
        Assert.Null(cache.Find(read.Id));
    }

    [Fact]
    public async Task OnPostgreSql_NothingIsKept_AnotherNodeCouldChangeTheCase()
    {
        var c = await _investigator.CreateAsync();
        var read = await ReadAsync(c.Name);
        var postgres = new CaseReadCache(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = "Host=unused" }));

        postgres.Offer(read, postgres.Generation);

        Assert.Null(postgres.Find(read.Id));
    }

    private async Task<Case> ReadAsync(string name)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var id = CaseNames.TryParse(name)!;
        return await db.Cases.AsNoTracking().SingleAsync(x => x.Id == id);
    }
}
