using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Storage;

public sealed class RequestConfiguration : IEntityTypeConfiguration<RequestRecord>
{
    public void Configure(EntityTypeBuilder<RequestRecord> builder)
    {
        builder.ToTable("Requests");
        builder.HasKey(r => new { r.CallerKey, r.RequestId });
        builder.Property(r => r.CallerKey).HasMaxLength(240);
        builder.Property(r => r.RequestId).HasMaxLength(64);
    }
}
