using System.Text.RegularExpressions;

namespace CaseTracker.Server.Cases;

/// <summary>Resource names of cases and notes: <c>cases/{case}</c>, <c>cases/{case}/notes/{note}</c>.</summary>
public static partial class CaseNames
{
    public static string Format(string caseId) => $"cases/{caseId}";

    public static string FormatNote(string caseId, int number) => $"cases/{caseId}/notes/{number}";

    /// <summary>
    /// Reads a case ID from <c>cases/tf-2026-000123</c> or <c>cases/TF-2026-000123</c> (the reference),
    /// or returns null when the name is not a case name.
    /// </summary>
    public static string? TryParse(string? name)
    {
        if (name is null)
        {
            return null;
        }
        var match = CaseName().Match(name);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"^cases/((?i:tf)-[0-9]{4}-[0-9]{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex CaseName();
}
