using CaseTracker.Server.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Reviews;

public static class ReviewExtensions
{
    /// <summary>The monthly joint review: its options, pseudonym key, builder, jobs and endpoints.</summary>
    public static WebApplicationBuilder AddCaseTrackerReviews(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => TryZone(o.TimeZone), "Review:TimeZone is not a known time zone.")
            .Validate(o => o.PartyPseudonymKeys.Keys.All(p => Enum.TryParse<Cases.Party>(p, ignoreCase: true, out _)),
                "Review:PartyPseudonymKeys takes one key per party: Review:PartyPseudonymKeys:RU and Review:PartyPseudonymKeys:TJ.")
            .Validate(o => o.PseudonymKey.Length == 0 || Enum.GetNames<Cases.Party>().All(p => o.PartyPseudonymKeys.GetValueOrDefault(p, string.Empty).Length > 0),
                "Review:PartyPseudonymKeys:RU and Review:PartyPseudonymKeys:TJ are required once Review:PseudonymKey is set: " +
                "subjects who did not consent to sharing get a pseudonym under their filing party's own key.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => SubjectPseudonyms.Load(
            services.GetRequiredService<IOptions<ReviewOptions>>().Value,
            services.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddSingleton<MonthlyReviewBuilder>();
        builder.Services.AddTransient<BuildMonthlyReviewJob>();
        builder.Services.AddTransient<MonthlyReviewSchedule>();
        return builder;
    }

    public static WebApplication MapCaseTrackerReviews(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ReviewOptions>>().Value;
        // Fail at start, not at the first review, when a key is malformed, too short or the same as another.
        app.Services.GetRequiredService<SubjectPseudonyms>();
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MonthlyReviewSchedule>(
            MonthlyReviewSchedule.RecurringJobId, job => job.RunAsync(CancellationToken.None), options.ScheduleCron,
            new RecurringJobOptions { TimeZone = options.Zone() });
        app.MapGrpcService<ReviewGrpcService>();
        return app;
    }

    private static bool TryZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
