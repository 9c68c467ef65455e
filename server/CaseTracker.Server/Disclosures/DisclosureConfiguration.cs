using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Disclosures;

public sealed class DisclosureConfiguration : IEntityTypeConfiguration<DisclosureRecord>
{
    public void Configure(EntityTypeBuilder<DisclosureRecord> builder)
    {
        builder.ToTable("Disclosures");
        // Like the event log's, the sequence comes from the chain head read in the writer's transaction, never
        // from the database, so a gap or a reordering shows as a broken link.
        builder.HasKey(d => d.Sequence);
        builder.Property(d => d.Sequence).ValueGeneratedNever();
        // ListDisclosures reads one case's disclosures, one caller's, or a span of time, in sequence order.
        builder.HasIndex(d => new { d.CaseId, d.Sequence });
        builder.HasIndex(d => new { d.Caller, d.Sequence });
        builder.HasIndex(d => d.DiscloseTime);
        builder.HasIndex(d => d.Hash).IsUnique();
        builder.Property(d => d.Caller).HasMaxLength(200);
        builder.Property(d => d.CaseId).HasMaxLength(32);
        builder.Property(d => d.Record).HasMaxLength(200);
        builder.Property(d => d.Fields).HasMaxLength(200);
        builder.Property(d => d.Method).HasMaxLength(100);
        builder.Property(d => d.Hash).HasMaxLength(64);
        builder.Property(d => d.PreviousHash).HasMaxLength(64);
    }
}
