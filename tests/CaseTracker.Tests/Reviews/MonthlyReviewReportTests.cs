using System.Xml;
using CaseTracker.Server.Reviews;

namespace CaseTracker.Tests.Reviews;

/// <summary>October's <c>report.html</c> as a delegation member reads it: every label in English, Russian and Tajik,
/// partial weeks marked, registry grounds of registry placements only, and why each case is up for discussion.</summary>
public sealed class MonthlyReviewReportTests(OctoberReview october) : IClassFixture<OctoberReview>
{
    private XmlDocument Report() => ReportDocument.Load(october.Directory);

    private static XmlNamespaceManager Namespaces(XmlDocument document) => ReportDocument.Namespaces(document);

    /// <summary>Each row label of a chart, its lines (one per language) joined by " | ".</summary>
    private List<string> ChartLabels(string chart)
    {
        var document = Report();
        return [.. document.SelectNodes($"//svg:svg[@id='{chart}']/svg:text[@text-anchor='end']", Namespaces(document))!.Cast<XmlElement>()
            .Select(text => text.HasChildNodes && text.FirstChild is XmlElement
                ? string.Join(" | ", text.ChildNodes.Cast<XmlNode>().Select(n => n.InnerText))
                : text.InnerText)];
    }

    private List<(string Reference, string Why)> Discussion()
    {
        var document = Report();
        return [.. document.SelectNodes("//h:table[@id='cases-for-discussion']/h:tr[h:td]", Namespaces(document))!.Cast<XmlElement>()
            .Select(row => row.SelectNodes("h:td", Namespaces(document))!.Cast<XmlElement>().ToList())
            .Select(cells => (cells[0].InnerText, string.Join(" | ", cells[4].ChildNodes.Cast<XmlNode>().Where(n => n is XmlText).Select(n => n.Value))))];
    }

