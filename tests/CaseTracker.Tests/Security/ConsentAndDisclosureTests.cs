using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>The subject's passport number and contact details reach the other party only with consent.</summary>
public sealed class ConsentAndDisclosureTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private static readonly string[] Withheld = ["subject.passport_number", "subject.contact"];

    private readonly CaseTrackerClient _tjInvestigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ruInvestigator = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");

    private async Task<V1.Case> ReadAsync(CaseTrackerClient client, string name) =>
        await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name });

    [Fact]
    public async Task OtherParty_WithoutConsent_GetsPassportAndContactWithheldAndIsToldSo()
    {
        var c = await _tjInvestigator.CreateAsync();

        var seen = await ReadAsync(_ruInvestigator, c.Name);

        Assert.Equal((string.Empty, (V1.ContactDetails?)null), (seen.Subject.PassportNumber, seen.Subject.Contact));
        Assert.Equal(Withheld, seen.RedactedFields);
        Assert.Equal("RAKHMONOV FARRUKH", seen.Subject.NameLatin);
    }

    [Theory]
    [InlineData(Party.TJ, Role.Auditor)]
    [InlineData(Party.TJ, Role.MinistrySystem)]
    [InlineData(Party.RU, Role.CoChair)]
    public async Task FilingPartysPeopleAndCoChairs_SeeEverything(Party party, Role role)
    {
        var c = await _tjInvestigator.CreateAsync();

        var seen = await ReadAsync(host.ClientFor(party, role), c.Name);

        Assert.Equal("400123456", seen.Subject.PassportNumber);
        Assert.Equal("+992 93 123 4567", seen.Subject.Contact.Phone);
        Assert.Empty(seen.RedactedFields);
    }

    [Fact]
    public async Task ConsentToShare_DisclosesToTheOtherParty_UntilItIsWithdrawn()
    {
        var c = await _tjInvestigator.CreateAsync();

        var consented = await _tjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true, IncludeInStatistics = true });
        var shared = await ReadAsync(_ruInvestigator, c.Name);
        var listed = await _ruInvestigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"rakhmonov\"", PageSize = 500 });
        await _tjInvestigator.Cases.WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "The family called the hotline." });
        var withdrawn = await ReadAsync(_ruInvestigator, c.Name);

        Assert.Equal(("tj.karimova", V1.Party.Tj, true), (consented.Consent.RecordedBy, consented.Consent.RecordedByParty, consented.Consent.ShareWithOtherParty));
        Assert.Equal("400123456", shared.Subject.PassportNumber);
        Assert.Empty(shared.RedactedFields);
        Assert.Equal("400123456", listed.Cases.Single(x => x.Name == c.Name).Subject.PassportNumber);
        Assert.Equal(string.Empty, withdrawn.Subject.PassportNumber);
        Assert.Equal(Withheld, withdrawn.RedactedFields);
        Assert.NotNull(withdrawn.Consent.WithdrawTime);
    }

    [Fact]
    public async Task ListCases_WithholdsPersonalDataFromTheOtherPartyToo()
    {
        var c = await _tjInvestigator.CreateAsync(NewCase(latinName: "LISTED WITHOUT CONSENT"));

        var listed = await _ruInvestigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"listed without consent\"" });

        var seen = Assert.Single(listed.Cases);
        Assert.Equal(string.Empty, seen.Subject.PassportNumber);
        Assert.Equal(Withheld, seen.RedactedFields);
    }

    [Fact]
    public async Task Consent_CanOnlyBeRecordedForTheFilingParty()
    {
        var c = await _tjInvestigator.CreateAsync();

        var byOtherSupervisor = await RefusedAsync(() => host.ClientFor(Party.RU, Role.Supervisor).Cases
            .RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true }).ResponseAsync);
        var byOwnMinistry = await host.ClientFor(Party.TJ, Role.MinistrySystem).Cases
            .RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });

        AssertStatus(byOtherSupervisor, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.True(byOwnMinistry.Consent.ShareWithOtherParty);
    }

    [Fact]
    public async Task RecordAndWithdrawConsent_ByTheOtherPartysCoChair_AreDeniedAndSayWhoseConsentItIs()
    {
        var c = await _tjInvestigator.CreateAsync();
        var ruCoChair = host.ClientFor(Party.RU, Role.CoChair, "ru.co-chair");

        var recorded = await RefusedAsync(() => ruCoChair.Cases
            .RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true, IncludeInStatistics = true }).ResponseAsync);
        await host.ClientFor(Party.TJ, Role.CoChair, "tj.co-chair").Cases
            .RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = false, IncludeInStatistics = true });
        var withdrawn = await RefusedAsync(() => ruCoChair.Cases
            .WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "Asked by RU" }).ResponseAsync);
        var seenByTj = await ReadAsync(_tjInvestigator, c.Name);

        AssertStatus(recorded, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        AssertStatus(withdrawn, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Contains("the party that filed the case (TJ)", recorded.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(("tj.co-chair", false, null), (seenByTj.Consent.RecordedBy, seenByTj.Consent.ShareWithOtherParty, seenByTj.Consent.WithdrawTime));
    }

    [Fact]
    public async Task WithdrawConsent_WithoutAStandingConsent_IsFailedPrecondition()
    {
        var c = await _tjInvestigator.CreateAsync();

        var error = await RefusedAsync(() => _tjInvestigator.Cases.WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "x" }).ResponseAsync);

        AssertStatus(error, StatusCode.FailedPrecondition, "NO_STANDING_CONSENT");
    }

    [Fact]
    public async Task OtherPartysLead_CannotOverwriteWithheldFields()
    {
        var c = await _tjInvestigator.CreateAsync();
        await host.ClientFor(Party.RU, Role.Supervisor).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.ivanov" });

        var error = await RefusedAsync(() => _ruInvestigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, Subject = new V1.Subject { PassportNumber = "000" } },
            UpdateMask = FieldMask.FromString("subject.passport_number"),
        }).ResponseAsync);
        var allowed = await _ruInvestigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, Subject = new V1.Subject { NameRussian = "Рахмонов Фаррух Алиевич" } },
            UpdateMask = FieldMask.FromString("subject.name_russian"),
        });

        AssertStatus(error, StatusCode.PermissionDenied, "PERSONAL_DATA_WITHHELD");
        Assert.Equal("Рахмонов Фаррух Алиевич", allowed.Subject.NameRussian);
        Assert.Equal("400123456", (await ReadAsync(_tjInvestigator, c.Name)).Subject.PassportNumber);
    }

    [Fact]
    public async Task ConsentChanges_AreRecordedInTheEventLog()
    {
        var c = await _tjInvestigator.CreateAsync();
        await _tjInvestigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });
        await _tjInvestigator.Cases.WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "Withdrawn by phone" });

        var events = await _ruInvestigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = c.Name });

        Assert.Equal([V1.CaseEventType.CaseCreated, V1.CaseEventType.ConsentRecorded, V1.CaseEventType.ConsentWithdrawn], events.CaseEvents.Select(e => e.Type));
    }
}
