using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseTracker.Server.Reconciliation;

/// <summary>
/// The names of reconciliations (<c>reconciliations/{party}-{import_id}</c>) and of their records
/// (<c>reconciliations/{reconciliation}/records/{line}</c>), read in one place.
/// </summary>
public static partial class ReconciliationNames
{
    public const string Prefix = "reconciliations/";

    /// <summary>The name of the reconciliation with this ID.</summary>
    public static string Format(string id) => Prefix + id;

    /// <summary>The name of a reconciliation's record.</summary>
    public static string Record(string id, long line) => $"{Prefix}{id}/records/{line.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The reconciliation's ID in <paramref name="name"/>, or null when it is not a reconciliation's name.</summary>
    public static string? TryParse(string name)
    {
        var id = name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : string.Empty;
        return IdPattern().IsMatch(id) ? id : null;
    }

    /// <summary>(reconciliation ID, line) of a record's name, or null.</summary>
    public static (string List, long Line)? TryParseRecord(string name)
    {
        var match = RecordPattern().Match(name);
        return match.Success && long.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var line) && line > 0
            ? (match.Groups[1].Value, line)
            : null;
    }

    [GeneratedRegex("^[a-z0-9._-]{1,80}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^reconciliations/([a-z0-9._-]{1,80})/records/([0-9]{1,18})$")]
    private static partial Regex RecordPattern();
}
