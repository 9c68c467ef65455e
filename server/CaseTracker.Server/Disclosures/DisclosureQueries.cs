using System.Globalization;
using System.Linq.Expressions;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Disclosures;

/// <summary>Pages of the disclosure log (<c>ListDisclosures</c>): one case's or every case's, filtered by caller and time, oldest first.</summary>
public sealed class DisclosureQueries(IDbContextFactory<CaseTrackerDbContext> contexts, Pager pager, TimeProvider clock)
{
    /// <summary>The parent that stands for every case.</summary>
    public const string AllCases = "cases/-";

    private static readonly AipFilter<DisclosureRecord> Filter = new(new(StringComparer.Ordinal)
    {
        ["caller"] = (op, v) =>
        {
            var caller = AipFilter<DisclosureRecord>.RequireString("caller", op, v, "=");
            return d => d.Caller == caller;
        },
        ["caller_party"] = (op, v) => AipFilter<DisclosureRecord>.EnumClause<V1.Party, Party>(op, v, x => d => d.CallerParty == x, x => d => d.CallerParty != x),
        ["caller_role"] = (op, v) => AipFilter<DisclosureRecord>.EnumClause<V1.Role, Role>(op, v, x => d => d.CallerRole == x, x => d => d.CallerRole != x),
        ["disclose_time"] = (op, v) => AipFilter<DisclosureRecord>.TimeClause("disclose_time", op, v, d => d.DiscloseTime),
    });

    public async Task<V1.ListDisclosuresResponse> ListAsync(V1.ListDisclosuresRequest request, CancellationToken cancellationToken)
    {
        var allCases = request.Parent == AllCases;
        if (!allCases)
        {
            new RequestValidator(clock).CaseName("parent", request.Parent).ThrowIfInvalid();
        }
        var clauses = Filter.Parse(request.Filter);
        var caseId = allCases ? null : CaseNames.TryParse(request.Parent);
        var page = pager.Open(request.PageSize, request.PageToken, $"disclosures\n{caseId ?? "-"}\n{request.Filter}");
        var after = page.Position is { } position ? long.Parse(position, CultureInfo.InvariantCulture) : 0;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IQueryable<DisclosureRecord> disclosures = db.Disclosures.AsNoTracking().Where(d => d.Sequence > after);
        if (caseId is not null)
        {
            disclosures = disclosures.Where(d => d.CaseId == caseId);
        }
        foreach (var clause in clauses)
        {
            disclosures = disclosures.Where(clause);
        }
        var fetched = await disclosures.OrderBy(d => d.Sequence).Take(page.Fetch).ToListAsync(cancellationToken);
        return new V1.ListDisclosuresResponse
        {
            Disclosures = { page.Items(fetched).Select(ToProto) },
            NextPageToken = page.NextToken(fetched, d => d.Sequence.ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>How many disclosures were made to each party's people between two times: the monthly review's figure.</summary>
    public static async Task<Dictionary<Party, long>> CountByPartyAsync(CaseTrackerDbContext db, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Disclosures.AsNoTracking().Where(d => d.DiscloseTime >= from && d.DiscloseTime < to)
            .GroupBy(d => d.CallerParty).Select(g => new { Party = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Party, g => g.Count, cancellationToken);

    private static V1.Disclosure ToProto(DisclosureRecord d) => new()
    {
        Name = $"disclosures/{d.Sequence.ToString(CultureInfo.InvariantCulture)}",
        Sequence = d.Sequence,
        DiscloseTime = Timestamp.FromDateTime(d.DiscloseTime),
        CallerParty = (V1.Party)d.CallerParty,
        Caller = d.Caller,
        CallerRole = (V1.Role)d.CallerRole,
        Case = d.CaseId.Length == 0 ? string.Empty : CaseNames.Format(d.CaseId),
        Record = d.Record,
        Fields = { d.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries) },
        Method = d.Method,
        PreviousHash = d.PreviousHash,
        Hash = d.Hash,
    };
}
