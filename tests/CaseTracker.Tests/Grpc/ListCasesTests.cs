using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>Filtering, ordering and paging over a known set of cases.</summary>
public sealed class ListCasesTests(ListCasesTests.SeededHost seeded) : IClassFixture<ListCasesTests.SeededHost>
{
    private readonly CaseTrackerClient _reader = seeded.Host.ClientFor(Party.RU, Role.Auditor, "ru.auditor");

    /// <summary>Twelve cases: filed by both parties, in different stages, actions, grounds and regions.</summary>
    public sealed class SeededHost : IAsyncLifetime
    {
        public CaseTrackerHost Host { get; } = new();

        public DateTime SeededAfter { get; private set; }

        public async Task InitializeAsync()
        {
            var tj = Host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
            var ru = Host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");
            SeededAfter = DateTime.UtcNow.AddSeconds(-1);
            await tj.CreateAsync(NewCase(latinName: "RAKHMONOV FARRUKH", russianName: "Рахмонов Фаррух", tajikName: "Раҳмонов Фарруҳ"));
            await ru.CreateAsync(NewCase(latinName: "DZHURAEV ALISHER", russianName: "Джураев Алишер", tajikName: "Ҷӯраев Алишер", region: "Sverdlovsk Oblast"));
            await tj.CreateAsync(LatinOnly("SAIDOV UMED", action: V1.EnforcementActionType.RegistryPlacement, ground: V1.RegistryGround.WorkPermitEnded));
            await ru.CreateAsync(LatinOnly("KARIMOVA ZARINA", action: V1.EnforcementActionType.RegistryPlacement, ground: V1.RegistryGround.SojournExpired, priority: V1.Priority.Urgent));
            for (var i = 0; i < 4; i++)
            {
                await tj.InInvestigationAsync(LatinOnly($"INVESTIGATED {i}"));
            }
            var awaiting = await ru.InInvestigationAsync(LatinOnly("AWAITING RU"));
            await ru.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = awaiting.Name, Party = V1.Party.Tj, Awaited = "Border records." });
            for (var i = 0; i < 3; i++)
            {
                await tj.InResolutionAsync(LatinOnly($"RESOLVING {i}", action: V1.EnforcementActionType.Deportation));
            }
        }

        private static V1.Case LatinOnly(
            string latinName,
            V1.EnforcementActionType action = V1.EnforcementActionType.ExpulsionOrder,
            V1.RegistryGround ground = V1.RegistryGround.Unspecified,
            V1.Priority priority = V1.Priority.Normal) =>
            NewCase(latinName: latinName, russianName: "", tajikName: "", action: action, ground: ground, priority: priority);

        public Task DisposeAsync()
        {
            Host.Dispose();
            return Task.CompletedTask;
        }
    }

    private async Task<List<V1.Case>> ListAllAsync(string filter = "", string orderBy = "", int pageSize = 0)
    {
        var all = new List<V1.Case>();
        var token = string.Empty;
        do
        {
            var page = await _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = filter, OrderBy = orderBy, PageSize = pageSize, PageToken = token });
            all.AddRange(page.Cases);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    [Theory]
    [InlineData("", 12)]
    [InlineData("stage = INVESTIGATION", 5)]
    [InlineData("stage = STAGE_RESOLUTION", 3)]
    [InlineData("stage != INTAKE", 8)]
    [InlineData("filing_party = RU", 3)]
    [InlineData("priority = URGENT", 1)]
    [InlineData("enforcement_action.type = REGISTRY_PLACEMENT", 2)]
    [InlineData("enforcement_action.registry_ground = WORK_PERMIT_ENDED", 1)]
    [InlineData("enforcement_action.region = \"Sverdlovsk Oblast\"", 1)]
    [InlineData("awaiting_response.party = TJ", 1)]
    [InlineData("stage = INVESTIGATION AND filing_party = TJ", 4)]
    [InlineData("enforcement_action.type = DEPORTATION AND stage = RESOLUTION", 3)]
    public async Task ListCases_WithFilter_ReturnsExactlyTheMatchingCases(string filter, int expected)
    {
        var cases = await ListAllAsync(filter);

        Assert.Equal(expected, cases.Count);
    }

    [Theory]
    [InlineData("рахмон", "RAKHMONOV FARRUKH")]
    [InlineData("РАҲМОН", "RAKHMONOV FARRUKH")]
    [InlineData("ҷӯраев", "DZHURAEV ALISHER")]
    [InlineData("dzhuraev", "DZHURAEV ALISHER")]
    public async Task ListCases_BySubjectName_MatchesAnyScriptIgnoringCase(string text, string expectedLatin)
    {
        var cases = await ListAllAsync($"subject.name : \"{text}\"");

        Assert.Equal(expectedLatin, Assert.Single(cases).Subject.NameLatin);
    }

    [Fact]
    public async Task ListCases_ByCreateTime_ComparesTimes()
    {
        var after = Timestamp.FromDateTime(seeded.SeededAfter).ToDateTime().ToString("O");
        var future = DateTime.UtcNow.AddDays(1).ToString("O");

        Assert.Equal(12, (await ListAllAsync($"create_time >= \"{after}\"")).Count);
        Assert.Empty(await ListAllAsync($"create_time > \"{future}\""));
        Assert.Equal(12, (await ListAllAsync($"update_time < \"{future}\"")).Count);
    }

    [Fact]
    public async Task ListCases_PagedToTheEnd_ReturnsEveryCaseOnceInOrder()
    {
        var paged = await ListAllAsync(pageSize: 5);

        Assert.Equal(12, paged.Select(c => c.Name).Distinct().Count());
        Assert.Equal(paged.OrderBy(c => c.CreateTime).ThenBy(c => c.Name).Select(c => c.Name), paged.Select(c => c.Name));
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("reference desc")]
    [InlineData("create_time desc")]
    [InlineData("update_time")]
    [InlineData("update_time desc")]
    public async Task ListCases_Ordered_PagesInThatOrder(string orderBy)
    {
        var paged = await ListAllAsync(orderBy: orderBy, pageSize: 4);

        var expected = orderBy switch
        {
            "reference" => paged.OrderBy(c => c.Reference, StringComparer.Ordinal),
            "reference desc" => paged.OrderByDescending(c => c.Reference, StringComparer.Ordinal),
            "create_time desc" => paged.OrderByDescending(c => c.CreateTime).ThenByDescending(c => c.Name, StringComparer.Ordinal),
            "update_time" => paged.OrderBy(c => c.UpdateTime).ThenBy(c => c.Name, StringComparer.Ordinal),
            _ => paged.OrderByDescending(c => c.UpdateTime).ThenByDescending(c => c.Name, StringComparer.Ordinal),
        };
        Assert.Equal(12, paged.Select(c => c.Name).Distinct().Count());
        Assert.Equal(expected.Select(c => c.Name), paged.Select(c => c.Name));
    }

    [Theory]
    [InlineData("colour = RED", "unknown field 'colour'")]
    [InlineData("stage = OPEN", "'OPEN' is not one of")]
    [InlineData("stage > INTAKE", "operator '>' does not apply")]
    [InlineData("stage = INTAKE OR stage = CLOSED", "only AND is supported")]
    [InlineData("subject.name = \"x\"", "takes the operator ':'")]
    [InlineData("create_time > \"yesterday\"", "RFC 3339")]
    [InlineData("stage =", "incomplete comparison")]
    [InlineData("subject.name : \"open", "not closed")]
    public async Task ListCases_WithBadFilter_IsInvalidArgumentNamingTheProblem(string filter, string problem)
    {
        var error = await RefusedAsync(() => _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = filter }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_FILTER");
        Assert.Contains(problem, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("filter", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task ListCases_WithBadOrder_IsInvalidArgument()
    {
        var error = await RefusedAsync(() => _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { OrderBy = "subject.name" }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_ORDER_BY");
    }

    [Fact]
    public async Task ListCases_WithNegativePageSize_IsInvalidArgument()
    {
        var error = await RefusedAsync(() => _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = -1 }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("page_size", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task ListCases_WithForgedPageToken_IsInvalidArgument()
    {
        var page = await _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = 2 });
        var forged = page.NextPageToken[..^2] + (page.NextPageToken[^2..] == "AA" ? "AB" : "AA");

        var error = await RefusedAsync(() => _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = 2, PageToken = forged }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_PAGE_TOKEN");
    }

    [Fact]
    public async Task ListCases_PageTokenReusedWithAnotherFilter_IsInvalidArgument()
    {
        var page = await _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = 2 });

        var error = await RefusedAsync(() => _reader.Cases.ListCasesAsync(new V1.ListCasesRequest
        {
            PageSize = 2, PageToken = page.NextPageToken, Filter = "stage = INTAKE",
        }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_PAGE_TOKEN");
    }

    [Fact]
    public async Task ListCases_PageSizeAboveTheMaximum_IsCappedNotRefused()
    {
        var page = await _reader.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = 100_000 });

        Assert.Equal(12, page.Cases.Count);
        Assert.Empty(page.NextPageToken);
    }
}
