using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseTracker.Server.Cases;

public sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.Reference).HasMaxLength(32);
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.HasIndex(c => new { c.ReferenceYear, c.ReferenceNumber }).IsUnique();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Etag);
        builder.Ignore(c => c.IsOpen);
        builder.Ignore(c => c.Details);

        builder.HasIndex(c => c.Stage);
        builder.HasIndex(c => c.CreateTime);
        builder.HasIndex(c => c.UpdateTime);

        builder.ComplexProperty(c => c.Subject, subject =>
        {
            subject.Ignore(s => s.NameSearchText);
        });
        builder.ComplexProperty(c => c.EnforcementAction);
        builder.ComplexProperty(c => c.AwaitingResponse);
        builder.ComplexProperty(c => c.Consent);
        builder.ComplexProperty(c => c.Registry);
        builder.Ignore(c => c.AwaitsDelisting);

        builder.Property(c => c.UrgencyReasons).HasConversion(JsonConversion.For<IReadOnlyList<UrgencyReason>>(), JsonConversion.Comparer<IReadOnlyList<UrgencyReason>>());
        builder.Property(c => c.Allegations).HasConversion(JsonConversion.For<IReadOnlyList<AllegationCode>>(), JsonConversion.Comparer<IReadOnlyList<AllegationCode>>());
        builder.Property(c => c.LeadInvestigators).HasConversion(JsonConversion.For<IReadOnlyList<LeadInvestigator>>(), JsonConversion.Comparer<IReadOnlyList<LeadInvestigator>>());
        builder.Property(c => c.Links).HasConversion(JsonConversion.For<IReadOnlyList<CaseLink>>(), JsonConversion.Comparer<IReadOnlyList<CaseLink>>());
        builder.Property(c => c.Resolution).HasConversion(JsonConversion.For<Resolution?>(), JsonConversion.Comparer<Resolution?>());
        // Retention (Case.Retention.cs): the erasure job looks for closed cases by close time.
        builder.Ignore(c => c.IsSubjectDataErased);
        builder.HasIndex(c => c.CloseTime);
        builder.Property(c => c.LegalHold).HasConversion(JsonConversion.For<LegalHold?>(), JsonConversion.Comparer<LegalHold?>());
        builder.Property(c => c.KeptPseudonyms).HasConversion(JsonConversion.For<KeptPseudonyms?>(), JsonConversion.Comparer<KeptPseudonyms?>());
    }
}

/// <summary>
/// Stores a value object that is never filtered on as one JSON column.
/// </summary>
/// <remarks>
/// The aggregate never changes these values in place — records are immutable and lists are replaced whole —
/// so a new reference is a change and the snapshot can be the reference itself. That keeps change tracking
/// from serialising every JSON column twice per save.
/// </remarks>
internal static class JsonConversion
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> For<T>() =>
        new(v => JsonSerializer.Serialize(v, Options), s => JsonSerializer.Deserialize<T>(s, Options)!);

    public static ValueComparer<T> Comparer<T>() =>
        new(
            (a, b) => ReferenceEquals(a, b),
            v => v == null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
            v => v);
}
