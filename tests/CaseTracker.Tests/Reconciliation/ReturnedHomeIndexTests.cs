using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>
/// The other party's returned-home lists stay indexed in memory between imports; whatever the index holds, a list is
/// reconciled against every returned-home record stored, exactly as if each were read afresh.
/// </summary>
public sealed class ReturnedHomeIndexTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _ruMinistry;
    private readonly CaseTrackerClient _tjMinistry;

    public ReturnedHomeIndexTests()
    {
        _ruMinistry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        _tjMinistry = _host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration");
    }

    [Fact]
    public async Task ARecordAddedToAReturnedHomeListAfterAnImportWasCheckedAgainstIt_IsFoundByTheNextImport()
    {
        var rakhmonov = Person(1, "Раҳмонов", "Фарруҳ", "1990-04-12", "400123456");
        var qodirov = Person(2, "Қодиров", "Сино", "1985-01-03", "400654321");
        await _tjMinistry.ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList), [rakhmonov]);
        var first = await OutcomesAsync("first", [Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12"), Person(2, "KODIROV", "SINO", "1985-01-03")]);

        await _tjMinistry.ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList), [rakhmonov, qodirov]);
        var second = await OutcomesAsync("second", [Person(1, "KODIROV", "SINO", "1985-01-03")]);

        Assert.Equal([V1.ReconciliationOutcome.ReturnedHome, V1.ReconciliationOutcome.NoMatch], first);
        Assert.Equal([V1.ReconciliationOutcome.ReturnedHome], second);
    }

    [Fact]
    public async Task AReturnedHomeListResumedAfterADroppedConnection_IsMatchedInFull()
    {
        var returned = Enumerable.Range(1, 2_500).Select(i => Person(i, "SAIDOV", "ANVAR", "1980-01-01", $"P{i:D8}")).ToList();
        using (var cut = new CancellationTokenSource())
        {
            using var call = _tjMinistry.Reconciliations.ImportPersonList(cancellationToken: cut.Token);
            await call.RequestStream.WriteAsync(new V1.ImportPersonListRequest { Header = Header("home", V1.PersonListKind.ReturnedHomeList), Records = { returned.Take(1_000) } });
            await _tjMinistry.WaitForRecordsAsync("reconciliations/tj-home", 1_000);
            await cut.CancelAsync();
        }
        await _tjMinistry.ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList), returned);

        var outcomes = await OutcomesAsync("expulsions", [Person(1, "SAIDOV", "ANVAR", "1980-01-01", "P00000007"), Person(2, "SAIDOV", "ANVAR", "1980-01-01", "P00002007")]);

        Assert.Equal([V1.ReconciliationOutcome.ReturnedHome, V1.ReconciliationOutcome.ReturnedHome], outcomes);
    }

    [Fact]
    public async Task AServerThatKeepsNoIndexInMemory_ReconcilesAListExactlyAsOneThatDoes()
    {
        using var keepsNone = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Reconciliation:IndexedRecordsInMemory"] = "0" });
        var returned = Enumerable.Range(1, 300).Select(i => Person(i, i % 2 == 0 ? "Ҷӯраев" : "Ҳайдаров", "Умед", $"19{50 + i % 50:D2}-0{1 + i % 9}-1{i % 10}", i % 3 == 0 ? string.Empty : $"4{i:D8}")).ToList();
        var listed = Enumerable.Range(1, 400).Select(i => Person(i, i % 2 == 0 ? "DZHURAEV" : "KHAYDAROV", "UMED", $"19{50 + i % 50:D2}-0{1 + i % 9}-1{i % 10}", i % 4 == 0 ? $"4{i:D8}" : string.Empty)).ToList();

        var kept = await ReconcileOnAsync(_host, returned, listed);
        var readAfresh = await ReconcileOnAsync(keepsNone, returned, listed);

        Assert.Equal(kept, readAfresh);
        Assert.Contains(kept, result => result.Outcome == V1.ReconciliationOutcome.ReturnedHome);
        Assert.Equal(0, keepsNone.Services.GetRequiredService<KnownPersonIndexes>().IndexedRecords);
        Assert.Equal(300, _host.Services.GetRequiredService<KnownPersonIndexes>().IndexedRecords);
    }

    [Fact]
    public async Task AReturnedHomeListLargerThanTheServerKeepsIndexed_IsStillMatched_AndNotKept()
    {
        using var small = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Reconciliation:IndexedRecordsInMemory"] = "2" });
        var tj = small.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration");
        var ru = small.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        await tj.ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList),
            [.. Enumerable.Range(1, 3).Select(i => Person(i, "SAIDOV", "ANVAR", "1980-01-01", $"P{i:D8}"))]);

        var operation = await ru.ImportPersonListAsync(Header("expulsions"), [Person(1, "SAIDOV", "ANVAR", "1980-01-01", "P00000003")]);

        Assert.Equal(1L, operation.Response.Unpack<V1.Reconciliation>().OutcomeCounts["RECONCILIATION_OUTCOME_RETURNED_HOME"]);
        Assert.Equal(0, small.Services.GetRequiredService<KnownPersonIndexes>().IndexedRecords);
    }

    [Fact]
    public void TheIndexesKeptInMemory_StayWithinTheConfiguredRecords_TheLeastRecentlyUsedListGoingFirst()
    {
        var indexes = new KnownPersonIndexes(Options.Create(new ReconciliationOptions { IndexedRecordsInMemory = 5 }));

        indexes.Offer(ReturnedHomeList("tj-a", 3), Keyed("tj-a", 3));
        indexes.Offer(ReturnedHomeList("tj-b", 2), Keyed("tj-b", 2));
        var both = indexes.IndexedRecords;
        indexes.Offer(ReturnedHomeList("tj-c", 2), Keyed("tj-c", 2));

        Assert.Equal((5L, 4L), (both, indexes.IndexedRecords));
    }

    [Fact]
    public void AListLargerThanTheConfiguredRecords_IsNotKept_AndDropsNoOtherList()
    {
        var indexes = new KnownPersonIndexes(Options.Create(new ReconciliationOptions { IndexedRecordsInMemory = 5 }));
        indexes.Offer(ReturnedHomeList("tj-a", 3), Keyed("tj-a", 3));

        indexes.Offer(ReturnedHomeList("tj-large", 6), Keyed("tj-large", 6));

        Assert.Equal(3L, indexes.IndexedRecords);
    }

    private async Task<List<V1.ReconciliationOutcome>> OutcomesAsync(string importId, V1.PersonRecord[] records)
    {
        var operation = await _ruMinistry.ImportPersonListAsync(Header(importId), records);
        return [.. (await _ruMinistry.ResultsAsync(operation.Response.Unpack<V1.Reconciliation>().Name)).Select(result => result.Outcome)];
    }

    private static async Task<List<V1.ReconciliationResult>> ReconcileOnAsync(CaseTrackerHost host, List<V1.PersonRecord> returned, List<V1.PersonRecord> listed)
    {
        var tj = host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.migration");
        var ru = host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        await tj.ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList), returned);
        var results = new List<V1.ReconciliationResult>();
        foreach (var importId in new[] { "first", "second" })
        {
            var operation = await ru.ImportPersonListAsync(Header(importId), listed);
            results.AddRange(await ru.ResultsAsync(operation.Response.Unpack<V1.Reconciliation>().Name));
        }
        return results;
    }

    private static PersonList ReturnedHomeList(string name, int records)
    {
        var list = new PersonList(name, name, Party.TJ, PersonListKind.ReturnedHomeList, DateTime.UtcNow, string.Empty, $"operations/{name}", DateTime.UtcNow);
        for (var i = 0; i < records; i++)
        {
            list.Counted(ReconciliationOutcome.NoMatch);
        }
        return list;
    }

    private static List<(KnownPerson, PersonKeys)> Keyed(string list, int records) =>
        [.. Enumerable.Range(1, records).Select(line => (
            KnownPersonIndexes.ReturnedHomePerson(list, line, "SAIDOV", "ANVAR", new DateOnly(1980, 1, 1), $"P{line}"),
            PersonKeys.Of("SAIDOV", "ANVAR", new DateOnly(1980, 1, 1), $"P{line}")))];

    public void Dispose() => _host.Dispose();
}
