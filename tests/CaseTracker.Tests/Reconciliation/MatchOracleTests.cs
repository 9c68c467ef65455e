using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>
/// An import is no passport oracle: a party's results never show that a passport withheld from it agreed. The
/// other party's cases without consent to share are matched for it on names and dates of birth only, and where a
/// passport could have decided, the record is left ambiguous for a joint reviewer, whatever passport was guessed.
/// </summary>
public sealed class MatchOracleTests : IDisposable
{
    private const string TjPassport = "400123456"; // the passport of Drafts.NewCase: RAKHMONOV FARRUKH, 1990-04-12

    private readonly CaseTrackerHost _host = new();
    private readonly CaseTrackerClient _ruMinistry;

    public MatchOracleTests()
    {
        _ruMinistry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
    }

    private async Task<Dictionary<long, V1.ReconciliationResult>> ImportAsync(string importId, params V1.PersonRecord[] records)
    {
        var operation = await _ruMinistry.ImportPersonListAsync(Header(importId), records);
        return (await _ruMinistry.ResultsAsync(operation.Response.Unpack<V1.Reconciliation>().Name)).ToDictionary(r => r.Record.Line);
    }

    private static (V1.ReconciliationOutcome, double, string, string) Seen(V1.ReconciliationResult result) =>
        (result.Outcome, result.Score, result.Explanation, result.MatchedCase);

    [Theory]
    [InlineData("RAHMONOV", "FARRUH", "1990-04-12", V1.ReconciliationOutcome.MatchedOpenCase)] // the TJ subject's name and birth date
    [InlineData("NAZAROV", "FIRUZ", "1979-09-30", V1.ReconciliationOutcome.NoMatch)] // a stranger's: no "agreed only on passport"
    public async Task ARightOrAWrongGuessOfTheOtherPartysPassport_GetsTheSameOutcomeScoreAndExplanation(
        string surname, string given, string born, V1.ReconciliationOutcome expected)
    {
        var tjCase = await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync();

        var results = await ImportAsync("guesses",
            Person(1, surname, given, born, TjPassport),
            Person(2, surname, given, born, "400000001"));

        Assert.Equal(Seen(results[1]), Seen(results[2]));
        Assert.Equal((expected, expected == V1.ReconciliationOutcome.NoMatch ? string.Empty : tjCase.Name), (results[1].Outcome, results[1].MatchedCase));
        Assert.DoesNotContain("passport", results[1].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereTheWithheldPassportCouldDecide_TheRecordIsAmbiguousForAJointReviewer_WhateverWasGuessed()
    {
        var tjCase = await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync();

        // A slip in the date of birth: the names alone do not make a match; an agreeing passport would.
        var results = await ImportAsync("decisive",
            Person(1, "RAHMONOV", "FARRUH", "1990-04-13", TjPassport),
            Person(2, "RAHMONOV", "FARRUH", "1990-04-13", "400000001"),
            Person(3, "RAHMONOV", "FARRUH", "1990-04-13"));

        Assert.Equal(Seen(results[1]), Seen(results[2]));
        Assert.Equal((V1.ReconciliationOutcome.Ambiguous, tjCase.Name), (results[1].Outcome, results[1].MatchedCase));
        Assert.Equal(0.55, results[1].Score, 2);
        Assert.Equal("date_of_birth~;surname;given_name; the passport is withheld from the importing party: for a joint reviewer", results[1].Explanation);
        Assert.Equal(V1.ReconciliationOutcome.NoMatch, results[3].Outcome);
    }

    [Fact]
    public async Task ThePassport_StillCounts_OnTheImportersOwnCases_AndWhereTheSubjectConsentedToShare()
    {
        var ruCase = await _host.ClientFor(Party.RU, Role.Investigator).CreateAsync(NewCase("SAIDOV ANVAR", "Саидов Анвар", "Саидов Анвар"));
        var tjInvestigator = _host.ClientFor(Party.TJ, Role.Investigator);
        var shared = await tjInvestigator.CreateAsync(NewCase("UMAROV SORBON", "Умаров Сорбон", "Умаров Сорбон"));
        await tjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = shared.Name, ShareWithOtherParty = true });

        var results = await ImportAsync("visible",
            Person(1, "SAIDOV", "ANVAR", "1990-04-12", TjPassport),
            Person(2, "UMAROV", "SORBON", "1990-04-12", TjPassport));

        Assert.Equal((V1.ReconciliationOutcome.MatchedOpenCase, ruCase.Name, "passport;date_of_birth;surname;given_name"),
            (results[1].Outcome, results[1].MatchedCase, results[1].Explanation));
        Assert.Equal((V1.ReconciliationOutcome.MatchedOpenCase, shared.Name, "passport;date_of_birth;surname;given_name"),
            (results[2].Outcome, results[2].MatchedCase, results[2].Explanation));
    }

    public void Dispose() => _host.Dispose();
}
