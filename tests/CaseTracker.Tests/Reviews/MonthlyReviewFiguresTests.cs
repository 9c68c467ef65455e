using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using CaseTracker.Server.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Reviews;

/// <summary>October's review of <see cref="OctoberRecord"/>, created through the channel and downloaded once.</summary>
public sealed class OctoberReview : IDisposable
{
    public OctoberReview()
    {
        Record = new OctoberRecord();
        var created = Record.RuSupervisor.Reviews.CreateMonthlyReview(new V1.CreateMonthlyReviewRequest { Month = OctoberRecord.Month });
        Record.Host.Services.GetRequiredService<BuildMonthlyReviewJob>()
            .RunAsync(OctoberRecord.Month, 1, CancellationToken.None).GetAwaiter().GetResult();
        Operation = Record.RuSupervisor.Operations.GetOperation(new V1.GetOperationRequest { Name = created.Name });
        Review = Operation.Response?.Unpack<V1.MonthlyReview>()
            ?? throw new InvalidOperationException($"The review was not built: {Operation.Error}; {string.Join(" | ", Record.Host.Logs.Lines)}");
        Record.RuSupervisor.DownloadReviewAsync(Review.Name, Directory).GetAwaiter().GetResult();
    }

    public OctoberRecord Record { get; }

    public V1.Operation Operation { get; }

