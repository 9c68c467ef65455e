using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reconciliation;

/// <summary>The persons a list is checked against: the subjects of cases, and the other party's returned-home lists.</summary>
public sealed record KnownPersons(PersonMatcher Cases, PersonMatcher ReturnedHome);

/// <summary>
/// Indexes the persons a list is checked against. Case subjects are read for each import (cases change every day).
/// A returned-home list's index is kept: its records are stored once and never edited — a reviewer's decision
/// changes an outcome, never a name, a date of birth or a passport, and never makes a record valid or invalid — so
/// an index stays right for as long as its list holds the same number of records. It is built once, from the
/// records the list's own import matched or else from the database, and reused by every import checked against
/// that list, on any node: another node's change to a list shows in its record count. A list whose records were erased at the end of
/// its retention period (<c>RecordsEraseTime</c>) is not checked against any more.
/// </summary>
public sealed class KnownPersonIndexes(IOptions<ReconciliationOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _lists = new(StringComparer.Ordinal);
    private long _used;

    /// <summary>The persons a list from <paramref name="importingParty"/> is checked against.</summary>
    public async Task<KnownPersons> LoadAsync(CaseTrackerDbContext db, Party importingParty, CancellationToken cancellationToken)
    {
        var cases = await LoadCasesAsync(db, importingParty, cancellationToken);
        var lists = await db.PersonLists.AsNoTracking()
            .Where(l => l.Kind == PersonListKind.ReturnedHomeList && l.SourceParty != importingParty && l.RecordsEraseTime == null)
            .OrderBy(l => l.Name)
            .Select(l => new { l.Name, l.Records })
            .ToListAsync(cancellationToken);
        var indexes = new List<PersonIndex>(lists.Count);
        foreach (var list in lists)
        {
            indexes.Add(Cached(list.Name, list.Records) ?? Keep(list.Name, list.Records, await LoadListAsync(db, list.Name, cancellationToken)));
        }
        return new KnownPersons(new PersonMatcher([cases]), new PersonMatcher(indexes));
    }

    /// <summary>
    /// Keeps the index a returned-home list's import built from the records it matched and stored, when they are
    /// all of the list's valid records (an import resumed after a drop stored only part of them: it keeps nothing).
    /// </summary>
    public void Offer(PersonList list, IReadOnlyCollection<(KnownPerson Person, PersonKeys Keys)> stored)
    {
        if (list.Kind == PersonListKind.ReturnedHomeList && stored.Count == list.Records - list.Invalid && Cached(list.Name, list.Records) is null)
        {
            Keep(list.Name, list.Records, PersonIndex.Of(stored));
        }
    }

    /// <summary>Drops the index kept of a list whose records were erased (an erased list is not loaded again).</summary>
    public void Forget(string list)
    {
        lock (_gate)
        {
            _lists.Remove(list);
        }
    }

    /// <summary>Whether an index of this many records may be kept at all.</summary>
    public bool CanKeep(long records) => records <= options.Value.IndexedRecordsInMemory;

    /// <summary>How many returned-home records are indexed in memory now.</summary>
    public long IndexedRecords
    {
        get
        {
            lock (_gate)
            {
                return _lists.Values.Sum(e => (long)e.Index.Count);
            }
        }
    }

    /// <summary>A returned-home record as a known person: the record's name is its reference.</summary>
    public static KnownPerson ReturnedHomePerson(string list, long line, string surname, string givenName, DateOnly? born, string passport) =>
        new(KnownSource.ReturnedHome, ReconciliationNames.Record(list, line), surname, givenName, born, passport);

    private PersonIndex? Cached(string list, long records)
    {
        lock (_gate)
        {
            if (_lists.TryGetValue(list, out var entry) && entry.Records == records)
            {
                entry.LastUsed = ++_used;
                return entry.Index;
            }
            return null;
        }
    }

    private PersonIndex Keep(string list, long records, PersonIndex index)
    {
        var limit = options.Value.IndexedRecordsInMemory;
        lock (_gate)
        {
            _lists.Remove(list);
            if (!CanKeep(index.Count))
            {
                // Too large to keep at all: used for this import only, and nothing else is dropped for it.
                return index;
            }
            var held = _lists.Values.Sum(e => (long)e.Index.Count);
            foreach (var stale in _lists.OrderBy(pair => pair.Value.LastUsed).ToList())
            {
                if (held + index.Count <= limit)
                {
                    break;
                }
                _lists.Remove(stale.Key);
                held -= stale.Value.Index.Count;
            }
            _lists[list] = new Entry(records, index) { LastUsed = ++_used };
        }
        return index;
    }

    /// <summary>
    /// The case subjects, each passport marked withheld where the importing party may not see it: a reconciliation's
    /// results are the importing party's, so its passport matches only on cases its people may see whole.
    /// </summary>
    private static async Task<PersonIndex> LoadCasesAsync(CaseTrackerDbContext db, Party importingParty, CancellationToken cancellationToken)
    {
        var known = new List<KnownPerson>();
        var subjects = db.Cases.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.Stage, c.FilingParty, c.Consent,
                c.Subject.NameRussian, c.Subject.NameTajik, c.Subject.NameLatin, c.Subject.DateOfBirth, c.Subject.PassportNumber,
            })
            .AsAsyncEnumerable();
        await foreach (var s in subjects.WithCancellation(cancellationToken))
        {
            var name = new[] { s.NameRussian, s.NameTajik, s.NameLatin }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? string.Empty;
            var (surname, given) = PersonNames.Split(name);
            known.Add(new KnownPerson(s.Stage == Stage.Closed ? KnownSource.ClosedCase : KnownSource.OpenCase, CaseNames.Format(s.Id), surname, given,
                s.DateOfBirth, s.PassportNumber, PassportWithheld: !PartySeesPassport(importingParty, s.FilingParty, s.Consent)));
        }
        return PersonIndex.Of(known);
    }

    /// <summary>
    /// <see cref="DisclosureRule.PartyMaySee"/> for the importing party's people: the filing party sees its
    /// subjects' passports, the other party only while the subject's consent to share with it stands. (A co-chair
    /// importing does so for their party, whose people read the results.)
    /// </summary>
    private static bool PartySeesPassport(Party importingParty, Party filingParty, Consent? consent) =>
        DisclosureRule.PartyMaySee(importingParty, filingParty, DisclosureRule.ConsentToShareStands(consent));

    private static async Task<PersonIndex> LoadListAsync(CaseTrackerDbContext db, string list, CancellationToken cancellationToken)
    {
        var known = new List<KnownPerson>();
        var rows = db.PersonListRows.AsNoTracking()
            .Where(r => r.List == list && r.Outcome != ReconciliationOutcome.Invalid)
            // A valid record's date is its text, checked on import: read as text, it is parsed by the list's own reader.
            .Select(r => new { r.Line, r.Surname, r.GivenName, r.DateOfBirthText, r.PassportNumber })
            .AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            DateOnly? born = PersonListReconciler.TryParseDate(r.DateOfBirthText, out var date) ? date : null;
            known.Add(ReturnedHomePerson(list, r.Line, r.Surname, r.GivenName, born, r.PassportNumber));
        }
        return PersonIndex.Of(known);
    }

    private sealed record Entry(long Records, PersonIndex Index)
    {
        public long LastUsed { get; set; }
    }
}
