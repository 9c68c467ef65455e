using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Client;

/// <summary>The client never changes the caller's messages: a request can be sent again, a list read again.</summary>
public sealed class NoMutationTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _client = host.ClientFor(Party.TJ, Role.Investigator, "tj.nazarova");

    [Fact]
    public async Task CreateCase_SentTwiceWithoutARequestId_FilesTwoCases_AndLeavesTheRequestEmpty()
    {
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "SENT TWICE") };

        var first = await _client.Cases.CreateCaseAsync(request);
        var second = await _client.Cases.CreateCaseAsync(request);

        Assert.NotEqual(first.Name, second.Name);
        Assert.Empty(request.RequestId);
    }

    [Fact]
    public async Task CreateCase_WithTheCallersOwnRequestId_KeepsIt_AndFilesOnce()
    {
        var requestId = Guid.NewGuid().ToString();
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "OWN REQUEST ID"), RequestId = requestId };

        var first = await _client.Cases.CreateCaseAsync(request);
        var again = await _client.Cases.CreateCaseAsync(request);

        Assert.Equal(first.Name, again.Name);
        Assert.Equal(requestId, request.RequestId);
    }

    [Fact]
    public async Task ListAllCases_LeavesThePageTokenAsItWas_SoTheSameRequestListsEverythingAgain()
    {
        for (var i = 0; i < 5; i++)
        {
            await _client.CreateAsync(NewCase(latinName: "LISTED TWICE"));
        }
        var request = new V1.ListCasesRequest { PageSize = 2, Filter = "subject.name : \"listed twice\"" };

        var first = await _client.ListAllCasesAsync(request).CountAsync();
        var second = await _client.ListAllCasesAsync(request).CountAsync();

        Assert.Equal((5, 5), (first, second));
        Assert.Empty(request.PageToken);
    }

    [Fact]
    public async Task ListAllDeadlines_ReadsEveryPage_AndLeavesThePageTokenAsItWas()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.CreateAsync();
        }
        var request = new V1.ListDeadlinesRequest { Parent = "cases/-", PageSize = 1 };

        var paged = await _client.ListAllDeadlinesAsync(request).Select(d => d.Name).ToListAsync();
        var onePage = (await _client.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = "cases/-", PageSize = 500 })).Deadlines.Select(d => d.Name);

        Assert.True(paged.Count >= 3, $"only {paged.Count} clocks");
        Assert.Equal(onePage, paged);
        Assert.Empty(request.PageToken);
    }

    [Fact]
    public async Task ListAllCaseEvents_LeavesThePageTokenAsItWas()
    {
        var created = await _client.CreateAsync();
        var request = new V1.ListCaseEventsRequest { Case = created.Name, PageSize = 1 };

        var first = await _client.ListAllCaseEventsAsync(request).CountAsync();
        var second = await _client.ListAllCaseEventsAsync(request).CountAsync();

        Assert.Equal(first, second);
        Assert.Empty(request.PageToken);
    }
}
