using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>Retries with the same request_id never change the record twice.</summary>
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
}
