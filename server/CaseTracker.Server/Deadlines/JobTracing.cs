using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// A span for each Hangfire job the server runs (<c>CaseTracker.Jobs</c>), named by its class and method; the
/// writer's commits and the SQL it runs are traced under it. Its arguments are not recorded.
/// </summary>
public sealed class JobTracing : JobFilterAttribute, IServerFilter
{
    public const string Name = "CaseTracker.Jobs";

    private const string ActivityKey = "casetracker.activity";
    private static readonly ActivitySource Source = new(Name);

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        var activity = Source.StartActivity($"{job.Type.Name}.{job.Method.Name}", ActivityKind.Internal);
        activity?.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        context.Items[ActivityKey] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ActivityKey, out var value) && value is Activity activity)
        {
            if (context.Exception is { } error && !context.ExceptionHandled)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            }
            activity.Dispose();
        }
    }
}

public static class JobTracingExtensions
{
    /// <summary>Adds <see cref="JobTracing"/> once: Hangfire's filters are process-wide, and a test process builds many hosts.</summary>
    public static IGlobalConfiguration UseJobTracing(this IGlobalConfiguration configuration)
    {
        lock (GlobalJobFilters.Filters)
        {
            if (!GlobalJobFilters.Filters.Any(filter => filter.Instance is JobTracing))
            {
                GlobalJobFilters.Filters.Add(new JobTracing());
            }
        }
        return configuration;
    }
}
