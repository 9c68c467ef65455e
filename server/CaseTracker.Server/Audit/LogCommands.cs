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

    public static async Task<int> ExportAsync(string[] args)
    {
        var options = Options(args);
        if (!options.TryGetValue("out", out var output))
        {
            Console.Error.WriteLine("usage: export-log --out FILE [--data-dir DIR]");
            return Usage;
        }
        var storage = CommandOptions.Storage(options);
        await using var db = new CaseTrackerDbContext(storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: false).Options);
        await using var writer = new StreamWriter(output);
        var count = await LogExporter.ExportAsync(db, writer, CancellationToken.None);
        Console.WriteLine($"exported {count} events to {output}");
        return Intact;
    }

    public static int Verify(string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(args, a));
        var options = Options(args.Where(a => a != file).ToArray());
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("usage: verify-log FILE [--ru-key PUBLIC.pem] [--tj-key PUBLIC.pem] [--data-dir DIR] [--no-documents yes]");
            return Usage;
        }
        var keys = new Dictionary<CaseTracker.V1.Party, ECDsa>();
        var development = TokenKeys.Load(new AuthOptions(), CommandOptions.Storage(options));
        foreach (var party in Enum.GetValues<Party>())
        {
            var name = $"{party.ToString().ToLowerInvariant()}-key";
            var key = ECDsa.Create();
            if (options.TryGetValue(name, out var pem))
            {
                key.ImportFromPem(File.ReadAllText(pem));
            }
            else
            {
                key = development.PublicKeyOf(party)!;
            }
            keys[(CaseTracker.V1.Party)party] = key;
        }
        var result = new LogVerifier(keys).Verify(LogVerifier.ReadExport(File.ReadLines(file)));
        if (!result.IsIntact)
        {
            Console.WriteLine($"broken at sequence {result.FirstBrokenSequence}: {result.Problem}");
            return Broken;
        }
        Console.WriteLine($"intact: {result.Events} events, every hash link verified, {result.Signatures} checkpoint signatures verified");
        return options.ContainsKey("no-documents") ? Intact : VerifyDocuments(file, CommandOptions.Storage(options));
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

    private static bool IsOptionValue(string[] args, string value)
    {
        var index = Array.IndexOf(args, value);
        return index > 0 && args[index - 1].StartsWith("--", StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[++i];
            }
        }
        return options;
    }
}
