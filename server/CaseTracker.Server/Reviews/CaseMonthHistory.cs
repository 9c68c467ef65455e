using System.Text.Json;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Reviews;

/// <summary>One event of the log as the review reads it, with the subject's passport number for the pseudonym.</summary>
public sealed record ReviewEvent(long Sequence, string CaseId, string Type, string ActorParty, DateTime EventTime, string Payload, string PassportNumber,
    Cases.KeptPseudonyms? KeptPseudonyms = null);

/// <summary>A stage change in the month, for <c>transitions.csv</c>.</summary>
public sealed record StageTransition(long Sequence, DateTime Time, string Event, string FromStage, string ToStage, string ActorParty, string Outcome);

/// <summary>A warning or an escalation in the month, for <c>deadlines.csv</c>.</summary>
public sealed record DeadlineRow(long Sequence, DateTime Time, string Step, string Clock, string OwingParty, string DueTime);

/// <summary>
/// One case's history folded up to the review's as-of event: its attributes, its stage at the start and at
/// the end of the month, and what happened to it during the month. Built from the event log alone, so the
/// same log gives the same history whenever it is folded.
/// </summary>
public sealed class CaseMonthHistory(string caseId, DateTime periodStart)
{
    private static readonly string Created = EventNames.Type(CaseEventType.CaseCreated);
    private static readonly string Updated = EventNames.Type(CaseEventType.CaseUpdated);
    private static readonly string SignedOff = EventNames.Type(CaseEventType.ResolutionSignedOff);
    private static readonly string Reopened = EventNames.Type(CaseEventType.CaseReopened);
    private static readonly string Warned = EventNames.Type(CaseEventType.DeadlineWarned);
    private static readonly string Escalated = EventNames.Type(CaseEventType.DeadlineEscalated);
    private static readonly string ConsentRecorded = EventNames.Type(CaseEventType.ConsentRecorded);
    private static readonly string ConsentWithdrawn = EventNames.Type(CaseEventType.ConsentWithdrawn);
    private static readonly string ResponseRequested = EventNames.Type(CaseEventType.ResponseRequested);
    private static readonly string ResponseRecorded = EventNames.Type(CaseEventType.ResponseRecorded);
    private static readonly string DocumentAdded = EventNames.Type(CaseEventType.DocumentAdded);
    private static readonly string RegistryListed = EventNames.Type(CaseEventType.RegistryListed);
    private static readonly string RegistryDelisted = EventNames.Type(CaseEventType.RegistryDelisted);

    private static readonly HashSet<string> StageChanges =
    [
        EventNames.Type(CaseEventType.InvestigationStarted),
        EventNames.Type(CaseEventType.ResolutionProposed),
        EventNames.Type(CaseEventType.ReturnedToInvestigation),
        EventNames.Type(CaseEventType.DeclaredInadmissible),
        EventNames.Type(CaseEventType.CaseWithdrawn),
        EventNames.Type(CaseEventType.ClosedAsDuplicate),
        Reopened,
    ];

    /// <summary>The event types the review reads; the others (notes, assignments) change no figure.</summary>
    public static IReadOnlyList<string> TypesRead { get; } =
        [Created, Updated, SignedOff, Warned, Escalated, ConsentRecorded, ConsentWithdrawn, ResponseRequested, ResponseRecorded, DocumentAdded, RegistryListed, RegistryDelisted, .. StageChanges];

    private bool _startSeen;
    private string _stageAtStart = string.Empty;

    public string CaseId { get; } = caseId;

    public string Reference { get; private set; } = string.Empty;

    public string PassportNumber { get; private set; } = string.Empty;

    /// <summary>The pseudonyms kept when the subject's personal data was erased (the passport number is then empty).</summary>
    public Cases.KeptPseudonyms? KeptPseudonyms { get; private set; }

    public string FilingParty { get; private set; } = string.Empty;

    public DateTime CreateTime { get; private set; }

    /// <summary>The stage (code) when the month began; empty for a case filed during the month.</summary>
    public string StageAtStart => _startSeen ? _stageAtStart : Stage;

    /// <summary>The stage (code) at the end of the month.</summary>
    public string Stage { get; private set; } = string.Empty;

    public DateTime? CloseTime { get; private set; }

    /// <summary>The outcome (code) while closed.</summary>
    public string Outcome { get; private set; } = string.Empty;

