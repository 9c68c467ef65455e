using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Records;

/// <summary>
/// The backup Hangfire takes on <c>Backup:Cron</c>: a new folder <c>backup-yyyyMMdd-HHmmss</c> under
/// <c>Backup:Directory</c>, and once it is complete (its manifest written) the oldest backups beyond
/// <c>Backup:Keep</c> are deleted. A folder without a manifest (a backup cut short) is deleted with them.
/// </summary>
public sealed class ScheduledBackupJob(IOptions<StorageOptions> storage, IOptions<BackupOptions> options, TimeProvider clock, ILogger<ScheduledBackupJob> logger)
{
    public const string RecurringJobId = "backup-record";
    private const string Prefix = "backup-";

    [AutomaticRetry(Attempts = 0)] // the next tick takes the next backup
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public BackupManifest Run()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var folder = Path.GetFullPath(options.Value.Directory);
        var target = Path.Combine(folder, $"{Prefix}{now:yyyyMMdd-HHmmss}");
        var manifest = RecordBackup.Take(storage.Value, target, options.Value.WithKeys, now);
        logger.LogInformation("Backed up the record as of event {Sequence} into {Folder}", manifest.HeadSequence, target);
        foreach (var old in Directory.EnumerateDirectories(folder, Prefix + "*").Order(StringComparer.Ordinal).Reverse().Skip(options.Value.Keep))
        {
            Directory.Delete(old, recursive: true);
            logger.LogInformation("Deleted the backup {Folder}, older than the {Keep} kept", old, options.Value.Keep);
        }
        return manifest;
    }
}
