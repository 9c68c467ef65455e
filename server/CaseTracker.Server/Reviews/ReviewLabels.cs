using System.Globalization;
using System.Text.Json;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// The report's words in English, Russian and Tajik, from one reviewed resource file per language
/// (<c>Reviews/Labels/en.json</c>, <c>ru.json</c>, <c>tg.json</c>), and the Russian names of Russia's regions
/// (<c>regions-ru.json</c>). A text is shown in every language, the same word once.
/// </summary>
public static class ReviewLabels
{
    /// <summary>The languages of the report, in the order their texts are shown.</summary>
    public static readonly string[] Languages = ["en", "ru", "tg"];

    private static readonly Dictionary<string, Dictionary<string, string>> Texts =
        Languages.ToDictionary(language => language, language => Load($"{language}.json"));

    private static readonly IReadOnlyDictionary<string, string> RussianRegions =
        new Dictionary<string, string>(Load("regions-ru.json"), StringComparer.OrdinalIgnoreCase);

    /// <summary>The text of <paramref name="key"/> in one language's file, or null when the file lacks it.</summary>
    public static string? In(string language, string key) => Texts[language].GetValueOrDefault(key);

    /// <summary>Every key of a language's file.</summary>
    public static IEnumerable<string> Keys(string language) => Texts[language].Keys;

    /// <summary>
    /// A text in each language. An argument is a fixed value (a number, a date, an identifier) or a
    /// <c>Func&lt;string, string&gt;</c> giving its words in a language (<see cref="Code(string, string)"/>).
    /// </summary>
    public static IReadOnlyList<string> Lines(string key, params object[] arguments) =>
        Distinct(Languages.Select(language => string.Format(CultureInfo.InvariantCulture, Template(language, key),
            [.. arguments.Select(argument => argument is Func<string, string> words ? words(language) : argument)])));

    /// <summary>A text in each language on one line: "English / Русский / Тоҷикӣ".</summary>
    public static string Text(string key, params object[] arguments) => string.Join(" / ", Lines(key, arguments));

    /// <summary>A code's words in each language, as an argument of <see cref="Text(string, object[])"/>.</summary>
    public static Func<string, string> CodeIn(string code) => language => Code(language, code);

    /// <summary>A code (stage, outcome, party …) or a region in each language; anything else as it is.</summary>
    public static IReadOnlyList<string> CodeLines(string code) => Distinct(Languages.Select(language => Code(language, code)));

    /// <summary>A code or a region in each language on one line.</summary>
    public static string Of(string code) => string.Join(" / ", CodeLines(code));

    /// <summary>A code in one language: the file's label, a region's Russian name (also shown to Tajik readers), else the code.</summary>
    public static string Code(string language, string code) =>
        In(language, $"code.{code}")
        ?? (language != "en" && RussianRegion(code) is { } russian ? russian : code);

    private static string? RussianRegion(string region) =>
        RussianRegions.GetValueOrDefault(region)
        ?? (region.EndsWith(" Region", StringComparison.OrdinalIgnoreCase)
            ? RussianRegions.GetValueOrDefault(string.Concat(region.AsSpan(0, region.Length - " Region".Length), " Oblast"))
            : null);

    private static string Template(string language, string key) =>
        In(language, key) ?? throw new InvalidOperationException($"Reviews/Labels/{language}.json has no text '{key}'.");

    private static List<string> Distinct(IEnumerable<string> texts) => [.. texts.Distinct(StringComparer.Ordinal)];

    private static Dictionary<string, string> Load(string file)
    {
        using var stream = typeof(ReviewLabels).Assembly.GetManifestResourceStream($"CaseTracker.Server.Reviews.Labels.{file}")
            ?? throw new InvalidOperationException($"The review labels {file} are not embedded in the server.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidOperationException($"The review labels {file} are empty.");
    }
}
