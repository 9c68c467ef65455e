using System.Text.Json.Nodes;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Records;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Documents;
using CaseTracker.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Records;

/// <summary>
/// <c>backup --to DIR</c> copies the SQLite record while the server writes, with a manifest of its head and files;
/// <c>restore --from DIR</c> puts it into an empty folder only when every check passes, and names what is wrong
/// otherwise.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", "backup-" + Guid.NewGuid().ToString("N"));
    private string Backup => Path.Combine(_folder, "backup");
    private string Restored => Path.Combine(_folder, "restored");

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Backup_TakenWhileTheServerWrites_RestoresIntoANewFolderThatServesEveryEventUpToTheManifestHead()
    {
        using var host = new CaseTrackerHost();
        var client = host.ClientFor(Party.TJ, Role.Investigator);
        var first = await client.CreateAsync();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                await client.CreateAsync();
                written++;
            }
            return written;
        })).ToList();
        await Task.Delay(700);

        var exit = BackupCommands.Backup(["--to", Backup, "--data-dir", host.DataDirectory, "--with-keys", "true"]);
        await Task.Delay(300);
        await stop.CancelAsync();
        var written = (await Task.WhenAll(writers)).Sum();

        Assert.Equal(BackupCommands.Done, exit);
        var manifest = BackupManifest.ReadFrom(Backup);
        var original = await EventsAsync(client);
        Assert.True(manifest.HeadSequence > 1 && manifest.HeadSequence < original.Count, $"head {manifest.HeadSequence} of {original.Count} events ({written} cases written meanwhile)");
        Assert.Equal(original[(int)manifest.HeadSequence - 1].Hash, manifest.HeadHash);
        Assert.Contains(manifest.Files, file => file.Path == "dev-keys/ru.pem");

        Assert.Equal(BackupCommands.Done, BackupCommands.Restore(["--from", Backup, "--data-dir", Restored]));

        using var restored = CaseTrackerHost.OnDataDirectory(Restored);
        var again = restored.ClientFor(Party.TJ, Role.Investigator);
        var events = await EventsAsync(again);
        Assert.Equal(original.Take((int)manifest.HeadSequence).Select(e => (e.Sequence, e.Hash)), events.Select(e => (e.Sequence, e.Hash)));
        var served = await again.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = first.Name });
        Assert.Equal(first.Subject.NameLatin, served.Subject.NameLatin);
        Assert.Equal(first.Etag, served.Etag);
    }

    [SqliteOnlyFact("the backup copies the SQLite record and its document files")]
    public async Task Backup_OfARecordWithDocuments_RestoresTheirContent_ServedByteForByte()
    {
        using var host = new CaseTrackerHost();
        var client = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        var filed = await client.CreateAsync();
        var content = DocumentSupport.Pdf(2 * 1024 * 1024 + 17);
        var document = await client.UploadDocumentAsync(filed.Name, DocumentSupport.Draft(), new MemoryStream(content));

        Assert.Equal(BackupCommands.Done, BackupCommands.Backup(["--to", Backup, "--data-dir", host.DataDirectory, "--with-keys", "true"]));
        Assert.Equal(BackupCommands.Done, BackupCommands.Restore(["--from", Backup, "--data-dir", Restored]));

        var manifest = BackupManifest.ReadFrom(Backup);
        Assert.Contains(manifest.Files, file => file.Path == Path.Combine("documents", document.Sha256[..2], document.Sha256) && file.Sha256 == document.Sha256);
        using var restored = CaseTrackerHost.OnDataDirectory(Restored);
        var served = await DocumentSupport.DownloadAsync(restored.ClientFor(Party.TJ, Role.Investigator, "tj.karimova"), document.Name);
        Assert.Equal(content, served);
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_OfABackupWithAChangedByte_IsRefusedNamingTheFile()
    {
        await BackUpAsync();
        var database = Path.Combine(Backup, "casetracker.db");
        var bytes = File.ReadAllBytes(database);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(database, bytes);

        var refusal = Assert.Throws<BackupRefusal>(() => RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>()));

        Assert.Contains("casetracker.db is not the file the backup wrote", refusal.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Restored) && Directory.EnumerateFileSystemEntries(Restored).Any());
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_OfABackupWhoseEventWasRewrittenAndTheManifestRehashed_IsRefusedNamingTheSequence()
    {
        await BackUpAsync();
        ChangeBackup("""UPDATE "CaseEvents" SET "Payload" = "Payload" || ' ' WHERE "Sequence" = 2""");
        Rehash();

        var refusal = Assert.Throws<BackupRefusal>(() => RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>()));

        Assert.Contains("the event log does not verify: broken at sequence 2", refusal.Message, StringComparison.Ordinal);
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_OfABackupWhoseLastEventsWereCutAndTheManifestRehashed_IsRefusedNamingTheHead()
    {
        var manifest = await BackUpAsync();
        ChangeBackup($"""DELETE FROM "CaseEvents" WHERE "Sequence" = {manifest.HeadSequence}""");
        Rehash();

        var refusal = Assert.Throws<BackupRefusal>(() => RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>()));

        Assert.Contains($"the event log ends at sequence {manifest.HeadSequence - 1}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"not at the manifest's head {manifest.HeadSequence}", refusal.Message, StringComparison.Ordinal);
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_OfABackupWhoseDisclosureRowWasChangedAndTheManifestRehashed_IsRefusedNamingTheDisclosureLog()
    {
        var manifest = await BackUpWithDisclosuresAsync();
        Assert.Equal(2, manifest.DisclosureHeadSequence);
        ChangeBackup("""UPDATE "Disclosures" SET "Caller" = 'ru.nobody' WHERE "Sequence" = 1""");
        Rehash();

        var refusal = Assert.Throws<BackupRefusal>(() => RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>()));

        Assert.Contains("the disclosure log does not verify: broken at disclosure 1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("the row was changed", refusal.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Restored) && Directory.EnumerateFileSystemEntries(Restored).Any());
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_OfABackupWhoseLastDisclosureWasCutAndTheManifestRehashed_IsRefusedNamingTheDisclosureHead()
    {
        await BackUpWithDisclosuresAsync();
        ChangeBackup("""DELETE FROM "Disclosures" WHERE "Sequence" = 2""");
        Rehash();

        var refusal = Assert.Throws<BackupRefusal>(() => RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>()));

        Assert.Contains("the disclosure log ends at disclosure 1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("not at the manifest's disclosure head 2", refusal.Message, StringComparison.Ordinal);
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_OfABackupWithDisclosures_VerifiesThemAndServesThemAsBefore()
    {
        await BackUpWithDisclosuresAsync();

        var restored = RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>());

        Assert.Equal(2, restored.Disclosures);
        using var host = CaseTrackerHost.OnDataDirectory(Restored);
        var served = await host.ClientFor(Party.TJ, Role.Auditor).Cases.ListDisclosuresAsync(new V1.ListDisclosuresRequest { Parent = "cases/-" });
        Assert.Equal(["ru.ivanov", "ru.ivanov"], served.Disclosures.Select(d => d.Caller));
        Assert.All(served.Disclosures, d => Assert.Equal(CaseTracker.Client.Audit.DisclosureHashing.Compute(d), d.Hash));
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task Restore_IntoAFolderThatHoldsARecord_IsRefusedAndLeavesItAlone()
    {
        await BackUpAsync();
        Directory.CreateDirectory(Restored);
        File.WriteAllText(Path.Combine(Restored, "casetracker.db"), "the record already here");

        Assert.Equal(BackupCommands.Refused, BackupCommands.Restore(["--from", Backup, "--data-dir", Restored]));

        Assert.Equal("the record already here", File.ReadAllText(Path.Combine(Restored, "casetracker.db")));
    }

    [Fact]
    public void Restore_OfAFolderWithoutManifest_IsRefusedAsNotABackup()
    {
        Directory.CreateDirectory(Backup);

        var refusal = Assert.Throws<BackupRefusal>(() => RecordRestore.Run(Backup, Restored, new Dictionary<Party, System.Security.Cryptography.ECDsa>()));

        Assert.Contains("manifest.json is missing", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backup_OfAPostgresRecord_IsRefusedWithThePgDumpProcedure()
    {
        var storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = "Host=db;Database=casetracker", DataDirectory = _folder };

        var refusal = Assert.Throws<BackupRefusal>(() => RecordBackup.Take(storage, Backup, withKeys: false, DateTime.UtcNow));

        Assert.Contains("pg_dump", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("README \"Backups and restore\"", refusal.Message, StringComparison.Ordinal);
    }

    [SqliteOnlyFact("the backup copies the SQLite record")]
    public async Task ScheduledBackup_KeepsTheNewestBackupsOnly_AndNoKeysUnlessAsked()
    {
        using var host = new CaseTrackerHost();
        await host.ClientFor(Party.RU, Role.Investigator).CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new BackupOptions { Cron = "0 2 * * *", Directory = Backup, Keep = 2 });
        var job = new ScheduledBackupJob(Options.Create(new StorageOptions { DataDirectory = host.DataDirectory }), options, clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ScheduledBackupJob>.Instance);

        for (var day = 0; day < 3; day++)
        {
            job.Run();
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(["backup-20261202-020000", "backup-20261203-020000"], Directory.EnumerateDirectories(Backup).Select(Path.GetFileName).Order());
        var manifest = BackupManifest.ReadFrom(Path.Combine(Backup, "backup-20261203-020000"));
        Assert.Equal(["casetracker.db"], manifest.Files.Select(f => f.Path));
        Assert.False(Directory.Exists(Path.Combine(Backup, "backup-20261203-020000", "dev-keys")));
    }

    private async Task<BackupManifest> BackUpAsync()
    {
        using var host = new CaseTrackerHost();
        var client = host.ClientFor(Party.TJ, Role.Investigator);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync();
        }
        return RecordBackup.Take(new StorageOptions { DataDirectory = host.DataDirectory }, Backup, withKeys: false, DateTime.UtcNow);
    }

    /// <summary>A backup of two cases whose subjects consented to sharing, each read once by the other party: two disclosures.</summary>
    private async Task<BackupManifest> BackUpWithDisclosuresAsync()
    {
        using var host = new CaseTrackerHost();
        var tj = host.ClientFor(Party.TJ, Role.Investigator);
        var ru = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");
        for (var i = 0; i < 2; i++)
        {
            var c = await tj.CreateAsync();
            await tj.Cases.RecordConsentAsync(new V1.RecordConsentRequest { Name = c.Name, ShareWithOtherParty = true });
            await ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        }
        return RecordBackup.Take(new StorageOptions { DataDirectory = host.DataDirectory }, Backup, withKeys: false, DateTime.UtcNow);
    }

    /// <summary>Runs one statement on the backup's database, as someone changing the backup would.</summary>
    private void ChangeBackup(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Backup, "casetracker.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>Writes the manifest again with the changed file's hash, as someone covering a change would.</summary>
    private void Rehash()
    {
        var path = Path.Combine(Backup, BackupManifest.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var file = BackupManifest.Describe(Backup, "casetracker.db");
        var entry = manifest["files"]!.AsArray().First(f => (string)f!["path"]! == "casetracker.db")!;
        entry["sha256"] = file.Sha256;
        entry["bytes"] = file.Bytes;
        File.WriteAllText(path, manifest.ToJsonString());
    }

    private static Task<List<V1.CaseEvent>> EventsAsync(CaseTracker.Client.CaseTrackerClient client) => EventLogs.AllAsync(client);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
