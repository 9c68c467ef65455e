using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.Client;
using CaseTracker.V1;
using Spectre.Console;
using static CaseTracker.Cli.Commands.CaseArguments;

namespace CaseTracker.Cli.Commands;

/// <summary>
/// <c>cases search</c>, <c>cases link</c>, <c>cases unlink</c>, <c>cases close-duplicate</c>, and the check for possible
/// duplicates that <c>cases create</c> makes before filing.
/// </summary>
public sealed class CaseSearchCommands(CliSession session)
{
    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands()
    {
        yield return Search();
        yield return Link();
        yield return Unlink();
        yield return CloseDuplicate();
    }

    private Command Search()
    {
        var text = new Argument<string>("name") { Description = "A name in any spelling (Рахмонов, RAHMONOV, \"Farrukh Rakhmonov\"); each word finds the start of a word." };
        var born = new Option<string?>("--born", "--date-of-birth") { Description = "The date of birth, YYYY-MM-DD." };
        var limit = new Option<int>("--limit") { Description = "Stop after this many cases.", DefaultValueFactory = _ => 100 };
        var command = new Command("search", "Find cases by the subject's name, in Russian, Tajik or Latin spelling.") { text, born, limit };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var filter = new FilterText(result);
            filter.Add($"subject.name : {FilterText.Quoted(result.GetValue(text)!)}");
            if (result.GetValue(born) is { } date)
            {
                filter.Add($"subject.date_of_birth = {date}");
            }
            var cases = new List<Case>();
            await foreach (var c in client.ListAllCasesAsync(new ListCasesRequest { Filter = filter.ToString(), PageSize = 100 }))
            {
                cases.Add(c);
                if (cases.Count >= result.GetValue(limit))
                {
                    break;
                }
            }
            if (await Printer.TryPrintJsonAsync(result, cases))
            {
                return ExitCodes.Success;
            }
            Printer.WriteTable(cases, ["Reference", "Stage", "Filed by", "Subject", "Born", "Links"], c =>
                [c.Reference, EnumText.Short(c.Stage), EnumText.Short(c.FilingParty), Markup.Escape(AllSpellings(c.Subject)), BornText(c.Subject),
                    Markup.Escape(string.Join(", ", c.Links.Select(l => $"{EnumText.Short(l.Kind)} {l.Case["cases/".Length..].ToUpperInvariant()}")))]);
            await Printer.LineAsync($"{cases.Count} case(s)");
            return ExitCodes.Success;
        });
    }

    private Command Link()
    {
        var other = new Argument<string>("other") { Description = "The case to link it to." };
        var kind = new Option<string>("--kind") { Description = "duplicate-of, same-person, same-enforcement-decision or related.", Required = true };
        var command = new Command("link", "Link two cases; recorded on both.") { CaseArgument, other, kind, Reason };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var linked = await client.Cases.LinkCasesAsync(new LinkCasesRequest
            {
                Name = CaseName(result), Other = ResourceNames.Case(result.GetValue(other)!), Kind = EnumText.Parse<LinkKind>(result.GetValue(kind)!),
                Reason = session.FreeText(result, Reason),
            });
            await Printer.CaseAsync(result, linked.Case, brief: true);
            return ExitCodes.Success;
        });
    }

    private Command Unlink()
    {
        var other = new Argument<string>("other") { Description = "The linked case." };
        var command = new Command("unlink", "Remove the link between two cases; recorded on both.") { CaseArgument, other, Reason };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var unlinked = await client.Cases.UnlinkCasesAsync(new UnlinkCasesRequest
            {
                Name = CaseName(result), Other = ResourceNames.Case(result.GetValue(other)!), Reason = session.FreeText(result, Reason),
            });
            await Printer.CaseAsync(result, unlinked.Case, brief: true);
            return ExitCodes.Success;
        });
    }

    private Command CloseDuplicate()
    {
        var original = new Option<string>("--of") { Description = "The open case it duplicates, which stays open.", Required = true };
        var command = new Command("close-duplicate", "Close a case as a duplicate of another (outcome DUPLICATE).") { CaseArgument, original, Reason, Etag };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var closed = await client.Cases.CloseAsDuplicateAsync(new CloseAsDuplicateRequest
            {
                Name = CaseName(result), Original = ResourceNames.Case(result.GetValue(original)!), Reason = session.FreeText(result, Reason),
                Etag = EtagOf(result),
            });
            await Printer.CaseAsync(result, closed.Case, brief: true);
            return ExitCodes.Success;
        });
    }

    /// <summary>
    /// Before filing: lists the open cases that may be the same person about the same enforcement action, on stderr.
    /// Whether to file anyway is the caller's: <paramref name="force"/>, or a yes when a person is asked; with no one
    /// to ask, nothing is filed.
    /// </summary>
    public async Task<bool> MayFileAsync(CaseTrackerClient client, Case draft, bool force)
    {
        var found = await client.Cases.FindPossibleDuplicatesAsync(new FindPossibleDuplicatesRequest { Case = draft });
        if (found.Duplicates.Count == 0)
        {
            return true;
        }
        var error = session.Environment.Error;
        await error.WriteLineAsync($"warning: {found.Duplicates.Count} open case(s) about the same enforcement action may be this person:");
        foreach (var d in found.Duplicates)
        {
            await error.WriteLineAsync(
                $"  {d.Case.Reference}  {EnumText.Short(d.Case.Stage)}  filed by {EnumText.Short(d.Case.FilingParty)}  {AllSpellings(d.Case.Subject)}  " +
                $"score {d.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} ({(d.Match ? "match" : "for a person to decide")}: {d.Explanation})");
        }
        if (force)
        {
            await error.WriteLineAsync("Filing anyway (--force).");
            return true;
        }
        if (session.Environment.Confirm is { } confirm)
        {
            return confirm("File a new case anyway? [y/N] ");
        }
        await Printer.ErrorAsync("nothing filed: look at the case(s) above, link or note them, or file anyway with --force");
        return false;
    }

    internal static string AllSpellings(Subject s) => string.Join(" / ", new[] { s.NameLatin, s.NameRussian, s.NameTajik }.Where(n => n.Length > 0));

    internal static string BornText(Subject s) => s.DateOfBirth is { Year: > 0 } d ? $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}" : "";
}
