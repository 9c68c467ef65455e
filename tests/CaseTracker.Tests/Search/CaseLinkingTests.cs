using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Search;

/// <summary>LinkCases, UnlinkCases and CloseAsDuplicate: each recorded on both cases, shown on GetCase and ListCases.</summary>
public sealed class CaseLinkingTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _tj = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ruSupervisor = host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");

    private static string Field(V1.CaseEvent e, string key) =>
        System.Text.Json.JsonDocument.Parse(e.Payload).RootElement.GetProperty(key).GetString()!;

    private async Task<List<V1.CaseEvent>> EventsAsync(string name) =>
        [.. (await _tj.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = name, PageSize = 500 })).CaseEvents];

    [Fact]
    public async Task LinkThenUnlink_IsAnEventOnBothCases_WithActorPartyAndReason_AndShowsOnGetCaseAndListCases()
    {
        var tajik = await _tj.CreateAsync();
        var russian = await host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov").CreateAsync(NewCase(latinName: "RAHMONOV FARRUH"));

        var linked = await _ruSupervisor.Cases.LinkCasesAsync(new V1.LinkCasesRequest
        {
            Name = russian.Name, Other = tajik.Name, Kind = V1.LinkKind.SamePerson, Reason = "Same passport and birth date.",
        });
        var shown = await _tj.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = tajik.Name });
        var listed = await _tj.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "filing_party = RU AND subject.name : \"rahmonov\"", PageSize = 500 });
        var linkEvents = (await EventsAsync(tajik.Name)).Concat(await EventsAsync(russian.Name)).Where(e => e.Type == V1.CaseEventType.CasesLinked).ToList();
        await _ruSupervisor.Cases.UnlinkCasesAsync(new V1.UnlinkCasesRequest { Name = tajik.Name, Other = russian.Name, Reason = "Different people after all." });
        var unlinkEvents = (await EventsAsync(tajik.Name)).Concat(await EventsAsync(russian.Name)).Where(e => e.Type == V1.CaseEventType.CasesUnlinked).ToList();
        var after = await _tj.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = tajik.Name });

        var link = Assert.Single(linked.Case.Links);
        Assert.Equal((tajik.Name, V1.LinkKind.SamePerson, "ru.petrova", V1.Party.Ru, "Same passport and birth date."),
            (link.Case, link.Kind, link.LinkedBy, link.LinkedByParty, link.Reason));
        Assert.Equal(russian.Name, Assert.Single(shown.Links).Case);
        Assert.Equal(tajik.Name, Assert.Single(listed.Cases.Single(c => c.Name == russian.Name).Links).Case);
        Assert.Equal(2, linkEvents.Count);
        Assert.All(linkEvents, e => Assert.Equal(("ru.petrova", V1.Party.Ru, "Same passport and birth date."), (e.Actor, e.ActorParty, Field(e, "reason"))));
        Assert.Equal(new[] { russian.Name, tajik.Name }.Order(), linkEvents.Select(e => Field(e, "case")).Order());
        Assert.Equal(2, unlinkEvents.Count);
        Assert.All(unlinkEvents, e => Assert.Equal("Different people after all.", Field(e, "reason")));
        Assert.Empty(after.Links);
    }

    [Fact]
    public async Task CloseAsDuplicate_ClosesTheDuplicateWithOutcomeDuplicate_LinksBoth_AndTellsTheOriginalItsNotes()
    {
        var original = await _tj.CreateAsync();
        var duplicate = await _tj.CreateAsync();
        var note = await _tj.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = duplicate.Name, Note = new V1.Note { Text = "Called the family." } });

        var closed = await _tj.Cases.CloseAsDuplicateAsync(new V1.CloseAsDuplicateRequest
        {
            Name = duplicate.Name, Original = original.Name, Reason = "Filed twice from the hotline.", Etag = duplicate.Etag,
        });
        var duplicateEvent = (await EventsAsync(duplicate.Name)).Single(e => e.Type == V1.CaseEventType.ClosedAsDuplicate);
        var originalEvent = (await EventsAsync(original.Name)).Single(e => e.Type == V1.CaseEventType.DuplicateClosed);

        Assert.Equal((V1.Stage.Closed, V1.Outcome.Duplicate), (closed.Case.Stage, closed.Case.Outcome));
        Assert.Equal((original.Name, V1.LinkKind.DuplicateOf), (Assert.Single(closed.Case.Links).Case, closed.Case.Links[0].Kind));
        Assert.Equal((duplicate.Name, V1.LinkKind.HasDuplicate), (Assert.Single(closed.Original.Links).Case, closed.Original.Links[0].Kind));
        Assert.Equal(V1.Stage.Intake, closed.Original.Stage);
        Assert.Equal(original.Name, Field(duplicateEvent, "original"));
        Assert.Equal((duplicate.Name, note.Name), (Field(originalEvent, "case"), Field(originalEvent, "notes")));
    }

    [Fact]
    public async Task CloseAsDuplicate_InTheBatchOfANoteJustAdded_TellsTheOriginalThatNoteToo()
    {
        var original = await _tj.CreateAsync();
        var duplicate = await _tj.CreateAsync();
        var earlier = await _tj.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = duplicate.Name, Note = new V1.Note { Text = "Called the family." } });

        var gate = await WriterGate.CloseAsync(host.Services.GetRequiredService<BatchingWriter>());
        var noting = _tj.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = duplicate.Name, Note = new V1.Note { Text = "They filed twice." } }).ResponseAsync;
        await WriterGate.WaitUntilQueuedAsync(host.Services.GetRequiredService<BatchingWriter>(), 1);
        var closing = _tj.Cases.CloseAsDuplicateAsync(new V1.CloseAsDuplicateRequest
        {
            Name = duplicate.Name, Original = original.Name, Reason = "Filed twice from the hotline.", Etag = duplicate.Etag,
        }).ResponseAsync;
        await gate.OpenWhenQueuedAsync(2);
        var later = await noting;
        await closing;
        var originalEvent = (await EventsAsync(original.Name)).Single(e => e.Type == V1.CaseEventType.DuplicateClosed);

        Assert.Equal($"{earlier.Name},{later.Name}", Field(originalEvent, "notes"));
    }

    [Fact]
    public async Task UnlinkCases_OfACaseClosedAsADuplicate_IsRefusedAsClosed_FromEitherSide_AndTheLinkStays()
    {
        var original = await _tj.CreateAsync();
        var duplicate = await _tj.CreateAsync();
        await _tj.Cases.CloseAsDuplicateAsync(new V1.CloseAsDuplicateRequest
        {
            Name = duplicate.Name, Original = original.Name, Reason = "Filed twice from the hotline.", Etag = duplicate.Etag,
        });

        var fromDuplicate = await Assert.ThrowsAnyAsync<RpcException>(() => _ruSupervisor.Cases.UnlinkCasesAsync(
            new V1.UnlinkCasesRequest { Name = duplicate.Name, Other = original.Name, Reason = "Tidying up." }).ResponseAsync);
        var fromOriginal = await Assert.ThrowsAnyAsync<RpcException>(() => _ruSupervisor.Cases.UnlinkCasesAsync(
            new V1.UnlinkCasesRequest { Name = original.Name, Other = duplicate.Name, Reason = "Tidying up." }).ResponseAsync);
        var kept = await _tj.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = duplicate.Name });

        Assert.All([fromDuplicate, fromOriginal], error => Assert.Equal((StatusCode.FailedPrecondition, "CASE_CLOSED"), (error.StatusCode, error.Reason())));
        Assert.Contains("reopen it first", fromOriginal.Status.Detail);
        Assert.Equal((original.Name, V1.LinkKind.DuplicateOf), (Assert.Single(kept.Links).Case, kept.Links[0].Kind));
    }

    [Fact]
    public async Task LinkCases_RetriedWithTheSameRequestId_ReturnsTheFirstAnswer_AndLinksOnce()
    {
        var one = await _tj.CreateAsync();
        var two = await _tj.CreateAsync();
        var request = new V1.LinkCasesRequest { Name = one.Name, Other = two.Name, Kind = V1.LinkKind.SameEnforcementDecision, Reason = "One decision.", RequestId = Guid.NewGuid().ToString() };

        var first = await _tj.Cases.LinkCasesAsync(request);
        var retried = await _tj.Cases.LinkCasesAsync(request);

        Assert.Equal(first, retried);
        Assert.Single(await EventsAsync(one.Name), e => e.Type == V1.CaseEventType.CasesLinked);
        Assert.Single(await EventsAsync(two.Name), e => e.Type == V1.CaseEventType.CasesLinked);
    }

    [Fact]
    public async Task LinkingTwice_ACaseToItself_OrUnlinkingWhatIsNotLinked_IsRefusedWithAReason()
    {
        var one = await _tj.CreateAsync();
        var two = await _tj.CreateAsync();
        await _tj.Cases.LinkCasesAsync(new V1.LinkCasesRequest { Name = one.Name, Other = two.Name, Kind = V1.LinkKind.Related, Reason = "Same family." });

        var twice = await Assert.ThrowsAnyAsync<RpcException>(() => _tj.Cases.LinkCasesAsync(new V1.LinkCasesRequest
            { Name = two.Name, Other = one.Name, Kind = V1.LinkKind.SamePerson, Reason = "Again." }).ResponseAsync);
        var itself = await Assert.ThrowsAnyAsync<RpcException>(() => _tj.Cases.LinkCasesAsync(new V1.LinkCasesRequest
            { Name = one.Name, Other = one.Name, Kind = V1.LinkKind.Related, Reason = "Self." }).ResponseAsync);
        var three = await _tj.CreateAsync();
        var notLinked = await Assert.ThrowsAnyAsync<RpcException>(() => _tj.Cases.UnlinkCasesAsync(new V1.UnlinkCasesRequest
            { Name = one.Name, Other = three.Name, Reason = "Never were." }).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "CASES_ALREADY_LINKED"), (twice.StatusCode, twice.Reason()));
        Assert.Equal((StatusCode.FailedPrecondition, "SAME_CASE"), (itself.StatusCode, itself.Reason()));
        Assert.Equal((StatusCode.FailedPrecondition, "CASES_NOT_LINKED"), (notLinked.StatusCode, notLinked.Reason()));
    }

    [Fact]
    public async Task AnInvestigatorWhoDoesNotLeadTheCase_MayNotLinkIt_NorCloseItAsADuplicate()
    {
        var one = await _tj.CreateAsync();
        var two = await _tj.CreateAsync();
        var stranger = host.ClientFor(Party.TJ, Role.Investigator, "tj.stranger");

        var link = await Assert.ThrowsAnyAsync<RpcException>(() => stranger.Cases.LinkCasesAsync(new V1.LinkCasesRequest
            { Name = one.Name, Other = two.Name, Kind = V1.LinkKind.Related, Reason = "Why not." }).ResponseAsync);
        var close = await Assert.ThrowsAnyAsync<RpcException>(() => stranger.Cases.CloseAsDuplicateAsync(new V1.CloseAsDuplicateRequest
            { Name = one.Name, Original = two.Name, Reason = "Why not." }).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (link.StatusCode, link.Reason()));
        Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (close.StatusCode, close.Reason()));
    }
}
