using CaseTracker.Client;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Security;

/// <summary>
/// Every response that shows a subject's passport number or contact details to someone outside the party holding
/// them is recorded — who, when, which case, which fields, never the values — and auditors and co-chairs list it.
/// </summary>
public sealed class DisclosureLogTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private const string DisclosureParentAll = "cases/-";

    private static readonly string[] CaseFields = ["subject.passport_number", "subject.contact"];

    private readonly CaseTrackerClient _tjInvestigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _auditor = host.ClientFor(Party.TJ, Role.Auditor, "tj.auditor");

    private async Task<V1.Case> ConsentedCaseAsync()
    {
        var c = await _tjInvestigator.CreateAsync();
        await _tjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });
        return c;
    }

    private async Task<List<V1.Disclosure>> DisclosuresAsync(string parent, string filter = "") =>
        [.. (await _auditor.Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = parent, Filter = filter, PageSize = 500 })).Disclosures];

    [Fact]
    public async Task OtherPartysInvestigator_ReadingACaseWithConsent_AppearsInListDisclosuresForThatCase()
    {
        var c = await ConsentedCaseAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var seen = await host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        var disclosures = await DisclosuresAsync(c.Name);

        Assert.Equal("400123456", seen.Subject.PassportNumber);
        var d = Assert.Single(disclosures);
        Assert.Equal((V1.Party.Ru, "ru.ivanov", V1.Role.Investigator, c.Name, "GetCase"), (d.CallerParty, d.Caller, d.CallerRole, d.Case, d.Method));
        Assert.Equal(CaseFields, d.Fields);
        Assert.InRange(d.DiscloseTime.ToDateTime(), before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(DisclosureHashing.Compute(d), d.Hash);
        Assert.DoesNotContain("400123456", d.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("+992", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadsByTheFilingParty_AndWithheldReadsByTheOtherParty_AreNotDisclosures()
    {
        var c = await _tjInvestigator.CreateAsync();

        await _tjInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        await host.ClientFor(Party.TJ, Role.CoChair).Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        var withheld = await host.ClientFor(Party.RU, Role.Supervisor).Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });

        Assert.Equal(string.Empty, withheld.Subject.PassportNumber);
        Assert.Empty(await DisclosuresAsync(c.Name));
    }

    [Fact]
    public async Task ListCases_AndAChangesAnswer_ToTheOtherParty_AreRecordedWithTheirMethod()
    {
        var c = await ConsentedCaseAsync();
        var ru = host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");

        await ru.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = 500 });
        await ru.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = c.Name });

        Assert.Equal(["ListCases", "StartInvestigation"], (await DisclosuresAsync(c.Name)).Select(d => d.Method));
    }

    [Fact]
    public async Task AReplayThatStillShowsTheData_IsRecordedAgain_AndOneWithheldSinceIsNot()
    {
        var c = await ConsentedCaseAsync();
        var ru = host.ClientFor(Party.RU, Role.Supervisor, "ru.replayer");
        var request = new V1.StartInvestigationRequest { Name = c.Name, RequestId = Guid.NewGuid().ToString() };

        await ru.Cases.StartInvestigationAsync(request);
        await ru.Cases.StartInvestigationAsync(request);
        await _tjInvestigator.Cases.WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "The family asked." });
        var withheld = await ru.Cases.StartInvestigationAsync(request);

        Assert.Equal(string.Empty, withheld.Subject.PassportNumber);
        Assert.Equal(["StartInvestigation", "StartInvestigation"], (await DisclosuresAsync(c.Name)).Select(d => d.Method));
    }

    [Fact]
    public async Task OtherPartysCoChair_IsRecorded_ForCasesAndForListRecords_WithTheRecordsName()
    {
        var c = await _tjInvestigator.CreateAsync(NewCase(latinName: "MIRZOEV SHERZOD", russianName: "", tajikName: ""));
        var imported = await host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme").ImportPersonListAsync(
            Header("co-chair-reads", V1.PersonListKind.ReturnedHomeList),
            [Person(1, "MIRZOEV", "SHERZOD", "1990-04-12", "PX1234567"), Person(2, "NOSIROV", "BAHROM", "1961-07-30", "PX7654321")]);
        var reconciliation = imported.Response.Unpack<V1.Reconciliation>().Name;
        var coChair = host.ClientFor(Party.RU, Role.CoChair, "ru.cochair");

        await coChair.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        await coChair.ResultsAsync(reconciliation);
        var byCaller = await DisclosuresAsync(DisclosureParentAll, "caller = \"ru.cochair\"");

        Assert.Equal(
            [("GetCase", c.Name, "", "subject.passport_number,subject.contact"),
             ("DownloadReconciliationResults", c.Name, $"{reconciliation}/records/1", "record.passport_number"),
             ("DownloadReconciliationResults", "", $"{reconciliation}/records/2", "record.passport_number")],
            byCaller.Select(d => (d.Method, d.Case, d.Record, string.Join(',', d.Fields))));
        Assert.All(byCaller, d => Assert.Equal((V1.Party.Ru, V1.Role.CoChair), (d.CallerParty, d.CallerRole)));
    }

    [Fact]
    public async Task ListDisclosures_FiltersByCallerPartyAndTime_AndEachDisclosureLinksToTheOneBefore()
    {
        var c = await ConsentedCaseAsync();
        await host.ClientFor(Party.RU, Role.Investigator, "ru.one").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        await host.ClientFor(Party.RU, Role.Auditor, "ru.two").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });

        var all = await DisclosuresAsync(DisclosureParentAll);
        var mine = await DisclosuresAsync(c.Name, "caller = \"ru.two\"");
        var auditors = await DisclosuresAsync(c.Name, "caller_role = AUDITOR AND caller_party = RU");
        var future = await DisclosuresAsync(c.Name, $"disclose_time > \"{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}\"");
        var badFilter = await RefusedAsync(() => _auditor.Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = c.Name, Filter = "passport = \"x\"" }).ResponseAsync);

        Assert.Equal(["ru.two"], mine.Select(d => d.Caller));
        Assert.Equal(["ru.two"], auditors.Select(d => d.Caller));
        Assert.Empty(future);
        AssertStatus(badFilter, StatusCode.InvalidArgument, "INVALID_FILTER");
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(d => d.Sequence));
        Assert.Equal(CaseEventHashing.Genesis, all[0].PreviousHash);
        Assert.All(all.Skip(1).Zip(all), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(all, d => Assert.Equal(DisclosureHashing.Compute(d), d.Hash));
    }

    [Fact]
    public async Task ListDisclosures_PagesWithTheSharedPager()
    {
        var c = await ConsentedCaseAsync();
        var ru = host.ClientFor(Party.RU, Role.Investigator, "ru.pager");
        for (var i = 0; i < 3; i++)
        {
            await ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        }

        var first = await _auditor.Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = c.Name, PageSize = 2 });
        var second = await _auditor.Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = c.Name, PageSize = 2, PageToken = first.NextPageToken });
        var otherFilter = await RefusedAsync(() => _auditor.Cases.ListDisclosuresAsync(
            new V1.ListDisclosuresRequest { Parent = c.Name, PageSize = 2, PageToken = first.NextPageToken, Filter = "caller = \"x\"" }).ResponseAsync);

        Assert.Equal((2, 1, string.Empty), (first.Disclosures.Count, second.Disclosures.Count, second.NextPageToken));
        Assert.True(first.Disclosures[1].Sequence < second.Disclosures[0].Sequence);
        AssertStatus(otherFilter, StatusCode.InvalidArgument, "INVALID_PAGE_TOKEN");
    }
}
