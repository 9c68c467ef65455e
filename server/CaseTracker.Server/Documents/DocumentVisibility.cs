using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Documents;

/// <summary>
/// Who sees a document: its filing party and the co-chairs always; the other party once it is shared, unless it is
/// sealed, and a personal-data document only as <see cref="DisclosureRule"/> allows the subject's passport and
/// contacts (while the subject's consent to share stands). A document held from the caller is refused like one that
/// does not exist, so nobody learns that it does.
/// </summary>
public static class DocumentVisibility
{
    public static bool MaySee(Document d, Case c, Actor viewer) => MaySee(d, DisclosureRule.ConsentToShareStands(c.Consent), viewer);

    public static bool MaySee(Document d, bool consentToShareStands, Actor viewer)
    {
        if (viewer.Role == Role.CoChair || viewer.Party == d.FilingParty)
        {
            return true;
        }
        if (d.Sealed || !d.Shared)
        {
            return false;
        }
        return !d.PersonalData || DisclosureRule.MayDisclose(d.FilingParty, consentToShareStands, viewer);
    }

    /// <summary>The documents of a case <paramref name="viewer"/> may see, as a query.</summary>
    public static IQueryable<Document> VisibleTo(IQueryable<Document> documents, Case c, Actor viewer)
    {
        if (viewer.Role == Role.CoChair)
        {
            return documents;
        }
        var consent = DisclosureRule.ConsentToShareStands(c.Consent);
        var party = viewer.Party;
        return documents.Where(d => d.FilingParty == party || (!d.Sealed && d.Shared && (!d.PersonalData || consent)));
    }

    /// <summary>Whether giving <paramref name="viewer"/> the content is a disclosure of the subject's personal data.</summary>
    public static bool IsDisclosure(Document d, Actor viewer) => d.PersonalData && viewer.Party != d.FilingParty;

    /// <summary>The field a disclosure of a document's content is recorded under.</summary>
    public const string ContentField = "document.content";

    public static DocumentRuleException NotVisible(string name, Actor viewer) =>
        new(ErrorReasons.DocumentNotVisible,
            $"{name} is not a document you can see as {viewer.Party}: it does not exist, or its filing party has not shared it " +
            "with your party, or it is sealed, or it holds personal data the subject has not consented to share.",
            RefusalKind.Denied, new Dictionary<string, string> { ["name"] = name });
}
