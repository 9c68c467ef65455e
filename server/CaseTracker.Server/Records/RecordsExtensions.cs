using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Records;

public static class RecordsExtensions
{
    /// <summary>Backups on a schedule (<c>Backup</c>) and the retention of subject data (<c>Retention</c>).</summary>
    public static WebApplicationBuilder AddCaseTrackerRecords(this WebApplicationBuilder builder)
    {
        Hosting.StartupOptions.Bind<BackupOptions>(builder, BackupOptions.Section);
        builder.Services.AddTransient<ScheduledBackupJob>();
        Hosting.StartupOptions.Bind<RetentionOptions>(builder, RetentionOptions.Section);
        builder.Services.AddTransient<EraseExpiredSubjectDataJob>();
        builder.Services.AddTransient<EraseExpiredListRecordsJob>();
        builder.Services.AddSingleton<SubjectDataExports>();
        builder.Services.AddSingleton<SubjectListRecords>();
        return builder;
    }

    /// <summary>Serves RecordsService; registers the recurring erasures (cases, lists), and the recurring backup when <c>Backup:Cron</c> is set (SQLite only).</summary>
    public static WebApplication MapCaseTrackerRecords(this WebApplication app)
    {
        app.MapGrpcService<RecordsGrpcService>();
        var retention = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<EraseExpiredSubjectDataJob>(
            EraseExpiredSubjectDataJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), retention.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<EraseExpiredListRecordsJob>(
            EraseExpiredListRecordsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), retention.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return app.MapScheduledBackup();
    }

    private static WebApplication MapScheduledBackup(this WebApplication app)
    {
        var backup = app.Services.GetRequiredService<IOptions<BackupOptions>>().Value;
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        if (backup.Cron.Length == 0)
        {
            jobs.RemoveIfExists(ScheduledBackupJob.RecurringJobId);
            return app;
        }
        if (storage.Provider == StorageProvider.Postgres)
        {
            throw new OptionsValidationException(BackupOptions.Section, typeof(BackupOptions),
                ["Backup:Cron: scheduled backups copy the SQLite record; back PostgreSQL up with pg_dump or pg_basebackup (README \"Backups and restore\") and leave Backup:Cron empty."]);
        }
        try
        {
            jobs.AddOrUpdate<ScheduledBackupJob>(ScheduledBackupJob.RecurringJobId, job => job.Run(), backup.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException error)
        {
            throw new OptionsValidationException(BackupOptions.Section, typeof(BackupOptions), [$"Backup:Cron: '{backup.Cron}' is not a cron expression ({error.Message})."]);
        }
        return app;
    }
}
