namespace CaseTracker.Server.Disclosures;

public static class DisclosureExtensions
{
    /// <summary>The disclosure rule at the edge of every response, the disclosure log and its pages.</summary>
    public static WebApplicationBuilder AddCaseTrackerDisclosures(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DisclosureLog>();
        builder.Services.AddSingleton<SubjectDisclosures>();
        builder.Services.AddSingleton<DisclosureQueries>();
        return builder;
    }
}
