using System.Text.RegularExpressions;

namespace CaseTracker.Cli;

/// <summary>
/// Whether free text looks like it holds a passport number or a phone number. A pattern check that warns and
/// never blocks: free text goes into the case's log, which every role of both parties reads, while the
/// subject's fields follow the subject's consent. Case references, dates and times are not mistaken for either.
/// </summary>
public static partial class PersonalDataInText
{
    /// <summary>"a passport number", "a phone number", or null when the text looks like neither.</summary>
    public static string? Find(string text)
    {
        var rest = NotPersonal().Replace(text, " ");
        if (Passport().IsMatch(rest))
        {
            return "a passport number";
        }
        return PhoneCandidate().Matches(rest).Any(m => IsPhone(m.Value)) ? "a phone number" : null;
    }

    /// <summary>
    /// A run of digits and separators is a phone number when it has 10 to 15 digits, or 9 after a + or with
    /// separators (nine digits alone are taken for a passport number).
    /// </summary>
    private static bool IsPhone(string candidate)
    {
        var digits = candidate.Count(char.IsAsciiDigit);
        return digits is >= 10 and <= 15 || (digits == 9 && (candidate.StartsWith('+') || digits != candidate.Length));
    }

    // Case references (TF-2026-000123, cases/tf-2026-000123), ISO and Russian dates, and times of day.
    [GeneratedRegex(@"(?i)\b(?:cases/)?tf-\d{4}-\d{6}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b")]
    private static partial Regex NotPersonal();

    // One or two letters (Latin or Cyrillic) before 6 to 9 digits (AB7712345, №AB 1234567); nine digits alone (a Tajik
    // national passport, 400123456); a Russian internal passport's series and number (45 01 123456).
    [GeneratedRegex(@"(?<![\p{L}\d])[A-Za-zА-Яа-яЁё]{1,2}[ -]?\d{6,9}(?!\d)|(?<![\d+])\d{9}(?![\d])|(?<![\d+])\d{2} ?\d{2} \d{6}(?!\d)")]
    private static partial Regex Passport();

    // A run of digits with spaces, dots, dashes and brackets between them, perhaps after a +.
    [GeneratedRegex(@"\+?\(?\d[\d ().-]*\d")]
    private static partial Regex PhoneCandidate();
}
