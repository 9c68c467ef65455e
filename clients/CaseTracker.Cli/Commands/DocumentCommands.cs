using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Spectre.Console;
using static CaseTracker.Cli.Commands.CaseArguments;

namespace CaseTracker.Cli.Commands;

/// <summary><c>docs</c>: file a case's evidence documents, list and fetch them (the SHA-256 checked), share and seal them.</summary>
public sealed class DocumentCommands(CliSession session)
{
    private static readonly Argument<int> Number = new("number") { Description = "The document's number within the case (1, 2, ...): see docs list." };

    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands() =>
        [new Command("docs", "A case's evidence documents.") { Add(), List(), Show(), Get(), Share(), Seal(), Withdraw() }];

    private Command Add()
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to file as evidence (PDF, PNG, JPEG, TIFF, WebP or plain text)." };
        var kind = new Option<string>("--kind")
        {
            Description = "decision, order, identity-document, travel-proof, correspondence, statement, photo or other.",
            Required = true,
        };
        var title = new Option<string>("--title") { Description = "What the document is, as people will read it in the list.", Required = true };
        var language = new Option<string?>("--language") { Description = "Its language: ru, tg, en, ..." };
        var personal = new Option<bool>("--personal-data") { Description = "It holds the subject's personal data: the other party sees it only with the subject's consent." };
        var command = new Command("add", "Upload a document to a case, with a progress bar on stderr; resumes by itself after a dropped connection.")
        {
            CaseArgument, file, kind, title, language, personal,
        };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliUsageException($"No file {path.FullName}.");
            }
            var draft = new Document
            {
                Title = result.GetValue(title)!,
                Kind = EnumText.Parse<DocumentKind>(result.GetValue(kind)!),
                Language = result.GetValue(language) ?? string.Empty,
                Sensitivity = result.GetValue(personal) ? DocumentSensitivity.PersonalData : DocumentSensitivity.Normal,
            };
            var progress = Progress(result, "uploading", path.Length);
            var document = await client.UploadDocumentAsync(CaseName(result), draft, path.FullName, progress);
            progress.Done();
            await Printer.PrintAsync(result, document, $"added {document.Name} ({document.MediaType}, {document.SizeBytes} bytes, sha256 {document.Sha256})");
            return ExitCodes.Success;
        });
    }

    private Command List()
    {
        var command = new Command("list", "List the documents of a case you may see, in the order they were filed.") { CaseArgument };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var documents = await client.Documents.ListDocumentsAsync(new ListDocumentsRequest { Parent = CaseName(result), PageSize = 500 });
            if (await Printer.TryPrintJsonAsync(result, documents.Documents))
            {
                return ExitCodes.Success;
            }
            if (documents.Documents.Count == 0)
            {
                // Said in words, with the reason a person most often meets, rather than as an empty table.
                await session.Environment.Output.WriteLineAsync($"No documents on {CaseName(result)} that you can see. A document the other party filed is listed once it is shared with yours.");
            }
            else
            {
                Printer.WriteTable(documents.Documents, ["No", "Title", "Kind", "Type", "Bytes", "Filed by", "When", "Shared", "Sensitivity", "State", "SHA-256"], d =>
                [
                    d.Name[(d.Name.LastIndexOf('/') + 1)..], Markup.Escape(d.Title), EnumText.Short(d.Kind), d.MediaType, CliPrinter.Number(d.SizeBytes),
                    Markup.Escape(CliPrinter.Person(d.Filer, d.FilingParty)), CliPrinter.Minutes(d.CreateTime), d.Shared ? "yes" : "no",
                    EnumText.Short(d.Sensitivity), EnumText.Short(d.State), d.Sha256,
                ]);
            }
            return ExitCodes.Success;
        });
    }

    private Command Show()
    {
        var command = new Command("show", "Show a document and its chain of custody: every upload, download, share, seal and withdrawal.") { CaseArgument, Number };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var document = await client.Documents.GetDocumentAsync(new GetDocumentRequest { Name = DocumentName(result) });
            if (Printer.IsJson(result))
            {
                await Printer.PrintAsync(result, document, string.Empty);
            }
            else
            {
                await session.Environment.Output.WriteLineAsync($"{document.Name}: {document.Title} ({document.MediaType}, {document.SizeBytes} bytes, sha256 {document.Sha256})");
                Printer.WriteTable(document.Custody, ["Event", "What", "Who", "When"], e =>
                    [e.Event, EnumText.Short(e.Type), Markup.Escape(CliPrinter.Person(e.Actor, e.ActorParty)), CliPrinter.Minutes(e.EventTime)]);
            }
            return ExitCodes.Success;
        });
    }

    private Command Get()
    {
        var to = new Option<DirectoryInfo>("--to") { Description = "The folder to save it in.", Required = true };
        var command = new Command("get", "Download a document into a folder; its SHA-256 is checked, and a mismatch keeps nothing (exit 5).") { CaseArgument, Number, to };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var name = DocumentName(result);
            var document = await client.Documents.GetDocumentAsync(new GetDocumentRequest { Name = name });
            var folder = result.GetValue(to)!;
            folder.Create();
            var path = Path.Combine(folder.FullName, FileName(result.GetValue(Number), document.MediaType));
            var progress = Progress(result, "downloading", document.SizeBytes);
            var downloaded = await client.DownloadDocumentAsync(name, path, progress);
            progress.Done();
            await Printer.PrintAsync(result, document, $"saved {path} ({downloaded.SizeBytes} bytes, sha256 {downloaded.Sha256} verified)");
            return ExitCodes.Success;
        });
    }

    private Command Share()
    {
        var command = new Command("share", "Share a document your party filed with the other party (a custody event).") { CaseArgument, Number };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var document = await client.Documents.ShareDocumentAsync(new ShareDocumentRequest { Name = DocumentName(result) });
            await Printer.PrintAsync(result, document, $"shared {document.Name} with {(document.FilingParty == Party.Ru ? "TJ" : "RU")}");
            return ExitCodes.Success;
        });
    }

    private Command Seal()
    {
        var command = new Command("seal", "Seal a document: from now on only the co-chairs and the filing party see it.") { CaseArgument, Number, Reason };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var document = await client.Documents.SealDocumentAsync(new SealDocumentRequest { Name = DocumentName(result), Reason = session.FreeText(result, Reason) });
            await Printer.PrintAsync(result, document, $"sealed {document.Name}");
            return ExitCodes.Success;
        });
    }

    private Command Withdraw()
    {
        var command = new Command("withdraw", "Withdraw a document from the case; its record and SHA-256 stay.") { CaseArgument, Number, Reason };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var document = await client.Documents.WithdrawDocumentAsync(new WithdrawDocumentRequest { Name = DocumentName(result), Reason = session.FreeText(result, Reason) });
            await Printer.PrintAsync(result, document, $"withdrew {document.Name}");
            return ExitCodes.Success;
        });
    }

    private TransferProgress Progress(ParseResult result, string what, long total) =>
        new(session.Environment.Error, redraw: session.Environment.Interactive && !Printer.IsJson(result), what, total);

    private static string DocumentName(ParseResult result) => $"{CaseName(result)}/documents/{result.GetValue(Number)}";

    /// <summary>The file a document is saved as: its number and the extension of the type the server read from its bytes.</summary>
    private static string FileName(int number, string mediaType) => $"document-{number}" + mediaType switch
    {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/tiff" => ".tiff",
        "image/webp" => ".webp",
        "text/plain" => ".txt",
        _ => ".bin",
    };
}
