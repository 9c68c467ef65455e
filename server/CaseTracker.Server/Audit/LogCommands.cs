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
/// Lines; <c>verify-log FILE</c> checks such a file offline and names the first broken sequence, then, when the
/// record is at hand, every document whose row or stored content differs from its custody events. Both take
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
        var noDocuments = new Option<bool>("--no-documents") { Description = "Check the log only, not the record's documents against their custody events." };
        var command = new Command("verify-log", "Checks an exported event log offline, then the record's documents against it; exits 3 naming what is broken.")
        {
            file, ru, tj, ServerCommands.DataDirectory, noDocuments,
        };
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
            if (!verdict.IsIntact)
            {
                Console.WriteLine($"broken at sequence {verdict.FirstBrokenSequence}: {verdict.Problem}");
                return Broken;
            }
            Console.WriteLine($"intact: {verdict.Events} events, every hash link verified, {verdict.Signatures} checkpoint signatures verified");
            return result.GetValue(noDocuments) ? Intact : VerifyDocuments(result.GetValue(file)!, ServerCommands.Storage(result));
        });
        return command;
    }

    /// <summary>
    /// Checks the record's documents against the verified log (<see cref="Documents.DocumentAudit"/>) when the record
    /// is at hand: each document row and its stored content must be what the log's custody events say.
    /// </summary>
    private static int VerifyDocuments(string file, StorageOptions storage)
    {
        if (storage.Provider == StorageProvider.Sqlite && !File.Exists(Path.Combine(Path.GetFullPath(storage.DataDirectory), "casetracker.db")))
        {
            Console.WriteLine($"documents: not checked, no record in {Path.GetFullPath(storage.DataDirectory)} (--data-dir DIR names it)");
            return Intact;
        }
        var options = storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: false).Options;
        var contexts = new Documents.CommandDbContextFactory(options);
        using var db = contexts.CreateDbContext();
        var store = Documents.DocumentExtensions.ContentStore(new Documents.DocumentOptions(), storage, contexts);
        var events = LogVerifier.ReadExport(File.ReadLines(file))
            .Where(r => r.RecordCase == CaseTracker.V1.LogExportRecord.RecordOneofCase.Event).Select(r => r.Event);
        var (count, problems) = Documents.DocumentAudit.CheckAsync(db, store, events, CancellationToken.None).GetAwaiter().GetResult();
        if (problems.Count == 0)
        {
            Console.WriteLine($"documents: {count} checked, each row, its custody and its stored content match the log");
            return Intact;
        }
        foreach (var problem in problems)
        {
            Console.WriteLine($"broken: {problem}");
        }
        return Broken;
    }
}
