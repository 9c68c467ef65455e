using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reviews;

/// <summary>What the manifest says about the review besides its files.</summary>
public sealed record ReviewManifestInfo(
    string Month, DateTime PeriodStart, DateTime PeriodEnd, string TimeZone, long AsOfSequence, string AsOfHash,
    IReadOnlyDictionary<string, string> CalendarVersions, string CodeListVersion, string PseudonymKeyId,
    IReadOnlyDictionary<string, string> PartyPseudonymKeyIds);

/// <summary>One built file, on disk until it is stored.</summary>
public sealed record BuiltFile(string FileName, string MediaType, string Path, long SizeBytes, string Sha256);

/// <summary>The files of a built review; the last is <c>manifest.json</c>, whose hash the parties sign.</summary>
public sealed record BuiltReview(ReviewManifestInfo Info, IReadOnlyList<BuiltFile> Files)
{
    public string ManifestSha256 => Files[^1].Sha256;
}

/// <summary>How far building has come, reported as it goes.</summary>
public sealed record ReviewBuildProgress(string CurrentFile, long CasesProcessed, long CasesTotal);

/// <summary>
/// Builds a month's review from the event log as of the month's last event. It reads the log one case at a
/// time (ordered by case, then sequence), folds each case, writes its rows and forgets it: memory stays flat
/// however many cases there are. Nothing depends on the time it runs, so the same month from the same record
/// gives byte-identical files.
/// </summary>
public sealed class MonthlyReviewBuilder(
    IDbContextFactory<CaseTrackerDbContext> contexts,
    SubjectPseudonyms pseudonyms,
    WorkingCalendars calendars,
    IOptions<ReviewOptions> options)
{
    public const string Format = "casetracker.monthly-review/1";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The last event before the end of <paramref name="month"/>: sequence and hash (0 and empty for none).</summary>
    public async Task<(long Sequence, string Hash)> AsOfAsync(ReviewMonth month, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CaseEvents.Where(e => e.EventTime < month.End).MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        var hash = sequence == 0 ? string.Empty
            : await db.CaseEvents.Where(e => e.Sequence == sequence).Select(e => e.Hash).SingleAsync(cancellationToken);
        return (sequence, hash);
    }

    public async Task<BuiltReview> BuildAsync(
        ReviewMonth month, string directory, IProgress<ReviewBuildProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var zone = options.Value.Zone();
        var (asOf, asOfHash) = await AsOfAsync(month, cancellationToken);
        var info = new ReviewManifestInfo(
            month.ToString(), month.Start, month.End, options.Value.TimeZone, asOf, asOfHash,
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["RU"] = calendars.For(Cases.Party.RU).Version,
                ["TJ"] = calendars.For(Cases.Party.TJ).Version,
            },
            ReviewCodes.CodeListVersion, pseudonyms.KeyId, pseudonyms.PartyKeyIds);
        var figures = new ReviewFigures(month, zone, options.Value.DiscussionAfterDays, options.Value.DiscussionAwaitingAfterDays);
        var discussionPath = Path.Combine(directory, "discussion.tmp");

        await WriteCaseFilesAsync(month, asOf, directory, figures, discussionPath, progress, cancellationToken);
        await CountDisclosuresAsync(month, figures, cancellationToken);

        progress?.Report(new ReviewBuildProgress("summary.json", -1, -1));
        WriteSummary(Path.Combine(directory, "summary.json"), info, figures, ReadDiscussion(discussionPath));
        progress?.Report(new ReviewBuildProgress("report.html", -1, -1));
        ReviewReport.Write(Path.Combine(directory, "report.html"), info, figures, ReadDiscussion(discussionPath));
        File.Delete(discussionPath);

        List<BuiltFile> files =
        [
            Describe(directory, "cases.csv", "text/csv; charset=utf-8; header=present"),
            Describe(directory, "transitions.csv", "text/csv; charset=utf-8; header=present"),
            Describe(directory, "deadlines.csv", "text/csv; charset=utf-8; header=present"),
            Describe(directory, "summary.json", "application/json"),
            Describe(directory, "report.html", "text/html; charset=utf-8"),
        ];
        WriteManifest(Path.Combine(directory, "manifest.json"), info, files);
        files.Add(Describe(directory, "manifest.json", "application/json"));
        return new BuiltReview(info, files);
    }

    private async Task WriteCaseFilesAsync(
        ReviewMonth month, long asOf, string directory, ReviewFigures figures, string discussionPath,
        IProgress<ReviewBuildProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        var created = Audit.EventNames.Type(Cases.CaseEventType.CaseCreated);
        var total = await db.CaseEvents.CountAsync(e => e.Sequence <= asOf && e.Type == created, cancellationToken);
        progress?.Report(new ReviewBuildProgress("cases.csv", 0, total));

        using var files = new CaseFiles(directory, discussionPath);
        long processed = 0;
        await foreach (var history in HistoriesAsync(db, month, asOf, cancellationToken))
        {
            if (++processed % 5_000 == 0)
            {
                progress?.Report(new ReviewBuildProgress("cases.csv", processed, total));
            }
            Write(files, history, month, figures);
        }
        progress?.Report(new ReviewBuildProgress("cases.csv", processed, total));
    }

    /// <summary>Each case's history up to <paramref name="asOf"/>, one case at a time: the log is read ordered by case, then sequence.</summary>
    private static async IAsyncEnumerable<CaseMonthHistory> HistoriesAsync(
        CaseTrackerDbContext db, ReviewMonth month, long asOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var types = CaseMonthHistory.TypesRead.ToList();
        var events = db.CaseEvents.AsNoTracking()
            .Where(e => e.Sequence <= asOf && types.Contains(e.Type))
            .Join(db.Cases, e => e.CaseId, c => c.Id, (e, c) => new { Event = e, c.Subject.PassportNumber, c.KeptPseudonyms })
            .OrderBy(row => row.Event.CaseId).ThenBy(row => row.Event.Sequence)
            .Select(row => new ReviewEvent(
                row.Event.Sequence, row.Event.CaseId, row.Event.Type, row.Event.ActorParty, row.Event.EventTime, row.Event.Payload, row.PassportNumber, row.KeptPseudonyms))
            .AsAsyncEnumerable();
        CaseMonthHistory? current = null;
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            if (current?.CaseId != e.CaseId)
            {
                if (current is not null)
                {
                    yield return current;
                }
                current = new CaseMonthHistory(e.CaseId, month.Start);
            }
            current.Apply(e);
        }
        if (current is not null)
        {
            yield return current;
        }
    }

    /// <summary>One case's rows in every file, and its share of the figures; nothing for a case not active in the month.</summary>
    private void Write(CaseFiles files, CaseMonthHistory c, ReviewMonth month, ReviewFigures figures)
    {
        if (!c.ExcludedByConsent)
        {
            figures.AddRegistry(c);
        }
        if (!c.IsActive)
        {
            return;
        }
        if (c.ExcludedByConsent)
        {
            figures.Exclude();
            return;
        }
        var discussionReason = figures.Add(c);
        WriteCase(files.Cases, c, month);
        foreach (var t in c.Transitions)
        {
            files.Transitions.Row(c.Reference, Number(t.Sequence), Time(t.Time), t.Event, t.FromStage, t.ToStage, t.ActorParty, t.Outcome);
        }
        foreach (var d in c.DeadlineRows)
        {
            files.Deadlines.Row(c.Reference, Number(d.Sequence), Time(d.Time), d.Step, d.Clock, d.OwingParty, d.DueTime);
        }
        if (discussionReason is { } reason)
        {
            files.Discussion.WriteLine(new DiscussionItem(c.Reference, c.Stage, c.AgeDays(month.End), c.FilingParty, reason,
                c.DeadlineRows.Count(s => s.Step != "WARNING")).ToLine());
        }
    }

    private void WriteCase(CsvFile cases, CaseMonthHistory c, ReviewMonth month)
    {
        var a = c.Attributes;
        var pseudonym = c.KeptPseudonyms is { } kept
            ? (c.SharedWithOtherParty ? new SubjectPseudonym(kept.Joint, SubjectPseudonyms.JointKey) : new SubjectPseudonym(kept.Party, c.FilingParty))
            : pseudonyms.Of(c.PassportNumber, Enum.Parse<Cases.Party>(c.FilingParty), c.SharedWithOtherParty);
        cases.Row(
            c.Reference,
            pseudonym.Value,
            pseudonym.Key,
            c.FilingParty,
            ReviewCodes.Channel(a.GetValueOrDefault("intake_channel", string.Empty)),
            ReviewCodes.Priority(a.GetValueOrDefault("priority", string.Empty)),
            ReviewCodes.UrgencyReasons(a.GetValueOrDefault("urgency_reasons", string.Empty)),
            Time(c.CreateTime),
            c.StageAtStart,
            c.Stage,
            string.Join(';', c.Transitions.Select(t => t.ToStage)),
            c.CloseTime is { } closed ? Time(closed) : string.Empty,
            c.Outcome,
            ReviewCodes.EnforcementAction(a.GetValueOrDefault("enforcement_action", string.Empty)),
            ReviewCodes.RegistryGround(a.GetValueOrDefault("registry_ground", string.Empty)),
            a.GetValueOrDefault("region", string.Empty).Trim(),
            ReviewCodes.Allegations(a.GetValueOrDefault("allegations", string.Empty)),
            Number(c.DeadlineRows.Count(s => s.Step == "WARNING")),
            Number(c.DeadlineRows.Count(s => s.Step == "BREACH")),
            Number(c.DeadlineRows.Count(s => s.Step == "ESCALATION_TO_CO_CHAIRS")),
            c.IsOpenAtEnd ? Number(c.AgeDays(month.End)) : string.Empty,
            Number(c.DocumentKindsFiled.Count));
    }

    /// <summary>The month's disclosures per party of the caller, from the disclosure log (by time: it is not part of the event log).</summary>
    private async Task CountDisclosuresAsync(ReviewMonth month, ReviewFigures figures, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var (party, count) in await Disclosures.DisclosureQueries.CountByPartyAsync(db, month.Start, month.End, cancellationToken))
        {
            figures.DisclosuresByCallerParty.Add(ReviewCodes.Party(party.ToString()), count);
        }
    }

    private static void WriteSummary(string path, ReviewManifestInfo info, ReviewFigures f, IEnumerable<DiscussionItem> discussion)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, JsonOptions);
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("month", info.Month);
        json.WriteNumber("as_of_sequence", info.AsOfSequence);
        json.WriteStartObject("totals");
        json.WriteNumber("active_cases", f.ActiveCases);
        json.WriteNumber("open_at_start", f.OpenAtStart);
        json.WriteNumber("opened", f.Opened);
        json.WriteNumber("closed", f.Closed);
        json.WriteNumber("reopened", f.Reopened);
        json.WriteNumber("open_at_end", f.OpenAtEnd);
        json.WriteNumber("excluded_by_consent", f.ExcludedByConsent);
        json.WriteNumber("deadline_warnings", f.Warnings.Total);
        json.WriteNumber("deadline_breaches", f.Breaches.Total);
        json.WriteNumber("escalations_to_co_chairs", f.CoChairEscalations.Total);
        json.WriteNumber("cases_for_discussion", f.ForDiscussion);
        json.WriteNumber("personal_data_disclosures", f.DisclosuresByCallerParty.Total);
        json.WriteNumber("documents_filed", f.DocumentsByKind.Total);
        json.WriteNumber("cases_with_documents_filed", f.DocumentsByCase.Rows().Count);
        json.WriteEndObject();
        WriteTally(json, "cases_by_stage", f.ByStage);
        json.WriteStartArray("opened_closed_by_week");
        foreach (var week in f.Weeks)
        {
            json.WriteStartObject();
            json.WriteString("from", week.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("to", week.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("days", week.Days);
            json.WriteBoolean("partial", week.IsPartial);
            json.WriteNumber("opened", week.Opened);
            json.WriteNumber("closed", week.Closed);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteTally(json, "outcomes", f.Outcomes);
        WriteTally(json, "by_enforcement_action", f.ByEnforcementAction);
        WriteTally(json, "by_registry_ground", f.ByRegistryGround);
        WriteTally(json, "by_region", f.ByRegion);
        WriteTally(json, "ageing_days", f.Ageing);
        json.WriteStartObject("deadlines_by_owing_party");
        WriteTally(json, "warnings", f.Warnings);
        WriteTally(json, "breaches", f.Breaches);
        WriteTally(json, "escalations_to_co_chairs", f.CoChairEscalations);
        json.WriteEndObject();
        WriteTally(json, "disclosures_by_caller_party", f.DisclosuresByCallerParty);
        WriteTally(json, "documents_by_kind", f.DocumentsByKind);
        WriteTally(json, "documents_by_case", f.DocumentsByCase);
        WriteRegistry(json, f);
        json.WriteStartArray("cases_for_discussion");
        foreach (var item in discussion)
        {
            json.WriteStartObject();
            json.WriteString("reference", item.Reference);
            json.WriteString("stage", item.Stage);
            json.WriteNumber("age_days", item.AgeDays);
            json.WriteString("filing_party", item.FilingParty);
            json.WriteString("reason", item.Reason.Codes);
            json.WriteStartArray("escalation");
            foreach (var step in item.Reason.EscalationSteps)
            {
                json.WriteStringValue(step);
            }
            json.WriteEndArray();
            if (item.Reason.AwaitingParty.Length > 0)
            {
                json.WriteString("awaiting_party", item.Reason.AwaitingParty);
                json.WriteNumber("awaiting_days", item.Reason.AwaitingDays);
            }
            json.WriteNumber("breaches", item.Breaches);
            json.WriteEndObject();
            json.Flush();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The registry watch: case subjects listed and delisted in the month, and how long a "delisted" finding waited to be seen.</summary>
    private static void WriteRegistry(Utf8JsonWriter json, ReviewFigures f)
    {
        json.WriteStartObject("registry");
        json.WriteNumber("listings", f.RegistryListings);
        json.WriteNumber("delistings", f.RegistryDelistings);
        json.WriteNumber("delistings_confirming_a_remedy", f.RemedyDelistings);
        WriteTally(json, "days_from_delisted_finding_to_delisting", f.DaysToDelisting);
        json.WriteNumber("mean_days_from_delisted_finding_to_delisting", f.MeanDaysToDelisting);
        json.WriteEndObject();
    }

    private static void WriteManifest(string path, ReviewManifestInfo info, IEnumerable<BuiltFile> files)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, JsonOptions);
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("month", info.Month);
        json.WriteString("period_start", Time(info.PeriodStart));
        json.WriteString("period_end", Time(info.PeriodEnd));
        json.WriteString("time_zone", info.TimeZone);
        json.WriteNumber("as_of_sequence", info.AsOfSequence);
        json.WriteString("as_of_hash", info.AsOfHash);
        json.WriteStartObject("calendar_versions");
        foreach (var (party, version) in info.CalendarVersions)
        {
            json.WriteString(party, version);
        }
        json.WriteEndObject();
        json.WriteString("code_list_version", info.CodeListVersion);
        json.WriteString("subject_pseudonym",
            "HMAC-SHA256 of the passport number (letters and digits, upper case), hex: under the joint key (pseudonym_key JOINT) " +
            "where the subject's consent to share with the other party stood at the month's end, else under the filing party's own key (pseudonym_key RU or TJ)");
        json.WriteString("pseudonym_key_id", info.PseudonymKeyId);
        json.WriteStartObject("party_pseudonym_key_ids");
        foreach (var (party, id) in info.PartyPseudonymKeyIds)
        {
            json.WriteString(party, id);
        }
        json.WriteEndObject();
        json.WriteStartArray("files");
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("name", file.FileName);
            json.WriteString("media_type", file.MediaType);
            json.WriteNumber("size_bytes", file.SizeBytes);
            json.WriteString("sha256", file.Sha256);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTally(Utf8JsonWriter json, string name, Tally tally)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in tally.Rows())
        {
            json.WriteNumber(key, count);
        }
        json.WriteEndObject();
    }

    private static IEnumerable<DiscussionItem> ReadDiscussion(string path) => File.ReadLines(path).Select(DiscussionItem.FromLine);

    private static BuiltFile Describe(string directory, string fileName, string mediaType)
    {
        var path = Path.Combine(directory, fileName);
        using var stream = File.OpenRead(path);
        return new BuiltFile(fileName, mediaType, path, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
