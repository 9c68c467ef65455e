using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>ListReconciliationResults pages as every List method does: 50 by default, at most Limits:MaxPageSize, never negative.</summary>
public sealed class ReconciliationPagingTests : IDisposable
{
    private readonly CaseTrackerHost _host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:MaxPageSize"] = "60" });
    private readonly CaseTrackerClient _ministry;

    public ReconciliationPagingTests()
    {
        _ministry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
    }

    private async Task<string> ImportAsync(int records)
    {
        var people = Enumerable.Range(1, records).Select(line => Person(line, "SAIDOV", "ANVAR", "1991-01-01", $"P{line:D8}")).ToList();
        return (await _ministry.ImportPersonListAsync(Header("paged"), people)).Response.Unpack<V1.Reconciliation>().Name;
    }

    private Task<V1.ListReconciliationResultsResponse> PageAsync(string reconciliation, int pageSize, string token = "") =>
        _ministry.Reconciliations.ListReconciliationResultsAsync(
            new V1.ListReconciliationResultsRequest { Parent = reconciliation, PageSize = pageSize, PageToken = token }).ResponseAsync;

    [Fact]
    public async Task ListReconciliationResults_WithoutPageSize_Gives50AndATokenForTheRest()
    {
        var reconciliation = await ImportAsync(70);

        var first = await PageAsync(reconciliation, 0);
        var rest = await PageAsync(reconciliation, 0, first.NextPageToken);

        Assert.Equal((50, 70L), (first.Results.Count, first.Results[^1].Record.Line + 20));
        Assert.Equal((20, string.Empty), (rest.Results.Count, rest.NextPageToken));
        Assert.Equal(51L, rest.Results[0].Record.Line);
    }

    [Fact]
    public async Task ListReconciliationResults_AboveTheMaximum_IsCappedAtLimitsMaxPageSize()
    {
        var reconciliation = await ImportAsync(70);

        var page = await PageAsync(reconciliation, 1_000);

        Assert.Equal(60, page.Results.Count);
        Assert.NotEmpty(page.NextPageToken);
    }

    [Fact]
    public async Task ListReconciliationResults_WithNegativePageSize_IsInvalidArgument()
    {
        var reconciliation = await ImportAsync(1);

        var error = await RefusedAsync(() => PageAsync(reconciliation, -1));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("page_size", Assert.Single(error.FieldViolations()).Field);
    }

    public void Dispose() => _host.Dispose();
}
