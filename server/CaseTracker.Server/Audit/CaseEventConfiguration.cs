using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Audit;

public sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEventRecord>
{
    public void Configure(EntityTypeBuilder<CaseEventRecord> builder)
    {
        builder.ToTable("CaseEvents");
        // The sequence is assigned by the writer from the chain head, never by the database, so a gap or
        // a reordering would show as a broken link rather than pass unnoticed.
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.HasIndex(e => new { e.CaseId, e.Sequence });
        builder.HasIndex(e => e.Hash).IsUnique();
        // The monthly review finds the last event before a month's end.
        builder.HasIndex(e => e.EventTime);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
    }
}
