using System.Security.Cryptography;
using CaseTracker.Client.Audit;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Records;

/// <summary>
/// Restores a backup into an empty data folder, and only a backup that verifies: every file the manifest lists is
/// there with its size and SHA-256, the database passes <c>PRAGMA integrity_check</c>, its schema is one this code
/// knows, its event log verifies link by link from the first event up to the manifest's head (sequence and hash),
/// and every checkpoint signature verifies with its party's public key; the disclosure log's own chain verifies the
/// same way up to the manifest's disclosure head. The files are checked in a staging folder
/// and moved into place only then; a refusal names what is wrong and leaves the data folder as it was.
/// </summary>
public static class RecordRestore
{
    private const string Staging = ".restoring";

    /// <summary>What a verified restore found.</summary>
    public sealed record Restored(BackupManifest Manifest, long Events, int Signatures, long Disclosures);

    /// <param name="backup">The backup's folder.</param>
    /// <param name="dataDirectory">The empty (or absent) data folder to restore into.</param>
    /// <param name="partyKeys">
    /// Public keys to check the checkpoint signatures with; a party missing here is checked with the development key
    /// in the backup, if it carries keys.
    /// </param>
    public static Restored Run(string backup, string dataDirectory, IReadOnlyDictionary<Party, ECDsa> partyKeys)
    {
        backup = Path.GetFullPath(backup);
        dataDirectory = Path.GetFullPath(dataDirectory);
        var manifest = BackupManifest.ReadFrom(backup);
        RefuseUsedFolder(dataDirectory);
        CheckFiles(backup, manifest);

        var staging = Path.Combine(dataDirectory, Staging);
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var file in manifest.Files)
            {
                var destination = Path.Combine(staging, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(Path.Combine(backup, file.Path), destination);
            }
            // Copied files are checked again: what is verified is what goes into place.
            CheckFiles(staging, manifest);
            var database = Path.Combine(staging, RecordBackup.DatabaseFile);
            CheckIntegrity(database);
            CheckSchema(database);
            var (events, signatures) = VerifyLog(database, manifest, KeysFor(staging, manifest, partyKeys));
            var disclosures = VerifyDisclosureLog(database, manifest);
            MoveIntoPlace(staging, dataDirectory, manifest);
            return new Restored(manifest, events, signatures, disclosures);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void RefuseUsedFolder(string dataDirectory)
    {
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any(entry => Path.GetFileName(entry) != Staging))
        {
            throw new BackupRefusal($"{dataDirectory} is not empty: restore into an empty data folder (a restore never overwrites a record), then point Storage:DataDirectory at it.");
        }
    }

    private static void CheckFiles(string folder, BackupManifest manifest)
    {
        if (!manifest.Files.Any(file => file.Path == RecordBackup.DatabaseFile))
        {
            throw new BackupRefusal($"the manifest lists no {RecordBackup.DatabaseFile}: the backup holds no record.");
        }
        foreach (var file in manifest.Files)
        {
            if (file.Path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(file.Path))
            {
                throw new BackupRefusal($"the manifest names a file outside the backup ({file.Path}).");
            }
            var path = Path.Combine(folder, file.Path);
            if (!File.Exists(path))
            {
                throw new BackupRefusal($"{file.Path} is listed in the manifest but missing from the backup.");
            }
            var found = BackupManifest.Describe(folder, file.Path);
            if (found.Bytes != file.Bytes || found.Sha256 != file.Sha256)
            {
                throw new BackupRefusal(
                    $"{file.Path} is not the file the backup wrote: its SHA-256 is {found.Sha256} ({found.Bytes} bytes), the manifest says {file.Sha256} ({file.Bytes} bytes); the backup is damaged or was changed.");
            }
        }
    }

    private static void CheckIntegrity(string database)
    {
        try
        {
            using var connection = RecordBackup.OpenReadOnly(database);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            var problems = new List<string>();
            while (reader.Read() && problems.Count < 5)
            {
                problems.Add(reader.GetString(0));
            }
            if (problems is not ["ok"])
            {
                throw new BackupRefusal($"the database fails PRAGMA integrity_check: {string.Join("; ", problems)}.");
            }
        }
        catch (SqliteException error)
        {
            throw new BackupRefusal($"the database cannot be read as SQLite ({error.Message}).");
        }
    }

