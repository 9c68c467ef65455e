using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>
/// Retries with the same request_id never change the record twice, and a replay answers as a fresh call would be
/// allowed to now: the caller's role and relation to the case are checked again, and personal data withheld.
/// </summary>
public sealed class RequestIdTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _investigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    [Fact]
    public async Task CreateCase_ReplayedRequestId_ReturnsTheOriginalResponseAndFilesOneCase()
    {
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "REPLAY ONCE"), RequestId = Guid.NewGuid().ToString() };

        var first = await _investigator.Cases.CreateCaseAsync(request);
        var second = await _investigator.Cases.CreateCaseAsync(request);

        Assert.Equal(first, second);
        var listed = await _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"replay once\"" });
        Assert.Single(listed.Cases);
    }

    [Fact]
    public async Task StateChange_ReplayedAfterLaterChanges_ReturnsTheOriginalResponse()
    {
        var created = await _investigator.CreateAsync();
        var start = new V1.StartInvestigationRequest { Name = created.Name, Etag = created.Etag, RequestId = Guid.NewGuid().ToString() };

        var first = await _investigator.Cases.StartInvestigationAsync(start);
        await _investigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = created.Name, Note = new V1.Note { Text = "n" } });
        var replay = await _investigator.Cases.StartInvestigationAsync(start);

        Assert.Equal(first, replay);
        var events = await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = created.Name });
        Assert.Single(events.CaseEvents, e => e.Type == V1.CaseEventType.InvestigationStarted);
    }

    [Fact]
    public async Task SameRequestId_WithADifferentRequest_IsRefused()
    {
        var requestId = Guid.NewGuid().ToString();
        await _investigator.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(latinName: "FIRST"), RequestId = requestId });

        var error = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(
            new V1.CreateCaseRequest { Case = NewCase(latinName: "SECOND"), RequestId = requestId }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "REQUEST_ID_REUSED");
    }

    [Fact]
    public async Task SameRequestId_FromAnotherCaller_IsAnIndependentRequest()
    {
        var other = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");
        var requestId = Guid.NewGuid().ToString();

        var mine = await _investigator.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(), RequestId = requestId });
        var theirs = await other.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase(), RequestId = requestId });

        Assert.NotEqual(mine.Name, theirs.Name);
    }

    [Fact]
    public async Task CreateCase_FiftyConcurrentDuplicates_FileExactlyOneCase()
    {
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "CONCURRENT DUPLICATE"), RequestId = Guid.NewGuid().ToString() };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _investigator.Cases.CreateCaseAsync(request).ResponseAsync));

        Assert.Single(responses.Select(r => r.Name).Distinct());
        var listed = await _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"concurrent duplicate\"" });
        Assert.Single(listed.Cases);
        var events = await _investigator.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = responses[0].Name });
        Assert.Single(events.CaseEvents);
    }

    [Fact]
    public async Task RequestId_LongerThan64Characters_IsInvalidArgument()
    {
        var error = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(
            new V1.CreateCaseRequest { Case = NewCase(), RequestId = new string('x', 65) }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("request_id", Assert.Single(error.FieldViolations()).Field);
    }

    private static V1.UpdateCaseRequest UpdateDetails(string name, string details) => new()
    {
        Case = new V1.Case { Name = name, AllegationDetails = details },
        UpdateMask = FieldMask.FromString("allegation_details"),
        RequestId = Guid.NewGuid().ToString(),
    };

    [Fact]
    public async Task Replay_AfterConsentWasWithdrawn_NoLongerReturnsPassportOrContact()
    {
        var draft = NewCase(latinName: "REPLAY AFTER WITHDRAWAL");
        draft.Subject.Contact = new V1.ContactDetails { Phone = "+992 93 765 4321", Email = "replay@example.tj", Address = "Dushanbe, Rudaki 1" };
        var c = await _investigator.CreateAsync(draft);
        await _investigator.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });
        var ruSupervisor = host.ClientFor(Party.RU, Role.Supervisor, "ru.replay-supervisor");
        var update = UpdateDetails(c.Name, "Seen by the Russian supervisor while consent stood.");
        var first = await ruSupervisor.Cases.UpdateCaseAsync(update);
        await _investigator.Cases.WithdrawConsentAsync(new V1.WithdrawConsentRequest { Name = c.Name, Reason = "The subject asked." });

        var replay = await ruSupervisor.Cases.UpdateCaseAsync(update);

        Assert.Equal(("400123456", "replay@example.tj"), (first.Subject.PassportNumber, first.Subject.Contact.Email));
        Assert.Equal((string.Empty, (V1.ContactDetails?)null), (replay.Subject.PassportNumber, replay.Subject.Contact));
        Assert.Equal(["subject.passport_number", "subject.contact"], replay.RedactedFields);
        var bytes = replay.ToByteString().ToStringUtf8();
        Assert.DoesNotContain("400123456", bytes);
        Assert.DoesNotContain("765 4321", bytes);
        Assert.DoesNotContain("replay@example.tj", bytes);
        Assert.DoesNotContain("Rudaki", bytes);
        Assert.Equal((first.Etag, first.AllegationDetails), (replay.Etag, replay.AllegationDetails));
    }

    [Fact]
    public async Task Replay_OfACoChairsUpdate_ByTheSameUserIdAsAnInvestigatorWhoDoesNotLead_IsRoleNotAllowed()
    {
        var c = await _investigator.CreateAsync(NewCase(latinName: "REPLAY ANOTHER ROLE"));
        var update = UpdateDetails(c.Name, "Changed by the Russian co-chair.");
        var byCoChair = await host.ClientFor(Party.RU, Role.CoChair, "ru.same-person").Cases.UpdateCaseAsync(update);

        var error = await RefusedAsync(() => host.ClientFor(Party.RU, Role.Investigator, "ru.same-person").Cases.UpdateCaseAsync(update).ResponseAsync);

        Assert.Equal("400123456", byCoChair.Subject.PassportNumber);
        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.DoesNotContain("400123456", error.ToString());
    }

    [Fact]
    public async Task Replays_AfterTheCallerNoLongerLeadsTheCase_AreRoleNotAllowed()
    {
        var c = await _investigator.CreateAsync(NewCase(latinName: "REPLAY FORMER LEAD"));
        var start = new V1.StartInvestigationRequest { Name = c.Name, RequestId = Guid.NewGuid().ToString() };
        var note = new V1.CreateNoteRequest { Parent = c.Name, Note = new V1.Note { Text = "Called the family." }, RequestId = Guid.NewGuid().ToString() };
        await _investigator.Cases.StartInvestigationAsync(start);
        await _investigator.Cases.CreateNoteAsync(note);
        await host.ClientFor(Party.TJ, Role.Supervisor).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "tj.rahimov" });

        var started = await RefusedAsync(() => _investigator.Cases.StartInvestigationAsync(start).ResponseAsync);
        var noted = await RefusedAsync(() => _investigator.Cases.CreateNoteAsync(note).ResponseAsync);

        AssertStatus(started, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        AssertStatus(noted, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task Replay_ByTheSameCallerInTheSameRole_StillGetsTheStoredSuccess()
    {
        var c = await _investigator.CreateAsync(NewCase(latinName: "REPLAY SAME ROLE"));
        var update = UpdateDetails(c.Name, "Sent twice over a dropped connection.");

        var first = await _investigator.Cases.UpdateCaseAsync(update);
        var again = await _investigator.Cases.UpdateCaseAsync(update);

        Assert.Equal(first, again);
        Assert.Equal("400123456", again.Subject.PassportNumber);
    }

    [Fact]
    public async Task RequestId_RecordedWithoutTheCallersRole_IsNotReplayedToAnyRole()
    {
        var requestId = Guid.NewGuid().ToString();
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "RECORDED BEFORE ROLES"), RequestId = requestId };
        var contexts = host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // A record as the server kept them before the key held the role: party and user ID only.
            var earlier = new V1.Case { Name = "cases/tf-2026-999999", Subject = new V1.Subject { PassportNumber = "400123456" } };
            db.Requests.Add(new RequestRecord("TJ:tj.karimova", requestId, "/casetracker.v1.CaseService/CreateCase",
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.ToByteArray())), earlier.ToByteArray(), DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var asInvestigator = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(request).ResponseAsync);
        var asSupervisor = await RefusedAsync(() => host.ClientFor(Party.TJ, Role.Supervisor, "tj.karimova").Cases.CreateCaseAsync(request).ResponseAsync);

        AssertStatus(asInvestigator, StatusCode.InvalidArgument, "REQUEST_ID_REUSED");
        AssertStatus(asSupervisor, StatusCode.InvalidArgument, "REQUEST_ID_REUSED");
        var listed = await _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"recorded before roles\"" });
        Assert.Empty(listed.Cases);
    }
}
