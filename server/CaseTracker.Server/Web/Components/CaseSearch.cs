using System.Text;

namespace CaseTracker.Server.Web.Components;

/// <summary>
/// The Cases page's choices as the contract's <c>ListCases</c> filter (AIP-160, see <c>ListCasesRequest.filter</c>):
/// only composed here, every match — names in any spelling included — is the API's.
/// </summary>
public static class CaseSearch
{
    public static string Filter(string? name, string? stage, string? party, string? priority, string? action, string? ground, string? region)
    {
        var terms = new List<string>();
        Add(terms, "stage", stage);
        Add(terms, "filing_party", party);
        Add(terms, "priority", priority);
        Add(terms, "enforcement_action.type", action);
        Add(terms, "enforcement_action.registry_ground", ground);
        if (!string.IsNullOrWhiteSpace(region))
        {
            terms.Add($"enforcement_action.region = {Quote(region)}");
        }
        if (!string.IsNullOrWhiteSpace(name))
        {
            terms.Add($"subject.name : {Quote(name)}");
        }
        return string.Join(" AND ", terms);
    }

    private static void Add(List<string> terms, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            terms.Add($"{field} = {value}");
        }
    }

    /// <summary>A string literal of the filter language: quotes and backslashes escaped.</summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value.Trim())
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