    private static void CheckSchema(string database)
    {
        using var db = Context(database);
        var unknown = db.Database.GetAppliedMigrations().Except(db.Database.GetMigrations(), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new BackupRefusal($"the backup was taken by a newer version of the server (migration {unknown[^1]} is unknown to this one): restore it with that version or newer.");
        }
    }

    private static CaseTrackerDbContext Context(string database) =>
        new(new DbContextOptionsBuilder<CaseTrackerDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString).Options);

    private static Dictionary<CaseTracker.V1.Party, ECDsa> KeysFor(string staging, BackupManifest manifest, IReadOnlyDictionary<Party, ECDsa> given)
    {
        var keys = new Dictionary<CaseTracker.V1.Party, ECDsa>();
        foreach (var party in Enum.GetValues<Party>())
        {
            var development = Path.Combine(staging, "dev-keys", $"{party.ToString().ToLowerInvariant()}.pem");
            if (given.TryGetValue(party, out var key))
            {
                keys[(CaseTracker.V1.Party)party] = key;
            }
            else if (manifest.IncludesKeys && File.Exists(development))
            {
                var pair = ECDsa.Create();
                pair.ImportFromPem(File.ReadAllText(development));
                keys[(CaseTracker.V1.Party)party] = pair;
            }
        }
        return keys;
    }

    /// <summary>Verifies the log of the copy, exported as the offline verifier reads it, and that it ends at the manifest's head.</summary>
    private static (long Events, int Signatures) VerifyLog(string database, BackupManifest manifest, Dictionary<CaseTracker.V1.Party, ECDsa> keys)
    {
        var export = Path.Combine(Path.GetDirectoryName(database)!, "log.jsonl");
        using (var db = Context(database))
        {
            var signers = db.CheckpointSignatures.AsNoTracking().Select(s => s.Party).Distinct().ToList();
            foreach (var party in signers.Where(party => !keys.ContainsKey((CaseTracker.V1.Party)party)))
            {
                throw new BackupRefusal(
                    $"the log has checkpoints signed by {party} and there is no {party} public key to check them with: give --{party.ToString().ToLowerInvariant()}-key PUBLIC.pem (the party's token key).");
            }
            using var writer = new StreamWriter(export);
            LogExporter.ExportAsync(db, writer, CancellationToken.None).GetAwaiter().GetResult();
        }
        var result = new LogVerifier(keys).Verify(LogVerifier.ReadExport(File.ReadLines(export)));
        File.Delete(export);
        if (!result.IsIntact)
        {
            throw new BackupRefusal($"the event log does not verify: broken at sequence {result.FirstBrokenSequence}: {result.Problem}.");
        }
        var (sequence, hash, _) = RecordBackup.ReadHead(database);
        if (sequence != manifest.HeadSequence || hash != manifest.HeadHash)
        {
            throw new BackupRefusal(
                $"the event log ends at sequence {sequence} (hash {hash}), not at the manifest's head {manifest.HeadSequence} (hash {manifest.HeadHash}).");
        }
        return (result.Events, result.Signatures);
    }

    /// <summary>Verifies the copy's disclosure log, its own chain, and that it ends at the manifest's disclosure head (when the manifest has one).</summary>
    private static long VerifyDisclosureLog(string database, BackupManifest manifest)
    {
        using var db = Context(database);
        var result = DisclosureChain.Verify(db.Disclosures.AsNoTracking().OrderBy(d => d.Sequence).AsEnumerable());
        if (!result.IsIntact)
        {
            throw new BackupRefusal($"the disclosure log does not verify: broken at disclosure {result.FirstBrokenSequence}: {result.Problem}.");
        }
        if (manifest.DisclosureHeadHash is { } head && (result.HeadSequence != manifest.DisclosureHeadSequence || result.HeadHash != head))
        {
            throw new BackupRefusal(
                $"the disclosure log ends at disclosure {result.HeadSequence} (hash {result.HeadHash}), not at the manifest's disclosure head {manifest.DisclosureHeadSequence} (hash {head}).");
        }
        return result.Rows;
    }

    private static void MoveIntoPlace(string staging, string dataDirectory, BackupManifest manifest)
    {
        foreach (var file in manifest.Files.OrderBy(file => file.Path == RecordBackup.DatabaseFile))
        {
            var destination = Path.Combine(dataDirectory, file.Path);
            var folder = Path.GetDirectoryName(destination)!;
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(Path.Combine(staging, file.Path), FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }
            File.Move(Path.Combine(staging, file.Path), destination);
            DataFiles.SyncFolder(folder);
        }
    }
}
