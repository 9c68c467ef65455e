using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    public void Configure(EntityTypeBuilder<NotificationRecord> builder)
    {
        builder.ToTable("Notifications");
        // Issued by the router inside the writer's transaction, in commit order, so a watcher resumes by it.
        builder.HasKey(n => n.Sequence);
        builder.Property(n => n.Sequence).ValueGeneratedNever();
        builder.Property(n => n.Recipient).HasMaxLength(64);
        builder.Property(n => n.SourceKey).HasMaxLength(100);
        builder.Property(n => n.CaseId).HasMaxLength(32);
        builder.Property(n => n.CaseReference).HasMaxLength(32);
        builder.Property(n => n.EventType).HasMaxLength(100);
        builder.Property(n => n.Details).HasMaxLength(1_000);
        builder.Property(n => n.EmailError).HasMaxLength(300);
        builder.Property(n => n.EmailLeaseId).HasMaxLength(64);
        builder.Ignore(n => n.Name);
        // Exactly once per cause and recipient: the router's insert skips a row this key already holds.
        builder.HasIndex(n => new { n.SourceKey, n.RecipientParty, n.Recipient }).IsUnique();
        // An inbox: one recipient's rows, unread first, by sequence.
        builder.HasIndex(n => new { n.RecipientParty, n.Recipient, n.Sequence });
        // The delivery job reads the e-mails due.
        builder.HasIndex(n => new { n.EmailState, n.EmailNotBefore });
    }
}
