using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Cases;

/// <summary>
/// A stored answer about a case, replayed as the caller may have it now. The answer was kept as it was given —
/// whole for the filing party — and is not rewritten; what goes out again is checked against the case as it is
/// now: the caller's relation to it (a lead replaced since, another party's case) as a fresh call would check
/// it, and the subject's personal data withheld where the rules say so now (consent withdrawn since).
/// </summary>
public static class CaseReplays
{
    /// <summary>A stored case, after the caller's relation to the case is checked again and personal data withheld.</summary>
    public static async Task<V1.Case> CaseAsync(WriteSession session, V1.Case stored, Actor caller, string method)
    {
        var now = await CaseAccess.FindToChangeAsync(session, stored.Name, caller, method);
        return Disclosed(stored, now, caller);
    }

    /// <summary>A stored note, after the caller's relation to its case is checked again.</summary>
    public static async Task<V1.Note> NoteAsync(WriteSession session, V1.Note stored, string parent, Actor caller, string method)
    {
        await CaseAccess.FindToChangeAsync(session, parent, caller, method);
        return stored;
    }

    /// <summary>
    /// A replayed case's personal data withheld by <see cref="DisclosureRule"/> as the case is now (the stored answer
    /// carries the consent as it was): what a fresh answer would withhold, taken out of the stored one.
    /// </summary>
    private static V1.Case Disclosed(V1.Case stored, Case now, Actor viewer)
    {
        if (DisclosureRule.MayDisclose(now, viewer) || stored.Subject is null)
        {
            return stored;
        }
        var shown = stored.Clone();
        DisclosureRule.Withhold(shown);
        return shown;
    }
}
