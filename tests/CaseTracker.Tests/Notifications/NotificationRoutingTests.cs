using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;
using Kind = CaseTracker.V1.NotificationKind;

namespace CaseTracker.Tests.Notifications;

/// <summary>The routing table of the README, one test per row: which event puts which notification in whose inbox.</summary>
public sealed class NotificationRoutingTests : IDisposable
{
    private readonly TaskForce _force = new();

    public void Dispose() => _force.Dispose();

    private static Dictionary<string, List<Kind>> Only(params (string Id, Kind[] Kinds)[] expected) =>
        TaskForce.Members.ToDictionary(m => m.Id, m => expected.FirstOrDefault(e => e.Id == m.Id).Kinds?.ToList() ?? []);

    [Fact]
    public async Task DeadlineWarning_GoesToTheOwingPartysLeadInvestigatorOfTheCase()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();
        var clock = (await _force.Supervisor(Party.TJ).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = c.Name })).Deadlines.Single();

        _force.Past(clock.WarnTime);
        await _force.ScanAsync();

        Assert.Equal(Only(("tj.karimova", [Kind.DeadlineWarning])), await _force.KindsByMemberAsync());
        var warning = Assert.Single(await _force.InboxAsync("tj.karimova"));
        Assert.Equal((c.Name, c.Reference, V1.CaseEventType.DeadlineWarned, clock.DueTime), (warning.Case, warning.CaseReference, warning.EventType, warning.DueTime));
    }

    [Fact]
    public async Task DeadlineWarning_OnACaseWithoutALeadInvestigator_GoesToTheOwingPartysSupervisors()
    {
        var c = await _force.Supervisor(Party.TJ).CreateAsync();
        var clock = (await _force.Supervisor(Party.TJ).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = c.Name })).Deadlines.Single();

        _force.Past(clock.WarnTime);
        await _force.ScanAsync();

        Assert.Equal(Only(("tj.nazarov", [Kind.DeadlineWarning]), ("tj.smith", [Kind.DeadlineWarning])), await _force.KindsByMemberAsync());
    }

    [Fact]
    public async Task Breach_GoesToTheOwingPartysSupervisors()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();
        var clock = (await _force.Supervisor(Party.TJ).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = c.Name })).Deadlines.Single();

        _force.Past(clock.DueTime); // past the due time the scan records the breach without a belated warning
        await _force.ScanAsync();

        Assert.Equal(Only(("tj.nazarov", [Kind.DeadlineBreach]), ("tj.smith", [Kind.DeadlineBreach])), await _force.KindsByMemberAsync());
    }

    [Fact]
    public async Task LevelTwo_GoesToTheCoChairsOfBothParties()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();

        await _force.LadderAsync(c.Name);

        Assert.Equal(Only(
            ("tj.karimova", [Kind.DeadlineWarning]),
            ("tj.nazarov", [Kind.DeadlineBreach]), ("tj.smith", [Kind.DeadlineBreach]),
            ("tj.rahimov", [Kind.CoChairEscalation]), ("ru.sokolov", [Kind.CoChairEscalation])), await _force.KindsByMemberAsync());
    }

    [Fact]
    public async Task ResponseRequestedFromAParty_GoesToThatPartysSupervisors()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();

        await _force.Member("tj.karimova").Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "The decision file" });

        Assert.Equal(Only(("ru.ivanova", [Kind.ResponseRequested]), ("ru.orlov", [Kind.ResponseRequested])), await _force.KindsByMemberAsync());
        var clock = (await _force.Supervisor(Party.RU).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = c.Name })).Deadlines.Single(d => d.Clock == V1.ClockKind.Response);
        Assert.Equal(clock.DueTime, (await _force.InboxAsync("ru.ivanova")).Single().DueTime);
    }

    [Fact]
    public async Task FindingsAwaitingSignOff_GoToEachPartysSupervisors()
    {
        var c = await _force.Member("tj.karimova").InInvestigationAsync();

        await _force.Member("tj.karimova").Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest { Name = c.Name, Findings = "Left in 2024.", Outcome = V1.Outcome.AlreadyReturnedHome });

        Assert.Equal(Only(
            ("tj.nazarov", [Kind.SignOffAwaited]), ("tj.smith", [Kind.SignOffAwaited]),
            ("ru.ivanova", [Kind.SignOffAwaited]), ("ru.orlov", [Kind.SignOffAwaited])), await _force.KindsByMemberAsync());
    }

    [Fact]
    public async Task ACaseAssignedToYou_GoesToYou()
    {
        var c = await _force.Supervisor(Party.TJ).CreateAsync();

        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.petrov" });

        Assert.Equal(Only(("ru.petrov", [Kind.CaseAssigned])), await _force.KindsByMemberAsync());
    }

    [Fact]
    public async Task AMonthlyReviewReadyForSignOff_GoesToBothPartysSupervisorsAndCoChairs()
    {
        await _force.Supervisor(Party.RU).Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = "2026-02" });

        await _force.Host.Services.GetRequiredService<BuildMonthlyReviewJob>().RunAsync("2026-02", 1, CancellationToken.None);

        Assert.Equal(Only(
            ("tj.nazarov", [Kind.MonthlyReviewReady]), ("tj.smith", [Kind.MonthlyReviewReady]), ("tj.rahimov", [Kind.MonthlyReviewReady]),
            ("ru.ivanova", [Kind.MonthlyReviewReady]), ("ru.orlov", [Kind.MonthlyReviewReady]), ("ru.sokolov", [Kind.MonthlyReviewReady])),
            await _force.KindsByMemberAsync());
        Assert.Equal("Баррасии моҳонаи 2026-02 барои тасдиқ омода аст", (await _force.InboxAsync("tj.nazarov")).Single().Title);
    }

    [Fact]
    public async Task AListReconciliationFinishedWithAmbiguousRecords_GoesToTheImportingPartysSupervisors()
    {
        await _force.Member("tj.karimova").CreateAsync(); // RAKHMONOV FARRUKH, 1990-04-12

        await _force.Client(Party.RU, Role.MinistrySystem, "ru.mvd").ImportPersonListAsync(Header("ambiguous"),
            [Person(1, "RAKHMONOV", "FERRUKH", "1990-04-12"), Person(2, "NOSIROV", "BAHROM", "1961-07-30")]);

        Assert.Equal(Only(("ru.ivanova", [Kind.ReconciliationAmbiguous]), ("ru.orlov", [Kind.ReconciliationAmbiguous])), await _force.KindsByMemberAsync());
        Assert.Equal("Сверка списка завершена: неоднозначных записей — 1", (await _force.InboxAsync("ru.ivanova")).Single().Title);
    }

    [Fact]
    public async Task AListReconciliationWithoutAmbiguousRecords_TellsNobody()
    {
        await _force.Client(Party.RU, Role.MinistrySystem, "ru.mvd").ImportPersonListAsync(Header("clear"), [Person(1, "NOSIROV", "BAHROM", "1961-07-30")]);

        Assert.All(await _force.KindsByMemberAsync(), inbox => Assert.Empty(inbox.Value));
    }
}
