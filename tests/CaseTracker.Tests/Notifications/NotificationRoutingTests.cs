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

    private static Dictionary<string, List<Kind>> OnePerSupervisorOfBothParties(Kind kind) =>
        Only(("tj.nazarov", [kind]), ("tj.smith", [kind]), ("ru.ivanova", [kind]), ("ru.orlov", [kind]));

    /// <summary>Russia's registry sends two snapshots four hours apart (1 March 2026, 00:00 and 04:00 UTC); the second also lists <paramref name="newcomer"/>.</summary>
    private Task<string> RegistryListsAsync(V1.PersonRecord newcomer)
    {
        var someone = Person(1, "NAZAROV", "ANVAR", "1980-02-02", "422222222");
        newcomer.Line = 2;
        newcomer.Ground = V1.RegistryGround.SojournExpired;
        return SnapshotsAsync([someone], [someone, newcomer]);
    }

    /// <summary>Russia's registry sends <paramref name="first"/> and then <paramref name="second"/>, four hours apart (1 March 2026, 00:00 and 04:00 UTC).</summary>
    private async Task<string> SnapshotsAsync(V1.PersonRecord[] first, V1.PersonRecord[] second)
    {
        var registry = _force.Client(Party.RU, Role.MinistrySystem, "ru.mvd");
        foreach (var (id, hour, records) in new[] { ("registry-1", 0, first), ("registry-2", 4, second) })
        {
            var header = Header(id, V1.PersonListKind.RegistrySnapshot);
            header.AsOfTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 3, 1, hour, 0, 0, DateTimeKind.Utc));
            await registry.ImportPersonListAsync(header, records);
        }
        return "reconciliations/ru-registry-2";
    }

    private Task ReturnedHomeAsync(params V1.PersonRecord[] people) =>
        _force.Client(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(Header("home", V1.PersonListKind.ReturnedHomeList), people);

    [Fact]
    public async Task ARegistryListingOfACaseSubjectWhoWentHome_GoesToBothPartysSupervisors_OnceEach_InTheirLanguage_WithoutPersonalData()
    {
        var c = await _force.Member("ru.petrov").CreateAsync(); // RAKHMONOV FARRUKH, 1990-04-12, on Tajikistan's returned-home list
        await ReturnedHomeAsync(Person(1, "Раҳмонов", "Фарруҳ", "1990-04-12", "400123456"));

        var snapshot = await RegistryListsAsync(Person(2, "RAKHMONOV", "FARRUKH", "1990-04-12", "400123456"));

        Assert.Equal(OnePerSupervisorOfBothParties(Kind.RegistryProposal), await _force.KindsByMemberAsync());
        var english = (await _force.InboxAsync("tj.smith")).Single();
        Assert.Equal((c.Name, V1.CaseEventType.RegistryListed), (english.Case, english.EventType));
        Assert.Equal($"New registry listing to decide on: case {c.Reference}", english.Title);
        Assert.Equal($"The registry snapshot {snapshot} of 2026-03-01 04:00 UTC lists this person, who was not on the snapshot before, on the ground \"Period of stay expired\". "
            + "They are on the other party's returned-home list: decide whether to propose \"already returned home\" as the case's findings.", english.ExpectedAction);
        Assert.Equal($"Ворид кардани нав ба феҳрист қарорро интизор аст: парвандаи {c.Reference}", (await _force.InboxAsync("tj.nazarov")).Single().Title);
        var russian = (await _force.InboxAsync("ru.ivanova")).Single();
        Assert.Equal($"Новое внесение в реестр ждёт решения: дело {c.Reference}", russian.Title);
        Assert.StartsWith($"Снимок реестра {snapshot} на 2026-03-01 04:00 UTC содержит это лицо, которого не было в предыдущем снимке; основание: «Истёк срок пребывания».", russian.ExpectedAction, StringComparison.Ordinal);
        Assert.Empty(await _force.PersonalDataFoundAsync(TaskForce.SubjectPersonalData));
    }

    [Fact]
    public async Task ARegistryListingOfAReturnedHomePersonWithNoCase_GoesToBothPartysSupervisors_OnceWhateverIsSentAgain_NamingTheRecord_WithoutPersonalData()
    {
        await ReturnedHomeAsync(Person(1, "Сафаров", "Зафар", "1970-01-01", "411111111"));

        var snapshot = await RegistryListsAsync(Person(2, "SAFAROV", "ZAFAR", "1970-01-01", "411111111"));
        await RegistryListsAsync(Person(2, "SAFAROV", "ZAFAR", "1970-01-01", "411111111")); // both snapshots sent again: nothing new

        Assert.Equal(OnePerSupervisorOfBothParties(Kind.RegistryProposal), await _force.KindsByMemberAsync());
        var english = (await _force.InboxAsync("tj.smith")).Single();
        Assert.Equal((string.Empty, V1.CaseEventType.Unspecified), (english.Case, english.EventType));
        Assert.EndsWith($"/{snapshot}", english.Link, StringComparison.Ordinal);
        Assert.Equal($"New registry listing to decide on: record {snapshot}/records/2", english.Title);
        Assert.EndsWith($"They are on the other party's returned-home list and have no case: decide whether to open a case for the record {snapshot}/records/2.", english.ExpectedAction, StringComparison.Ordinal);
        Assert.Equal($"Ворид кардани нав ба феҳрист қарорро интизор аст: сабти {snapshot}/records/2", (await _force.InboxAsync("tj.nazarov")).Single().Title);
        Assert.Equal($"Новое внесение в реестр ждёт решения: запись {snapshot}/records/2", (await _force.InboxAsync("ru.orlov")).Single().Title);
        Assert.Empty(await _force.PersonalDataFoundAsync(["SAFAROV", "Сафаров", "ZAFAR", "Зафар", "411111111", "1970-01-01"]));
    }

    [Fact]
    public async Task ADelistingThatConfirmsADelistingRemedy_GoesToTheCasesLeadInvestigator()
    {
        var c = await _force.Member("ru.petrov").InInvestigationAsync();
        await _force.Member("ru.petrov").Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = c.Name, Findings = "Wrongly listed: to be delisted.", Outcome = V1.Outcome.ViolationConfirmed, Remedy = V1.Remedy.Delisted,
        });
        var someone = Person(1, "NAZAROV", "ANVAR", "1980-02-02", "422222222");
        var subject = Person(2, "RAKHMONOV", "FARRUKH", "1990-04-12", "400123456");
        subject.Ground = V1.RegistryGround.SojournExpired;

        var snapshot = await SnapshotsAsync([someone, subject], [someone]);

        Assert.Equal(Only(("ru.petrov", [Kind.RegistryRemedyConfirmed]),
            ("tj.nazarov", [Kind.SignOffAwaited]), ("tj.smith", [Kind.SignOffAwaited]),
            ("ru.ivanova", [Kind.SignOffAwaited]), ("ru.orlov", [Kind.SignOffAwaited])), await _force.KindsByMemberAsync());
        var confirmed = (await _force.InboxAsync("ru.petrov")).Single(n => n.Kind == Kind.RegistryRemedyConfirmed);
        Assert.Equal((c.Name, V1.CaseEventType.RegistryDelisted), (confirmed.Case, confirmed.EventType));
        Assert.Equal($"Исключение из реестра подтверждено: дело {c.Reference}", confirmed.Title);
        Assert.StartsWith($"В снимке реестра {snapshot} на 2026-03-01 04:00 UTC этого лица больше нет", confirmed.ExpectedAction, StringComparison.Ordinal);
        Assert.Empty(await _force.PersonalDataFoundAsync(TaskForce.SubjectPersonalData));
    }

    [Fact]
    public async Task AListReconciliationWithoutAmbiguousRecords_TellsNobody()
    {
        await _force.Client(Party.RU, Role.MinistrySystem, "ru.mvd").ImportPersonListAsync(Header("clear"), [Person(1, "NOSIROV", "BAHROM", "1961-07-30")]);

        Assert.All(await _force.KindsByMemberAsync(), inbox => Assert.Empty(inbox.Value));
    }
}