    /// <summary>The statistical attributes (domain names) as the last creation or update event left them.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; private set; } = new Dictionary<string, string>();

    public bool OpenedInMonth { get; private set; }

    public bool ReopenedInMonth { get; private set; }

    public List<StageTransition> Transitions { get; } = [];

    public List<DeadlineRow> DeadlineRows { get; } = [];

    /// <summary>The party (code) whose response the case awaits at the end of the month; empty when none is awaited.</summary>
    public string AwaitingParty { get; private set; } = string.Empty;

    /// <summary>Since when the response of <see cref="AwaitingParty"/> is awaited.</summary>
    public DateTime AwaitingSince { get; private set; }
    /// <summary>The kinds (codes) of the documents filed on the case in the month, one per document; never a title or content.</summary>
    public List<string> DocumentKindsFiled { get; } = [];

    /// <summary>How often a registry snapshot listed the subject (not listed before) during the month.</summary>
    public int RegistryListingsInMonth { get; private set; }

    /// <summary>How often a registry snapshot dropped the subject during the month.</summary>
    public int RegistryDelistingsInMonth { get; private set; }

    /// <summary>
    /// For each delisting in the month that confirmed a delisting remedy: the time from the findings that said
    /// "delisted" to the snapshot's comparison that saw it.
    /// </summary>
    public List<TimeSpan> DelistingWaits { get; } = [];

    /// <summary>Standing consent's statistics scope at the end of the month: null when none was ever recorded.</summary>
    public bool? ConsentToStatistics { get; private set; }

    public bool IsOpenAtEnd => Stage.Length > 0 && Stage != ClosedCode;

    /// <summary>Open at some moment of the month: open when it began, or filed or reopened during it.</summary>
    public bool IsActive => (StageAtStart.Length > 0 && StageAtStart != ClosedCode) || OpenedInMonth || ReopenedInMonth;

    /// <summary>Whether the subject's consent to share with the other party stood at the end of the month.</summary>
    public bool SharedWithOtherParty { get; private set; }

    /// <summary>Whether the subject's consent keeps the case out of joint statistics: refused, or withdrawn.</summary>
    public bool ExcludedByConsent => ConsentToStatistics == false;

    private static string ClosedCode => ReviewCodes.Stage(nameof(Cases.Stage.Closed));

