using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Operations;

public sealed class OperationConfiguration : IEntityTypeConfiguration<OperationRecord>
{
    public void Configure(EntityTypeBuilder<OperationRecord> builder)
    {
        builder.ToTable("Operations");
        builder.HasKey(o => o.Name);
        builder.Property(o => o.Name).HasMaxLength(128);
        builder.HasIndex(o => o.CreateTime);
    }
}
