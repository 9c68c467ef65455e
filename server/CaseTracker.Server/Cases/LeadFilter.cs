using System.Linq.Expressions;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The lead investigator in a <c>ListCases</c> filter: <c>lead_investigators.investigator_id = "tj.karimova"</c> finds
/// the cases whose lead of the caller's party is that investigator, and <c>lead_investigators.party = TJ</c> names
/// another party for it (alone, the cases that party has a lead on). Both comparisons describe one lead, so they are
/// combined after the parse into one lookup in the leads' index (<see cref="CaseLead"/>):
/// <c>c.Id IN (SELECT CaseId FROM CaseLeads WHERE Party = … AND InvestigatorId = …)</c>.
/// </summary>
public sealed class LeadFilter(IQueryable<CaseLead> leads, Actor viewer)
{
    private const string IdField = "lead_investigators.investigator_id";
    private const string PartyField = "lead_investigators.party";

    private string? _investigatorId;
    private Party? _party;

    /// <summary><c>lead_investigators.investigator_id = "…"</c>: a user ID as its party issues it, compared exactly.</summary>
    public Expression<Func<Case, bool>>? InvestigatorId(string op, FilterValue value)
    {
        var id = AipFilter<Case>.RequireString(IdField, op, value, "=");
        if (id.Length > RequestValidator.MaxShortText)
        {
            throw AipFilter<Case>.Invalid($"{IdField} is at most {RequestValidator.MaxShortText} characters");
        }
        if (_investigatorId is not null)
        {
            throw AipFilter<Case>.Invalid($"{IdField} is given twice; a case has one lead per party");
        }
        _investigatorId = id;
        return null;
    }

    /// <summary><c>lead_investigators.party = RU</c>: whose lead is meant (the caller's party when not given).</summary>
    public Expression<Func<Case, bool>>? Party(string op, FilterValue value)
    {
        if (op != "=")
        {
            throw AipFilter<Case>.Invalid($"{PartyField} takes =");
        }
        var party = AipFilter<Case>.EnumValue<V1.Party, Party>(value);
        if (_party is not null)
        {
            throw AipFilter<Case>.Invalid($"{PartyField} is given twice");
        }
        _party = party;
        return null;
    }

    /// <summary>The one predicate of the lead comparisons parsed, or null when the filter has none.</summary>
    public Expression<Func<Case, bool>>? Clause()
    {
        if (_investigatorId is null && _party is null)
        {
            return null;
        }
        var party = _party ?? viewer.Party;
        var id = _investigatorId;
        var ids = id is null
            ? leads.Where(l => l.Party == party).Select(l => l.CaseId)
            : leads.Where(l => l.Party == party && l.InvestigatorId == id).Select(l => l.CaseId);
        return c => ids.Contains(c.Id);
    }
}
