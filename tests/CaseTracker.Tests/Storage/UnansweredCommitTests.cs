using CaseTracker.Client;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseTracker.Tests.Storage;

/// <summary>
/// On PostgreSQL the connection can drop while the server commits a batch, and the writer then does not know
/// whether it did. It asks the database (by the transaction's id) instead of guessing: a batch that committed is
/// never saved a second time, one that did not is saved again, and when nobody can tell the callers hear so.
/// </summary>
public sealed class UnansweredCommitTests : IDisposable
{
    private static readonly Actor Investigator = new("tj.karimova", Party.TJ, Role.Investigator);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly CommitDroppingProxy? _proxy;
    private readonly CaseTrackerHost? _host;

    public UnansweredCommitTests()
    {
        if (!TestDatabase.IsPostgres)
        {
            return;
        }
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.ForDataDirectory(_dataDirectory));
        _proxy = new CommitDroppingProxy(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = _proxy.Port;
        database.SslMode = SslMode.Disable;
        _host = CaseTrackerHost.OnDataDirectory(_dataDirectory, new Dictionary<string, string> { ["Storage:ConnectionString"] = database.ConnectionString });
        _ = _host.Server;
    }

    private CaseTrackerHost Host => _host!;

    private CommitDroppingProxy Proxy => _proxy!;

    private BatchingWriter Writer => Host.Services.GetRequiredService<BatchingWriter>();

    private Task<int> AddNoteAsync(string caseId) => WriterNotes.AddAsync(Writer, caseId, Investigator);

    private async Task<string> FileCaseAsync()
    {
        var filed = await Host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").CreateAsync();
        return CaseNames.TryParse(filed.Name)!;
    }

    [PostgresFact]
    public async Task ABatchWhoseCommitAnswerWasLost_IsAnsweredAsCommitted_AndNotSavedAgain()
    {
        var caseId = await FileCaseAsync();

        Proxy.Arm(CommitDrop.AnswerLost);
        var numbers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => AddNoteAsync(caseId)));
        await Proxy.Dropped.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 3, 4, 5], numbers.Order());
        Assert.Equal(5, await CountAsync(db => db.Notes.CountAsync(n => n.CaseId == caseId)));
        Assert.Equal(5, await CountAsync(db => db.CaseEvents.CountAsync(e => e.CaseId == caseId && e.Type == EventNames.Type(CaseEventType.NoteCreated))));
        Assert.Contains(Host.Logs.Lines, line => line.Contains("went unanswered") && line.Contains("but took place"));
    }

    [PostgresFact]
    public async Task ABatchWhoseCommitNeverReachedTheDatabase_IsSavedAgain_Once()
    {
        var caseId = await FileCaseAsync();

        Proxy.Arm(CommitDrop.CommitLost);
        var numbers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => AddNoteAsync(caseId)));
        await Proxy.Dropped.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 3, 4, 5], numbers.Order());
        Assert.Equal(5, await CountAsync(db => db.Notes.CountAsync(n => n.CaseId == caseId)));
        Assert.Contains(Host.Logs.Lines, line => line.Contains("went unanswered") && line.Contains("did not take place"));
    }

    [PostgresFact]
    public async Task WhenTheDatabaseCannotBeAskedAfterALostAnswer_TheCallerIsToldTheChangeMayHaveBeenApplied()
    {
        var caseId = await FileCaseAsync();

        Proxy.Arm(CommitDrop.AnswerLostThenUnreachable);
        var refusal = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => AddNoteAsync(caseId));
        Proxy.Reconnect();
        NpgsqlConnection.ClearAllPools();

        Assert.Contains("may have been applied", refusal.Message);
        Assert.Equal(1, await CountAsync(db => db.Notes.CountAsync(n => n.CaseId == caseId)));
    }

    private async Task<int> CountAsync(Func<CaseTrackerDbContext, Task<int>> count)
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        return await count(db);
    }

    public void Dispose()
    {
        _host?.Dispose();
        _proxy?.Dispose();
        TestDatabase.Drop(_dataDirectory);
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
