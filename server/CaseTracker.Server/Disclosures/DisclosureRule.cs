using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Disclosures;

/// <summary>
/// The one rule for a subject's personal data in a response: who may see a subject's passport number and contact
/// details, and a list record's passport number. Every response carrying them passes through here (through
/// <see cref="SubjectDisclosures"/> at the edge of each endpoint), so no endpoint decides it for itself.
/// </summary>
/// <remarks>
/// Personal data is held by a party: a case's by its filing party, a list record's by the party that imported the
/// list. The holder's people and the co-chairs see it whole; the other party sees it only while the subject's
/// consent to share with it stands — for a list record, the consent on the case of the holder that the record
/// matched (MATCHED_OPEN_CASE or MATCHED_CLOSED_CASE), so nothing of an unmatched record. The rule applies to the
/// contract's messages, so a stored response (a replay) can be passed through it again before it is returned.
/// </remarks>
public static class DisclosureRule
{
    public const string SubjectPassport = "subject.passport_number";

    public const string SubjectContact = "subject.contact";

    public const string RecordPassport = "record.passport_number";

    /// <summary>The fields of a case withheld from a caller who may not see the subject's personal data.</summary>
    public static readonly IReadOnlyList<string> CaseFields = [SubjectPassport, SubjectContact];

    /// <summary>The fields of a list record withheld from a caller who may not see them.</summary>
    public static readonly IReadOnlyList<string> RecordFields = [RecordPassport];

    /// <summary>Whether <paramref name="viewer"/> may see the personal data <paramref name="holder"/> holds about a subject.</summary>
    public static bool MayDisclose(Party holder, bool consentToShareStands, Actor viewer) =>
        viewer.Role == Role.CoChair || PartyMaySee(viewer.Party, holder, consentToShareStands);

    /// <summary>
    /// Whether <paramref name="party"/>'s people (its co-chair aside) may see what <paramref name="holder"/> holds
    /// about a subject: what the whole party may be told, for example by matching a list it imported.
    /// </summary>
    public static bool PartyMaySee(Party party, Party holder, bool consentToShareStands) => party == holder || consentToShareStands;

    /// <summary>Whether <paramref name="viewer"/> may see the subject's passport number and contact details of <paramref name="c"/>.</summary>
    public static bool MayDisclose(Case c, Actor viewer) => MayDisclose(c.FilingParty, ConsentToShareStands(c.Consent), viewer);

    /// <summary>Whether the subject's consent to share with the other party stands, as the contract carries it.</summary>
    public static bool ConsentToShareStands(V1.Consent? consent) => consent is { ShareWithOtherParty: true, WithdrawTime: null };

    /// <summary>Whether the subject's consent to share with the other party stands, as the case holds it.</summary>
    public static bool ConsentToShareStands(Consent? consent) => consent is { Stands: true, ShareWithOtherParty: true };

    /// <summary>
    /// Withholds from <paramref name="c"/> what <paramref name="viewer"/> may not see, in place, and lists what it
    /// still shows to someone outside the filing party (the disclosures to record); applying it twice changes nothing.
    /// </summary>
    public static IReadOnlyList<string> Apply(V1.Case c, Actor viewer)
    {
        var holder = (Party)c.FilingParty;
        if (!MayDisclose(holder, ConsentToShareStands(c.Consent), viewer))
        {
            Withhold(c);
            return [];
        }
        return viewer.Party == holder ? [] : Shown(c.Subject);
    }

    /// <summary>
    /// Withholds from <paramref name="result"/>, a record of <paramref name="listParty"/>'s list, what
    /// <paramref name="viewer"/> may not see, in place, and lists what it still shows to someone outside that party.
    /// <paramref name="matchedCaseConsents"/>: the record matched a case of <paramref name="listParty"/> whose
    /// subject's consent to share stands.
    /// </summary>
    public static IReadOnlyList<string> Apply(V1.ReconciliationResult result, Party listParty, bool matchedCaseConsents, Actor viewer)
    {
        if (!MayDisclose(listParty, matchedCaseConsents && IsMatchedToCase(result), viewer))
        {
            result.Record ??= new V1.PersonRecord();
            result.Record.PassportNumber = string.Empty;
            result.RedactedFields.Clear();
            result.RedactedFields.Add(RecordFields);
            return [];
        }
        return viewer.Party == listParty || result.Record is not { PassportNumber.Length: > 0 } ? [] : RecordFields;
    }

    /// <summary>Whether the record's outcome is a match to a case (its <c>matched_case</c> is the person, not a candidate).</summary>
    public static bool IsMatchedToCase(V1.ReconciliationResult result) =>
        result.Outcome is V1.ReconciliationOutcome.MatchedOpenCase or V1.ReconciliationOutcome.MatchedClosedCase && result.MatchedCase.Length > 0;

    /// <summary>Empties the case's passport number and contact details and lists them in <c>redacted_fields</c>, once.</summary>
    public static void Withhold(V1.Case c)
    {
        if (c.Subject is { } subject)
        {
            subject.PassportNumber = string.Empty;
            subject.Contact = null;
        }
        c.RedactedFields.Clear();
        c.RedactedFields.Add(CaseFields);
    }

    private static IReadOnlyList<string> Shown(V1.Subject? subject)
    {
        if (subject is null)
        {
            return [];
        }
        var contact = subject.Contact is { } d && (d.Phone.Length > 0 || d.Email.Length > 0 || d.Address.Length > 0);
        return (subject.PassportNumber.Length > 0, contact) switch
        {
            (true, true) => CaseFields,
            (true, false) => [SubjectPassport],
            (false, true) => [SubjectContact],
            _ => [],
        };
    }
}
