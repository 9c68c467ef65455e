namespace CaseTracker.Cli;

/// <summary>The resource names people may shorten: a case by its reference, a review by its month.</summary>
public static class ResourceNames
{
    /// <summary>cases/tf-2026-000123 for TF-2026-000123; a name is kept as it is.</summary>
    public static string Case(string reference) =>
        reference.StartsWith("cases/", StringComparison.Ordinal) ? reference : "cases/" + reference.Trim().ToLowerInvariant();

    /// <summary>TF-2026-000123 for cases/tf-2026-000123: the reference people write.</summary>
    public static string Reference(string caseName) =>
        (caseName.StartsWith("cases/", StringComparison.Ordinal) ? caseName["cases/".Length..] : caseName).ToUpperInvariant();

    /// <summary>reviews/2026-01 for 2026-01; a name is kept as it is.</summary>
    public static string Review(string month) =>
        month.StartsWith("reviews/", StringComparison.Ordinal) ? month : "reviews/" + month.Trim();

    /// <summary>reconciliations/ru-registry-1 for ru-registry-1; a name is kept as it is.</summary>
    public static string Reconciliation(string id) =>
        id.StartsWith("reconciliations/", StringComparison.Ordinal) ? id : "reconciliations/" + id.Trim().ToLowerInvariant();
}
