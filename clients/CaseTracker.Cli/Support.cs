using System.Text;
using System.Text.Json;

namespace CaseTracker.Cli;

/// <summary>Enum values as people type and read them: "registry-placement" for ENFORCEMENT_ACTION_TYPE_REGISTRY_PLACEMENT.</summary>
public static class Enums
{
    public static T Parse<T>(string text)
        where T : struct, Enum
    {
        var wanted = Normalize(text);
        foreach (var value in Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0))
        {
            if (Normalize(value.ToString()) == wanted || Normalize(Name(value)) == wanted)
            {
                return value;
            }
        }
        throw new CliUsageException($"'{text}' is not one of: {string.Join(", ", Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(Short))}");
    }

    /// <summary>The contract's name, for filters: STAGE_INVESTIGATION.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => CaseTracker.Client.ContractNames.Of(value);

    /// <summary>The short name people read: investigation, registry-placement, RU.</summary>
    public static string Short<T>(T value)
        where T : struct, Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return "";
        }
        var name = value.ToString();
        if (typeof(T) == typeof(CaseTracker.V1.Party))
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

    private static string Normalize(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}

public static class Dates
{
    public static Google.Type.Date Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : throw new CliUsageException($"'{text}' is not a date: write yyyy-mm-dd");
}

/// <summary>Who a token says its holder is (read, not verified: the server verifies it on every call).</summary>
public sealed record Identity(string Id, string Party, string Role, DateTime Expires)
{
    public static Identity Of(string token)
    {
        var parts = token.Split('.');
        if (parts.Length < 2)
        {
            throw new CliUsageException("the token is not a JWT");
        }
        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        var root = json.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var value) ? value.ToString() : "";
        var issuer = Text("iss");
        var party = issuer.EndsWith("-ru", StringComparison.OrdinalIgnoreCase) ? "RU" : issuer.EndsWith("-tj", StringComparison.OrdinalIgnoreCase) ? "TJ" : issuer;
        var expires = root.TryGetProperty("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()).UtcDateTime : DateTime.MinValue;
        return new Identity(Text("sub"), party, Text("role"), expires);
    }
}
