using System.CommandLine;
using System.Security.Cryptography;
using CaseTracker.Client.Audit;
using CaseTracker.V1;

namespace CaseTracker.Cli.Commands;

/// <summary><c>verify-log</c>: check an exported event log offline, against the parties' checkpoint keys.</summary>
public sealed class VerifyLogCommand(CliSession session)
{
    public IEnumerable<Command> Commands() => [VerifyLog()];

    private Command VerifyLog()
    {
        var file = new Argument<FileInfo>("file") { Description = "An exported event log (JSON Lines of casetracker.v1.LogExportRecord)." };
        var ru = new Option<FileInfo?>("--ru-key") { Description = "Russia's checkpoint public key (PEM)." };
        var tj = new Option<FileInfo?>("--tj-key") { Description = "Tajikistan's checkpoint public key (PEM)." };
        var command = new Command("verify-log", "Check an exported event log offline; exits 3 naming the first broken sequence.") { file, ru, tj };
        command.SetAction(result => session.Run(async () =>
        {
            var keys = new Dictionary<Party, ECDsa>();
            foreach (var (party, option) in new[] { (Party.Ru, ru), (Party.Tj, tj) })
            {
                if (result.GetValue(option) is { } pem)
                {
                    var key = ECDsa.Create();
                    key.ImportFromPem(await File.ReadAllTextAsync(pem.FullName));
                    keys[party] = key;
                }
            }
            LogVerification verdict = null!;
            await session.Printer.WithProgressAsync(result, "Verifying the log", async () =>
                verdict = new LogVerifier(keys).Verify(LogVerifier.ReadExport(await File.ReadAllLinesAsync(result.GetValue(file)!.FullName))));
            await session.Printer.PrintAsync(result, verdict, CliJsonContext.Default.LogVerification,
                verdict.IsIntact ? $"intact: {verdict.Events} events, {verdict.Signatures} checkpoint signatures" : $"broken at sequence {verdict.FirstBrokenSequence}: {verdict.Problem}");
            return verdict.IsIntact ? ExitCodes.Success : ExitCodes.Conflict;
        }));
        return command;
    }
}