    public void Apply(ReviewEvent e)
    {
        var inMonth = e.EventTime >= periodStart;
        if (inMonth && !_startSeen)
        {
            _startSeen = true;
            _stageAtStart = Stage;
        }
        PassportNumber = e.PassportNumber;
        KeptPseudonyms = e.KeptPseudonyms;
        var payload = Read(e.Payload);
        if (e.Type == Created)
        {
            Reference = payload.GetValueOrDefault("reference", string.Empty);
            FilingParty = ReviewCodes.Party(payload.GetValueOrDefault("filing_party", string.Empty));
            CreateTime = e.EventTime;
            Attributes = payload;
            OpenedInMonth = inMonth;
            ChangeStage(e, inMonth, ReviewCodes.Stage(nameof(Cases.Stage.Intake)), string.Empty);
        }
        else if (e.Type == Updated)
        {
            Attributes = payload;
        }
        else if (StageChanges.Contains(e.Type))
        {
            var to = ReviewCodes.Stage(payload.GetValueOrDefault("to_stage", string.Empty));
            var outcome = e.Type == EventNames.Type(CaseEventType.DeclaredInadmissible) ? ReviewCodes.Outcome(nameof(Cases.Outcome.Inadmissible))
                : e.Type == EventNames.Type(CaseEventType.CaseWithdrawn) ? ReviewCodes.Outcome(nameof(Cases.Outcome.Withdrawn))
                : e.Type == EventNames.Type(CaseEventType.ClosedAsDuplicate) ? ReviewCodes.Outcome(nameof(Cases.Outcome.Duplicate))
                : string.Empty;
            if (e.Type == Reopened)
            {
                ReopenedInMonth |= inMonth;
            }
            ChangeStage(e, inMonth, to, outcome);
        }
        else if (e.Type == SignedOff && payload.GetValueOrDefault("closed") == "true")
        {
            ChangeStage(e, inMonth, ClosedCode, ReviewCodes.Outcome(payload.GetValueOrDefault("outcome", string.Empty)));
        }
        else if ((e.Type == Warned || e.Type == Escalated) && inMonth)
        {
            var step = e.Type == Warned ? "WARNING" : payload.GetValueOrDefault("level") == "1" ? "BREACH" : "ESCALATION_TO_CO_CHAIRS";
            DeadlineRows.Add(new DeadlineRow(e.Sequence, e.EventTime, step, payload.GetValueOrDefault("clock", string.Empty).ToUpperInvariant(),
                ReviewCodes.Party(payload.GetValueOrDefault("owing_party", string.Empty)), payload.GetValueOrDefault("due_time", string.Empty)));
        }
        else if (e.Type == ResponseRequested)
        {
            AwaitingParty = ReviewCodes.Party(payload.GetValueOrDefault("party", string.Empty));
            AwaitingSince = e.EventTime;
        }
        else if (e.Type == ResponseRecorded)
        {
            AwaitingParty = string.Empty;
        }
        else if (e.Type == DocumentAdded && inMonth)
        {
            DocumentKindsFiled.Add(ReviewCodes.DocumentKind(payload.GetValueOrDefault("kind", string.Empty)));
        }
        else if (e.Type == RegistryListed && inMonth)
        {
            RegistryListingsInMonth++;
        }
        else if (e.Type == RegistryDelisted && inMonth)
        {
            RegistryDelistingsInMonth++;
            if (payload.GetValueOrDefault("remedy_confirmed") == "true"
                && DateTime.TryParse(payload.GetValueOrDefault("finding_time"), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var found))
            {
                DelistingWaits.Add(e.EventTime - found);
            }
        }
        else if (e.Type == ConsentRecorded)
        {
            ConsentToStatistics = payload.GetValueOrDefault("include_in_statistics") == "true";
            SharedWithOtherParty = payload.GetValueOrDefault("share_with_other_party") == "true";
        }
        else if (e.Type == ConsentWithdrawn)
        {
            ConsentToStatistics = false;
            SharedWithOtherParty = false;
        }
    }

    /// <summary>Whether more than <paramref name="span"/> passed from filing to <paramref name="end"/>: a duration, not whole days.</summary>
    public bool IsOpenLongerThan(DateTime end, TimeSpan span) => end - CreateTime > span;

    /// <summary>Whether the response of <see cref="AwaitingParty"/> has been awaited longer than <paramref name="span"/> at <paramref name="end"/>.</summary>
    public bool IsAwaitingLongerThan(DateTime end, TimeSpan span) => AwaitingParty.Length > 0 && end - AwaitingSince > span;

    /// <summary>Whole days the response of <see cref="AwaitingParty"/> has been awaited at <paramref name="end"/>.</summary>
    public int AwaitingDays(DateTime end) => AwaitingParty.Length == 0 ? 0 : (int)Math.Floor((end - AwaitingSince).TotalDays);

    /// <summary>Whole days from filing to <paramref name="end"/>.</summary>
    public int AgeDays(DateTime end) => (int)Math.Floor((end - CreateTime).TotalDays);

    private void ChangeStage(ReviewEvent e, bool inMonth, string to, string outcome)
    {
        var from = Stage;
        Stage = to;
        if (to == ClosedCode)
        {
            CloseTime = e.EventTime;
            Outcome = outcome;
            AwaitingParty = string.Empty;
        }
        else
        {
            CloseTime = null;
            Outcome = string.Empty;
        }
        if (inMonth && from != to)
        {
            Transitions.Add(new StageTransition(e.Sequence, e.EventTime, ShortEventName(e.Type), from, to, PartyCode(e.ActorParty), Outcome));
        }
    }

    /// <summary>The party code of a contract party name; empty for the server's own events.</summary>
    private static string PartyCode(string contractName) =>
        contractName.StartsWith("PARTY_", StringComparison.Ordinal) && contractName != "PARTY_UNSPECIFIED" ? contractName["PARTY_".Length..] : string.Empty;

    private static string ShortEventName(string type) => type.Replace("CASE_EVENT_TYPE_", string.Empty, StringComparison.Ordinal);

    private static Dictionary<string, string> Read(string payload)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(payload));
        string? key = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                key = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.String && key is not null)
            {
                values[key] = reader.GetString() ?? string.Empty;
                key = null;
            }
        }
        return values;
    }
}
