using System.CommandLine;
using System.Globalization;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Spectre.Console;
using static CaseTracker.Cli.Commands.CaseArguments;

namespace CaseTracker.Cli.Commands;

/// <summary><c>cases history REF</c>: every case and list record of the person a case is about, across both parties.</summary>
public sealed class PersonHistoryCommands(CliSession session)
{
    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands()
    {
        var command = new Command("history", "Every case of either party about the person this case is about, and the list records reconciled to them.") { CaseArgument };
        yield return session.WithConnectedAction(command, async (result, client) =>
        {
            var history = await WholeHistoryAsync(client, CaseName(result));
            if (Printer.IsJson(result))
            {
                await Printer.LineAsync(CliPrinter.Protobuf.Format(history));
                return ExitCodes.Success;
            }
            Printer.WriteTable(history.Cases, ["Reference", "Stage", "Filed by", "Subject", "Born", "Score", "Same person"], c =>
                [c.Case.Reference, CliPrinter.Stage(c.Case.Stage), EnumText.Short(c.Case.FilingParty), Markup.Escape(CaseSearchCommands.AllSpellings(c.Case.Subject)),
                    CaseSearchCommands.BornText(c.Case.Subject), c.Score.ToString("0.00", CultureInfo.InvariantCulture), c.Match ? "yes" : "to review"],
                title: "Cases");
            Printer.WriteTable(history.Records, ["Case", "List", "Party", "Line", "Outcome", "Passport"], r =>
                [ResourceNames.Reference(r.Result.MatchedCase), Markup.Escape(r.Reconciliation), EnumText.Short(r.SourceParty), CliPrinter.Number(r.Result.Record.Line),
                    EnumText.Short(r.Result.Outcome), r.Result.RedactedFields.Count > 0 ? "(withheld)" : Markup.Escape(r.Result.Record.PassportNumber)],
                title: "List records");
            await Printer.LineAsync($"{history.Cases.Count} case(s), {history.Records.Count} list record(s)");
            return ExitCodes.Success;
        });
    }

    /// <summary>Every page of the history, as one answer.</summary>
    private static async Task<ListPersonHistoryResponse> WholeHistoryAsync(CaseTracker.Client.CaseTrackerClient client, string caseName)
    {
        var whole = new ListPersonHistoryResponse();
        var request = new ListPersonHistoryRequest { Case = caseName, PageSize = 500 };
        do
        {
            var page = await client.People.ListPersonHistoryAsync(request);
            whole.Cases.Add(page.Cases);
            whole.Records.Add(page.Records);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return whole;
    }
}
