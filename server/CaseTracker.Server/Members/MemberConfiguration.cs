using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Members;

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("Members");
        builder.HasKey(m => new { m.Party, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(64);
        builder.Property(m => m.DisplayName).HasMaxLength(200);
        builder.Property(m => m.Email).HasMaxLength(254);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.Ignore(m => m.Etag);
        // Routing reads the active members of a party in a role.
        builder.HasIndex(m => new { m.Party, m.Role, m.Active });
    }
}

public sealed class MemberChangeConfiguration : IEntityTypeConfiguration<MemberChangeRecord>
{
    public void Configure(EntityTypeBuilder<MemberChangeRecord> builder)
    {
        builder.ToTable("MemberChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Member).HasMaxLength(100);
        builder.Property(c => c.Change).HasMaxLength(16);
        builder.Property(c => c.Paths).HasMaxLength(200);
        builder.Property(c => c.Actor).HasMaxLength(200);
        builder.HasIndex(c => new { c.Member, c.Id });
    }
}
