using System.CommandLine;
using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;

namespace CaseTracker.Server.Records;

/// <summary>
/// The thin entries of <c>backup --to DIR [--with-keys true] [--data-dir DIR]</c> and
/// <c>restore --from DIR [--data-dir DIR] [--ru-key PUBLIC.pem] [--tj-key PUBLIC.pem]</c>: they parse the
/// arguments, call <see cref="RecordBackup"/> or <see cref="RecordRestore"/>, and print one line.
/// </summary>
public static class BackupCommands
{
    public const int Done = 0;
    public const int Usage = 1;
    public const int Refused = 3;

    /// <summary>Runs <c>backup</c> with its options (<c>--to DIR</c> …), as <c>casetracker-server backup …</c> does.</summary>
    public static int Backup(string[] args) => Run(BackupCommand(), args);

    /// <summary>Runs <c>restore</c> with its options (<c>--from DIR</c> …), as <c>casetracker-server restore …</c> does.</summary>
    public static int Restore(string[] args) => Run(RestoreCommand(), args);

    public static Command BackupCommand()
    {
        var to = new Option<string>("--to") { Description = "The empty folder to write the backup and its manifest.json into.", Required = true };
        var withKeys = new Option<bool>("--with-keys") { Description = "Copy the keys under the data folder too (keep such a backup as secret as the keys)." };
        var command = new Command("backup", "Takes a consistent online copy of the SQLite record (VACUUM INTO) with a manifest of its head and files.")
        {
            to, withKeys, ServerCommands.DataDirectory,
        };
        command.SetAction(result => Backup(ServerCommands.Storage(result), result.GetValue(to)!, result.GetValue(withKeys)));
        return command;
    }

    public static Command RestoreCommand()
    {
        var from = new Option<string>("--from") { Description = "The backup's folder (with its manifest.json).", Required = true };
        var ru = new Option<string?>("--ru-key") { Description = "Russia's public key (PEM), to verify its checkpoint signatures." };
        var tj = new Option<string?>("--tj-key") { Description = "Tajikistan's public key (PEM), to verify its checkpoint signatures." };
        var command = new Command("restore", "Restores a backup into an empty data folder, checking the manifest, integrity, the hash chain and the checkpoint signatures.")
        {
            from, ServerCommands.DataDirectory, ru, tj,
        };
        command.SetAction(result => Restore(result.GetValue(from)!, ServerCommands.Storage(result).DataDirectory,
            new Dictionary<Party, string?> { [Party.RU] = result.GetValue(ru), [Party.TJ] = result.GetValue(tj) }));
        return command;
    }

    private static int Run(Command command, string[] args) =>
        new RootCommand { Subcommands = { command } }.Parse([command.Name, .. args]).Invoke();

    private static int Backup(Storage.StorageOptions storage, string target, bool withKeys)
    {
        try
        {
            var manifest = RecordBackup.Take(storage, target, withKeys, DateTime.UtcNow);
            Console.WriteLine($"backed up the record as of event {manifest.HeadSequence} (hash {manifest.HeadHash}) into {Path.GetFullPath(target)}: "
                + $"{manifest.Files.Count} files{(withKeys ? ", keys included: keep this backup as secret as the keys" : ", no keys (each party keeps its own)")}");
            return Done;
        }
        catch (BackupRefusal refusal)
        {
            Console.Error.WriteLine($"backup refused: {refusal.Message}");
            return Refused;
        }
    }

    private static int Restore(string backup, string dataDirectory, Dictionary<Party, string?> keyPaths)
    {
        try
        {
            var restored = RecordRestore.Run(backup, dataDirectory, PartyKeys(keyPaths));
            Console.WriteLine($"restored into {Path.GetFullPath(dataDirectory)} the backup of {restored.Manifest.TakenAt:yyyy-MM-dd HH:mm:ss}Z: integrity_check ok, "
                + $"{restored.Events} events verified up to the manifest's head {restored.Manifest.HeadSequence}, {restored.Signatures} checkpoint signatures verified, "
                + $"{restored.Disclosures} disclosures verified");
            return Done;
        }
        catch (BackupRefusal refusal)
        {
            Console.Error.WriteLine($"restore refused: {refusal.Message}");
            return Refused;
        }
    }

    private static Dictionary<Party, ECDsa> PartyKeys(Dictionary<Party, string?> keyPaths)
    {
        var keys = new Dictionary<Party, ECDsa>();
        foreach (var (party, path) in keyPaths)
        {
            if (path is not null)
            {
                var key = ECDsa.Create();
                try
                {
                    key.ImportFromPem(File.ReadAllText(path));
                }
                catch (Exception error) when (error is IOException or ArgumentException)
                {
                    throw new BackupRefusal($"--{party.ToString().ToLowerInvariant()}-key {path} is not a readable PEM key ({error.Message}).");
                }
                keys[party] = key;
            }
        }
        return keys;
    }
}
