using System.Net;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Client;

/// <summary>The client library's promises: one case per retried create, paging, a feed that resumes itself, one exception type.</summary>
public sealed class CaseTrackerClientTests : IDisposable
{
    private readonly CaseTrackerHost _host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:MaxStreamMessages"] = "4" });

    private CaseTrackerClient ClientThrough(HttpMessageHandler handler) => new(new CaseTrackerClientOptions
    {
        Address = _host.Server.BaseAddress,
        TokenProvider = _ => ValueTask.FromResult(_host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova")),
        HttpHandler = handler,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
    });

    /// <summary>Delivers the first call to the server, then loses its answer: the client sees 503 (UNAVAILABLE).</summary>
    private sealed class LosesTheFirstAnswer(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Calls { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (++Calls == 1)
            {
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Version = request.Version };
            }
            return response;
        }
    }

    [Fact]
    public async Task CreateCase_WhoseAnswerWasLost_IsRetriedWithTheSameRequestId_FilesOneCase_AndLeavesTheRequestAsItWas()
    {
        var lossy = new LosesTheFirstAnswer(_host.Server.CreateHandler());
        using var client = ClientThrough(lossy);
        var request = new V1.CreateCaseRequest { Case = NewCase(latinName: "RETRIED ONCE") };

        var created = await client.Cases.CreateCaseAsync(request);

        Assert.Equal(2, lossy.Calls);
        Assert.Empty(request.RequestId);
        var listed = await client.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"retried once\"" });
        Assert.Equal(created.Name, Assert.Single(listed.Cases).Name);
    }

    [Fact]
    public async Task ListAllCases_PagesToTheEnd()
    {
        using var client = ClientThrough(_host.Server.CreateHandler());
        for (var i = 0; i < 7; i++)
        {
            await client.CreateAsync();
        }

        var all = new List<V1.Case>();
        await foreach (var c in client.ListAllCasesAsync(new V1.ListCasesRequest { PageSize = 3 }))
        {
            all.Add(c);
        }

        Assert.Equal(7, all.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task WatchAsync_WhenTheServerEndsTheStream_ResumesWithoutGapOrDuplicate()
    {
        using var client = ClientThrough(_host.Server.CreateHandler());
        for (var i = 0; i < 10; i++)
        {
            await client.CreateAsync(); // the server ends each stream after 4 messages
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<long>();
        await foreach (var e in client.WatchAsync(afterSequence: 0, stop.Token, reconnectDelay: TimeSpan.FromMilliseconds(10)))
        {
            seen.Add(e.Sequence);
            if (seen.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task FailedCall_IsACaseTrackerExceptionWithReasonAndFieldViolations()
    {
        using var client = ClientThrough(_host.Server.CreateHandler());
        var draft = NewCase();
        draft.Subject.Citizenship = "Tajikistan";

        var error = await Assert.ThrowsAsync<CaseTrackerException>(() => client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_REQUEST"), (error.StatusCode, error.Reason));
        Assert.Equal("case.subject.citizenship", Assert.Single(error.FieldViolations).Field);
    }

    [Fact]
    public void AddCaseTrackerClient_RegistersOneConfiguredClient()
    {
        var services = new ServiceCollection()
            .AddCaseTrackerClient(o => o.Address = new Uri("http://localhost:5080"))
            .BuildServiceProvider();

        var client = services.GetRequiredService<CaseTrackerClient>();

        Assert.Same(client, services.GetRequiredService<CaseTrackerClient>());
        Assert.Equal("localhost:5080", client.Channel.Target);
    }

    public void Dispose() => _host.Dispose();
}
