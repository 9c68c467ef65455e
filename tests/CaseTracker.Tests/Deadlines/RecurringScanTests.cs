using CaseTracker.Server.Deadlines;
using CaseTracker.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Deadlines;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireServerCollection
{
    /// <summary>Hangfire keeps static state: hosts that run a Hangfire server run one at a time.</summary>
    public const string Name = "Hangfire server";
}

/// <summary>The scan is a recurring Hangfire job kept in SQLite job storage, and it survives a restart.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class RecurringScanTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));

    private static readonly Dictionary<string, string> WithHangfireServer = new()
    {
        ["Hangfire:Storage"] = "Sqlite",
        ["Hangfire:ServerEnabled"] = "true",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
    };

    [Fact]
    public async Task RecurringScan_AfterARestartOnSqliteJobStorage_IsStillRegisteredAndRuns()
    {
        using (var first = CaseTrackerHost.OnDataDirectory(_dataDirectory, WithHangfireServer))
        {
            _ = first.Server;
        }
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "hangfire.db")));

        using var second = CaseTrackerHost.OnDataDirectory(_dataDirectory, WithHangfireServer);
        _ = second.Server;
        var storage = second.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            var recurring = Assert.Single(connection.GetRecurringJobs(), j => j.Id == EscalateDueDeadlinesJob.RecurringJobId);
            Assert.Equal("* * * * *", recurring.Cron);
        }

        second.Services.GetRequiredService<IRecurringJobManager>().Trigger(EscalateDueDeadlinesJob.RecurringJobId);

        var succeeded = false;
        for (var attempt = 0; attempt < 100 && !succeeded; attempt++)
        {
            await Task.Delay(200);
            succeeded = storage.GetMonitoringApi().SucceededJobs(0, 10)
                .Any(job => job.Value.Job?.Type == typeof(EscalateDueDeadlinesJob));
        }
        Assert.True(succeeded, "The triggered scan did not run to success within 20 s.");
    }

    public void Dispose()
    {
        TestDatabase.Drop(_dataDirectory);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
