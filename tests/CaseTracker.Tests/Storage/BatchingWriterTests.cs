using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Storage;

/// <summary>Mutations committed together stay isolated: one that fails never takes the others with it.</summary>
public sealed class BatchingWriterTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private static readonly Actor Investigator = new("tj.karimova", Party.TJ, Role.Investigator);
    private readonly CaseTrackerClient _client = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    private BatchingWriter Writer => host.Services.GetRequiredService<BatchingWriter>();

    private Task<int> AddNoteAsync(string caseId) => WriterNotes.AddAsync(Writer, caseId, Investigator);

    [Fact]
    public async Task RefusedMutation_AmongOthers_FailsAloneAndLeavesNoGap()
    {
        var c = await _client.CreateAsync();
        var caseId = CaseNames.TryParse(c.Name)!;

        var writes = Enumerable.Range(0, 30).Select(i => i == 10
            ? Writer.WriteAsync<int>(_ => throw new CaseRuleException("TEST_REFUSAL", "refused on purpose"), CancellationToken.None)
            : AddNoteAsync(caseId)).ToList();
        var refusal = await Assert.ThrowsAsync<CaseRuleException>(() => writes[10]);
        var numbers = await Task.WhenAll(writes.Where((_, i) => i != 10));

        Assert.Equal("TEST_REFUSAL", refusal.Reason);
        Assert.Equal(Enumerable.Range(1, 29), numbers.Order());
        await AssertEventLogIsGapFreeAsync();
    }

    [Fact]
    public async Task ACaseFiledAndRenamedByTheSameBatch_IsFoundByItsNewNameOnly()
    {
        // A case's keys are inserted untracked after it is filed; a change of the same case in the same batch must
        // still find them, drop the stale ones and add the new.
        var filing = host.Services.GetRequiredService<CaseFiling>();
        var caseId = await Writer.WriteAsync(async session =>
        {
            var filed = await filing.FileAsync(session, CaseMapper.ToDetails(Drafts.NewCase(latinName: "QORIZODA BATCHFILED", russianName: "", tajikName: "")), Investigator);
            var renamed = Drafts.NewCase(latinName: "QORIZODA BATCHRENAMED", russianName: "", tajikName: "");
            session.RecordEvent(filed.Id, filed.Update(CaseMapper.ToDetails(renamed), ["subject.name_latin"], session.Now), Investigator);
            await CaseSearchKeys.SyncAsync(session, filed);
            return filed.Id;
        }, CancellationToken.None);

        var byNewName = await _client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"batchrenamed\"" });
        var byOldName = await _client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"batchfiled\"" });
        var bySurname = await _client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"qorizoda\"" });

        Assert.Equal([CaseNames.Format(caseId)], byNewName.Cases.Select(c => c.Name));
        Assert.Empty(byOldName.Cases);
        Assert.Equal([CaseNames.Format(caseId)], bySurname.Cases.Select(c => c.Name));
    }

    [Fact]
    public async Task MutationThatTheDatabaseRejects_FailsAloneAndTheOthersCommit()
    {
        var c = await _client.CreateAsync();
        var caseId = CaseNames.TryParse(c.Name)!;

        // A note on a case that does not exist breaks a foreign key: only SaveChanges finds out.
        var writes = Enumerable.Range(0, 20).Select(i => i == 7 ? AddNoteAsync("tf-1900-000001") : AddNoteAsync(caseId)).ToList();
        await Assert.ThrowsAsync<DbUpdateException>(() => writes[7]);
        var numbers = await Task.WhenAll(writes.Where((_, i) => i != 7));

        Assert.Equal(Enumerable.Range(1, 19), numbers.Order());
        var notes = await _client.Cases.ListNotesAsync(new V1.ListNotesRequest { Parent = c.Name, PageSize = 100 });
        Assert.Equal(19, notes.Notes.Count);
        await AssertEventLogIsGapFreeAsync();
    }

    [Fact]
    public async Task CancelledBeforeItsTurn_IsNotApplied()
    {
        var c = await _client.CreateAsync();
        var caseId = CaseNames.TryParse(c.Name)!;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Writer.WriteAsync(async session =>
        {
            session.Db.Notes.Add(new Note(caseId, await session.NextNoteNumberAsync(caseId), "never", Investigator, session.Now));
            return 0;
        }, cancelled.Token));

        var notes = await _client.Cases.ListNotesAsync(new V1.ListNotesRequest { Parent = c.Name });
        Assert.Empty(notes.Notes);
    }

    private async Task AssertEventLogIsGapFreeAsync()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var events = await db.CaseEvents.OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.PreviousHash, e.Hash }).ToListAsync();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events.Skip(1).Zip(events), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
    }
}
