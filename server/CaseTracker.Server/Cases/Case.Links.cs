namespace CaseTracker.Server.Cases;

/// <summary>Links between cases (duplicate of, same person, same decision, related), recorded on both cases.</summary>
public sealed partial class Case
{
    /// <summary>
    /// Links this case to <paramref name="other"/>, recording the link on both; gives the event of each.
    /// A link is one per pair of cases: a second of any kind is refused (unlink first to change its kind).
    /// </summary>
    public (CaseEventDraft This, CaseEventDraft Other) LinkTo(Case other, LinkKind kind, string reason, Actor actor, DateTime now)
    {
        if (other.Id == Id)
        {
            throw new CaseRuleException(CaseRuleReasons.SameCase, "A case cannot be linked to itself.");
        }
        if (LinkWith(other.Id) is { } existing)
        {
            throw new CaseRuleException(CaseRuleReasons.AlreadyLinked,
                $"The cases are already linked ({existing.Kind}); unlink them first to link them otherwise.");
        }
        AddLinks(other, kind, reason, actor, now);
        Touch(now);
        other.Touch(now);
        return (Linked(CaseEventType.CasesLinked, other.Id, kind, reason), Linked(CaseEventType.CasesLinked, Id, CaseLink.Inverse(kind), reason));
    }

    /// <summary>Removes the link between this case and <paramref name="other"/> from both; gives the event of each.</summary>
    public (CaseEventDraft This, CaseEventDraft Other) UnlinkFrom(Case other, string reason, DateTime now)
    {
        var link = LinkWith(other.Id)
            ?? throw new CaseRuleException(CaseRuleReasons.NotLinked, "The cases are not linked.");
        var duplicate = link.Kind == LinkKind.DuplicateOf ? this : link.Kind == LinkKind.HasDuplicate ? other : null;
        if (duplicate is { IsOpen: false })
        {
            // A case closed as a duplicate rests on this link: without it the record would hold a duplicate of nothing.
            throw new CaseRuleException(CaseRuleReasons.Closed,
                $"{CaseNames.Format(duplicate.Id)} was closed as a duplicate through this link, which stays while it is closed; reopen it first to unlink the cases.");
        }
        RemoveLinks(other);
        Touch(now);
        other.Touch(now);
        return (Linked(CaseEventType.CasesUnlinked, other.Id, link.Kind, reason), Linked(CaseEventType.CasesUnlinked, Id, CaseLink.Inverse(link.Kind), reason));
    }

    /// <summary>
    /// Closes this open case, in any stage, with outcome DUPLICATE in favour of <paramref name="original"/>, an open
    /// case; links the two (duplicate of / has duplicate) unless they are already so linked. Gives the event of each:
    /// the original's names the notes of this case, which stay readable here.
    /// </summary>
    public (CaseEventDraft This, CaseEventDraft Original) CloseAsDuplicateOf(
        Case original, string reason, IReadOnlyList<string> notes, Actor actor, DateTime now)
    {
        RequireOpen();
        if (original.Id == Id)
        {
            throw new CaseRuleException(CaseRuleReasons.SameCase, "A case cannot be a duplicate of itself.");
        }
        original.RequireOpen();
        var link = LinkWith(original.Id);
        if (link is not { Kind: LinkKind.DuplicateOf })
        {
            RemoveLinks(original);
            AddLinks(original, LinkKind.DuplicateOf, reason, actor, now);
        }
        var from = Stage;
        Close(Cases.Outcome.Duplicate, reason, now);
        Touch(now);
        original.Touch(now);
        return (
            CaseEventDraft.Of(CaseEventType.ClosedAsDuplicate,
                ("from_stage", from.ToString()), ("to_stage", Stage.ToString()), ("original", CaseNames.Format(original.Id)), ("reason", reason)),
            CaseEventDraft.Of(CaseEventType.DuplicateClosed,
                ("case", CaseNames.Format(Id)), ("reason", reason), ("notes", string.Join(",", notes))));
    }

    /// <summary>The link between this case and another, if any.</summary>
    public CaseLink? LinkWith(string caseId) => Links.FirstOrDefault(l => l.CaseId == caseId);

    /// <summary>Records the link on both cases: <paramref name="kind"/> here, its inverse on <paramref name="other"/>.</summary>
    private void AddLinks(Case other, LinkKind kind, string reason, Actor actor, DateTime now)
    {
        Links = [.. Links, new CaseLink(other.Id, kind, actor.Id, actor.Party, reason, now)];
        other.Links = [.. other.Links, new CaseLink(Id, CaseLink.Inverse(kind), actor.Id, actor.Party, reason, now)];
    }

    /// <summary>Removes the link between the two cases from both, if there is one.</summary>
    private void RemoveLinks(Case other)
    {
        Links = [.. Links.Where(l => l.CaseId != other.Id)];
        other.Links = [.. other.Links.Where(l => l.CaseId != Id)];
    }

    private static CaseEventDraft Linked(CaseEventType type, string otherId, LinkKind kind, string reason) =>
        CaseEventDraft.Of(type, ("case", CaseNames.Format(otherId)), ("kind", kind.ToString()), ("reason", reason));
}
