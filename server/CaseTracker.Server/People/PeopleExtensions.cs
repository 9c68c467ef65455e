namespace CaseTracker.Server.People;

/// <summary>The registrations of a person's history.</summary>
public static class PeopleExtensions
{
    public static WebApplicationBuilder AddCaseTrackerPeople(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PersonHistory>();
        return builder;
    }

    public static WebApplication MapCaseTrackerPeople(this WebApplication app)
    {
        app.MapGrpcService<PersonHistoryGrpcService>();
        return app;
    }
}
