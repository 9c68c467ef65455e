using CaseTracker.Server.Reconciliation;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>The same person, spelled by each government and by the passport office, is one key; different people are not.</summary>
public sealed class PersonMatchingTests
{
    [Theory]
    [InlineData("Рахмонов", "Раҳмонов", "RAKHMONOV", "RAHMONOV")]
    [InlineData("Джураев", "Ҷӯраев", "JURAEV", "DZHURAEV")]
    [InlineData("Кодиров", "Қодиров", "QODIROV", "KODIROV")]
    [InlineData("Хайдаров", "Ҳайдаров", "KHAYDAROV", "HAYDAROV")]
    [InlineData("Гафуров", "Ғафуров", "GAFUROV", "GHAFUROV")]
    [InlineData("Фёдоров", "Федоров", "FEDOROV", "FYODOROV")]
    [InlineData("Рахмонова", "Раҳмонзода", "RAKHMONOVA", "RAHMONZODA")]
    [InlineData("Рахманов", "Раҳмонов", "RAKHMANOV", "RAHMONOV")]
    [InlineData("Исмоилов", "Исмоилов", "ISMOILOV", "ISMOILZOD")]
    public void Surnames_SpelledInAnyScriptOrVariant_HaveOneKey(string russian, string tajik, string icao, string variant)
    {
        var keys = new[] { russian, tajik, icao, variant }.Select(PersonNames.SurnameKey).Distinct().ToList();

        Assert.Single(keys);
    }

    [Theory]
    [InlineData("Фаррух", "Фарруҳ", "FARRUKH", "FARRUH")]
    [InlineData("Бахром", "Баҳром", "BAKHROM", "BAHROM")]
    [InlineData("Фируз", "Фирӯз", "FIRUZ", "FIRUZ")]
    [InlineData("Мехродж", "Меҳроҷ", "MEKHRODZH", "MEHROJ")]
    public void GivenNames_SpelledInAnyScriptOrVariant_HaveOneKey(string russian, string tajik, string icao, string variant)
    {
        Assert.Single(new[] { russian, tajik, icao, variant }.Select(PersonNames.Key).Distinct());
    }

    [Theory]
    [InlineData("Рахмонов", "Рахимов")]
    [InlineData("Назаров", "Назиров")]
    [InlineData("Юсупов", "Юсуфов")]
    [InlineData("KARIMOV", "KURBANOV")]
    [InlineData("Саидов", "Саидмуродов")]
    [InlineData("Шарипов", "Шарофов")]
    public void DifferentSurnames_KeepDifferentKeys(string one, string other)
    {
        Assert.NotEqual(PersonNames.SurnameKey(one), PersonNames.SurnameKey(other));
    }

    private static readonly KnownPerson Rakhmonov = new(KnownSource.OpenCase, "cases/tf-2026-000001", "Рахмонов", "Фаррух", new DateOnly(1990, 4, 12), "400123456");
    private static readonly KnownPerson Namesake = new(KnownSource.OpenCase, "cases/tf-2026-000002", "Раҳмонов", "Фарруҳ", new DateOnly(1985, 1, 3), "400999888");

    [Fact]
    public void AListedPerson_WithTheSameNameInAnotherScriptAndTheSameBirthDate_IsMatched_NotTheirNamesake()
    {
        var result = new PersonMatcher([Rakhmonov, Namesake]).Match(new ListedPerson("RAHMONOV", "FARRUH", new DateOnly(1990, 4, 12), ""));

        Assert.Equal((MatchDecision.Match, "cases/tf-2026-000001"), (result.Decision, result.Best!.Reference));
        Assert.Equal("date_of_birth;surname;given_name", result.Explanation);
    }

    [Fact]
    public void AListedPerson_WithANewPassportAndADifferentlySpelledSurname_IsStillMatchedOnNameAndBirthDate()
    {
        var result = new PersonMatcher([Rakhmonov]).Match(new ListedPerson("RAKHMONZODA", "FARRUKH", new DateOnly(1990, 4, 12), "500000001"));

        Assert.Equal(MatchDecision.Match, result.Decision);
    }

