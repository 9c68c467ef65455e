using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary><c>reviews</c>: create, show, download and sign the monthly joint case reviews.</summary>
public sealed class ReviewCommands(CliSession session)
{
    private static readonly Argument<string> Month = new("month") { Description = "The month reviewed, YYYY-MM." };

    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands() => [new Command("reviews", "The monthly joint case reviews.") { Create(), Show(), Download(), SignOff() }];

    private static string ReviewName(ParseResult result) => ResourceNames.Review(result.GetValue(Month)!);

    private Command Create()
    {
        var wait = new Option<bool>("--wait") { Description = "Wait until the review is built." };
        var command = new Command("create", "Create a month's review (supervisors and co-chairs); a month that has one keeps it.") { Month, wait };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var operation = await client.Reviews.CreateMonthlyReviewAsync(new CreateMonthlyReviewRequest { Month = result.GetValue(Month)! });
            if (result.GetValue(wait) && !operation.Done)
            {
                await Printer.WithProgressAsync(result, "Building the review...", async () => operation = await client.WaitForOperationAsync(operation.Name));
            }
            if (operation.Error is { } error)
            {
                await Printer.ErrorAsync($"building the review failed: {error.Message}");
                return ExitCodes.Conflict;
            }
            if (operation.Done)
            {
                await Printer.ReviewAsync(result, operation.Response.Unpack<MonthlyReview>());
                return ExitCodes.Success;
            }
            var progress = operation.Metadata.Unpack<MonthlyReviewProgress>();
            await Printer.PrintAsync(result, operation, $"{operation.Name}  building {progress.Review}: {progress.CasesProcessed}/{progress.CasesTotal} cases");
            return ExitCodes.Success;
        });
    }

    private Command Show()
    {
        var command = new Command("show", "Show a review: its state, files and signatures.") { Month };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            await Printer.ReviewAsync(result, await client.Reviews.GetMonthlyReviewAsync(new GetMonthlyReviewRequest { Name = ReviewName(result) }));
            return ExitCodes.Success;
        });
    }

    private Command Download()
    {
        var to = new Option<DirectoryInfo?>("--to") { Description = "The folder to write the files to (default: review-YYYY-MM)." };
        var command = new Command("download", "Download a review's files, checking each against its SHA-256.") { Month, to };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var month = result.GetValue(Month)!;
            var folder = result.GetValue(to)?.FullName ?? Path.GetFullPath($"review-{month}");
            IReadOnlyList<MonthlyReviewFile> files = [];
            await Printer.WithProgressAsync(result, "Downloading...", async () => files = await client.DownloadReviewAsync(ResourceNames.Review(month), folder));
            foreach (var file in files)
            {
                await Printer.PrintAsync(result, file, $"{Path.Combine(folder, file.FileName)}  {file.SizeBytes} bytes  sha256 {file.Sha256}");
            }
            return ExitCodes.Success;
        });
    }

    private Command SignOff()
    {
        var manifest = new Option<string>("--manifest-sha256") { Description = "The SHA-256 of the manifest.json you checked.", Required = true };
        var command = new Command("sign-off", "Sign a review for your party (supervisors and co-chairs).") { Month, manifest };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            await Printer.ReviewAsync(result, await client.Reviews.SignOffMonthlyReviewAsync(new SignOffMonthlyReviewRequest
            {
                Name = ReviewName(result),
                ManifestSha256 = result.GetValue(manifest)!,
            }));
            return ExitCodes.Success;
        });
    }
}
