using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Records;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Records;

/// <summary>
/// A list's records keep their personal data <c>Retention:ListYears</c> (5) after the import; then the erasure empties
/// the names, dates of birth, passports, source references and reviewers' reasons, and keeps what the figures need:
/// lines, outcomes, matches, the list's counts. The newest registry snapshot of a party stays until a newer one comes.
/// </summary>
public sealed class ListRetentionTests : IDisposable
{
    // Monday 2 March 2026, 09:00 UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;

    public ListRetentionTests() => _host = CaseTrackerHost.WithClock(_clock);

    /// <summary>Clients with tokens minted now: years pass in these tests.</summary>
    private CaseTrackerClient RuMinistry => _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
    private CaseTrackerClient RuSupervisor => _host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");

    [Fact]
    public async Task Erasure_OfAListPastItsRetention_EmptiesTheRecordsPersonalFields_AndKeepsOutcomesCountsAndAVerifyingChain()
    {
        var c = await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync();
        var list = await ImportAsync(Header("expulsions"),
            Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12", "400123456"), Person(2, "NOSIROV", "BAHROM", "1961-07-30", "PX0000417"),
            Person(3, "SAIDOV", "ALI", "not a date", "PX1"), Person(4, "RAKHMONOV", "FERRUKH", "1990-04-12"));
        await RuSupervisor.Reconciliations.DecideMatchAsync(new V1.DecideMatchRequest { Name = $"{list}/records/4", Decision = V1.MatchDecision.Confirm, Reason = "Checked the file." });
        var before = await GetAsync(list);
        var outcomes = (await RuMinistry.ResultsAsync(list)).Select(r => (r.Record.Line, r.Outcome, r.MatchedCase, r.Score)).ToList();

        _clock.Advance(TimeSpan.FromDays(5 * 365 + 2));
        Assert.Equal(1, await EraseAsync());

        var erased = await RuMinistry.ResultsAsync(list);
        Assert.All(erased, r => Assert.Equal(new V1.PersonRecord { Line = r.Record.Line }, r.Record));
        Assert.Equal(outcomes, erased.Select(r => (r.Record.Line, r.Outcome, r.MatchedCase, r.Score)));
        Assert.Equal(c.Name, erased[0].MatchedCase);
        Assert.Equal(V1.ReconciliationOutcome.Invalid, erased[2].Outcome);
        Assert.StartsWith("date_of_birth: not a date", erased[2].InvalidReason, StringComparison.Ordinal);
        Assert.DoesNotContain("Checked the file", erased[3].Explanation, StringComparison.Ordinal);
        Assert.Equal([string.Empty], await DecisionReasonsAsync());
        var after = await GetAsync(list);
        Assert.Equal((before.Records, before.OutcomeCounts), (after.Records, after.OutcomeCounts));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, after.RecordsEraseTime.ToDateTime());
        Assert.Null(before.RecordsEraseTime);
        EventLogs.AssertChainVerifies(await EventLogs.AllAsync(_host.ClientFor(Party.RU, Role.Auditor)));

        var export = await RuSupervisor.Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = "400123456" });
        Assert.All(export.ListRecords, r => Assert.Equal(string.Empty, r.Result.Record.Surname));
        Assert.Equal(0, await EraseAsync());
    }

    [Fact]
    public async Task Erasure_OfAList_DeletesTheStoredAnswersToItsDecisions_SoARetryAfterwardsIsANewRequest()
    {
        await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync();
        var list = await ImportAsync(Header("decided"), Person(1, "RAKHMONOV", "FERRUKH", "1990-04-12"));
        var decide = new V1.DecideMatchRequest
        {
            Name = $"{list}/records/1", Decision = V1.MatchDecision.Confirm, Reason = "Rakhmonov's brother confirmed it.", RequestId = Guid.NewGuid().ToString(),
        };
        var answered = await RuSupervisor.Reconciliations.DecideMatchAsync(decide);
        var replayed = await RuSupervisor.Reconciliations.DecideMatchAsync(decide);

        var storedBefore = await StoredAnswersAsync(list);
        _clock.Advance(TimeSpan.FromDays(5 * 365 + 2));
        await EraseAsync();
        var retried = await Assert.ThrowsAsync<CaseTrackerException>(() => RuSupervisor.Reconciliations.DecideMatchAsync(decide).ResponseAsync);

        Assert.Equal(("RAKHMONOV", answered), (answered.Record.Surname, replayed));
        Assert.Single(storedBefore);
        Assert.Empty(await StoredAnswersAsync(list));
        // Not the stored answer with the record whole: the decision is made again on the erased record, and changes nothing.
        Assert.Equal("DECISION_UNCHANGED", retried.Reason);
    }

    [Fact]
    public async Task Erasure_KeepsARecentList_AndTheNewestRegistrySnapshotOfTheParty_ErasingTheOlderOne()
    {
        var older = await ImportAsync(Snapshot("registry-1", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Person(1, "NOSIROV", "BAHROM", "1961-07-30", "PX0000417"));
        var newest = await ImportAsync(Snapshot("registry-2", new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)), Person(1, "NOSIROV", "BAHROM", "1961-07-30", "PX0000417"));
        _clock.Advance(TimeSpan.FromDays(6 * 365));
        var recent = await ImportAsync(Header("expulsions"), Person(1, "NOSIROV", "BAHROM", "1961-07-30", "PX0000417"));

        Assert.Equal(1, await EraseAsync());

        Assert.Equal(string.Empty, (await RuMinistry.ResultsAsync(older)).Single().Record.Surname);
        Assert.Equal("NOSIROV", (await RuMinistry.ResultsAsync(newest)).Single().Record.Surname);
        Assert.Equal("NOSIROV", (await RuMinistry.ResultsAsync(recent)).Single().Record.Surname);
        Assert.Null((await GetAsync(newest)).RecordsEraseTime);
    }

    private static V1.PersonListHeader Snapshot(string importId, DateTime asOf)
    {
        var header = Header(importId, V1.PersonListKind.RegistrySnapshot);
        header.AsOfTime = Timestamp.FromDateTime(asOf);
        return header;
    }

    private async Task<string> ImportAsync(V1.PersonListHeader header, params V1.PersonRecord[] records) =>
        (await RuMinistry.ImportPersonListAsync(header, records)).Response.Unpack<V1.Reconciliation>().Name;

    private async Task<V1.Reconciliation> GetAsync(string name) =>
        await RuSupervisor.Reconciliations.GetReconciliationAsync(new V1.GetReconciliationRequest { Name = name });

    private Task<int> EraseAsync() => _host.Services.GetRequiredService<EraseExpiredListRecordsJob>().RunAsync(CancellationToken.None);

    private async Task<List<string>> DecisionReasonsAsync()
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        return await db.MatchDecisions.Select(d => d.Reason).ToListAsync();
    }

    private async Task<List<string>> StoredAnswersAsync(string list)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var records = System.Text.Encoding.UTF8.GetBytes(list + "/records/");
        return [.. (await db.Requests.AsNoTracking().ToListAsync()).Where(r => r.Response.AsSpan().IndexOf(records) >= 0).Select(r => r.RequestId)];
    }

    public void Dispose() => _host.Dispose();
}
