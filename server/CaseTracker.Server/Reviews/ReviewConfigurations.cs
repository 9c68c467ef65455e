using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Reviews;

public sealed class MonthlyReviewConfiguration : IEntityTypeConfiguration<MonthlyReviewRecord>
{
    public void Configure(EntityTypeBuilder<MonthlyReviewRecord> builder)
    {
        builder.ToTable("MonthlyReviews");
        // One review per month: the key itself makes a second creation of the same month impossible.
        builder.HasKey(r => r.Month);
        builder.Property(r => r.Month).HasMaxLength(7);
        builder.Property(r => r.OperationName).HasMaxLength(64);
        builder.Property(r => r.ManifestSha256).HasMaxLength(64);
        builder.Property(r => r.AsOfHash).HasMaxLength(64);
        builder.Ignore(r => r.Name);
    }
}

public sealed class ReviewFileConfiguration : IEntityTypeConfiguration<ReviewFileRecord>
{
    public void Configure(EntityTypeBuilder<ReviewFileRecord> builder)
    {
        builder.ToTable("ReviewFiles");
        builder.HasKey(f => new { f.Month, f.FileName });
        builder.HasOne<MonthlyReviewRecord>().WithMany().HasForeignKey(f => f.Month).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReviewFileChunkConfiguration : IEntityTypeConfiguration<ReviewFileChunk>
{
    public void Configure(EntityTypeBuilder<ReviewFileChunk> builder)
    {
        builder.ToTable("ReviewFileChunks");
        builder.HasKey(c => new { c.Month, c.FileName, c.Index });
    }
}

public sealed class ReviewSignatureConfiguration : IEntityTypeConfiguration<ReviewSignatureRecord>
{
    public void Configure(EntityTypeBuilder<ReviewSignatureRecord> builder)
    {
        builder.ToTable("ReviewSignatures");
        // One signature per party: a second signer of the same party cannot be stored.
        builder.HasKey(s => new { s.Month, s.Party });
        builder.HasOne<MonthlyReviewRecord>().WithMany().HasForeignKey(s => s.Month).OnDelete(DeleteBehavior.Restrict);
    }
}
