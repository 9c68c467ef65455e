using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Reconciliation;

public sealed class PersonListConfiguration : IEntityTypeConfiguration<PersonList>
{
    public void Configure(EntityTypeBuilder<PersonList> builder)
    {
        builder.ToTable("PersonLists");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(80);
        builder.Ignore(l => l.OutcomeCounts);
        builder.HasIndex(l => new { l.Kind, l.SourceParty });
    }
}

public sealed class PersonListRowConfiguration : IEntityTypeConfiguration<PersonListRow>
{
    public void Configure(EntityTypeBuilder<PersonListRow> builder)
    {
        builder.ToTable("PersonListRows");
        // The key makes a record's second arrival (a resent or resumed import) a no-op.
        builder.HasKey(r => new { r.List, r.Line });
        builder.HasOne<PersonList>().WithMany().HasForeignKey(r => r.List).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.List, r.Outcome, r.Line });
        // A registry snapshot is compared with the previous one by person: each side looks the other up by key.
        builder.HasIndex(r => new { r.List, r.PersonKey });
        // A person's history finds the records reconciled to their cases by the case (People/PersonHistory).
        builder.HasIndex(r => r.MatchedCase);
    }
}

public sealed class MatchDecisionConfiguration : IEntityTypeConfiguration<MatchDecisionRecord>
{
    public void Configure(EntityTypeBuilder<MatchDecisionRecord> builder)
    {
        builder.ToTable("MatchDecisions");
        builder.HasKey(d => new { d.List, d.Line, d.Number });
        builder.HasOne<PersonListRow>().WithMany().HasForeignKey(d => new { d.List, d.Line }).OnDelete(DeleteBehavior.Restrict);
    }
}
