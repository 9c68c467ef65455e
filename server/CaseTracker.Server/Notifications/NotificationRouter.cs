using System.Globalization;
using System.Text.Json;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Members;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The outbox's writer: turns a batch's case events into notices by the routing table (README, "Notifications"),
/// adds the notices other rooms handed to <c>WriteSession.Notify</c>, finds their recipients on the roster, and
/// inserts one row per notice and recipient in the batch's own transaction. A notice already written for a recipient
/// (the same source key) is skipped by the table's unique key, so an event is notified once whatever happens.
/// </summary>
public sealed class NotificationRouter(IOptions<NotificationOptions> options, WorkingCalendars calendars) : IWriteFollower
{
    private static readonly string Warned = EventNames.Type(CaseEventType.DeadlineWarned);
    private static readonly string Escalated = EventNames.Type(CaseEventType.DeadlineEscalated);
    private static readonly string ResponseRequested = EventNames.Type(CaseEventType.ResponseRequested);
    private static readonly string ResolutionProposed = EventNames.Type(CaseEventType.ResolutionProposed);
    private static readonly string InvestigatorAssigned = EventNames.Type(CaseEventType.InvestigatorAssigned);
    private static readonly string RegistryListed = EventNames.Type(CaseEventType.RegistryListed);
    private static readonly string RegistryDelisted = EventNames.Type(CaseEventType.RegistryDelisted);
    private static readonly HashSet<string> Routed = new(StringComparer.Ordinal)
    {
        Warned, Escalated, ResponseRequested, ResolutionProposed, InvestigatorAssigned, RegistryListed, RegistryDelisted,
    };