    [Fact]
    public void ANamesake_BornOnAnotherDay_IsNotMatched()
    {
        var result = new PersonMatcher([Rakhmonov]).Match(new ListedPerson("Раҳмонов", "Фарруҳ", new DateOnly(1979, 9, 30), ""));

        Assert.Equal(MatchDecision.NoMatch, result.Decision);
    }

    [Fact]
    public void ASlipInTheBirthDate_IsMatchedWhenThePassportAgrees_AndNotOnTheNameAlone()
    {
        var matcher = new PersonMatcher([Rakhmonov]);

        var withPassport = matcher.Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 21), "400123456"));
        var nameOnly = matcher.Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 21), ""));

        Assert.Equal((MatchDecision.Match, "passport;date_of_birth~;surname;given_name"), (withPassport.Decision, withPassport.Explanation));
        Assert.Equal(MatchDecision.NoMatch, nameOnly.Decision);
    }

    [Fact]
    public void AMistypedGivenNameWithTheSurnameAndBirthDate_IsLeftToAReviewer()
    {
        var result = new PersonMatcher([Rakhmonov]).Match(new ListedPerson("RAKHMONOV", "FERRUKH", new DateOnly(1990, 4, 12), ""));

        Assert.Equal(MatchDecision.Ambiguous, result.Decision);
    }

    [Fact]
    public void TwoKnownPersonsWithTheSameNameAndBirthDate_AndNoPassport_AreLeftToAReviewer()
    {
        var twin = Rakhmonov with { Reference = "cases/tf-2026-000003", PassportNumber = "400777666" };

        var result = new PersonMatcher([Rakhmonov, twin]).Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 12), ""));

        Assert.Equal(MatchDecision.Ambiguous, result.Decision);
    }

    [Fact]
    public void TwoRecordsOfOnePerson_DoNotCompete()
    {
        var secondCase = Rakhmonov with { Reference = "cases/tf-2026-000003" };

        var result = new PersonMatcher([Rakhmonov, secondCase]).Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 12), ""));

        Assert.Equal((MatchDecision.Match, "cases/tf-2026-000001"), (result.Decision, result.Best!.Reference));
    }

    [Fact]
    public void AnotherPersonAsCloseAsTheBest_LeavesItToAReviewer_InWhateverOrderTheyAreKnown()
    {
        var secondCase = Rakhmonov with { Reference = "cases/tf-2026-000003" };
        var twin = Rakhmonov with { Reference = "cases/tf-2026-000004", PassportNumber = "400777666" };
        var listed = new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 12), "");

        var results = new[] { new[] { Rakhmonov, secondCase, twin }, [twin, secondCase, Rakhmonov], [secondCase, twin, Rakhmonov] }
            .Select(known => new PersonMatcher(known).Match(listed))
            .Select(result => (result.Decision, result.Best!.Reference, result.Explanation));

        Assert.All(results, result => Assert.Equal(
            (MatchDecision.Ambiguous, "cases/tf-2026-000001", "date_of_birth;surname;given_name; another candidate (cases/tf-2026-000004) scores 0.75"), result));
    }

    [Fact]
    public void ThePassportAndBirthDate_MatchEvenWhenTheNameIsWrittenQuiteDifferently()
    {
        var result = new PersonMatcher([Rakhmonov]).Match(new ListedPerson("RAKHMATOV", "F", new DateOnly(1990, 4, 12), "400 12-3456"));

        Assert.Equal(MatchDecision.Match, result.Decision);
        Assert.StartsWith("passport;date_of_birth", result.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1990-04-12")]
    [InlineData("1990-04-21")]
    [InlineData("1979-09-30")]
    public void AWithheldPassport_ChangesNothing_WhetherTheGuessIsRightOrWrong(string born)
    {
        var matcher = new PersonMatcher([Rakhmonov with { PassportWithheld = true }]);
        var date = DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture);

        var right = matcher.Match(new ListedPerson("RAKHMONOV", "FARRUKH", date, "400123456"));
        var wrong = matcher.Match(new ListedPerson("RAKHMONOV", "FARRUKH", date, "400000001"));

        Assert.Equal((right.Decision, right.Score, right.Best?.Reference, right.Explanation), (wrong.Decision, wrong.Score, wrong.Best?.Reference, wrong.Explanation));
        Assert.DoesNotContain("passport;", right.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AWithheldPersonWhosePassportCouldMakeThemARival_LeavesAMatchWithSomeoneElseToAJointReviewer()
    {
        var own = new KnownPerson(KnownSource.OpenCase, "cases/tf-2026-000005", "Рахмонов", "Фаррух", new DateOnly(1990, 4, 12), "500111222");
        var withheld = Rakhmonov with { DateOfBirth = new DateOnly(1990, 4, 21), PassportWithheld = true };
        var matcher = new PersonMatcher([own, withheld]);

        var withAPassport = matcher.Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 12), "400000001"));
        var withNone = matcher.Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 12), ""));

        Assert.Equal((MatchDecision.Ambiguous, "cases/tf-2026-000001"), (withAPassport.Decision, withAPassport.Best!.Reference));
        Assert.EndsWith("the passport is withheld from the importing party: for a joint reviewer", withAPassport.Explanation, StringComparison.Ordinal);
        Assert.Equal((MatchDecision.Match, "cases/tf-2026-000005"), (withNone.Decision, withNone.Best!.Reference));
    }

    [Fact]
    public void TwoRecordsWithTheSamePassport_StillCompete_WhenOneOfThemIsWithheld()
    {
        var withheldCase = Rakhmonov with { Reference = "cases/tf-2026-000003", PassportWithheld = true };

        var result = new PersonMatcher([Rakhmonov, withheldCase]).Match(new ListedPerson("RAKHMONOV", "FARRUKH", new DateOnly(1990, 4, 12), ""));

        Assert.Equal(MatchDecision.Ambiguous, result.Decision);
    }
}

