using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Cases;

/// <summary>What a search key of a case's subject is made from.</summary>
public enum SearchKeyKind
{
    /// <summary>A word of any of the three spellings, folded as the list matcher folds it (<see cref="PersonNames"/>).</summary>
    Name = 1,

    /// <summary>The date of birth, <c>YYYY-MM-DD</c>.</summary>
    DateOfBirth = 2,

    /// <summary>The passport number, letters and digits in upper case.</summary>
    Passport = 3,

    /// <summary>The citizenship, as filed (an ISO 3166-1 alpha-3 code).</summary>
    Citizenship = 4,

    /// <summary>
    /// The version of the name folding the case's keys were made with (<see cref="CaseSearchKeys.FoldingVersion"/>), one
    /// per case: a start after the folding changed finds the cases without the current one and makes their keys again.
    /// </summary>
    Folding = 5,
}

/// <summary>
/// One key a case's subject is found by: a row per folded name word, date of birth, passport and citizenship,
/// indexed by kind and key, so that <c>ListCases</c> finds a subject with set-based SQL (a range over the index
/// for a name prefix) rather than reading every case.
/// </summary>
public sealed class CaseSearchKey
{
    public CaseSearchKey(string caseId, SearchKeyKind kind, string key)
    {
        CaseId = caseId;
        Kind = kind;
        Key = key;
    }

    public string CaseId { get; private set; }

    public SearchKeyKind Kind { get; private set; }

    public string Key { get; private set; }
}

/// <summary>The keys of a subject, and keeping a case's keys in step with its subject in the writer's transaction.</summary>
public static class CaseSearchKeys
{
    /// <summary>The longest key stored; longer names are cut (a prefix still finds them).</summary>
    public const int MaxKeyLength = 64;

    /// <summary>
    /// The version of <see cref="PersonNames"/>' folding; raise it whenever a name's key can change. 2: French, German,
    /// accented and pre-2014 passport spellings, the Tajik ё for я and the Tajik -ӣ ending.
    /// </summary>
    public const string FoldingVersion = "2";

    /// <summary>
    /// A subject's keys. Every word of every spelling gives its folded key and, where it has a surname ending
    /// (-ov, -eva, -zoda, …), its stem as well: so a word is found by a prefix of either, in any order of the name.
    /// </summary>
    public static IReadOnlySet<(SearchKeyKind Kind, string Key)> Of(Subject subject)
    {
        var keys = new HashSet<(SearchKeyKind, string)>();
        foreach (var word in Words(subject.NameRussian).Concat(Words(subject.NameTajik)).Concat(Words(subject.NameLatin)))
        {
            foreach (var key in new[] { PersonNames.Key(word), PersonNames.SurnameKey(word) })
            {
                if (key.Length > 0)
                {
                    keys.Add((SearchKeyKind.Name, key.Length > MaxKeyLength ? key[..MaxKeyLength] : key));
                }
            }
        }
        if (subject.DateOfBirth is { } born)
        {
            keys.Add((SearchKeyKind.DateOfBirth, DateKey(born)));
        }
        if (PersonNames.Passport(subject.PassportNumber) is { Length: > 0 } passport)
        {
            keys.Add((SearchKeyKind.Passport, passport.Length > MaxKeyLength ? passport[..MaxKeyLength] : passport));
        }
        if (subject.Citizenship.Length > 0)
        {
            keys.Add((SearchKeyKind.Citizenship, subject.Citizenship));
        }
        keys.Add((SearchKeyKind.Folding, FoldingVersion));
        return keys;
    }

    /// <summary>The words of a name, split on spaces; a hyphenated word also gives its parts (<c>Рахмон-зода</c>, <c>Рахмон</c>, <c>зода</c>).</summary>
    public static IEnumerable<string> Words(string name)
    {
        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return word;
            if (word.Contains('-', StringComparison.Ordinal))
            {
                foreach (var part in word.Split('-', StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return part;
                }
            }
        }
    }

    /// <summary>A date of birth as a key: <c>1990-04-12</c>.</summary>
    public static string DateKey(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Brings the stored keys of <paramref name="c"/> in step with its subject, in the session's transaction: the
    /// keys no longer true are removed, new ones added (a change that leaves the subject alone changes nothing).
    /// </summary>
    public static async Task SyncAsync(WriteSession session, Case c)
    {
        var wanted = Of(c.Subject);
        session.TrackFiledSearchKeys(c.Id);
        // Loads what is stored into the tracker; the tracker then also holds what this batch added and removed.
        await session.Db.CaseSearchKeys.Where(k => k.CaseId == c.Id).LoadAsync();
        var held = session.Db.ChangeTracker.Entries<CaseSearchKey>()
            .Where(e => e.Entity.CaseId == c.Id && e.State is not (EntityState.Deleted or EntityState.Detached))
            .Select(e => e.Entity)
            .ToList();
        foreach (var stale in held.Where(k => !wanted.Contains((k.Kind, k.Key))))
        {
            session.Db.CaseSearchKeys.Remove(stale);
        }
        var kept = held.Select(k => (k.Kind, k.Key)).ToHashSet();
        foreach (var (kind, key) in wanted.Where(k => !kept.Contains(k)))
        {
            var deleted = session.Db.ChangeTracker.Entries<CaseSearchKey>()
                .FirstOrDefault(e => e.State == EntityState.Deleted && e.Entity.CaseId == c.Id && e.Entity.Kind == kind && e.Entity.Key == key);
            if (deleted is not null)
            {
                deleted.State = EntityState.Unchanged; // removed earlier in this batch and wanted again
            }
            else
            {
                session.Db.CaseSearchKeys.Add(new CaseSearchKey(c.Id, kind, key));
            }
        }
    }

    /// <summary>Keys of a case just filed: nothing is stored yet, so they are inserted as they are, after the case.</summary>
    public static void AddFor(WriteSession session, Case c) =>
        session.AddFiledSearchKeys(Of(c.Subject).Select(k => new CaseSearchKey(c.Id, k.Kind, k.Key)));
}

public sealed class CaseSearchKeyConfiguration : IEntityTypeConfiguration<CaseSearchKey>
{
    public void Configure(EntityTypeBuilder<CaseSearchKey> builder)
    {
        builder.ToTable("CaseSearchKeys");
        builder.HasKey(k => new { k.CaseId, k.Kind, k.Key });
        builder.Property(k => k.CaseId).HasMaxLength(32);
        builder.Property(k => k.Key).HasMaxLength(CaseSearchKeys.MaxKeyLength);
        builder.HasOne<Case>().WithMany().HasForeignKey(k => k.CaseId).OnDelete(DeleteBehavior.Cascade);
        // Covering: a search reads the case IDs straight from the index, a name prefix as a range of it.
        builder.HasIndex(k => new { k.Kind, k.Key, k.CaseId });
    }
}
