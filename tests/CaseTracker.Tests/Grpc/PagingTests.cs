using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;
using static CaseTracker.Tests.Support.PersonLists;

namespace CaseTracker.Tests.Grpc;

/// <summary>
/// Every List method pages the same way: a negative <c>page_size</c> is refused naming the field, and a page holds
/// at most <c>Limits:MaxPageSize</c> (2 here) however many are asked for, with a token that leads to the rest.
/// </summary>
public sealed class PagingTests(PagingTests.SeededHost seeded) : IClassFixture<PagingTests.SeededHost>
{
    private const int MaxPageSize = 2;

    private readonly CaseTrackerClient _reader = seeded.Host.ClientFor(Party.RU, Role.Auditor, "ru.auditor");

    /// <summary>
    /// Three cases, the first investigated (three clocks) with three notes; a three-record list; the reviews of
    /// August, September and October. Each import and each review has an operation.
    /// </summary>
    public sealed class SeededHost : IAsyncLifetime
    {
        // Tuesday 3 November 2026: August, September and October have ended.
        private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));

        public SeededHost() =>
            Host = CaseTrackerHost.WithClock(_clock, new Dictionary<string, string> { ["Limits:MaxPageSize"] = $"{MaxPageSize}" });

        public CaseTrackerHost Host { get; }

        /// <summary>The investigated case, the first one filed on a fresh log.</summary>
        public string Case { get; private set; } = "";

        public string Reconciliation { get; private set; } = "";

        /// <summary>Per List method, the names it must give when paged to the end: exactly what the seeding created.</summary>
        public Dictionary<string, List<string>> Created { get; } = [];

        public async Task InitializeAsync()
        {
            var investigator = Host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
            var first = await investigator.InInvestigationAsync();
            Case = first.Name;
            List<string> notes = [];
            foreach (var text in new[] { "Called the family.", "Asked for the border records.", "Border records received." })
            {
                var note = await investigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = Case, Note = new V1.Note { Text = text } });
                notes.Add(note.Name);
            }
            List<string> cases = [Case, (await investigator.CreateAsync()).Name, (await investigator.CreateAsync()).Name];

            var import = await Host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd").ImportPersonListAsync(Header("paged"),
                [Person(1, "SAIDOV", "ANVAR", "1991-01-01"), Person(2, "UMAROV", "SORBON", "1992-02-02"), Person(3, "NAZAROV", "FIRUZ", "1979-09-30")]);
            Reconciliation = import.Response.Unpack<V1.Reconciliation>().Name;
            List<string> operations = [import.Name];
            List<string> reviews = [];
            var supervisor = Host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova");
            foreach (var month in new[] { "2026-08", "2026-09", "2026-10" })
            {
                operations.Add((await supervisor.Reviews.CreateMonthlyReviewAsync(new V1.CreateMonthlyReviewRequest { Month = month })).Name);
                reviews.Add($"reviews/{month}");
            }

            Created["ListCases"] = cases;
            Created["ListNotes"] = notes;
            // The first case's filing, investigation and three notes are the first five events of the log.
            Created["ListCaseEvents"] = [.. Enumerable.Range(1, 5).Select(sequence => $"caseEvents/{sequence}")];
            // Its intake clock (met) and one investigation clock per party; the other two cases each have an intake clock.
            Created["ListDeadlines"] = [.. Enumerable.Range(1, 3).Select(number => $"{Case}/deadlines/{number}")];
            Created["ListDeadlines cases/-"] = [.. Created["ListDeadlines"], $"{cases[1]}/deadlines/1", $"{cases[2]}/deadlines/1"];
            Created["ListOperations"] = operations;
            Created["ListReconciliationResults"] = [.. Enumerable.Range(1, 3).Select(line => $"{Reconciliation}/records/{line}")];
            Created["ListMonthlyReviews"] = reviews;
        }

        public Task DisposeAsync()
        {
            Host.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string> ListMethods =>
    [
        "ListCases", "ListNotes", "ListCaseEvents", "ListDeadlines", "ListDeadlines cases/-",
        "ListOperations", "ListReconciliationResults", "ListMonthlyReviews",
    ];

    /// <summary>One page of any list: the names of its items, and its <c>next_page_token</c>.</summary>
    private sealed record Page(List<string> Names, string NextPageToken);

    private Task<Page> ListAsync(string method, int pageSize, string pageToken = "") => method switch
    {
        "ListCases" => PageAsync(_reader.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = pageSize, PageToken = pageToken }),
            r => r.Cases.Select(c => c.Name), r => r.NextPageToken),
        "ListNotes" => PageAsync(_reader.Cases.ListNotesAsync(new V1.ListNotesRequest { Parent = seeded.Case, PageSize = pageSize, PageToken = pageToken }),
            r => r.Notes.Select(n => n.Name), r => r.NextPageToken),
        "ListCaseEvents" => PageAsync(_reader.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = seeded.Case, PageSize = pageSize, PageToken = pageToken }),
            r => r.CaseEvents.Select(e => e.Name), r => r.NextPageToken),
        "ListDeadlines" => ListDeadlinesAsync(seeded.Case, pageSize, pageToken),
        "ListDeadlines cases/-" => ListDeadlinesAsync("cases/-", pageSize, pageToken),
        "ListOperations" => PageAsync(_reader.Operations.ListOperationsAsync(new V1.ListOperationsRequest { PageSize = pageSize, PageToken = pageToken }),
            r => r.Operations.Select(o => o.Name), r => r.NextPageToken),
        "ListReconciliationResults" => PageAsync(_reader.Reconciliations.ListReconciliationResultsAsync(
                new V1.ListReconciliationResultsRequest { Parent = seeded.Reconciliation, PageSize = pageSize, PageToken = pageToken }),
            r => r.Results.Select(result => $"{seeded.Reconciliation}/records/{result.Record.Line}"), r => r.NextPageToken),
        "ListMonthlyReviews" => PageAsync(_reader.Reviews.ListMonthlyReviewsAsync(new V1.ListMonthlyReviewsRequest { PageSize = pageSize, PageToken = pageToken }),
            r => r.MonthlyReviews.Select(review => review.Name), r => r.NextPageToken),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a List method of the contract"),
    };

    private Task<Page> ListDeadlinesAsync(string parent, int pageSize, string pageToken) =>
        PageAsync(_reader.Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = parent, PageSize = pageSize, PageToken = pageToken }),
            r => r.Deadlines.Select(d => d.Name), r => r.NextPageToken);

    private static async Task<Page> PageAsync<TResponse>(AsyncUnaryCall<TResponse> call, Func<TResponse, IEnumerable<string>> names, Func<TResponse, string> nextPageToken)
    {
        var response = await call;
        return new Page([.. names(response)], nextPageToken(response));
    }

    [Theory]
    [MemberData(nameof(ListMethods))]
    public async Task List_WithNegativePageSize_IsInvalidArgumentNamingPageSize(string method)
    {
        var error = await RefusedAsync(() => ListAsync(method, pageSize: -1));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("page_size", Assert.Single(error.FieldViolations()).Field);
    }

    [Theory]
    [MemberData(nameof(ListMethods))]
    public async Task List_AskingForMoreThanMaxPageSize_GivesMaxPageSizeAndATokenThatLeadsToTheRestOnce(string method)
    {
        var first = await ListAsync(method, pageSize: 100);

        Assert.Equal(MaxPageSize, first.Names.Count);
        Assert.NotEmpty(first.NextPageToken);
        var pages = new List<Page> { first };
        while (pages[^1].NextPageToken.Length > 0)
        {
            pages.Add(await ListAsync(method, pageSize: 100, pages[^1].NextPageToken));
        }
        Assert.All(pages, page => Assert.InRange(page.Names.Count, 1, MaxPageSize));
        var listed = pages.SelectMany(page => page.Names).ToList();
        Assert.Equal(seeded.Created[method].Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }
}
