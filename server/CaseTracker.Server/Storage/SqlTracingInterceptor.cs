using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseTracker.Server.Storage;

/// <summary>
/// A span for each SQL command EF Core runs (<c>CaseTracker.Sql</c>), under the span that ran it (a call, the
/// writer's commit, a job): <c>db.system.name</c>, the operation and the command's text, whose values are always
/// parameters — never the parameters' values. OpenTelemetry's EF Core instrumentation is process-wide and beta;
/// a test process runs many hosts one after another, and this keeps every host's SQL in its traces.
/// </summary>
public sealed class SqlTracingInterceptor(string system) : DbCommandInterceptor
{
    public const string Name = "CaseTracker.Sql";

    private static readonly ActivitySource Source = new(Name);
    private readonly ConcurrentDictionary<Guid, Activity> _running = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Started(command, eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Started(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Started(command, eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Started(command, eventData, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Started(command, eventData, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Started(command, eventData, result));

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Ended(eventData.CommandId, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Ended(eventData.CommandId, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) =>
        Ended(eventData.CommandId, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Ended(eventData.CommandId, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) =>
        Ended(eventData.CommandId, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Ended(eventData.CommandId, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData);
        return Task.CompletedTask;
    }

    private T Started<T>(DbCommand command, CommandEventData eventData, T result)
    {
        var operation = command.CommandText.TrimStart().Split([' ', '\n', '\r', '\t'], 2)[0].ToUpperInvariant();
        var activity = Source.StartActivity($"{operation} {system}", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", system);
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.query.text", command.CommandText);
            _running[eventData.CommandId] = activity;
        }
        return result;
    }

    private T Ended<T>(Guid commandId, T result)
    {
        if (_running.TryRemove(commandId, out var activity))
        {
            activity.Dispose();
        }
        return result;
    }

    private void Failed(CommandErrorEventData eventData)
    {
        if (_running.TryRemove(eventData.CommandId, out var activity))
        {
            activity.SetStatus(ActivityStatusCode.Error, eventData.Exception.GetType().Name);
            activity.Dispose();
        }
    }
}
