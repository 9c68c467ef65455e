using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Deadlines;

public static class DeadlineExtensions
{
    /// <summary>
    /// The deadline policy and calendars, the clocks, and Hangfire to run the scan. Hangfire's storage is
    /// <c>Hangfire:Storage</c>: by default the record's provider — <c>Sqlite</c> (a file of its own under the
    /// data directory, safe for one server process only) or <c>Postgres</c> (the record's database, schema
    /// <c>hangfire</c>, shared by every node) — or <c>InMemory</c> (tests).
    /// </summary>
    public static WebApplicationBuilder AddCaseTrackerDeadlines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeadlineOptions>, DeadlineOptionsValidator>();
        builder.Services.AddSingleton(services =>
        {
            var folder = services.GetRequiredService<IOptions<DeadlineOptions>>().Value.CalendarDirectory;
            return WorkingCalendars.LoadFrom(folder.Length > 0 ? folder : Path.Combine(AppContext.BaseDirectory, "Deadlines", "Calendars"));
        });
        builder.Services.AddSingleton<DeadlinePolicy>();
        builder.Services.AddSingleton<CalendarCoverageHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<CalendarCoverageHealthCheck>("calendars");
        builder.Services.AddSingleton<CaseClocks>();
        builder.Services.AddSingleton<CaseDeadlines>();
        builder.Services.AddSingleton<DashboardAuthorization>();
        builder.Services.AddAntiforgery();
        builder.Services.AddTransient<EscalateDueDeadlinesJob>();

        var hangfire = StartupOptions.Bind<HangfireOptions>(builder, HangfireOptions.Section);
        // The storage is this host's own service: Hangfire's default hands every host the static
        // JobStorage.Current, which two hosts in one process (the tests) would share.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var kind = hangfire.StorageKind(storage);
            if (string.Equals(kind, "InMemory", StringComparison.OrdinalIgnoreCase))
            {
                return new Hangfire.InMemory.InMemoryStorage();
            }
            if (string.Equals(kind, nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase))
            {
                // Jobs, locks and recurring schedules in the record's own database, in a schema of their own:
                // every node sees the same queue, and a job's distributed lock holds across nodes.
                // The schema is installed by HangfireSchemaInstaller under the nodes' setup lock, with the migrations.
                var options = new PostgreSqlStorageOptions { SchemaName = HangfireSchemaInstaller.Schema, PrepareSchemaIfNecessary = false, QueuePollInterval = TimeSpan.FromSeconds(1) };
                return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(storage.ResolveConnectionString(), options), options);
            }
            Directory.CreateDirectory(Path.GetFullPath(storage.DataDirectory));
            return new SQLiteStorage(Path.Combine(Path.GetFullPath(storage.DataDirectory), "hangfire.db"), new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(1),
            });
        });
        builder.Services.AddSingleton<IPostgresSchemaInstaller>(services =>
            new HangfireSchemaInstaller(hangfire.StorageKind(services.GetRequiredService<IOptions<StorageOptions>>().Value)));
        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseCalendarCoverageMetric()
            .UseJobTracing()
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .UseStorage(services.GetRequiredService<JobStorage>()));
        if (hangfire.ServerEnabled)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.WorkerCount = 2;
                options.SchedulePollingInterval = hangfire.SchedulePollingInterval;
            });
        }
        return builder;
    }

    /// <summary>Registers the recurring scan and serves the dashboard, and its sign-in page, to supervisors and co-chairs.</summary>
    public static WebApplication MapCaseTrackerDeadlines(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value;
        // Validate the calendars at start, not at the first deadline, and say when one is running out.
        app.Services.GetRequiredService<WorkingCalendars>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CalendarCoverageHealthCheck));
        foreach (var (_, message) in app.Services.GetRequiredService<CalendarCoverageHealthCheck>().Findings(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime))
        {
            logger.LogWarning("{CalendarCoverage}", message);
        }
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<EscalateDueDeadlinesJob>(
            EscalateDueDeadlinesJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), options.ScanCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

        var dashboard = app.MapHangfireDashboard(DashboardSignIn.DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [app.Services.GetRequiredService<DashboardAuthorization>()],
            IsReadOnlyFunc = _ => true,
            DisplayStorageConnectionString = false,
            // The dashboard's "back to site" link leads to the sign-in page, where a user signs out.
            AppPath = DashboardSignIn.Path,
        });
        dashboard.Add(endpoint => endpoint.RequestDelegate = DashboardSignIn.SendingBrowsersToSignIn(endpoint.RequestDelegate!));
        var signIn = app.MapDashboardSignIn();
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        if (endpoints.DashboardOnHttpEndpointOnly)
        {
            dashboard.RequireHost($"*:{new Uri(endpoints.Http).Port}");
            signIn.RequireHost($"*:{new Uri(endpoints.Http).Port}");
        }
        return app;
    }
}
