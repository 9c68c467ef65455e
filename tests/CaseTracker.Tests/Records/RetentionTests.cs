using System.Text;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Records;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Records;

/// <summary>
/// A closed case's personal data is erased once <c>Retention:ClosedCaseYears</c> have passed since its close, unless
/// co-chairs of both parties hold it; the statistics and the whole event log stay, and the chain still verifies.
/// The filing party can export everything held about one person, and nothing of anyone else.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    // Monday 2 March 2026, 09:00 UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CaseTrackerHost _host;

    public RetentionTests() => _host = CaseTrackerHost.WithClock(_clock);

    /// <summary>The Russian investigator, with a token minted now: years pass in these tests.</summary>
    private CaseTracker.Client.CaseTrackerClient Ru => _host.ClientFor(Party.RU, Role.Investigator, "ru.ivanova");

    [Fact]
    public async Task Erasure_AfterTheRetentionPeriod_LeavesNoPersonalDataButTheStatisticsAndAVerifyingChain()
    {
        var closed = await ClosedCaseWithNoteAsync();
        Assert.NotEmpty(await StoredRepliesNamingAsync(closed.Name));

        _clock.Advance(TimeSpan.FromDays(5 * 365 + 2));
        Assert.Equal(1, await EraseAsync());

        var erased = await Ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = closed.Name });
        Assert.Equal(new V1.Subject { Citizenship = "TJK", Contact = new V1.ContactDetails() }, erased.Subject);
        Assert.Equal(string.Empty, erased.AllegationDetails);
        Assert.Equal(string.Empty, erased.CloseReason);
        Assert.Equal(string.Empty, erased.EnforcementAction.DecisionReference);
        Assert.Equal(closed.EnforcementAction.Type, erased.EnforcementAction.Type);
        Assert.Equal(closed.EnforcementAction.Region, erased.EnforcementAction.Region);
        Assert.Equal(closed.Allegations, erased.Allegations);
        Assert.Equal(closed.Outcome, erased.Outcome);
        Assert.Equal(closed.CloseTime, erased.CloseTime);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, erased.SubjectEraseTime.ToDateTime());
        var notes = await Ru.Cases.ListNotesAsync(new V1.ListNotesRequest { Parent = closed.Name });
        Assert.Equal([string.Empty], notes.Notes.Select(n => n.Text));
        // Only keys that name no one stay: the citizenship, and the folding's version (a marker that the keys are current).
        Assert.Equal([SearchKeyKind.Citizenship, SearchKeyKind.Folding], (await SearchKeyKindsAsync(closed.Name)).Order());
        Assert.Empty(await StoredRepliesNamingAsync(closed.Name));

        var events = await EventsAsync();
        var last = events.Last(e => e.Case == closed.Name);
        Assert.Equal(V1.CaseEventType.SubjectDataErased, last.Type);
        AssertChainVerifies(events);
        Assert.DoesNotContain(events, e => e.Payload.Contains("RAKHMONOV", StringComparison.Ordinal) || e.Payload.Contains("400123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateCase_OnAnErasedClosedCase_IsRefusedAsClosed_NotForTheNamesErasure_Emptied()
    {
        var closed = await ClosedCaseWithNoteAsync();
        _clock.Advance(TimeSpan.FromDays(5 * 365 + 2));
        await EraseAsync();
        var erased = await Ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = closed.Name });

        var error = await Assert.ThrowsAnyAsync<global::Grpc.Core.RpcException>(() => _host.ClientFor(Party.TJ, Role.Supervisor).Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = closed.Name, Etag = erased.Etag, AllegationDetails = "A late note." },
            UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("allegation_details"),
        }).ResponseAsync);

        Drafts.AssertStatus(error, global::Grpc.Core.StatusCode.FailedPrecondition, "CASE_CLOSED");
    }

    [Fact]
    public async Task Erasure_BeforeTheRetentionPeriodEnds_KeepsEverything()
    {
        var closed = await ClosedCaseWithNoteAsync();

        _clock.Advance(TimeSpan.FromDays(4 * 365));
        Assert.Equal(0, await EraseAsync());

        var kept = await Ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = closed.Name });
        Assert.Equal(closed.Subject, kept.Subject);
        Assert.Null(kept.SubjectEraseTime);
    }

    [Fact]
    public async Task LegalHold_PlacedByCoChairsOfBothParties_PreventsErasureUntilBothRelease()
    {
        var closed = await ClosedCaseWithNoteAsync();
        CaseTracker.Client.CaseTrackerClient ruCoChair() => _host.ClientFor(Party.RU, Role.CoChair, "ru.cochair");
        CaseTracker.Client.CaseTrackerClient tjCoChair() => _host.ClientFor(Party.TJ, Role.CoChair, "tj.cochair");

        var asked = await ruCoChair().Records.PlaceLegalHoldAsync(new V1.PlaceLegalHoldRequest { Name = closed.Name, Reason = "Court inquiry 12/2030." });
        Assert.False(asked.LegalHold.Stands);
        AssertStatus(await RefusedAsync(() => ruCoChair().Records.PlaceLegalHoldAsync(new V1.PlaceLegalHoldRequest { Name = closed.Name, Reason = "Again." }).ResponseAsync),
            StatusCode.FailedPrecondition, CaseRuleReasons.LegalHoldAlreadyAsked);
        var held = await tjCoChair().Records.PlaceLegalHoldAsync(new V1.PlaceLegalHoldRequest { Name = closed.Name, Reason = "Agreed." });
        Assert.True(held.LegalHold.Stands);
        Assert.Equal([V1.Party.Ru, V1.Party.Tj], held.LegalHold.PlacedBy.Select(d => d.Party));

        _clock.Advance(TimeSpan.FromDays(6 * 365));
        Assert.Equal(0, await EraseAsync());
        Assert.Equal(closed.Subject, (await Ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = closed.Name })).Subject);

        var halfReleased = await ruCoChair().Records.ReleaseLegalHoldAsync(new V1.ReleaseLegalHoldRequest { Name = closed.Name, Reason = "Inquiry over." });
        Assert.True(halfReleased.LegalHold.Stands);
        Assert.Equal(0, await EraseAsync());
        var released = await tjCoChair().Records.ReleaseLegalHoldAsync(new V1.ReleaseLegalHoldRequest { Name = closed.Name, Reason = "Agreed." });
        Assert.Null(released.LegalHold);

        Assert.Equal(1, await EraseAsync());
        var types = (await EventsAsync()).Where(e => e.Case == closed.Name).Select(e => e.Type).ToList();
        Assert.Equal(
            [V1.CaseEventType.LegalHoldRequested, V1.CaseEventType.LegalHoldPlaced, V1.CaseEventType.LegalHoldReleaseRequested, V1.CaseEventType.LegalHoldReleased, V1.CaseEventType.SubjectDataErased],
            types.SkipWhile(t => t != V1.CaseEventType.LegalHoldRequested));
    }

    [Fact]
    public async Task LegalHold_AskedByOnePartyOnly_DoesNotPreventErasure_AndOnlyCoChairsMayAsk()
    {
        var closed = await ClosedCaseWithNoteAsync();
        await _host.ClientFor(Party.RU, Role.CoChair).Records.PlaceLegalHoldAsync(new V1.PlaceLegalHoldRequest { Name = closed.Name, Reason = "Court inquiry." });
        var supervisor = _host.ClientFor(Party.TJ, Role.Supervisor);
        AssertStatus(await RefusedAsync(() => supervisor.Records.PlaceLegalHoldAsync(new V1.PlaceLegalHoldRequest { Name = closed.Name, Reason = "x" }).ResponseAsync),
            StatusCode.PermissionDenied, CaseTracker.Server.Grpc.ErrorReasons.RoleNotAllowed);

        _clock.Advance(TimeSpan.FromDays(5 * 365 + 2));

        Assert.Equal(1, await EraseAsync());
        AssertStatus(await RefusedAsync(() => _host.ClientFor(Party.TJ, Role.CoChair).Records.PlaceLegalHoldAsync(new V1.PlaceLegalHoldRequest { Name = closed.Name, Reason = "Too late." }).ResponseAsync),
            StatusCode.FailedPrecondition, CaseRuleReasons.SubjectDataErased);
    }

    [Fact]
    public async Task ExportSubjectData_ContainsEveryFieldHeldAboutThePerson_AndNothingOfOtherPeople()
    {
        var first = await ClosedCaseWithNoteAsync();
        var second = await Ru.CreateAsync(NewCase());
        var other = await Ru.CreateAsync(OtherPerson());
        await Ru.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = other.Name, Note = new V1.Note { Text = "Spoke with MIRZOEV's brother." } });
        var tjCase = await _host.ClientFor(Party.TJ, Role.Investigator).CreateAsync();

        var export = await _host.ClientFor(Party.RU, Role.Supervisor).Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = "4001 23456" });

        Assert.Equal("400123456", export.PassportNumber);
        Assert.Equal([first.Name, second.Name], export.Cases.Select(c => c.Case.Name));
        var held = await Ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = first.Name });
        Assert.Equal(held.Subject, export.Cases[0].Case.Subject);
        Assert.Equal(held.AllegationDetails, export.Cases[0].Case.AllegationDetails);
        Assert.Equal(held.CloseReason, export.Cases[0].Case.CloseReason);
        Assert.Equal(held.EnforcementAction, export.Cases[0].Case.EnforcementAction);
        Assert.Empty(export.Cases[0].Case.RedactedFields);
        Assert.Equal(["Met the subject's lawyer at the consulate."], export.Cases[0].Notes.Select(n => n.Text));
        var text = export.ToString();
        Assert.DoesNotContain("MIRZOEV", text, StringComparison.Ordinal);
        Assert.DoesNotContain("500765432", text, StringComparison.Ordinal);
        Assert.DoesNotContain(tjCase.Name, text, StringComparison.Ordinal);

        var otherParty = await _host.ClientFor(Party.TJ, Role.Supervisor).Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = "400123456" });
        Assert.Equal([tjCase.Name], otherParty.Cases.Select(c => c.Case.Name));
        AssertStatus(await RefusedAsync(() => Ru.Records.ExportSubjectDataAsync(new V1.ExportSubjectDataRequest { PassportNumber = "400123456" }).ResponseAsync),
            StatusCode.PermissionDenied, CaseTracker.Server.Grpc.ErrorReasons.RoleNotAllowed);
    }

    private static V1.Case OtherPerson()
    {
        var draft = NewCase(latinName: "MIRZOEV SHERZOD", russianName: "Мирзоев Шерзод", tajikName: "Мирзоев Шерзод");
        draft.Subject.PassportNumber = "500765432";
        draft.Subject.Contact = new V1.ContactDetails { Phone = "+992 90 765 4321" };
        return draft;
    }

    /// <summary>A case filed, noted and withdrawn (closed) by the Russian investigator.</summary>
    private async Task<V1.Case> ClosedCaseWithNoteAsync()
    {
        var draft = NewCase();
        draft.AllegationDetails = "RAKHMONOV says the officer kept his passport 400123456.";
        var c = await Ru.CreateAsync(draft);
        await Ru.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = c.Name, Note = new V1.Note { Text = "Met the subject's lawyer at the consulate." } });
        return await Ru.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = c.Name, Reason = "The family withdrew it by phone." });
    }

    private Task<int> EraseAsync() => _host.Services.GetRequiredService<EraseExpiredSubjectDataJob>().RunAsync(CancellationToken.None);

    private async Task<List<SearchKeyKind>> SearchKeyKindsAsync(string name)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var id = CaseNames.TryParse(name);
        return await db.CaseSearchKeys.Where(k => k.CaseId == id).Select(k => k.Kind).Distinct().ToListAsync();
    }

    private async Task<List<string>> StoredRepliesNamingAsync(string name)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var needle = Encoding.UTF8.GetBytes(name);
        var all = await db.Requests.AsNoTracking().ToListAsync();
        return all.Where(r => r.Response.AsSpan().IndexOf(needle) >= 0).Select(r => r.Method).ToList();
    }

    private Task<List<V1.CaseEvent>> EventsAsync() => EventLogs.AllAsync(_host.ClientFor(Party.RU, Role.Auditor));

    private static void AssertChainVerifies(IReadOnlyList<V1.CaseEvent> events) => EventLogs.AssertChainVerifies(events);

    public void Dispose() => _host.Dispose();
}