    public V1.MonthlyReview Review { get; }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));

    public string Text(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <summary>The rows of a CSV file with no quoted cells (the seeded record has none), header first.</summary>
    public List<string[]> Csv(string file) =>
        [.. File.ReadAllLines(Path.Combine(Directory, file)).Select(line => line.Split(','))];

    public JsonElement Summary => JsonDocument.Parse(Text("summary.json")).RootElement;

    public void Dispose()
    {
        Record.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>The figures of October's review equal the ones worked out by hand for <see cref="OctoberRecord"/>.</summary>
public sealed class MonthlyReviewFiguresTests(OctoberReview october) : IClassFixture<OctoberReview>
{
    private long Total(string name) => october.Summary.GetProperty("totals").GetProperty(name).GetInt64();

    private Dictionary<string, long> Tally(params string[] path)
    {
        var element = october.Summary;
        foreach (var step in path)
        {
            element = element.GetProperty(step);
        }
        return element.EnumerateObject().Where(p => p.Value.GetInt64() > 0).ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    [Fact]
    public void Totals_CountTheCasesOpenDuringTheMonth_AndLeaveOutTheSubjectWhoRefusedStatistics()
    {
        // active, open at the start, opened, closed, reopened, open at the end, left out by consent
        Assert.Equal(
            (4L, 1L, 3L, 2L, 0L, 2L, 1L),
            (Total("active_cases"), Total("open_at_start"), Total("opened"), Total("closed"), Total("reopened"), Total("open_at_end"), Total("excluded_by_consent")));
    }

    [Fact]
    public void Disclosures_AreCountedPerPartyOfTheCallerShownTheData_ForTheMonthOnly()
    {
        Assert.Equal(new Dictionary<string, long> { ["RU"] = 3, ["TJ"] = 1 }, Tally("disclosures_by_caller_party"));
        Assert.Equal(4, Total("personal_data_disclosures"));
        Assert.Contains("Personal data disclosures to Russia / Раскрытия персональных данных: Россия", october.Text("report.html"), StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_AreCountedPerCaseAndPerKind_ForTheMonthsCasesOnly_WithoutTheirTitles()
    {
        var a = october.Record.Cases["A"].Reference;
        var c = october.Record.Cases["C"].Reference;

        Assert.Equal(3, Total("documents_filed"));
        Assert.Equal(2, Total("cases_with_documents_filed"));
        Assert.Equal(new Dictionary<string, long> { ["DECISION"] = 1, ["ORDER"] = 1, ["TRAVEL_PROOF"] = 1 }, Tally("documents_by_kind"));
        Assert.Equal(new Dictionary<string, long> { [a] = 2, [c] = 1 }, Tally("documents_by_case"));
        var rows = october.Csv("cases.csv");
        var column = rows[0].ToList().IndexOf("documents_filed");
        Assert.Equal("2", rows.Single(r => r[0] == a)[column]);
        var report = october.Text("report.html");
        Assert.Contains("Documents filed / Подано документов", report, StringComparison.Ordinal);
        Assert.Contains("Proof of travel", report, StringComparison.Ordinal);
        Assert.Contains("Подтверждение поездки", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Registry decision", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Exit stamp", october.Text("summary.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void StagesOutcomesAndBreakdowns_AreThoseOfTheActiveCasesAtTheEndOfTheMonth()
    {
        Assert.Equal(new Dictionary<string, long> { ["INTAKE"] = 1, ["INVESTIGATION"] = 1, ["CLOSED"] = 2 }, Tally("cases_by_stage"));
        Assert.Equal(new Dictionary<string, long> { ["VIOLATION_CONFIRMED"] = 1, ["INADMISSIBLE"] = 1 }, Tally("outcomes"));
        Assert.Equal(new Dictionary<string, long> { ["EXPULSION_ORDER"] = 1, ["DEPORTATION"] = 1, ["ENTRY_BAN"] = 1, ["REGISTRY_PLACEMENT"] = 1 }, Tally("by_enforcement_action"));
        // Only C is a registry placement: the other cases have no registry ground to count.
        Assert.Equal(new Dictionary<string, long> { ["SOJOURN_EXPIRED"] = 1 }, Tally("by_registry_ground"));
        Assert.Equal(new Dictionary<string, long> { ["Moscow"] = 3, ["Saint Petersburg"] = 1 }, Tally("by_region"));
        // A: filed 28 Sep 09:00, 33 days old on 1 Nov; E: filed 20 Oct 09:00, 11 days old.
        Assert.Equal(new Dictionary<string, long> { ["31-60"] = 1, ["8-30"] = 1 }, Tally("ageing_days"));
    }

    [Fact]
    public void Weeks_RunMondayToSundayCutToTheMonth_WithTheCasesFiledAndClosedInEach()
    {
        var weeks = october.Summary.GetProperty("opened_closed_by_week").EnumerateArray()
            .Select(w => (w.GetProperty("from").GetString(), w.GetProperty("to").GetString(), w.GetProperty("days").GetInt32(),
                w.GetProperty("partial").GetBoolean(), w.GetProperty("opened").GetInt64(), w.GetProperty("closed").GetInt64()))
            .ToList();

        Assert.Equal(
        [
            ("2026-10-01", "2026-10-04", 4, true, 0L, 0L),
            ("2026-10-05", "2026-10-11", 7, false, 1L, 1L),
            ("2026-10-12", "2026-10-18", 7, false, 1L, 1L),
            ("2026-10-19", "2026-10-25", 7, false, 1L, 0L),
            ("2026-10-26", "2026-10-31", 6, true, 0L, 0L),
        ], weeks);
    }

    [Fact]
    public void Deadlines_CountWarningsBreachesAndCoChairEscalations_ByTheOwingParty()
    {
        // A's two investigation clocks (RU, TJ) warned and breached; E's TJ intake clock breached and escalated.
        Assert.Equal(new Dictionary<string, long> { ["RU"] = 1, ["TJ"] = 1 }, Tally("deadlines_by_owing_party", "warnings"));
        Assert.Equal(new Dictionary<string, long> { ["RU"] = 1, ["TJ"] = 2 }, Tally("deadlines_by_owing_party", "breaches"));
        Assert.Equal(new Dictionary<string, long> { ["TJ"] = 1 }, Tally("deadlines_by_owing_party", "escalations_to_co_chairs"));

        var rows = october.Csv("deadlines.csv").Skip(1).Select(r => (r[0], r[3], r[5])).OrderBy(r => r).ToList();
        var a = october.Record.Cases["A"].Reference;
        var e = october.Record.Cases["E"].Reference;
        Assert.Equal(
            new[] { (a, "BREACH", "RU"), (a, "BREACH", "TJ"), (a, "WARNING", "RU"), (a, "WARNING", "TJ"), (e, "BREACH", "TJ"), (e, "ESCALATION_TO_CO_CHAIRS", "TJ") }.OrderBy(r => r),
            rows);
    }

    [Fact]
    public void CasesForDiscussion_AreTheOpenCasesEscalatedInTheMonthOrOpenLongerThanConfigured()
    {
        var listed = october.Summary.GetProperty("cases_for_discussion").EnumerateArray()
            .Select(c => (c.GetProperty("reference").GetString(), c.GetProperty("reason").GetString(), c.GetProperty("age_days").GetInt32(),
                string.Join(';', c.GetProperty("escalation").EnumerateArray().Select(s => s.GetString())),
                c.TryGetProperty("awaiting_party", out var party) ? $"{party.GetString()} {c.GetProperty("awaiting_days").GetInt32()}" : ""))
            .ToList();

        Assert.Equal(
        [
            (october.Record.Cases["A"].Reference, "ESCALATED;OPEN_LONG", 33, "BREACH", ""),
            (october.Record.Cases["E"].Reference, "ESCALATED;AWAITING_PARTY", 11, "BREACH;ESCALATION_TO_CO_CHAIRS", "RU 1"),
        ], listed);
    }

    [Fact]
    public void CasesCsv_HasOneRowPerActiveCase_WithTheSubjectOnlyAsTheKeyedPseudonymOfThePassportNumber()
    {
        var rows = october.Csv("cases.csv");
        var header = rows[0].ToList();
        var byReference = rows.Skip(1).ToDictionary(r => r[0]);

        Assert.Equal(new[] { "A", "C", "D", "E" }.Select(k => october.Record.Cases[k].Reference).Order(), byReference.Keys.Order());
        var c = byReference[october.Record.Cases["C"].Reference];
        // C's subject consented to sharing with Russia: the joint key, which both parties hold, so both can link the person.
        Assert.Equal((Hmac(OctoberRecord.PseudonymKey, "AB770044"), "JOINT"), (c[header.IndexOf("subject_pseudonym")], c[header.IndexOf("pseudonym_key")]));
        Assert.Equal(("TJ", "", "CLOSED", "INTAKE;INVESTIGATION;RESOLUTION;CLOSED", "VIOLATION_CONFIRMED", "REGISTRY_PLACEMENT", "SOJOURN_EXPIRED", "Saint Petersburg"),
            (c[header.IndexOf("filing_party")], c[header.IndexOf("stage_at_start")], c[header.IndexOf("stage_at_end")], c[header.IndexOf("stages_in_month")],
             c[header.IndexOf("outcome")], c[header.IndexOf("enforcement_action")], c[header.IndexOf("registry_ground")], c[header.IndexOf("region")]));
        var a = byReference[october.Record.Cases["A"].Reference];
        Assert.Equal(("INVESTIGATION", "INVESTIGATION", "", "2", "2", "33"),
            (a[header.IndexOf("stage_at_start")], a[header.IndexOf("stage_at_end")], a[header.IndexOf("stages_in_month")],
             a[header.IndexOf("warnings")], a[header.IndexOf("breaches")], a[header.IndexOf("age_days_at_end")]));
    }

    [Fact]
    public void CasesCsv_SubjectsWhoDidNotConsentToSharing_HaveTheFilingPartysPseudonym_WhichTheOtherPartyCannotReverse()
    {
        var rows = october.Csv("cases.csv");
        var header = rows[0].ToList();
        var pseudonyms = rows.Skip(1).Select(r => r[header.IndexOf("subject_pseudonym")]).ToHashSet();
        var byReference = rows.Skip(1).ToDictionary(r => r[0]);
        string[] withheld = ["400111222", "400444555"];  // A and E: Tajik cases, no consent to share with Russia

        // Russia holds the joint key and guesses Tajik passport numbers, the true ones among them: none comes back.
        var guesses = withheld.Concat(Enumerable.Range(0, 2_000).Select(i => (400_110_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(guesses, guess => pseudonyms.Contains(Hmac(OctoberRecord.PseudonymKey, guess)));
        // Each is the filing party's pseudonym: under Tajikistan's own key, which links its cases of one person.
        var a = byReference[october.Record.Cases["A"].Reference];
        var d = byReference[october.Record.Cases["D"].Reference];
        Assert.Equal((Hmac(OctoberRecord.PartyPseudonymKeys["TJ"], "400111222"), "TJ"), (a[header.IndexOf("subject_pseudonym")], a[header.IndexOf("pseudonym_key")]));
        Assert.Equal((Hmac(OctoberRecord.PartyPseudonymKeys["RU"], "400333444"), "RU"), (d[header.IndexOf("subject_pseudonym")], d[header.IndexOf("pseudonym_key")]));
    }

    private static string Hmac(byte[] key, string passport) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(passport)));

    [Fact]
    public void TransitionsCsv_ListsEveryStageChangeOfTheMonth_AndNoneAfterIt()
    {
        var rows = october.Csv("transitions.csv").Skip(1).Select(r => (r[0], r[4], r[5])).ToList();
        var c = october.Record.Cases["C"].Reference;
        var d = october.Record.Cases["D"].Reference;
        var e = october.Record.Cases["E"].Reference;

        Assert.Equal(
        [
            (c, "", "INTAKE"), (c, "INTAKE", "INVESTIGATION"), (c, "INVESTIGATION", "RESOLUTION"), (c, "RESOLUTION", "CLOSED"),
            (d, "", "INTAKE"), (d, "INTAKE", "CLOSED"),
            (e, "", "INTAKE"),
        ], rows);
    }

    [Fact]
    public void NoFile_HoldsANamePassportNumberOrContactDetailOfAnySubject()
    {
        var files = Directory.GetFiles(october.Directory);
        Assert.Equal(6, files.Length);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            foreach (var personal in october.Record.PersonalData.Where(p => p.Length >= 4))
            {
                Assert.False(text.Contains(personal, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(file)} contains '{personal}'");
            }
        }
        foreach (var cell in october.Csv("cases.csv").Concat(october.Csv("transitions.csv")).Concat(october.Csv("deadlines.csv")).SelectMany(r => r))
        {
            Assert.DoesNotContain(cell, october.Record.PersonalData);
        }
    }

    [Fact]
    public void Report_IsWellFormedSelfContainedXhtml_WithEveryChartAndTheCasesForDiscussion()
    {
        var document = new XmlDocument();
        using (var reader = XmlReader.Create(Path.Combine(october.Directory, "report.html"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
        {
            document.Load(reader);
        }
        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("h", "http://www.w3.org/1999/xhtml");
        namespaces.AddNamespace("svg", "http://www.w3.org/2000/svg");

        var charts = document.SelectNodes("//svg:svg", namespaces)!.Cast<XmlElement>().Select(e => e.GetAttribute("id")).ToList();
        Assert.Equal(ReviewReport.ChartIds, charts);
        Assert.Empty(document.SelectNodes("//h:script | //h:link | //h:img | //h:iframe | //h:object", namespaces)!.Cast<XmlNode>());
        Assert.DoesNotContain("http://", october.Text("report.html").Replace("http://www.w3.org/", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var discussion = document.SelectNodes("//h:table[@id='cases-for-discussion']/h:tr/h:td[1]", namespaces)!.Cast<XmlNode>().Select(n => n.InnerText);
        Assert.Equal([october.Record.Cases["A"].Reference, october.Record.Cases["E"].Reference], discussion);
        Assert.Contains("Дела по стадиям", october.Text("report.html"), StringComparison.Ordinal);
        Assert.Contains("Cases by stage", october.Text("report.html"), StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_NamesTheMonthTheAsOfEventTheVersionsAndTheHashOfEveryFile()
    {
        var manifest = JsonDocument.Parse(october.Text("manifest.json")).RootElement;

        Assert.Equal(OctoberRecord.Month, manifest.GetProperty("month").GetString());
        Assert.Equal(october.Review.AsOfSequence, manifest.GetProperty("as_of_sequence").GetInt64());
        Assert.StartsWith("RU-", manifest.GetProperty("calendar_versions").GetProperty("RU").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("TJ-", manifest.GetProperty("calendar_versions").GetProperty("TJ").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("casetracker.v1/", manifest.GetProperty("code_list_version").GetString(), StringComparison.Ordinal);
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(october.Directory, file.GetProperty("name").GetString()!));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
        }
        Assert.Equal(
            ["cases.csv", "transitions.csv", "deadlines.csv", "summary.json", "report.html"],
            manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(october.Directory, "manifest.json")))), october.Review.ManifestSha256);
    }
}
