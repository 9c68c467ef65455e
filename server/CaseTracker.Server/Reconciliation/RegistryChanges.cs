using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Reconciliation;

/// <summary>What changed for one person between a registry snapshot and the previous one (the contract's numbers).</summary>
public enum RegistryChangeKind { Added = 1, Removed = 2, GroundChanged = 3 }

/// <summary>What a supervisor is asked to decide about a newly listed person (the contract's numbers).</summary>
public enum RegistryProposal { None = 0, FileCase = 1, ReopenCase = 2, ProposeReturnedHome = 3 }

/// <summary>
/// One change of a registry snapshot against the previous snapshot of the same party, keyed by (snapshot, kind,
/// line). The line is the record's: of this snapshot, or for <see cref="RegistryChangeKind.Removed"/> of the previous
/// one (<see cref="RecordList"/>), so a change and its record are one join apart. Written by one set-based statement
/// per kind (<see cref="SnapshotComparison"/>); only the proposal is set afterwards.
/// </summary>
public sealed class RegistryChangeRow
{
    private RegistryChangeRow()
    {
        List = RecordList = CaseName = string.Empty;
    }

    public string List { get; private set; }

    public RegistryChangeKind Kind { get; private set; }

    public long Line { get; private set; }

    /// <summary>The list the record is in: this snapshot, or the previous one for a removal.</summary>
    public string RecordList { get; private set; }

    /// <summary>The person's line on the previous snapshot (ground changed, removed).</summary>
    public long? PreviousLine { get; private set; }

    public Cases.RegistryGround? Ground { get; private set; }

    public Cases.RegistryGround? PreviousGround { get; private set; }

    public RegistryProposal Proposal { get; private set; }

    /// <summary>The case the record matched (<c>cases/…</c>), or empty.</summary>
    public string CaseName { get; private set; }

    public void Propose(RegistryProposal proposal, string caseName)
    {
        Proposal = proposal;
        CaseName = caseName;
    }
}

public sealed class RegistryChangeConfiguration : IEntityTypeConfiguration<RegistryChangeRow>
{
    public void Configure(EntityTypeBuilder<RegistryChangeRow> builder)
    {
        builder.ToTable("RegistryChanges");
        // The key makes comparing a snapshot again (after a crash between its completion and its comparison) a no-op.
        builder.HasKey(c => new { c.List, c.Kind, c.Line });
        builder.Property(c => c.List).HasMaxLength(80);
        builder.Property(c => c.RecordList).HasMaxLength(80);
        builder.HasOne<PersonList>().WithMany().HasForeignKey(c => c.List).OnDelete(DeleteBehavior.Restrict);
    }
}
