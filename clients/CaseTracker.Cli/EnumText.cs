using System.Globalization;
using System.Text;
using CaseTracker.Client;

namespace CaseTracker.Cli;

/// <summary>Enum values as people type and read them: "registry-placement" for ENFORCEMENT_ACTION_TYPE_REGISTRY_PLACEMENT.</summary>
public static class EnumText
{
    public static T Parse<T>(string text)
        where T : struct, Enum
    {
        var wanted = Normalize(text);
        foreach (var value in Specified<T>())
        {
            if (Normalize(value.ToString()) == wanted || Normalize(Name(value)) == wanted)
            {
                return value;
            }
        }
        throw new CliUsageException($"'{text}' is not one of: {string.Join(", ", Specified<T>().Select(Short))}");
    }

    /// <summary>The contract's name, for filters: STAGE_INVESTIGATION.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => ContractNames.Of(value);

    /// <summary>The short name people read: investigation, registry-placement, RU.</summary>
    public static string Short<T>(T value)
        where T : struct, Enum
    {
        if (IsUnspecified(value))
        {
            return "";
        }
        var name = value.ToString();
        if (value is CaseTracker.V1.Party)
        {
            return name.ToUpperInvariant();
        }
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && (char.IsUpper(name[i]) || (char.IsDigit(name[i]) && !char.IsDigit(name[i - 1]))))
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private static IEnumerable<T> Specified<T>()
        where T : struct, Enum => Enum.GetValues<T>().Where(v => !IsUnspecified(v));

    private static bool IsUnspecified<T>(T value)
        where T : struct, Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0;

    private static string Normalize(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
