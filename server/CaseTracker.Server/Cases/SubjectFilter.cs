using System.Globalization;
using System.Linq.Expressions;
using CaseTracker.Server.Reconciliation;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The subject's fields in a <c>ListCases</c> filter, each a lookup in the search keys (<see cref="CaseSearchKey"/>):
/// <c>c.Id IN (SELECT CaseId FROM CaseSearchKeys WHERE Kind = … AND Key …)</c>, answered from the keys' index.
/// </summary>
public sealed class SubjectFilter(IQueryable<CaseSearchKey> keys, Actor viewer)
{
    /// <summary>
    /// <c>subject.name : "…"</c>: every word of the text, folded as the list matcher folds names, finds a word of one
    /// of the subject's spellings, in any order: a whole surname (one with its ending, -ov, -eva, -zoda, …) finds the
    /// same stem whatever its ending (<c>Рахмонов</c> finds <c>Раҳмонзода</c>, not <c>Рахмонбердиев</c>); any other
    /// word is the start of a word (<c>рахмон</c>, <c>farr</c>).
    /// </summary>
    public Expression<Func<Case, bool>> Name(string op, FilterValue value)
    {
        var text = AipFilter<Case>.RequireString("subject.name", op, value, ":");
        var words = CaseSearchKeys.Words(text).Select(NameWord.Of).Where(w => w.Key.Length > 0).Distinct().ToList();
        if (words.Count == 0)
        {
            throw AipFilter<Case>.Invalid("subject.name needs at least one letter of a name");
        }
        // The likely narrowest word (a whole stem, else the longest prefix) gives the set of case IDs the database starts
        // from, through the keys' index; each other word is then checked on those cases only, through the keys' key.
        var ordered = words.OrderByDescending(w => w.WholeStem).ThenByDescending(w => w.Key.Length).ToList();
        var first = ordered[0].WholeStem ? Ids(SearchKeyKind.Name, ordered[0].Key) : NamePrefixIds(ordered[0].Key);
        Expression<Func<Case, bool>> clause = c => first.Contains(c.Id);
        return ordered.Skip(1).Select(HasWord).Aggregate(clause, And);
    }

    /// <summary>A word of a name search: a stem to find whole, or the start of a word.</summary>
    private readonly record struct NameWord(string Key, bool WholeStem)
    {
        public static NameWord Of(string word)
        {
            var key = Cut(PersonNames.Key(word));
            var stem = Cut(PersonNames.SurnameKey(word));
            return stem.Length < key.Length ? new NameWord(stem, true) : new NameWord(key, false);
        }

        private static string Cut(string key) => key.Length > CaseSearchKeys.MaxKeyLength ? key[..CaseSearchKeys.MaxKeyLength] : key;
    }

    /// <summary><c>subject.date_of_birth = 1990-04-12</c>.</summary>
    public Expression<Func<Case, bool>> DateOfBirth(string op, FilterValue value)
    {
        if (op != "=" || !DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw AipFilter<Case>.Invalid($"subject.date_of_birth takes = and a date such as 1990-04-12; got '{op} {value.Text}'");
        }
        return Has(SearchKeyKind.DateOfBirth, CaseSearchKeys.DateKey(date));
    }

    /// <summary><c>subject.citizenship = TJK</c>: the ISO 3166-1 alpha-3 code, in any case.</summary>
    public Expression<Func<Case, bool>> Citizenship(string op, FilterValue value)
    {
        if (op != "=" || value.Text.Length == 0)
        {
            throw AipFilter<Case>.Invalid("subject.citizenship takes = and a country code such as TJK");
        }
        return Has(SearchKeyKind.Citizenship, value.Text.Trim().ToUpperInvariant());
    }

    /// <summary>
    /// <c>subject.passport_number = "…"</c>, compared as letters and digits in upper case, and only on the cases
    /// whose passport the caller may see (the caller's party's own, those whose subject consented to share with it,
    /// and every case for a co-chair): a case whose passport is withheld from the caller is never found by it, so
    /// the filter cannot tell anyone whether such a case carries a passport.
    /// </summary>
    public Expression<Func<Case, bool>> PassportNumber(string op, FilterValue value)
    {
        var text = AipFilter<Case>.RequireString("subject.passport_number", op, value, "=");
        var passport = PersonNames.Passport(text);
        if (passport.Length == 0)
        {
            throw AipFilter<Case>.Invalid("subject.passport_number needs letters or digits");
        }
        return And(Has(SearchKeyKind.Passport, passport), PassportVisible());
    }

    /// <summary>The SQL form of the disclosure rule for passports (<see cref="Disclosures.DisclosureRule.MayDisclose(Party, bool, Actor)"/>).</summary>
    private Expression<Func<Case, bool>> PassportVisible()
    {
        if (viewer.Role == Role.CoChair)
        {
            return c => true;
        }
        var party = viewer.Party;
        return c => c.FilingParty == party
            || (c.Consent != null && c.Consent.ShareWithOtherParty && c.Consent.WithdrawTime == null);
    }

    private Expression<Func<Case, bool>> Has(SearchKeyKind kind, string key)
    {
        var ids = Ids(kind, key);
        return c => ids.Contains(c.Id);
    }

    private IQueryable<string> Ids(SearchKeyKind kind, string key) => keys.Where(k => k.Kind == kind && k.Key == key).Select(k => k.CaseId);

    /// <summary>The case has a name key equal to the stem, or starting with the prefix: looked up by the case.</summary>
    private Expression<Func<Case, bool>> HasWord(NameWord word)
    {
        var key = word.Key;
        if (word.WholeStem)
        {
            return c => keys.Any(k => k.CaseId == c.Id && k.Kind == SearchKeyKind.Name && k.Key == key);
        }
        var next = NextPrefix(key);
        return next is null
            ? c => keys.Any(k => k.CaseId == c.Id && k.Kind == SearchKeyKind.Name && string.Compare(k.Key, key) >= 0)
            : c => keys.Any(k => k.CaseId == c.Id && k.Kind == SearchKeyKind.Name && string.Compare(k.Key, key) >= 0 && string.Compare(k.Key, next) < 0);
    }

    /// <summary>Keys starting with <paramref name="prefix"/>, as a range of the index: [prefix, the next prefix).</summary>
    private IQueryable<string> NamePrefixIds(string prefix)
    {
        var next = NextPrefix(prefix);
        return next is null
            ? keys.Where(k => k.Kind == SearchKeyKind.Name && string.Compare(k.Key, prefix) >= 0).Select(k => k.CaseId)
            : keys.Where(k => k.Kind == SearchKeyKind.Name && string.Compare(k.Key, prefix) >= 0 && string.Compare(k.Key, next) < 0).Select(k => k.CaseId);
    }

    /// <summary>
    /// The first string after every string that starts with <paramref name="prefix"/>, among keys of the letters a–z:
    /// the last letter below z moved up by one (<c>rahm</c> → <c>rahn</c>, <c>raz</c> → <c>rb</c>); none for a run of z.
    /// </summary>
    private static string? NextPrefix(string prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] >= 'z')
        {
            end--;
        }
        return end == 0 ? null : string.Concat(prefix.AsSpan(0, end - 1), [(char)(prefix[end - 1] + 1)]);
    }

    private static Expression<Func<Case, bool>> And(Expression<Func<Case, bool>> left, Expression<Func<Case, bool>> right)
    {
        var body = Expression.AndAlso(left.Body, new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body));
        return Expression.Lambda<Func<Case, bool>>(body, left.Parameters);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
