using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Storage;

/// <summary>The task force's record: cases, notes, the case event log, the request-id replay table, deadlines, monthly reviews, long operations, bulk lists, the disclosure log, the web workspace's data-protection keys, the roster and the notifications' outbox.</summary>
public class CaseTrackerDbContext : DbContext, IDataProtectionKeyContext
{
    public CaseTrackerDbContext(DbContextOptions<CaseTrackerDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific migration contexts, which share this model.</summary>
    protected CaseTrackerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<Note> Notes => Set<Note>();

    public DbSet<CaseSearchKey> CaseSearchKeys => Set<CaseSearchKey>();

    public DbSet<CaseLead> CaseLeads => Set<CaseLead>();

    public DbSet<CaseEventRecord> CaseEvents => Set<CaseEventRecord>();

    public DbSet<RequestRecord> Requests => Set<RequestRecord>();

    public DbSet<Deadlines.Deadline> Deadlines => Set<Deadlines.Deadline>();

    public DbSet<CheckpointSignatureRecord> CheckpointSignatures => Set<CheckpointSignatureRecord>();

    public DbSet<Reviews.MonthlyReviewRecord> MonthlyReviews => Set<Reviews.MonthlyReviewRecord>();

    public DbSet<Reviews.ReviewFileRecord> ReviewFiles => Set<Reviews.ReviewFileRecord>();

    public DbSet<Reviews.ReviewFileChunk> ReviewFileChunks => Set<Reviews.ReviewFileChunk>();

    public DbSet<Reviews.ReviewSignatureRecord> ReviewSignatures => Set<Reviews.ReviewSignatureRecord>();

    public DbSet<Operations.OperationRecord> Operations => Set<Operations.OperationRecord>();

    public DbSet<Reconciliation.PersonList> PersonLists => Set<Reconciliation.PersonList>();

    public DbSet<Reconciliation.PersonListRow> PersonListRows => Set<Reconciliation.PersonListRow>();

    public DbSet<Reconciliation.MatchDecisionRecord> MatchDecisions => Set<Reconciliation.MatchDecisionRecord>();

    public DbSet<Reconciliation.RegistryChangeRow> RegistryChanges => Set<Reconciliation.RegistryChangeRow>();

    public DbSet<Disclosures.DisclosureRecord> Disclosures => Set<Disclosures.DisclosureRecord>();

    public DbSet<Members.Member> Members => Set<Members.Member>();

    public DbSet<Members.MemberChangeRecord> MemberChanges => Set<Members.MemberChangeRecord>();

    public DbSet<Notifications.NotificationRecord> Notifications => Set<Notifications.NotificationRecord>();

    /// <summary>The web workspace's data-protection keys, shared by every node (its cookies and antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CaseTrackerDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back with Kind=Unspecified; everything stored is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

/// <summary>Stores UTC and reads it back as UTC.</summary>
public sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>
/// The same model, under its own type so that PostgreSQL's migrations (Storage/Migrations/Postgres) are kept
/// apart from SQLite's: EF Core finds migrations by the context type they are for. Used only to migrate.
/// </summary>
public sealed class PostgresMigrationContext(DbContextOptions<PostgresMigrationContext> options) : CaseTrackerDbContext(options);
