using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Audit;

public sealed class CheckpointSignatureConfiguration : IEntityTypeConfiguration<CheckpointSignatureRecord>
{
    public void Configure(EntityTypeBuilder<CheckpointSignatureRecord> builder)
    {
        builder.ToTable("CheckpointSignatures");
        builder.HasKey(s => new { s.Sequence, s.Party });
        builder.HasOne<CaseEventRecord>().WithMany().HasForeignKey(s => s.Sequence).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Signer).HasMaxLength(200);
    }
}
