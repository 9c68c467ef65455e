using System.CommandLine;
using System.Security.Cryptography;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Audit;

/// <summary>
/// <c>export-log --out FILE</c> writes the event log and its signed checkpoints from the database as JSON
/// Lines; <c>verify-log FILE</c> checks such a file offline and names the first broken sequence. Both take
/// <c>--data-dir DIR</c>; <c>verify-log</c> takes <c>--ru-key PEM</c> and <c>--tj-key PEM</c> (public keys),
/// else the development keys under the data directory.
/// </summary>
public static class LogCommands
{
    public const int Intact = 0;
    public const int Usage = 1;
    public const int Broken = 3;

    public static Command ExportCommand()
    {
        var output = new Option<string>("--out") { Description = "The file to write (JSON Lines of casetracker.v1.LogExportRecord).", Required = true };
        var command = new Command("export-log", "Writes the event log and its signed checkpoints from the database as JSON Lines.") { output, ServerCommands.DataDirectory };
        command.SetAction(async (result, cancellationToken) =>
        {
            var storage = ServerCommands.Storage(result);
            await using var db = new CaseTrackerDbContext(storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: false).Options);
            await using var writer = new StreamWriter(result.GetValue(output)!);
            var count = await LogExporter.ExportAsync(db, writer, cancellationToken);
            Console.WriteLine($"exported {count} events to {result.GetValue(output)}");
            return Intact;
        });
        return command;
    }

    public static Command VerifyCommand()
    {
        var file = new Argument<string>("file") { Description = "An exported event log (export-log's JSON Lines)." };
        file.Validators.Add(result =>
        {
            if (!File.Exists(result.GetValueOrDefault<string>()))
            {
                result.AddError($"no such file: {result.GetValueOrDefault<string>()}");
            }
        });
        var ru = new Option<string?>("--ru-key") { Description = "Russia's checkpoint public key (PEM); default: its development key in the data folder." };
        var tj = new Option<string?>("--tj-key") { Description = "Tajikistan's checkpoint public key (PEM); default: its development key in the data folder." };
        var command = new Command("verify-log", "Checks an exported event log offline; exits 3 naming the first broken sequence.") { file, ru, tj, ServerCommands.DataDirectory };
        command.SetAction(result =>
        {
            var development = TokenKeys.Load(new AuthOptions(), ServerCommands.Storage(result));
            var keys = new Dictionary<CaseTracker.V1.Party, ECDsa>();
            foreach (var (party, option) in new[] { (Party.RU, ru), (Party.TJ, tj) })
            {
                var key = development.PublicKeyOf(party)!;
                if (result.GetValue(option) is { } pem)
                {
                    key = ECDsa.Create();
                    key.ImportFromPem(File.ReadAllText(pem));
                }
                keys[(CaseTracker.V1.Party)party] = key;
            }
            var verdict = new LogVerifier(keys).Verify(LogVerifier.ReadExport(File.ReadLines(result.GetValue(file)!)));
            if (verdict.IsIntact)
            {
                Console.WriteLine($"intact: {verdict.Events} events, every hash link verified, {verdict.Signatures} checkpoint signatures verified");
                return Intact;
            }
            Console.WriteLine($"broken at sequence {verdict.FirstBrokenSequence}: {verdict.Problem}");
            return Broken;
        });
        return command;
    }
}
