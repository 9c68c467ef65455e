using System.Globalization;
using System.Text.RegularExpressions;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Documents;

/// <summary>Resource names of documents: <c>cases/{case}/documents/{document}</c>.</summary>
public static partial class DocumentNames
{
    public static string Format(string caseId, int number) => $"cases/{caseId}/documents/{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The case ID and document number of a document name, or null when it is not one.</summary>
    public static (string CaseId, int Number)? TryParse(string? name)
    {
        if (name is null)
        {
            return null;
        }
        var match = DocumentName().Match(name);
        if (!match.Success || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return null;
        }
        return (CaseNames.TryParse(match.Groups[1].Value)!, number);
    }

    [GeneratedRegex(@"^(cases/(?i:tf)-[0-9]{4}-[0-9]{6})/documents/([0-9]{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentName();
}

/// <summary>The contract's names of document values, as events carry them.</summary>
public static class DocumentVocabulary
{
    public static string KindName(DocumentKind kind) => CaseTracker.Client.ContractNames.Of((V1.DocumentKind)kind);

    public static string PartyName(Party party) => CaseTracker.Client.ContractNames.Of((V1.Party)party);
}
