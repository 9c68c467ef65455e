using System.Text.Json;
using System.Xml;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Reviews;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>The monthly review's registry figures: listings and delistings of case subjects, and the wait for a delisting (issue 25).</summary>
public sealed class RegistryReviewTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 10, 9, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));

    public RegistryReviewTests()
    {
        _host = CaseTrackerHost.WithClock(_clock, new Dictionary<string, string>
        {
            ["Review:PseudonymKey"] = Convert.ToBase64String(Reviews.OctoberRecord.PseudonymKey),
            ["Review:PartyPseudonymKeys:RU"] = Convert.ToBase64String(Reviews.OctoberRecord.PartyPseudonymKeys["RU"]),
            ["Review:PartyPseudonymKeys:TJ"] = Convert.ToBase64String(Reviews.OctoberRecord.PartyPseudonymKeys["TJ"]),
        });
    }

    private void At(int month, int day) => _clock.SetUtcNow(new DateTimeOffset(2026, month, day, 9, 0, 0, TimeSpan.Zero));

    private async Task SnapshotAsync(string importId, params V1.PersonRecord[] records)
    {
        var header = new V1.PersonListHeader { ImportId = importId, Kind = V1.PersonListKind.RegistrySnapshot, AsOfTime = Timestamp.FromDateTimeOffset(_clock.GetUtcNow()) };
        await _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd").ImportPersonListAsync(header, records);
    }

    [Fact]
    public async Task TheReview_CountsTheMonthsListingsAndDelistings_OfASubjectWhoseCaseClosedBefore_AndTheWaitFromTheDelistedFinding()
    {
        var supervisorRu = _host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova");
        var supervisorTj = _host.ClientFor(Party.TJ, Role.Supervisor, "tj.rahimov");
        var investigating = await _host.ClientFor(Party.RU, Role.Investigator, "ru.petrov").InInvestigationAsync();
        var proposed = await supervisorRu.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = investigating.Name, Findings = "Wrongly listed: to be delisted.", Outcome = V1.Outcome.ViolationConfirmed, Remedy = V1.Remedy.Delisted,
        });
        await supervisorRu.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });
        await supervisorTj.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = proposed.Name });
        At(10, 1);
        await SnapshotAsync("review-1", Person(1, "RAKHMONOV", "FARRUKH", "1990-04-12", "400123456"));
        At(10, 11);
        await SnapshotAsync("review-2", Person(1, "SAFAROV", "ZAFAR", "1970-01-01", "411111111"));
        At(11, 3);

        var summary = await BuildOctoberAsync(supervisorRu);

        var registry = summary.GetProperty("registry");
        Assert.Equal(0, summary.GetProperty("totals").GetProperty("active_cases").GetInt64());
        Assert.Equal((1L, 1L, 1L), (registry.GetProperty("listings").GetInt64(), registry.GetProperty("delistings").GetInt64(),
            registry.GetProperty("delistings_confirming_a_remedy").GetInt64()));
        Assert.Equal(1, registry.GetProperty("days_from_delisted_finding_to_delisting").GetProperty("31-60").GetInt64());
        Assert.Equal(31.0, registry.GetProperty("mean_days_from_delisted_finding_to_delisting").GetDouble());
        var report = Report();
        Assert.Equal("1", KeyFigure(report, "Persons in cases listed on the registry / Лица по делам, внесённые в реестр / Шахсони парвандаҳо, ки ба феҳрист ворид карда шуданд"));
        Assert.Equal("1", KeyFigure(report, "Persons in cases delisted from the registry / Лица по делам, исключённые из реестра / Шахсони парвандаҳо, ки аз феҳрист хориҷ карда шуданд"));
        Assert.Equal("1", KeyFigure(report, "Delistings that confirmed a remedy / Исключения из реестра, подтвердившие меру восстановления прав / Хориҷ кардан аз феҳрист, ки чораи барқарорсозиро тасдиқ кард"));
        Assert.Equal("31.0", KeyFigure(report, "Mean days from a “delisted” finding to the delisting seen / Среднее число дней от вывода «исключён из реестра» до исключения в реестре / "
            + "Миёнаи рӯзҳо аз хулосаи «аз феҳрист хориҷ карда шуд» то хориҷ карда шудан дар феҳрист"));
        var chart = report.SelectSingleNode("//svg:svg[@id='delisting-wait']", Namespaces(report));
        Assert.NotNull(chart);
        Assert.Contains("Days from a “delisted” finding to the delisting seen on the registry / Дни от вывода «исключён из реестра» до исключения, видимого в реестре / "
            + "Рӯзҳо аз хулосаи «аз феҳрист хориҷ карда шуд» то хориҷ карда шудан, ки дар феҳрист дида шуд", report.OuterXml, StringComparison.Ordinal);
    }

    private XmlDocument Report() => Reviews.ReportDocument.Load(_directory);

    private static XmlNamespaceManager Namespaces(XmlDocument document) => Reviews.ReportDocument.Namespaces(document);

    /// <summary>The count the report's key figures give for <paramref name="label"/> (its three languages on one line).</summary>
    private static string? KeyFigure(XmlDocument report, string label) =>
        report.SelectNodes("//h:tr[h:td]", Namespaces(report))!.Cast<XmlElement>()
            .Select(row => row.SelectNodes("h:td", Namespaces(report))!.Cast<XmlElement>().Select(cell => cell.InnerText).ToList())
            .FirstOrDefault(cells => cells[0] == label)?[1];

    private async Task<JsonElement> BuildOctoberAsync(CaseTrackerClient supervisor)
    {
        await supervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = "2026-10" });
        await _host.Services.GetRequiredService<BuildMonthlyReviewJob>().RunAsync("2026-10", 1, CancellationToken.None);
        await supervisor.DownloadReviewAsync("reviews/2026-10", _directory);
        return JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "summary.json"))).RootElement;
    }

    public void Dispose()
    {
        _host.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
