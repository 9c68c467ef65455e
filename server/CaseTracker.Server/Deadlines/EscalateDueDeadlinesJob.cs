using System.Globalization;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// The recurring scan that warns and escalates. It reads only the clocks whose next step is due (an index
/// on <see cref="Deadline.NextActionTime"/>), takes each step with a conditional update (the clock's
/// version) and records the step's event in the same transaction. A second run, a retry, or a run after a
/// crash finds those clocks no longer due, so each warning and each escalation happens exactly once.
/// </summary>
public sealed class EscalateDueDeadlinesJob(BatchingWriter writer, DeadlinePolicy policy, TimeProvider clock, ILogger<EscalateDueDeadlinesJob> logger)
{
    public const string RecurringJobId = "escalate-due-deadlines";

    /// <summary>How many due clocks one transaction takes at most.</summary>
    public int ChunkSize { get; init; } = 5_000;

    [AutomaticRetry(Attempts = 0)] // it runs again at the next tick anyway
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(maxChunks: null, cancellationToken);

    /// <summary>Runs the scan; <paramref name="maxChunks"/> stops it early, as a crash between two commits would.</summary>
    internal async Task RunAsync(int? maxChunks, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var chunks = 0;
        var total = new ScanResult(0, 0, 0);
        ScanResult chunk;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            chunk = await writer.WriteAloneAsync(session => ScanChunkAsync(session, now), cancellationToken);
            total = new ScanResult(total.Clocks + chunk.Clocks, total.Steps + chunk.Steps, total.Moved + chunk.Moved);
            chunks++;
        }
        // A full chunk that moved no clock would be read again as it is: the rest waits for the next run.
        while (chunk.Clocks == ChunkSize && chunk.Moved > 0 && chunks != maxChunks);
        if (total.Steps > 0)
        {
            logger.LogInformation("Deadline scan at {Now}: {Steps} warnings and escalations on {Clocks} clocks", now, total.Steps, total.Clocks);
        }
    }

    private async Task<ScanResult> ScanChunkAsync(WriteSession session, DateTime now)
    {
        var due = await session.Db.Deadlines.AsNoTracking()
            .Where(d => d.NextActionTime != null && d.NextActionTime <= now)
            .OrderBy(d => d.NextActionTime)
            .Take(ChunkSize)
            .ToListAsync();
        var connection = session.Db.Database.GetDbConnection();
        var transaction = session.Db.Database.CurrentTransaction!.GetDbTransaction();
        using var update = new DeadlineStepWriter(connection, transaction);
        var steps = 0;
        var moved = 0;
        foreach (var deadline in due)
        {
            var version = deadline.Version;
            var taken = new List<DeadlineStep>();
            // A scan that runs late takes every step still due, in order; past the due time it records the
            // breach without a belated warning.
            while (deadline.Advance(now, policy) is { } step)
            {
                taken.Add(step);
            }
            // Due with no step to take: the policy or the calendar moved its next step since it was set. Set it again, or
            // the scan would read the same clocks for ever.
            if (taken.Count == 0)
            {
                if (deadline.Reschedule(policy) && update.TryApply(deadline, version))
                {
                    moved++;
                }
                continue;
            }
            // Conditional on the version read: a clock another run already moved is left alone.
            if (!update.TryApply(deadline, version))
            {
                continue;
            }
            moved++;
            foreach (var step in taken)
            {
                session.RecordEvent(deadline.CaseId, DeadlineEvents.Of(deadline, step), Actor.Deadlines);
                steps++;
            }
        }
        return new ScanResult(due.Count, steps, moved);
    }

    /// <summary>A chunk's due clocks read, the steps they took, and the clocks it moved (stepped or rescheduled).</summary>
    private sealed record ScanResult(int Clocks, int Steps, int Moved);
}

/// <summary>The case events of warnings and escalations: they carry the owing party, and no personal data.</summary>
public static class DeadlineEvents
{
    public static CaseEventDraft Of(Deadline deadline, DeadlineStep step) => step switch
    {
        DeadlineStep.Warned => CaseEventDraft.Of(CaseEventType.DeadlineWarned,
            ("deadline", NameOf(deadline)), ("clock", deadline.Kind.ToString()), ("owing_party", deadline.OwingParty.ToString()),
            ("due_time", CaseTracker.Client.Audit.CaseEventHashing.FormatTime(deadline.DueTime))),
        _ => CaseEventDraft.Of(CaseEventType.DeadlineEscalated,
            ("deadline", NameOf(deadline)), ("clock", deadline.Kind.ToString()), ("owing_party", deadline.OwingParty.ToString()),
            ("due_time", CaseTracker.Client.Audit.CaseEventHashing.FormatTime(deadline.DueTime)),
            ("level", step == DeadlineStep.EscalatedToSupervisors ? "1" : "2"),
            ("notify", step == DeadlineStep.EscalatedToSupervisors ? $"supervisors of {deadline.OwingParty}" : "co-chairs of RU and TJ")),
    };

    public static string NameOf(Deadline deadline) =>
        $"cases/{deadline.CaseId}/deadlines/{deadline.Number.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Writes a clock's new step with one prepared, version-conditional UPDATE.</summary>
internal sealed class DeadlineStepWriter : IDisposable
{
    private readonly System.Data.Common.DbCommand _update;

    public DeadlineStepWriter(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        _update = connection.CreateCommand();
        _update.Transaction = transaction;
        _update.CommandText = """
            UPDATE "Deadlines" SET "State" = @state, "WarnedAt" = @warned, "BreachedAt" = @breached,
              "NextActionTime" = @next, "Version" = @version
            WHERE "CaseId" = @case AND "Number" = @number AND "Version" = @expected
            """;
        foreach (var name in new[] { "@state", "@warned", "@breached", "@next", "@version", "@case", "@number", "@expected" })
        {
            var parameter = _update.CreateParameter();
            parameter.ParameterName = name;
            _update.Parameters.Add(parameter);
        }
    }

    public bool TryApply(Deadline deadline, long expectedVersion)
    {
        object?[] values = [(int)deadline.State, deadline.WarnedAt, deadline.BreachedAt, deadline.NextActionTime, deadline.Version,
            deadline.CaseId, deadline.Number, expectedVersion];
        for (var i = 0; i < values.Length; i++)
        {
            _update.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return _update.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _update.Dispose();
}
