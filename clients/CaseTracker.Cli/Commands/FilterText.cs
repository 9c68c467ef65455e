using System.CommandLine;

namespace CaseTracker.Cli.Commands;

/// <summary>A List method's filter built from the options given: <c>field = ENUM_NAME</c> terms joined by AND.</summary>
public sealed class FilterText(ParseResult result)
{
    private readonly List<string> _terms = [];

    /// <summary>Adds <c>field = NAME</c> when <paramref name="option"/> is given, its value read as an enum.</summary>
    public void Add<T>(Option<string?> option, string field, Func<string, T> parse)
        where T : struct, Enum
    {
        if (result.GetValue(option) is { } text)
        {
            _terms.Add($"{field} = {EnumText.Name(parse(text))}");
        }
    }

    public void Add(string term) => _terms.Add(term);

    /// <summary>A string literal of the filter language, its quotes and backslashes escaped: <c>"tj.karimova"</c>.</summary>
    public static string Quoted(string text) =>
        $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    public override string ToString() => string.Join(" AND ", _terms);
}