/// <summary>A list's dates of birth are read as <c>YYYY-MM-DD</c> exactly, as the contract documents them.</summary>
public sealed class ListDateTests
{
    [Theory]
    [InlineData("1990-04-12")]
    [InlineData("2000-02-29")]
    [InlineData("0001-01-01")]
    [InlineData("1900-02-29")]
    [InlineData("1990-13-01")]
    [InlineData("1990-00-10")]
    [InlineData("1990-04-31")]
    [InlineData("1990-04-00")]
    [InlineData("1990-4-12")]
    [InlineData("90-04-12")]
    [InlineData("1990/04/12")]
    [InlineData("1990-04-12T00")]
    [InlineData("12.04.1990")]
    [InlineData("١٩٩٠-٠٤-١٢")]
    [InlineData("0000-01-01")]
    [InlineData("")]
    public void AListDate_IsReadExactlyAsTheInvariantYearMonthDayFormatReadsIt(string text)
    {
        var expected = DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed);

        var read = PersonListReconciler.TryParseDate(text, out var date);

        Assert.Equal((expected, parsed), (read, date));
    }
}

/// <summary>Precision and recall of the matcher on a generated population with known truth and realistic noise.</summary>
public sealed class MatchingQualityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void OnTenThousandListedPersons_PrecisionIsAtLeast099_AndRecallAtLeast095()
    {
        var population = new Support.Population(persons: 20_000, known: 10_000, listedKnown: 5_000, strangers: 5_000);
        var matcher = new PersonMatcher(population.Known);

        long predicted = 0, correct = 0, ambiguous = 0;
        foreach (var (person, truth) in population.List)
        {
            var result = matcher.Match(person);
            if (result.Decision == MatchDecision.Match)
            {
                predicted++;
                correct += result.Best!.Reference == truth ? 1 : 0;
            }
            ambiguous += result.Decision == MatchDecision.Ambiguous ? 1 : 0;
        }
        var precision = (double)correct / predicted;
        var recall = (double)correct / population.List.Count(l => l.Truth is not null);
        output.WriteLine($"{population.List.Count} listed ({population.List.Count(l => l.Truth is not null)} known) against {population.Known.Count} known: " +
            $"precision {precision:0.0000}, recall {recall:0.0000}, {ambiguous} left to a reviewer");

        Assert.True(precision >= 0.99, $"precision {precision:0.0000}");
        Assert.True(recall >= 0.95, $"recall {recall:0.0000}");
    }
}