    [Fact]
    public void Report_TitlesChartsAndCodes_InEnglishRussianAndTajik()
    {
        var html = october.Text("report.html");

        Assert.Contains("Monthly joint case review 2026-10 / Ежемесячный совместный обзор дел 2026-10 / Баррасии якҷояи ҳармоҳаи парвандаҳо 2026-10", html, StringComparison.Ordinal);
        Assert.Contains("Cases by stage at the end of the month / Дела по стадиям на конец месяца / Парвандаҳо аз рӯи марҳила дар охири моҳ", html, StringComparison.Ordinal);
        Assert.Equal(["Intake | Приём | Қабул", "Investigation | Расследование | Тафтиш", "Resolution | Решение | Қарор", "Closed | Закрыто | Баста шуд"],
            ChartLabels("cases-by-stage"));
        Assert.Contains("Sign-off / Подписание / Имзо", html, StringComparison.Ordinal);
        Assert.Contains("For the Republic of Tajikistan / За Республику Таджикистан / Аз номи Ҷумҳурии Тоҷикистон", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RegionsAreNamedInRussianToo()
    {
        Assert.Equal(["Moscow | Москва", "Saint Petersburg | Санкт-Петербург"], ChartLabels("by-region"));
    }

    [Fact]
    public void Report_WeeksCutByTheMonthAreMarkedPartial_WithTheirDays()
    {
        var weeks = ChartLabels("opened-closed-by-week");

        Assert.Equal(
        [
            "01.10–04.10 | partial week: 4 of 7 days | неполная неделя: 4 из 7 дн. | ҳафтаи нопурра: 4 аз 7 рӯз",
            "05.10–11.10", "12.10–18.10", "19.10–25.10",
            "26.10–31.10 | partial week: 6 of 7 days | неполная неделя: 6 из 7 дн. | ҳафтаи нопурра: 6 аз 7 рӯз",
        ], weeks);
    }

    [Fact]
    public void Report_RegistryGroundChart_CountsRegistryPlacementsOnly()
    {
        var document = Report();
        var values = document.SelectNodes("//svg:svg[@id='by-registry-ground']/svg:text[@text-anchor='start']", Namespaces(document))!
            .Cast<XmlElement>().Select(t => long.Parse(t.InnerText, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(1, values.Sum());  // C, the one registry placement of four active cases
        Assert.Contains("Registry placements by ground / Включения в реестр по основаниям / Дохил кардан ба феҳрист аз рӯи асосҳо", october.Text("report.html"), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SaysWhyEachCaseIsForDiscussion_InEachLanguage()
    {
        var a = october.Record.Cases["A"].Reference;
        var e = october.Record.Cases["E"].Reference;

        Assert.Equal(
        [
            (a, "Escalated: deadline breached; Open too long: 33 days (over 30)"
                + " | Эскалация: нарушен срок; Слишком долго открыто: 33 дн. (более 30)"
                + " | Ба сатҳи болоӣ бурда шуд: мӯҳлат вайрон шуд; Муддати аз ҳад зиёд кушода: 33 рӯз (зиёда аз 30)"),
            (e, "Escalated: deadline breached, to the co-chairs; Awaiting Russia for 1 days"
                + " | Эскалация: нарушен срок, передано сопредседателям; Ожидается ответ российской стороны уже 1 дн."
                + " | Ба сатҳи болоӣ бурда шуд: мӯҳлат вайрон шуд, ба ҳамраисон супорида шуд; Ҷавоби ҷониби Русия 1 рӯз интизор аст"),
        ], Discussion());
    }

    [Fact]
    public void Report_References_NeverWrap()
    {
        var document = Report();
        var references = document.SelectNodes("//h:table[@id='cases-for-discussion']/h:tr/h:td[1]", Namespaces(document))!.Cast<XmlElement>().ToList();

        Assert.NotEmpty(references);
        Assert.All(references, td => Assert.Equal("ref", td.GetAttribute("class")));
        Assert.Contains("td.ref, th.ref { white-space: nowrap; }", october.Text("report.html"), StringComparison.Ordinal);
    }
}

/// <summary>The reviewed resource files of the report's words: one per language, the same texts in each, the wording the delegations asked for.</summary>
public sealed class ReviewLabelFilesTests
{
    [Fact]
    public void EveryLanguage_HasEveryText_AndEveryCodeTheReportCanShow()
    {
        var english = ReviewLabels.Keys("en").ToHashSet();
        string[] codes =
        [
            .. ReviewCodes.All<V1.Stage>(), .. ReviewCodes.All<V1.Outcome>(), .. ReviewCodes.All<V1.EnforcementActionType>(),
            .. ReviewCodes.All<V1.RegistryGround>(), .. ReviewCodes.All<V1.Party>(), .. ReviewFigures.AgeingBuckets, ReviewFigures.NotRecorded,
        ];
        foreach (var language in ReviewLabels.Languages)
        {
            Assert.Equal(english.Order(StringComparer.Ordinal), ReviewLabels.Keys(language).Order(StringComparer.Ordinal));
            Assert.All(codes, code => Assert.False(string.IsNullOrWhiteSpace(ReviewLabels.In(language, $"code.{code}")), $"{language}: code.{code}"));
            Assert.All(ReviewReport.ChartIds, id => Assert.NotNull(ReviewLabels.In(language, $"chart.{id}")));
        }
    }

    [Fact]
    public void Russian_NamesTheDrivingLicence_TheTimeUnderReview_AndThePersonConcerned()
    {
        var russian = string.Join('\n', ReviewLabels.Keys("ru").Select(key => ReviewLabels.In("ru", key)));

        Assert.Equal("Отказ: водительское удостоверение", ReviewLabels.In("ru", "code.SERVICE_DENIAL_DRIVING"));
        Assert.Equal("Срок рассмотрения, дней", ReviewLabels.In("ru", "discussion.days"));
        Assert.Equal("Исключено по просьбе лица, которого касается дело", ReviewLabels.In("ru", "figures.excluded"));
        Assert.DoesNotContain("субъект", russian, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Возраст", russian, StringComparison.Ordinal);
        Assert.DoesNotContain("вождение", russian, StringComparison.Ordinal);
    }

    [Fact]
    public void Tajik_IsWrittenInTajikCyrillic()
    {
        var tajik = string.Join('\n', ReviewLabels.Keys("tg").Select(key => ReviewLabels.In("tg", key)));

        // The letters Tajik has and Russian lacks appear; the Russian-only letters ы, щ, ц and ь do not.
        Assert.All("ҳқҷғӣӯ", letter => Assert.Contains(letter, tajik));
        Assert.All("ыщць", letter => Assert.DoesNotContain(letter, tajik));
        Assert.Equal("Рад: шаҳодатномаи ронандагӣ", ReviewLabels.In("tg", "code.SERVICE_DENIAL_DRIVING"));
    }

    [Fact]
    public void Regions_AreShownInEnglishAndRussian_AndAnUnknownRegionAsWritten()
    {
        Assert.Equal("Sverdlovsk Oblast / Свердловская область", ReviewLabels.Of("Sverdlovsk Oblast"));
        Assert.Equal("Sverdlovsk Region / Свердловская область", ReviewLabels.Of("Sverdlovsk Region"));
        Assert.Equal("Atlantis", ReviewLabels.Of("Atlantis"));
    }
}
