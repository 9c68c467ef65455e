using CaseTracker.Server.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Deadlines;

public sealed class DeadlineConfiguration : IEntityTypeConfiguration<Deadline>
{
    public void Configure(EntityTypeBuilder<Deadline> builder)
    {
        builder.ToTable("Deadlines");
        builder.HasKey(d => new { d.CaseId, d.Number });
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.CalendarVersion).HasMaxLength(120);
        builder.Ignore(d => d.IsOpen);
        builder.Ignore(d => d.EscalationLevel);
        // The scan reads only what is due: its cost follows the number due, not the number of clocks.
        builder.HasIndex(d => d.NextActionTime).HasFilter("\"NextActionTime\" IS NOT NULL");
        builder.HasIndex(d => new { d.OwingParty, d.State, d.DueTime });
        builder.HasIndex(d => d.DueTime);
        // A case's open clocks, which every change of the case reads (CaseClocks.OpenOf, whose condition this filter
        // is): a case keeps every clock it ever ran, and the key's index would visit all of them.
        builder.HasIndex(d => d.CaseId, "IX_Deadlines_CaseId_Open")
            .HasFilter($"\"State\" <> {(int)DeadlineState.Met} AND \"State\" <> {(int)DeadlineState.Cancelled}");
    }
}
