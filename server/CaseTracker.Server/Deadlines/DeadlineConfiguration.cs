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
    }
}
