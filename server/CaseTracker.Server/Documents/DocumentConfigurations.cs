using CaseTracker.Server.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Documents;

public sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.HasKey(d => new { d.CaseId, d.Number });
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.CaseId).HasMaxLength(32);
        builder.Property(d => d.Title).HasMaxLength(200);
        builder.Property(d => d.Language).HasMaxLength(35);
        builder.Property(d => d.MediaType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.Filer).HasMaxLength(200);
        builder.Property(d => d.UploadKey).HasMaxLength(400);
        builder.Property(d => d.WithdrawReason).HasMaxLength(2000);
        builder.Property(d => d.PurgeApprovals).HasMaxLength(20);
        builder.HasIndex(d => d.UploadKey).IsUnique();
        builder.HasIndex(d => d.Sha256);
        builder.Ignore(d => d.Name);
        builder.Ignore(d => d.PurgeApprovedBy);
    }
}

public sealed class DocumentUploadConfiguration : IEntityTypeConfiguration<DocumentUploadRecord>
{
    public void Configure(EntityTypeBuilder<DocumentUploadRecord> builder)
    {
        builder.ToTable("DocumentUploads");
        builder.HasKey(u => u.UploadKey);
        builder.Property(u => u.UploadKey).HasMaxLength(400);
        builder.Property(u => u.CaseId).HasMaxLength(32);
        builder.Property(u => u.HeaderHash).HasMaxLength(64);
    }
}

public sealed class DocumentUploadChunkConfiguration : IEntityTypeConfiguration<DocumentUploadChunk>
{
    public void Configure(EntityTypeBuilder<DocumentUploadChunk> builder)
    {
        builder.ToTable("DocumentUploadChunks");
        builder.HasKey(c => new { c.UploadKey, c.Offset });
        builder.Property(c => c.UploadKey).HasMaxLength(400);
    }
}

public sealed class DocumentContentChunkConfiguration : IEntityTypeConfiguration<DocumentContentChunk>
{
    public void Configure(EntityTypeBuilder<DocumentContentChunk> builder)
    {
        builder.ToTable("DocumentContentChunks");
        builder.HasKey(c => new { c.Sha256, c.Offset });
        builder.Property(c => c.Sha256).HasMaxLength(64);
    }
}