    public async Task FollowAsync(CaseTrackerDbContext db, IReadOnlyList<CaseEventRecord> events, IReadOnlyList<NoticeDraft> notices, DateTime now)
    {
        var routed = events.Where(e => Routed.Contains(e.Type) && IsNotified(e)).ToList();
        if (routed.Count + notices.Count == 0)
        {
            return;
        }
        var caseIds = routed.Select(e => e.CaseId).Concat(notices.Select(n => n.CaseId).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        var cases = await CasesAsync(db, caseIds);
        var members = await db.Members.AsNoTracking().Where(m => m.Active).ToListAsync();
        var drafts = new List<NoticeDraft>();
        foreach (var e in routed)
        {
            drafts.AddRange(await RouteAsync(db, e, cases[e.CaseId], members));
        }
        drafts.AddRange(notices);
        drafts.RemoveAll(d => options.Value.Disabled.Contains(d.Kind));
        if (drafts.Count > 0)
        {
            await InsertAsync(db, drafts, cases, members, now);
        }
    }

    /// <summary>The routing table: which event tells whom (README, "Notifications").</summary>
    private async Task<IReadOnlyList<NoticeDraft>> RouteAsync(CaseTrackerDbContext db, CaseEventRecord e, Case c, IReadOnlyList<Member> members)
    {
        var payload = JsonSerializer.Deserialize<Dictionary<string, string>>(e.Payload) ?? [];
        var source = $"events/{e.Sequence.ToString(CultureInfo.InvariantCulture)}";
        NoticeDraft Draft(NotificationKind kind, IReadOnlyList<Audience> to, DateTime? due, params (string Key, string Value)[] details) =>
            new(kind, source, to)
            {
                CaseId = e.CaseId,
                EventSequence = e.Sequence,
                EventType = e.Type,
                DueTime = due,
                Details = details.ToDictionary(d => d.Key, d => d.Value),
            };

        if (e.Type == Warned || e.Type == Escalated)
        {
            var owing = Enum.Parse<Party>(payload["owing_party"]);
            var due = DateTime.Parse(payload["due_time"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            (string, string)[] clock = [("clock", payload["clock"]), ("stage", c.Stage.ToString()), ("owing_party", owing.ToString())];
            if (e.Type == Warned)
            {
                return [Draft(NotificationKind.DeadlineWarning, [WarningAudience(c, owing, members)], due, clock)];
            }
            return payload["level"] == "1"
                ? [Draft(NotificationKind.DeadlineBreach, [Audience.Supervisors(owing)], due, clock)]
                : [Draft(NotificationKind.CoChairEscalation, Audience.BothParties(Role.CoChair), due, clock) with { Urgent = c.Priority == Priority.Urgent }];
        }
        if (e.Type == ResponseRequested)
        {
            var party = Enum.Parse<Party>(payload["party"]);
            var due = await OpenClockDueAsync(db, e.CaseId, ClockKind.Response, party);
            return [Draft(NotificationKind.ResponseRequested, [Audience.Supervisors(party)], due, ("owing_party", party.ToString()))];
        }
        if (e.Type == ResolutionProposed)
        {
            var drafts = new List<NoticeDraft>();
            foreach (var party in new[] { Party.RU, Party.TJ })
            {
                var due = await OpenClockDueAsync(db, e.CaseId, ClockKind.Stage, party);
                drafts.Add(Draft(NotificationKind.SignOffAwaited, [Audience.Supervisors(party)], due, ("owing_party", party.ToString())));
            }
            return drafts;
        }
        if (e.Type == RegistryListed || e.Type == RegistryDelisted)
        {
            var asOf = payload.TryGetValue("as_of_time", out var time)
                ? DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                : e.EventTime;
            (string, string)[] details = [.. Notices.RegistryDetails(payload["snapshot"], asOf, payload["record"], payload["ground"],
                payload.GetValueOrDefault("proposal", string.Empty)).Select(d => (d.Key, d.Value))];
            return e.Type == RegistryListed
                ? [Draft(NotificationKind.RegistryProposal, Audience.BothParties(Role.Supervisor), null, details)]
                : [Draft(NotificationKind.RegistryRemedyConfirmed, LeadInvestigators(c, members), null, details)];
        }
        var assignedParty = Enum.Parse<Party>(payload["party"]);
        return [Draft(NotificationKind.CaseAssigned, [Audience.Person(assignedParty, payload["investigator_id"])], null, ("owing_party", assignedParty.ToString()))];
    }

    /// <summary>
    /// A registry listing tells someone only when it proposes something (a new listing for the supervisors to weigh), a
    /// delisting only when it confirms a delisting remedy; every other routed event always tells someone.
    /// </summary>
    private static bool IsNotified(CaseEventRecord e)
    {
        if (e.Type != RegistryListed && e.Type != RegistryDelisted)
        {
            return true;
        }
        var payload = JsonSerializer.Deserialize<Dictionary<string, string>>(e.Payload) ?? [];
        return e.Type == RegistryListed ? payload.GetValueOrDefault("proposal") is { Length: > 0 } : payload.GetValueOrDefault("remedy_confirmed") == "true";
    }

    /// <summary>The case's lead investigators the roster knows, of either party; the filing party's supervisors when there is none.</summary>
    private static IReadOnlyList<Audience> LeadInvestigators(Case c, IReadOnlyList<Member> members)
    {
        var leads = c.LeadInvestigators.Where(l => members.Any(m => m.Party == l.Party && m.UserId == l.InvestigatorId))
            .Select(l => Audience.Person(l.Party, l.InvestigatorId)).ToList();
        return leads.Count > 0 ? leads : [Audience.Supervisors(c.FilingParty)];
    }

    /// <summary>A warning goes to the owing party's lead investigator of the case when the roster knows them, else to its supervisors.</summary>
    private Audience WarningAudience(Case c, Party owing, IReadOnlyList<Member> members)
    {
        var lead = c.LeadInvestigators.FirstOrDefault(l => l.Party == owing);
        return options.Value.WarningTo == WarningRecipients.LeadInvestigator && lead is not null
               && members.Any(m => m.Party == owing && m.UserId == lead.InvestigatorId)
            ? Audience.Person(owing, lead.InvestigatorId)
            : Audience.Supervisors(owing);
    }

    /// <summary>The cases by ID: those the batch tracks (saved just now) as they are, the others read.</summary>
    private static async Task<Dictionary<string, Case>> CasesAsync(CaseTrackerDbContext db, List<string> caseIds)
    {
        var cases = db.ChangeTracker.Entries<Case>().Select(e => e.Entity).Where(c => caseIds.Contains(c.Id)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var missing = caseIds.Where(id => !cases.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var c in await db.Cases.AsNoTracking().Where(c => missing.Contains(c.Id)).ToListAsync())
            {
                cases[c.Id] = c;
            }
        }
        return cases;
    }

    /// <summary>
    /// When the open clock of that kind owed by that party falls due: from the batch's own clocks when it tracks the
    /// one (saved just now), else from the database.
    /// </summary>
    private static async Task<DateTime?> OpenClockDueAsync(CaseTrackerDbContext db, string caseId, ClockKind kind, Party party) =>
        db.Deadlines.Local.Where(d => d.CaseId == caseId && d.Kind == kind && d.OwingParty == party && d.IsOpen)
            .OrderByDescending(d => d.Number).Select(d => (DateTime?)d.DueTime).FirstOrDefault()
        ?? await db.Deadlines.AsNoTracking()
            .Where(d => d.CaseId == caseId && d.Kind == kind && d.OwingParty == party && d.State != DeadlineState.Met && d.State != DeadlineState.Cancelled)
            .OrderByDescending(d => d.Number)
            .Select(d => (DateTime?)d.DueTime)
            .FirstOrDefaultAsync();

    private async Task InsertAsync(
        CaseTrackerDbContext db, List<NoticeDraft> drafts, Dictionary<string, Case> cases, IReadOnlyList<Member> members, DateTime now)
    {
        var head = await db.Notifications.MaxAsync(n => (long?)n.Sequence) ?? 0;
        var smtp = options.Value.Smtp.Enabled;
        var schedule = new SendSchedule(options.Value);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        using var insert = new PreparedInsert(connection, transaction, "Notifications", skipExisting: true, NotificationRecord.Columns);
        foreach (var draft in drafts)
        {
            var reference = draft.CaseId is { } id && cases.TryGetValue(id, out var c) ? c.Reference : string.Empty;
            foreach (var member in Recipients(draft.To, members))
            {
                var mailed = smtp && member.Email.Length > 0;
                var digest = member.EmailDelivery == EmailDelivery.DailyDigest && !draft.Urgent;
                DateTime? notBefore = mailed ? schedule.When(calendars.For(member.Party), now, digest, draft.Urgent) : null;
                if (insert.Insert(NotificationRecord.Values(head + 1, member, draft, reference, mailed ? EmailState.Pending : EmailState.InboxOnly, notBefore, now)))
                {
                    head++;
                }
            }
        }
    }

    private static IEnumerable<Member> Recipients(IReadOnlyList<Audience> audiences, IReadOnlyList<Member> members) =>
        audiences.SelectMany(a => members.Where(m => m.Party == a.Party && (a.UserId is null ? m.Role == a.Role : m.UserId == a.UserId)))
            .DistinctBy(m => (m.Party, m.UserId));
}
