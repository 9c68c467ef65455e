using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Notifications;

public static class NotificationExtensions
{
    /// <summary>
    /// Notifications: the router that writes the outbox in the writer's transaction, the inbox endpoint and its feed,
    /// and the e-mail delivery job (SMTP off unless <c>Notifications:Smtp:Enabled</c>).
    /// </summary>
    public static WebApplicationBuilder AddCaseTrackerNotifications(this WebApplicationBuilder builder)
    {
        StartupOptions.Bind<NotificationOptions>(builder, NotificationOptions.Section);
        builder.Services.AddSingleton<IWriteFollower, NotificationRouter>();
        builder.Services.AddSingleton<NotificationMapper>();
        builder.Services.AddSingleton<NotificationFeed>();
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<PendingNotificationsMetric>();
        builder.Services.AddTransient<DeliverNotificationsJob>();
        FailedEmailMetric.Register();
        return builder;
    }

    public static WebApplication MapCaseTrackerNotifications(this WebApplication app)
    {
        app.Services.GetRequiredService<PendingNotificationsMetric>(); // the gauge lives from the start
        app.MapGrpcService<NotificationGrpcService>();
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<DeliverNotificationsJob>(
            DeliverNotificationsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.DeliveryCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return app;
    }
}
