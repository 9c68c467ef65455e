using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Audit;

/// <summary>Reading the log: a page of events (all, or one case's), and the checks a watcher's request must pass.</summary>
public sealed class CaseEventQueries(IDbContextFactory<CaseTrackerDbContext> contexts, Pager pager, TimeProvider clock)
{
    public async Task<V1.ListCaseEventsResponse> ListAsync(V1.ListCaseEventsRequest request, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator(clock);
        if (request.Case.Length > 0)
        {
            validator.CaseName("case", request.Case);
        }
        NotNegative(validator, "after_sequence", request.AfterSequence);
        NotNegative(validator, "up_to_sequence", request.UpToSequence);
        validator.ThrowIfInvalid();
        var caseId = CaseNames.TryParse(request.Case);
        var page = pager.Open(request.PageSize, request.PageToken, $"events\n{caseId}\n{request.AfterSequence}\n{request.UpToSequence}");
        var after = page.Position is { } position ? long.Parse(position, CultureInfo.InvariantCulture) : request.AfterSequence;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.CaseEvents.AsNoTracking().Where(e => e.Sequence > after);
        if (request.UpToSequence > 0)
        {
            events = events.Where(e => e.Sequence <= request.UpToSequence);
        }
        if (caseId is not null)
        {
            await CaseAccess.FindAsync(db.Cases.AsNoTracking(), request.Case, cancellationToken);
            events = events.Where(e => e.CaseId == caseId);
        }
        var fetched = await events.OrderBy(e => e.Sequence).Take(page.Fetch).ToListAsync(cancellationToken);
        return new V1.ListCaseEventsResponse
        {
            CaseEvents = { page.Items(fetched).Select(CaseEventMapper.ToProto) },
            NextPageToken = page.NextToken(fetched, e => e.Sequence.ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>Refuses a watch request that is invalid, or names a case that does not exist, before the stream opens.</summary>
    public async Task ValidateWatchAsync(V1.WatchCaseEventsRequest request, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator(clock);
        if (request.Case.Length > 0)
        {
            validator.CaseName("case", request.Case);
        }
        NotNegative(validator, "after_sequence", request.AfterSequence);
        for (var i = 0; i < request.EventTypes.Count; i++)
        {
            validator.DefinedEnum($"event_types[{i}]", request.EventTypes[i]);
        }
        validator.Normalized("heartbeat_interval", request.HeartbeatInterval);
        if (request.HeartbeatInterval is { } heartbeat && RequestValidator.IsNormalized(heartbeat) && (heartbeat.ToTimeSpan() < TimeSpan.FromSeconds(1) || heartbeat.ToTimeSpan() > TimeSpan.FromMinutes(5)))
        {
            validator.Add("heartbeat_interval", "must be between 1 s and 300 s");
        }
        validator.ThrowIfInvalid();
        if (request.Case.Length > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await CaseAccess.FindAsync(db.Cases.AsNoTracking(), request.Case, cancellationToken);
        }
    }

    private static void NotNegative(RequestValidator validator, string field, long value)
    {
        if (value < 0)
        {
            validator.Add(field, "must not be negative");
        }
    }
}
