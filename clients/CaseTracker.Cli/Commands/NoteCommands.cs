using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Spectre.Console;
using static CaseTracker.Cli.Commands.CaseArguments;

namespace CaseTracker.Cli.Commands;

/// <summary><c>notes</c>: add and list a case's notes.</summary>
public sealed class NoteCommands(CliSession session)
{
    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands() => [new Command("notes", "Add and list notes.") { Add(), List() }];

    private Command Add()
    {
        var text = new Option<string>("--text") { Description = "The note.", Required = true };
        var command = new Command("add", "Add a note to a case.") { CaseArgument, text };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var note = await client.Cases.CreateNoteAsync(new CreateNoteRequest { Parent = CaseName(result), Note = new Note { Text = session.FreeText(result, text) } });
            await Printer.PrintAsync(result, note, $"added {note.Name}");
            return ExitCodes.Success;
        });
    }

    private Command List()
    {
        var command = new Command("list", "List a case's notes, oldest first.") { CaseArgument };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var notes = await client.Cases.ListNotesAsync(new ListNotesRequest { Parent = CaseName(result), PageSize = 500 });
            if (!await Printer.TryPrintJsonAsync(result, notes.Notes))
            {
                Printer.WriteTable(notes.Notes, ["Note", "By", "When", "Text"], n =>
                    [n.Name[(n.Name.LastIndexOf('/') + 1)..], Markup.Escape(CliPrinter.Person(n.Author, n.AuthorParty)), CliPrinter.Minutes(n.CreateTime), Markup.Escape(n.Text)]);
            }
            return ExitCodes.Success;
        });
    }
}
