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

    public static int Backup(string[] args)
    {
        var options = CommandOptions.Parse(args);
        if (options is null || !options.TryGetValue("to", out var target))
        {
            Console.Error.WriteLine("usage: backup --to DIR [--with-keys true] [--data-dir DIR]");
            return Usage;
        }
        try
        {
            var withKeys = options.TryGetValue("with-keys", out var keys) && bool.TryParse(keys, out var yes) && yes;
            var manifest = RecordBackup.Take(CommandOptions.Storage(options), target, withKeys, DateTime.UtcNow);
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

    public static int Restore(string[] args)
    {
        var options = CommandOptions.Parse(args);
        if (options is null || !options.TryGetValue("from", out var backup))
        {
            Console.Error.WriteLine("usage: restore --from DIR [--data-dir DIR] [--ru-key PUBLIC.pem] [--tj-key PUBLIC.pem]");
            return Usage;
        }
        try
        {
            var dataDirectory = CommandOptions.Storage(options).DataDirectory;
            var restored = RecordRestore.Run(backup, dataDirectory, PartyKeys(options));
            Console.WriteLine($"restored into {Path.GetFullPath(dataDirectory)} the backup of {restored.Manifest.TakenAt:yyyy-MM-dd HH:mm:ss}Z: integrity_check ok, "
                + $"{restored.Events} events verified up to the manifest's head {restored.Manifest.HeadSequence}, {restored.Signatures} checkpoint signatures verified");
            return Done;
        }
        catch (BackupRefusal refusal)
        {
            Console.Error.WriteLine($"restore refused: {refusal.Message}");
            return Refused;
        }
    }

    private static Dictionary<Party, ECDsa> PartyKeys(Dictionary<string, string> options)
    {
        var keys = new Dictionary<Party, ECDsa>();
        foreach (var party in Enum.GetValues<Party>())
        {
            if (options.TryGetValue($"{party.ToString().ToLowerInvariant()}-key", out var path))
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
