using System.CommandLine;

namespace CaseTracker.Cli.Commands;

/// <summary>The argument and options that many case commands take, declared once so their help reads the same.</summary>
public static class CaseArguments
{
    public static readonly Argument<string> CaseArgument = new("case") { Description = "The case: its reference (TF-2026-000123) or name (cases/tf-2026-000123)." };

    public static readonly Option<string?> Etag = new("--etag") { Description = "Only if the case is still at this version." };

    public static readonly Option<string> Reason = new("--reason") { Description = "Why.", Required = true };

    /// <summary>The case named on the command line, as a resource name.</summary>
    public static string CaseName(ParseResult result) => ResourceNames.Case(result.GetValue(CaseArgument)!);

    /// <summary>The etag given, or empty (no precondition).</summary>
    public static string EtagOf(ParseResult result) => result.GetValue(Etag) ?? string.Empty;
}
