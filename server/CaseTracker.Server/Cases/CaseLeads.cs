using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Cases;

/// <summary>
/// A party's lead investigator of a case, one row per case and party, indexed by party and investigator so that
/// <c>ListCases</c> finds the cases someone leads with an index lookup (<c>lead_investigators.investigator_id</c>)
/// rather than reading every case's <see cref="Case.LeadInvestigators"/>.
/// </summary>
public sealed class CaseLead
{
    public CaseLead(string caseId, Party party, string investigatorId)
    {
        CaseId = caseId;
        Party = party;
        InvestigatorId = investigatorId;
    }

    public string CaseId { get; private set; }

    public Party Party { get; private set; }

    public string InvestigatorId { get; private set; }

    public void Reassign(string investigatorId) => InvestigatorId = investigatorId;
}

/// <summary>Keeps a case's <see cref="CaseLead"/> rows in step with its leads, in the writer's transaction.</summary>
public static class CaseLeads
{
    /// <summary>The rows of a case just filed: nothing is stored yet.</summary>
    public static void AddFor(WriteSession session, Case c)
    {
        foreach (var lead in c.LeadInvestigators)
        {
            session.Db.CaseLeads.Add(new CaseLead(c.Id, lead.Party, lead.InvestigatorId));
        }
    }

    /// <summary>Brings the stored rows of <paramref name="c"/> in step with its leads after a change that moved them.</summary>
    public static async Task SyncAsync(WriteSession session, Case c)
    {
        // Loads what is stored into the tracker; Local then also holds what this batch added, less what it removed.
        await session.Db.CaseLeads.Where(l => l.CaseId == c.Id).LoadAsync();
        var held = session.Db.CaseLeads.Local.Where(l => l.CaseId == c.Id).ToList();
        foreach (var gone in held.Where(h => c.LeadInvestigators.All(l => l.Party != h.Party)))
        {
            session.Db.CaseLeads.Remove(gone);
        }
        foreach (var lead in c.LeadInvestigators)
        {
            if (held.FirstOrDefault(h => h.Party == lead.Party) is { } row)
            {
                row.Reassign(lead.InvestigatorId);
            }
            else
            {
                session.Db.CaseLeads.Add(new CaseLead(c.Id, lead.Party, lead.InvestigatorId));
            }
        }
    }
}

public sealed class CaseLeadConfiguration : IEntityTypeConfiguration<CaseLead>
{
    public void Configure(EntityTypeBuilder<CaseLead> builder)
    {
        builder.ToTable("CaseLeads");
        builder.HasKey(l => new { l.CaseId, l.Party });
        builder.Property(l => l.CaseId).HasMaxLength(32);
        // As long as the token's subject that filed the case: no limit of its own.
        builder.HasOne<Case>().WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        // Covering: the cases a party's investigator leads are read straight from the index.
        builder.HasIndex(l => new { l.Party, l.InvestigatorId, l.CaseId });
    }
}
